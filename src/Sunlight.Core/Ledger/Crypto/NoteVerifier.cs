using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using NSec.Cryptography;

namespace Sunlight.Core.Ledger;

/// <summary>
/// A trusted public key for signed notes: name, key ID, signature type and key material. Supports type 0x01
/// (Ed25519 note signature) and type 0x04 (Ed25519 cosignature/v1).
/// </summary>
/// <remarks>
/// Build one with <see cref="ParseVerifierKey"/>, <see cref="NoteKey.Verifier"/> or
/// <see cref="Cosignature.CosignerVerifier"/>; the constructor itself does not check that
/// <paramref name="KeyId"/> matches the key. Equality compares the key bytes.
/// </remarks>
/// <param name="Name">The key name as it appears in signature lines.</param>
/// <param name="KeyId">The 32-bit key ID as it appears in signature lines.</param>
/// <param name="SignatureType">0x01 or 0x04 (see <see cref="NoteSignatureType"/>).</param>
/// <param name="PublicKey">The 32-byte Ed25519 public key.</param>
public sealed record NoteVerifier(string Name, uint KeyId, byte SignatureType, byte[] PublicKey)
{
    private const int Ed25519SignatureSize = 64;
    private const int TimestampSize = 8;

    /// <summary>The verifier key <c>name+hex8(keyID)+base64(type ‖ public key)</c>.</summary>
    public string VerifierKey
    {
        get
        {
            var material = new byte[1 + PublicKey.Length];
            material[0] = SignatureType;
            PublicKey.CopyTo(material, 1);
            return $"{Name}+{NoteFormat.Hex8(KeyId)}+{Convert.ToBase64String(material)}";
        }
    }

    /// <summary>
    /// Parses a verifier key (vkey) <c>&lt;name&gt;+&lt;8 hex digits&gt;+&lt;base64(type ‖ key)&gt;</c>.
    /// The base64 part may itself contain '+'. The key ID must equal SHA-256(name ‖ 0x0A ‖ type ‖ key)[:4].
    /// </summary>
    /// <exception cref="FormatException">Says precisely which rule the vkey breaks.</exception>
    public static NoteVerifier ParseVerifierKey(string vkey)
    {
        ArgumentNullException.ThrowIfNull(vkey);
        var parts = vkey.Split('+', 3);
        if (parts.Length != 3)
        {
            throw new FormatException("A verifier key has the form <name>+<8 hex digits>+<base64 key>; this one has fewer than three '+'-separated parts.");
        }

        var (name, hex, base64) = (parts[0], parts[1], parts[2]);
        if (!NoteFormat.IsValidKeyName(name))
        {
            throw new FormatException($"The verifier key name \"{name}\" is invalid: it must be non-empty, without spaces, '+' or control characters.");
        }

        if (!NoteKey.TryParseKeyId(hex, out var keyId))
        {
            throw new FormatException($"The verifier key ID \"{hex}\" is not 8 hexadecimal digits.");
        }

        // Decoded leniently first (as Go does) so that a wrong key ID, type or length is named precisely;
        // non-canonical base64 is reported last.
        if (!NoteFormat.TryDecodeBase64Lenient(base64, out var material))
        {
            throw new FormatException("The verifier key material is not standard base64.");
        }

        if (material.Length == 0)
        {
            throw new FormatException("The verifier key material is empty; it needs a signature type byte and a public key.");
        }

        var expected = NoteFormat.KeyId(name, material[0], material.AsSpan(1));
        if (expected != keyId)
        {
            throw new FormatException($"The verifier key ID {NoteFormat.Hex8(keyId)} does not match the key; SHA-256(name ‖ 0x0A ‖ type ‖ key) gives {NoteFormat.Hex8(expected)}.");
        }

        var type = material[0];
        if (type is not (NoteSignatureType.Ed25519 or NoteSignatureType.Ed25519Cosignature))
        {
            throw new FormatException($"Unsupported signature type 0x{type:x2} in the verifier key; supported are 0x01 (Ed25519) and 0x04 (Ed25519 cosignature/v1).");
        }

        if (material.Length != 33)
        {
            throw new FormatException($"An Ed25519 public key is 32 bytes; this verifier key has {material.Length - 1}.");
        }

        if (!NoteFormat.IsCanonicalBase64(base64, material))
        {
            throw new FormatException("The verifier key material is not canonical base64 (non-zero padding bits).");
        }

        return new NoteVerifier(name, keyId, type, material[1..]);
    }

    /// <summary>
    /// Checks one signature made by this key, where <paramref name="signature"/> is the signature-line blob
    /// without its 4-byte key ID.
    /// </summary>
    /// <remarks>
    /// Type 0x01: <paramref name="signature"/> is a 64-byte Ed25519 signature over <paramref name="message"/>
    /// (the UTF-8 note text). Type 0x04: <paramref name="signature"/> is the 72-byte timestamped_signature
    /// (u64 big-endian timestamp ‖ Ed25519 signature) and <paramref name="message"/> is the UTF-8 checkpoint
    /// text; the signed message <c>"cosignature/v1\ntime &lt;ts&gt;\n" ‖ text</c> is rebuilt here and
    /// timestamps ≥ 2^63 fail. Any malformed input returns false.
    /// </remarks>
    public bool Verify(ReadOnlySpan<byte> message, ReadOnlySpan<byte> signature)
    {
        if (PublicKey is not { Length: 32 }
            || !NSec.Cryptography.PublicKey.TryImport(SignatureAlgorithm.Ed25519, PublicKey, KeyBlobFormat.RawPublicKey, out var key)
            || key is null)
        {
            return false;
        }

        switch (SignatureType)
        {
            case NoteSignatureType.Ed25519:
                return signature.Length == Ed25519SignatureSize && SignatureAlgorithm.Ed25519.Verify(key, message, signature);

            case NoteSignatureType.Ed25519Cosignature:
                if (signature.Length != TimestampSize + Ed25519SignatureSize)
                {
                    return false;
                }

                var timestamp = BinaryPrimitives.ReadUInt64BigEndian(signature);
                if (timestamp > long.MaxValue)
                {
                    return false;
                }

                var signed = Cosignature.BuildMessage((long)timestamp, message);
                return SignatureAlgorithm.Ed25519.Verify(key, signed, signature[TimestampSize..]);

            default:
                return false;
        }
    }

    /// <inheritdoc />
    public bool Equals(NoteVerifier? other) =>
        other is not null
        && string.Equals(Name, other.Name, StringComparison.Ordinal)
        && KeyId == other.KeyId
        && SignatureType == other.SignatureType
        && PublicKey.AsSpan().SequenceEqual(other.PublicKey);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(StringComparer.Ordinal.GetHashCode(Name), KeyId, SignatureType);

    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append(CultureInfo.InvariantCulture, $"VerifierKey = {VerifierKey}");
        return true;
    }
}
