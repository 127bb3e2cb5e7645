using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Sunlight.Core.Ledger;
using Xunit;

namespace Sunlight.Core.Tests.Ledger;

/// <summary>key_ids, invalid_vkeys, signing and notes of tlog-vectors.json, plus the signed-note rules.</summary>
public sealed class SignedNoteTests
{
    private const string PeterText = "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n";

    /// <summary>The failure each rejected note vector must give.</summary>
    private static readonly Dictionary<string, NoteFailure> ExpectedFailures = new()
    {
        ["gomod-no-known-key"] = NoteFailure.Unverified,
        ["gomod-corrupted-peter-sig"] = NoteFailure.InvalidSignature,
        ["gomod-malformed-no-sigs"] = NoteFailure.Malformed,
        ["gomod-malformed-missing-final-newline"] = NoteFailure.Malformed,
        ["gomod-malformed-control-char"] = NoteFailure.Malformed,
        ["gomod-malformed-space-in-name"] = NoteFailure.Malformed,
        ["gomod-malformed-trailing-line"] = NoteFailure.Malformed,
    };

    public static TheoryData<string> KeyIdIds => MerkleVectors.Ids("tlog-vectors.json", "key_ids");

    public static TheoryData<string> InvalidVkeyIds => MerkleVectors.Ids("tlog-vectors.json", "invalid_vkeys");

    public static TheoryData<string> NoteIds => MerkleVectors.Ids("tlog-vectors.json", "notes");

