using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using Sunlight.Core.Ledger;
using Xunit;

namespace Sunlight.Core.Tests.Ledger;

/// <summary>cosignatures of tlog-vectors.json (Sigsum, transparency-dev/formats, C2SP) and tlog-cosignature v1 rules.</summary>
public sealed class CosignatureTests
{
    public static TheoryData<string> CosignatureIds => MerkleVectors.Ids("tlog-vectors.json", "cosignatures");

    [Theory]
    [MemberData(nameof(CosignatureIds))]
    public void CosignatureVectorBehavesAsExpected(string id)
    {
        var vector = MerkleVectors.Entry(MerkleVectors.Tlog, "cosignatures", id);
        var expect = MerkleVectors.Text(vector, "expect");
        if (expect == "format_only")
        {
            CheckFormatOnly(id, vector);
            return;
        }

        var body = MerkleVectors.Text(vector, "checkpoint_body");
        using var witness = NoteKey.FromSeed(MerkleVectors.Text(vector, "cosigner_name"), MerkleVectors.Hex(vector.GetProperty("ed25519_seed_hex")));
        var cosigner = Cosignature.CosignerVerifier(witness);
        var lineText = LineOf(vector);

        // As a signature line on its own.
        var line = SignedNote.ParseSignatureLine(lineText);
        var verified = Cosignature.Verify(cosigner, line, body, out var timestamp) && timestamp >= 0;
        Assert.Equal(expect == "valid", verified);

        // Inside the checkpoint note, beside the log's own signature, opened with both keys trusted.
        using var log = NoteKey.Generate("example.org/log");
        var note = SignedNote.Sign(body, log) + lineText + "\n";
        switch (expect)
        {
            case "valid":
                Assert.True(Cosignature.Verify(cosigner, line, body, out var signedAt));
                Assert.Equal(vector.GetProperty("expect_timestamp").GetInt64(), signedAt);
                Assert.Equal(Encoding.UTF8.GetBytes(MerkleVectors.Text(vector, "expect_signed_message")), Cosignature.SignedMessage(signedAt, body));
                Assert.Equal(2, SignedNote.Open(note, [log.Verifier, cosigner]).Verified.Count);

                // Ed25519 is deterministic: signing again with the seed reproduces the line.
                Assert.Equal(lineText, Cosignature.SignLine(witness, signedAt, body));
                break;

            case "ignored":
                var opened = SignedNote.Open(note, [log.Verifier, cosigner]);
                Assert.Equal(["example.org/log"], opened.Verified.Select(s => s.Name));
                Assert.Equal(2, opened.Signatures.Count);
                break;

            case "reject_note":
                var ex = Assert.Throws<NoteException>(() => SignedNote.Open(note, [log.Verifier, cosigner]));
                Assert.Equal(NoteFailure.InvalidSignature, ex.Reason);
                Assert.Equal(cosigner.Name, ex.KeyName);
                break;

            default:
                throw new InvalidOperationException($"unknown expectation {expect}");
        }
    }

    [Fact]
    public void CosignerKeyIdUsesType0x04()
    {
        var valid = MerkleVectors.Entry(MerkleVectors.Tlog, "cosignatures", "sigsum-cosig-seed17-ts1234");
        using var witness = NoteKey.FromSeed("example.org/witness", MerkleVectors.Hex(valid.GetProperty("ed25519_seed_hex")));
        var line = SignedNote.ParseSignatureLine(MerkleVectors.Text(valid, "signature_line"));

        Assert.Equal(0xcacf2e50u, Cosignature.KeyId(witness));
        Assert.Equal(line.KeyId, Cosignature.KeyId(witness));
        Assert.Equal(SignedNote.KeyId(witness.Name, 0x04, witness.PublicKey), Cosignature.KeyId(witness));
        Assert.NotEqual(witness.KeyId, Cosignature.KeyId(witness));

        var vkey = Cosignature.CosignerVerifierKey(witness);
        Assert.StartsWith("example.org/witness+cacf2e50+B", vkey, StringComparison.Ordinal);
        var parsed = NoteVerifier.ParseVerifierKey(vkey);
        Assert.Equal(NoteSignatureType.Ed25519Cosignature, parsed.SignatureType);
        Assert.Equal(Cosignature.CosignerVerifier(witness), parsed);
    }

    [Fact]
    public void RealWitnessVkeyIsACosignerKey()
    {
        var vkey = MerkleVectors.Text(MerkleVectors.Entry(MerkleVectors.Tlog, "key_ids", "tdformats-vkey-remora-cosig"), "vkey");
        var verifier = NoteVerifier.ParseVerifierKey(vkey);
        Assert.Equal(NoteSignatureType.Ed25519Cosignature, verifier.SignatureType);
        Assert.Equal("remora.n621.de", verifier.Name);
    }

    [Fact]
    public void WitnessResponseExampleLinesAreCosignatures()
    {
        var body = MerkleVectors.Text(MerkleVectors.Entry(MerkleVectors.Tlog, "witness_protocol_examples", "c2sp-add-checkpoint-response"), "body");
        var lines = body.TrimEnd('\n').Split('\n');
        Assert.Equal(3, lines.Length);
        var readable = 0;
        foreach (var text in lines)
        {
            var line = SignedNote.ParseSignatureLine(text);
            Assert.Equal(72, line.Blob.Length);

            // The spec's example bytes are illustrative, not real cosignatures: two of the three "timestamps"
            // are at or above 2^63, which a verifier must refuse.
            var raw = BinaryPrimitives.ReadUInt64BigEndian(line.Blob);
            Assert.Equal(raw <= long.MaxValue, Cosignature.TryReadTimestamp(line, out var timestamp));
            if (raw <= long.MaxValue)
            {
                Assert.Equal((long)raw, timestamp);
                readable++;
            }
        }

        Assert.Equal(1, readable);
    }