    [Theory]
    [MemberData(nameof(KeyIdIds))]
    public void VerifierKeyParsesWithMatchingKeyIdAndRoundTrips(string id)
    {
        var vkey = MerkleVectors.Text(MerkleVectors.Entry(MerkleVectors.Tlog, "key_ids", id), "vkey");
        var verifier = NoteVerifier.ParseVerifierKey(vkey);
        var parts = vkey.Split('+', 3);

        Assert.Equal(parts[0], verifier.Name);
        Assert.Equal(parts[1], verifier.KeyId.ToString("x8", System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(verifier.KeyId, SignedNote.KeyId(verifier.Name, verifier.SignatureType, verifier.PublicKey));
        Assert.Equal(32, verifier.PublicKey.Length);
        Assert.Equal(vkey, verifier.VerifierKey);
        Assert.Equal(id.Contains("cosig", StringComparison.Ordinal) ? NoteSignatureType.Ed25519Cosignature : NoteSignatureType.Ed25519, verifier.SignatureType);
    }

    [Theory]
    [MemberData(nameof(InvalidVkeyIds))]
    public void InvalidVerifierKeyIsRejectedWithAPreciseMessage(string id)
    {
        var vkey = MerkleVectors.Text(MerkleVectors.Entry(MerkleVectors.Tlog, "invalid_vkeys", id), "vkey");
        var ex = Assert.Throws<FormatException>(() => NoteVerifier.ParseVerifierKey(vkey));
        var expected = id switch
        {
            "gomod-vkey-bad-length" => "An Ed25519 public key is 32 bytes; this verifier key has 36.",
            "gomod-vkey-unknown-alg" => "Unsupported signature type 0x65 in the verifier key",
            _ => throw new InvalidOperationException($"no expectation for {id}"),
        };
        Assert.StartsWith(expected, ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("PeterNeumann", "A verifier key has the form")]
    [InlineData("PeterNeumann+c74f20a3", "A verifier key has the form")]
    [InlineData("+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW", "The verifier key name \"\" is invalid")]
    [InlineData("PeterNeumann+c74f20a+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW", "The verifier key ID \"c74f20a\" is not 8 hexadecimal digits.")]
    [InlineData("PeterNeumann+c74f20a4+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW", "The verifier key ID c74f20a4 does not match the key; SHA-256(name ‖ 0x0A ‖ type ‖ key) gives c74f20a3.")]
    [InlineData("PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10T", "The verifier key material is not standard base64.")]
    [InlineData("PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwx bzhKqiBfsVkmqq/LDE4izWy10TW", "The verifier key material is not standard base64.")]
    [InlineData("PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW\n", "The verifier key material is not standard base64.")]
    [InlineData("Peter Neumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW", "The verifier key name \"Peter Neumann\" is invalid")]
    [InlineData("PeterNeumann+0x4f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW", "The verifier key ID \"0x4f20a3\" is not 8 hexadecimal digits.")]
    [InlineData("PeterNeumann+c74f20a3+", "The verifier key material is empty")]
    public void MalformedVerifierKeysSayWhatIsWrong(string vkey, string message)
    {
        var ex = Assert.Throws<FormatException>(() => NoteVerifier.ParseVerifierKey(vkey));
        Assert.StartsWith(message, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void GoSignerKeyReproducesTheSignatureByteForByte()
    {
        var vector = MerkleVectors.Entry(MerkleVectors.Tlog, "signing", "gomod-sign-peterneumann");
        using var key = NoteKey.FromSignerKey(MerkleVectors.Text(vector, "private_key"));

        Assert.Equal(MerkleVectors.Text(vector, "vkey"), key.VerifierKey);
        Assert.Equal(0xc74f20a3u, key.KeyId);
        Assert.Equal(MerkleVectors.Text(vector, "expected_note"), SignedNote.Sign(MerkleVectors.Text(vector, "text"), key));

        // The same key through its seed.
        var seed = key.ExportSeed();
        using var again = NoteKey.FromSeed("PeterNeumann", seed);
        Assert.Equal(MerkleVectors.Text(vector, "expected_note"), SignedNote.Sign(PeterText, again));
    }

    [Fact]
    public void SigsumSeed17CheckpointReproducesByteForByte()
    {
        var vector = MerkleVectors.Entry(MerkleVectors.Tlog, "signing", "sigsum-sign-checkpoint-seed17");
        var seed = MerkleVectors.Hex(vector.GetProperty("ed25519_seed_hex"));
        var expectedNote = MerkleVectors.Text(vector, "expected_note");
        Assert.Equal(1, vector.GetProperty("signature_type").GetInt32());

        using var probe = NoteKey.FromSeed("probe", seed);
        var origin = "sigsum.org/v1/tree/" + Convert.ToHexStringLower(SHA256.HashData(probe.PublicKey));
        using var key = NoteKey.FromSeed(origin, seed);
        var root = Convert.FromBase64String("HA5HAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=");
        var text = new Checkpoint(origin, 10, root).Format();

        Assert.Equal(expectedNote, SignedNote.Sign(text, key));
        var note = SignedNote.Open(expectedNote, [key.Verifier]);
        Assert.Equal(text, note.Text);
    }

    [Theory]
    [MemberData(nameof(NoteIds))]
    public void NoteVectorOpensOrIsRejectedAsExpected(string id)
    {
        var vector = MerkleVectors.Entry(MerkleVectors.Tlog, "notes", id);
        var text = MerkleVectors.Text(vector, "note");
        var expect = MerkleVectors.Text(vector, "expect");
        if (expect == "format_only")
        {
            var parsed = SignedNote.ParseUnverified(text);
            Assert.Empty(parsed.Verified);
            Assert.Equal(text, parsed.Text + "\n" + string.Concat(parsed.Signatures.Select(s => s.ToLine() + "\n")));
            return;
        }

        var verifiers = Verifiers(vector, text);
        if (expect == "valid")
        {
            var note = SignedNote.Open(text, verifiers);
            Assert.Equal(text[..(text.LastIndexOf("\n\n", StringComparison.Ordinal) + 1)], note.Text);
            var verifiedNames = note.Verified.Select(s => s.Name).ToList();
            if (vector.TryGetProperty("expect_verified_names", out var names))
            {
                Assert.Equal(names.EnumerateArray().Select(n => n.GetString()), verifiedNames);
            }
            else
            {
                Assert.Equal(verifiers.Select(v => v.Name), verifiedNames);
            }

            var unverified = note.Signatures.Where(s => !note.Verified.Contains(s)).Select(s => s.Name).ToList();
            var expectedUnverified = vector.TryGetProperty("expect_unverified_names", out var others)
                ? others.EnumerateArray().Select(n => n.GetString()!).ToList()
                : [];
            Assert.Equal(expectedUnverified, unverified);

            // The bytes form opens the same note.
            Assert.Equal(note.Text, SignedNote.Open(Encoding.UTF8.GetBytes(text), verifiers).Text);
            return;
        }

        Assert.Equal("reject_note", expect);
        var ex = Assert.Throws<NoteException>(() => SignedNote.Open(text, verifiers));
        Assert.Equal(ExpectedFailures[id], ex.Reason);
    }

    [Fact]
    public void ProductionSumGolangCheckpointVerifiesAndParses()
    {
        var vector = MerkleVectors.Entry(MerkleVectors.Tlog, "notes", "sumgolang-production-checkpoint");
        var verifier = NoteVerifier.ParseVerifierKey("sum.golang.org+033de0ae+Ac4zctda0e5eza+HJyk9SxEdh+s3Ux18htTTAD8OuAn8");
        var note = SignedNote.Open(MerkleVectors.Text(vector, "note"), [verifier]);
        var checkpoint = Checkpoint.Parse(note.Text);

        Assert.Equal("go.sum database tree", checkpoint.Origin);
        Assert.Equal(30055305, checkpoint.Size);
        Assert.Equal(note.Text, checkpoint.Format());
    }

    [Fact]
    public void OneCorruptedByteAnywhereInTheSignatureRejectsTheNote()
    {
        using var key = NoteKey.FromSeed("example.com/log", new byte[32]);
        var signed = SignedNote.Sign("hello\n", key);
        var line = SignedNote.ParseUnverified(signed).Signatures[0];
        for (var i = 0; i < line.Blob.Length; i++)
        {
            var blob = (byte[])line.Blob.Clone();
            blob[i] ^= 0x20;
            var forged = "hello\n\n" + (line with { Blob = blob }).ToLine() + "\n";
            var ex = Assert.Throws<NoteException>(() => SignedNote.Open(forged, [key.Verifier]));
            Assert.Equal(NoteFailure.InvalidSignature, ex.Reason);
            Assert.Equal("example.com/log", ex.KeyName);
            Assert.Equal(key.KeyId, ex.KeyId);
        }

        Assert.Throws<NoteException>(() => SignedNote.Open("hellO\n\n" + line.ToLine() + "\n", [key.Verifier]));
    }

    [Fact]
    public void GeneratedKeysSignAndVerifyWithSeveralSignatures()
    {
        using var log = NoteKey.Generate("sunlight.example/370781");
        using var other = NoteKey.Generate("sunlight.example/370700");
        using var stranger = NoteKey.Generate("stranger.example");
        var text = "多行文本 — UTF-8\nsecond line\n\nafter an empty line\n";
        var signed = SignedNote.Sign(text, log, other, stranger);

        var note = SignedNote.Open(signed, [log.Verifier, other.Verifier]);
        Assert.Equal(text, note.Text);
        Assert.Equal(3, note.Signatures.Count);
        Assert.Equal(["sunlight.example/370781", "sunlight.example/370700"], note.Verified.Select(s => s.Name));

        using var nobody = NoteKey.Generate("nobody");
        var onlyStranger = Assert.Throws<NoteException>(() => SignedNote.Open(signed, [nobody.Verifier]));
        Assert.Equal(NoteFailure.Unverified, onlyStranger.Reason);

        var seed = log.ExportSeed();
        using var restored = NoteKey.FromSeed(log.Name, seed);
        Assert.Equal(log.VerifierKey, restored.VerifierKey);
        Assert.Equal(log.Verifier, NoteVerifier.ParseVerifierKey(log.VerifierKey));
    }

    [Fact]
    public void SameNameOtherKeyIsIgnoredButSameNameAndKeyIdMustVerify()
    {
        using var real = NoteKey.FromSeed("example.com/log", Enumerable.Repeat((byte)1, 32).ToArray());
        using var impostor = NoteKey.FromSeed("example.com/log", Enumerable.Repeat((byte)2, 32).ToArray());
        var signed = SignedNote.Sign("body\n", impostor, real);

        // Same name, different key ID: ignored, and the real signature verifies.
        var note = SignedNote.Open(signed, [real.Verifier]);
        Assert.Equal([real.KeyId], note.Verified.Select(s => s.KeyId));

        // A verifier claiming the real (name, key ID) but holding another public key: the line fails, so reject.
        var wrongKey = real.Verifier with { PublicKey = impostor.PublicKey };
        var ex = Assert.Throws<NoteException>(() => SignedNote.Open(signed, [wrongKey]));
        Assert.Equal(NoteFailure.InvalidSignature, ex.Reason);
    }

    [Fact]
    public void RepeatedLinesFromOneKeyAreAllCheckedAndCountedOnce()
    {
        using var key = NoteKey.Generate("example.com/log");
        var signed = SignedNote.Sign("body\n", key);
        var line = signed[(signed.IndexOf("\n\n", StringComparison.Ordinal) + 2)..];

        var twice = SignedNote.Open(signed + line, [key.Verifier]);
        Assert.Equal(2, twice.Signatures.Count);
        Assert.Single(twice.Verified);

        var bad = SignedNote.ParseSignatureLine(line.TrimEnd('\n'));
        bad.Blob[0] ^= 1;
        Assert.Throws<NoteException>(() => SignedNote.Open(signed + bad.ToLine() + "\n", [key.Verifier]));
    }

    [Fact]
    public void SixteenSignaturesAreAcceptedAndMoreThanTheLimitRejected()
    {
        var keys = Enumerable.Range(0, SignedNote.MaxSignatures + 1).Select(i => NoteKey.Generate($"witness.example/{i}")).ToArray();
        try
        {
            var sixteen = SignedNote.Sign("body\n", keys[..16]);
            Assert.Equal(16, SignedNote.Open(sixteen, [keys[15].Verifier]).Signatures.Count);

            var atLimit = SignedNote.Sign("body\n", keys[..SignedNote.MaxSignatures]);
            Assert.Equal(SignedNote.MaxSignatures, SignedNote.Open(atLimit, [keys[0].Verifier]).Signatures.Count);

            var tooMany = SignedNote.Sign("body\n", keys);
            var ex = Assert.Throws<NoteException>(() => SignedNote.Open(tooMany, [keys[0].Verifier]));
            Assert.Equal(NoteFailure.TooManySignatures, ex.Reason);
        }
        finally
        {
            foreach (var key in keys)
            {
                key.Dispose();
            }
        }
    }

    [Theory]
    [InlineData("body\n\n", "no signature lines")]
    [InlineData("body\n", "no blank line")]
    [InlineData("body\n\n\u2014 name AAAA\n", "holds 3 bytes")]
    [InlineData("body\n\n\u2014 name\n", "no space between")]
    [InlineData("body\n\n\u2014  AAAAAAAA\n", "invalid key name \"\"")]
    [InlineData("body\n\n\u2014 na+me AAAAAAAA\n", "invalid key name \"na+me\"")]
    [InlineData("body\n\n\u2014 name\u00a0x AAAAAAAA\n", "invalid key name")]
    [InlineData("body\n\n\u2014 name AAAAAAAA \n", "not canonical standard base64")]
    [InlineData("body\n\n\u2014 name AAAAAAB=\n", "not canonical standard base64")]
    [InlineData("body\n\n\u2014 name AAAA AAAA\n", "not canonical standard base64")]
    [InlineData("body\n\n\u2014 name AAAAAAAA\n\n", "no signature lines")]
    [InlineData("body\n\n- name AAAAAAAA\n", "does not start with an em dash")]
    [InlineData("body\n\n\u2014name AAAAAAAA\n", "does not start with an em dash")]
    [InlineData("bo\rdy\n\n\u2014 name AAAAAAAA\n", "control character U+000D")]
    [InlineData("bo\tdy\n\n\u2014 name AAAAAAAA\n", "control character U+0009")]
    public void MalformedNotesAreRejectedWithTheReason(string note, string message)
    {
        var ex = Assert.Throws<NoteException>(() => SignedNote.Open(note, [NoteVerifier.ParseVerifierKey("PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW")]));
        Assert.Equal(NoteFailure.Malformed, ex.Reason);
        Assert.Contains(message, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void UnpairedSurrogateIsMalformed()
    {
        // Built at run time: a lone surrogate cannot survive in attribute metadata.
        var note = "body" + (char)0xD800 + "\n\n\u2014 PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n";
        var ex = Assert.Throws<NoteException>(() => SignedNote.Open(note, [NoteVerifier.ParseVerifierKey("PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW")]));
        Assert.Equal(NoteFailure.Malformed, ex.Reason);
        Assert.Contains("unpaired surrogate at character 4", ex.Message, StringComparison.Ordinal);
        using var key = NoteKey.Generate("k");
        Assert.Throws<ArgumentException>(() => SignedNote.Sign("x" + (char)0xDC00 + "\n", key));
    }

    [Fact]
    public void SignatureLinesParseAloneOrFailGently()
    {
        const string Line = "\u2014 PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=";
        var parsed = SignedNote.ParseSignatureLine(Line);
        Assert.Equal("PeterNeumann", parsed.Name);
        Assert.Equal(0xc74f20a3u, parsed.KeyId);
        Assert.Equal(64, parsed.Blob.Length);
        Assert.Equal(Line, parsed.ToLine());
        Assert.True(SignedNote.TryParseSignatureLine(Line, out var again));
        Assert.Equal(parsed, again);

        foreach (var bad in new[] { "", Line + "\n", "- PeterNeumann AAAAAAAA", "\u2014 PeterNeumann", "\u2014 Peter\tNeumann AAAAAAAA", "\u2014 PeterNeumann AAAA" })
        {
            Assert.False(SignedNote.TryParseSignatureLine(bad, out var none));
            Assert.Null(none);
            Assert.Equal(NoteFailure.Malformed, Assert.Throws<NoteException>(() => SignedNote.ParseSignatureLine(bad)).Reason);
        }

        Assert.False(SignedNote.TryParseSignatureLine(null, out _));
    }

    [Fact]
    public void InvalidUtf8IsMalformed()
    {
        var bytes = Encoding.UTF8.GetBytes("body\n\n\u2014 PeterNeumann AAAAAAAA\n");
        bytes[1] = 0xff;
        var ex = Assert.Throws<NoteException>(() => SignedNote.Open(bytes, []));
        Assert.Equal(NoteFailure.Malformed, ex.Reason);
        Assert.Contains("UTF-8", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SigningValidatesTextAndKeys()
    {
        using var key = NoteKey.Generate("example.com/log");
        Assert.Throws<ArgumentException>(() => SignedNote.Sign("no newline", key));
        Assert.Throws<ArgumentException>(() => SignedNote.Sign("tab\there\n", key));
        Assert.Throws<ArgumentException>(() => SignedNote.Sign("text\n"));
        Assert.Throws<ArgumentException>(() => SignedNote.Sign("text\n", key, key));
        Assert.Throws<ArgumentException>(() => NoteKey.Generate("has space"));
        Assert.Throws<ArgumentException>(() => NoteKey.Generate("has+plus"));
        Assert.Throws<ArgumentException>(() => NoteKey.Generate(""));
        Assert.Throws<ArgumentException>(() => NoteKey.FromSeed("ok", new byte[31]));
        Assert.Throws<FormatException>(() => NoteKey.FromSignerKey("PRIVATE+KEY+PeterNeumann+c74f20a4+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz"));
        Assert.Throws<FormatException>(() => NoteKey.FromSignerKey("PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW"));
    }

    [Fact]
    public void AmbiguousVerifiersAreAConfigurationError()
    {
        using var key = NoteKey.Generate("example.com/log");
        var signed = SignedNote.Sign("body\n", key);
        var clash = key.Verifier with { PublicKey = new byte[32] };
        Assert.Throws<ArgumentException>(() => SignedNote.Open(signed, [key.Verifier, clash]));
        Assert.Single(SignedNote.Open(signed, [key.Verifier, key.Verifier]).Verified);
    }

    [Fact]
    public void KeyIdFollowsTheSpecFormula()
    {
        var pub = new byte[32];
        pub[0] = 7;
        var digest = SHA256.HashData([.. Encoding.UTF8.GetBytes("name"), (byte)'\n', 0x04, .. pub]);
        Assert.Equal(System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(digest), SignedNote.KeyId("name", 0x04, pub));
    }

    private static List<NoteVerifier> Verifiers(JsonElement vector, string note)
    {
        if (vector.TryGetProperty("verifiers_from_seed", out var seeds))
        {
            var list = new List<NoteVerifier>();
            foreach (var seed in seeds.EnumerateArray())
            {
                var name = MerkleVectors.Text(seed, "name") == "<origin line>" ? note[..note.IndexOf('\n', StringComparison.Ordinal)] : MerkleVectors.Text(seed, "name");
                Assert.Equal(1, seed.GetProperty("signature_type").GetInt32());
                using var key = NoteKey.FromSeed(name, MerkleVectors.Hex(seed.GetProperty("ed25519_seed_hex")));
                list.Add(key.Verifier);
            }

            return list;
        }

        return vector.GetProperty("verifiers").EnumerateArray().Select(v => NoteVerifier.ParseVerifierKey(v.GetString()!)).ToList();
    }
}