    [Fact]
    public void RoundTripWithGeneratedKeysAndEveryFailureMode()
    {
        using var witness = NoteKey.Generate("city.example/witness");
        using var otherWitness = NoteKey.Generate("city.example/witness");
        var cosigner = Cosignature.CosignerVerifier(witness);
        var body = new Checkpoint("county.example/370781", 42, Rfc9162.LeafHash("x"u8)).Format();
        var lineText = Cosignature.SignLine(witness, 1_700_000_000, body);
        var line = SignedNote.ParseSignatureLine(lineText);

        Assert.True(Cosignature.Verify(cosigner, line, body, out var timestamp));
        Assert.Equal(1_700_000_000, timestamp);
        Assert.False(Cosignature.Verify(cosigner, line, body.Replace("42", "43", StringComparison.Ordinal), out timestamp));
        Assert.Equal(0, timestamp);
        Assert.False(Cosignature.Verify(Cosignature.CosignerVerifier(otherWitness), line, body, out _), "other key, same name");
        Assert.False(Cosignature.Verify(cosigner, line with { Name = "city.example/other" }, body, out _));
        Assert.False(Cosignature.Verify(cosigner, line with { Blob = line.Blob[..64] }, body, out _));

        // A timestamp at or above 2^63 is rejected even before the signature is checked.
        var high = (byte[])line.Blob.Clone();
        BinaryPrimitives.WriteUInt64BigEndian(high, 1UL << 63);
        Assert.False(Cosignature.TryReadTimestamp(line with { Blob = high }, out _));
        Assert.False(Cosignature.Verify(cosigner, line with { Blob = high }, body, out _));

        // A plain note signature is not a cosignature, and a type-0x01 verifier is refused.
        Assert.Throws<ArgumentException>(() => Cosignature.Verify(witness.Verifier, line, body, out _));
        Assert.False(witness.Verifier.Verify(Encoding.UTF8.GetBytes(body), line.Blob));

        // The largest allowed timestamp round-trips.
        var latest = SignedNote.ParseSignatureLine(Cosignature.SignLine(witness, long.MaxValue, body));
        Assert.True(Cosignature.Verify(cosigner, latest, body, out timestamp));
        Assert.Equal(long.MaxValue, timestamp);
        Assert.Equal(0, Cosignature.SignedMessage(0, body).AsSpan().IndexOf("cosignature/v1\ntime 0\n"u8));
    }

    [Fact]
    public void SignLineRefusesBadInput()
    {
        using var witness = NoteKey.Generate("w.example");
        var body = new Checkpoint("log.example", 1, Rfc9162.LeafHash([])).Format();
        Assert.Throws<ArgumentOutOfRangeException>(() => Cosignature.SignLine(witness, -1, body));
        Assert.Throws<ArgumentException>(() => Cosignature.SignLine(witness, 1, "not a checkpoint\n"));
        Assert.Throws<ArgumentException>(() => Cosignature.SignLine(witness, 1, body.TrimEnd('\n')));
    }

    private static void CheckFormatOnly(string id, JsonElement vector)
    {
        switch (id)
        {
            case "tdformats-cosig-timestamp":
            case "tdformats-not-a-cosig":
                var raw = Convert.FromBase64String(MerkleVectors.Text(vector, "signature_base64"));
                var line = new NoteSignature("any", BinaryPrimitives.ReadUInt32BigEndian(raw), raw[4..]);
                var ok = Cosignature.TryReadTimestamp(line, out var timestamp);
                if (vector.TryGetProperty("expect_timestamp", out var expected))
                {
                    Assert.True(ok);
                    Assert.Equal(expected.GetInt64(), timestamp);
                }
                else
                {
                    Assert.False(ok, "a 68-byte note signature has no timestamp");
                }

                break;

            case "c2sp-cosignature-example":
                var note = SignedNote.ParseUnverified(MerkleVectors.Text(vector, "note"));
                var cosignature = note.Signatures.Single(s => s.Name == "witness.example.com/w1");
                Assert.True(Cosignature.TryReadTimestamp(cosignature, out var signedAt));
                Assert.Equal(vector.GetProperty("expect_timestamp").GetInt64(), signedAt);
                Assert.Equal(
                    Encoding.UTF8.GetBytes(MerkleVectors.Text(vector, "expect_signed_message_example")),
                    Cosignature.SignedMessage(signedAt, note.Text));
                Assert.False(Cosignature.TryReadTimestamp(note.Signatures[0], out _), "the log's own line is a plain Ed25519 signature");
                break;

            default:
                throw new InvalidOperationException($"no format-only check for {id}");
        }
    }

    /// <summary>The signature line of a vector, building the bumped-timestamp case from the valid line as the file describes.</summary>
    private static string LineOf(JsonElement vector)
    {
        if (vector.TryGetProperty("signature_line", out var text))
        {
            return text.GetString()!;
        }

        Assert.Equal("sigsum-cosig-seed17-ts1234 with the 8-byte timestamp changed to 1235", MerkleVectors.Text(vector, "signature_line_from"));
        var valid = SignedNote.ParseSignatureLine(MerkleVectors.Text(MerkleVectors.Entry(MerkleVectors.Tlog, "cosignatures", "sigsum-cosig-seed17-ts1234"), "signature_line"));
        var blob = (byte[])valid.Blob.Clone();
        Assert.Equal(1234UL, BinaryPrimitives.ReadUInt64BigEndian(blob));
        BinaryPrimitives.WriteUInt64BigEndian(blob, 1235);
        return (valid with { Blob = blob }).ToLine();
    }
}
