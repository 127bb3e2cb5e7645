using NSec.Cryptography;

namespace Sunlight.Core.Ledger;

/// <summary>
/// A named Ed25519 signing key for C2SP signed notes (signature type 0x01). The private key lives in NSec's
/// secure memory; dispose the key when done.
/// </summary>
/// <remarks>
/// The same key can act as a witness cosigner (type 0x04, see <see cref="Cosignature"/>); its cosigner key ID
/// then differs from <see cref="KeyId"/> because the type byte is part of the key ID.
/// </remarks>
public sealed class NoteKey : IDisposable
{
    private static readonly SignatureAlgorithm Algorithm = SignatureAlgorithm.Ed25519;
    private readonly Key _key;
    private readonly byte[] _publicKey;

    private NoteKey(string name, Key key)
    {
        Name = name;
        _key = key;
        _publicKey = key.PublicKey.Export(KeyBlobFormat.RawPublicKey);
        KeyId = NoteFormat.KeyId(name, NoteSignatureType.Ed25519, _publicKey);
    }

    /// <summary>The key name (a schema-less URL is recommended, e.g. <c>sunlight.example/370781</c>).</summary>
    public string Name { get; }

    /// <summary>SHA-256(name ‖ 0x0A ‖ 0x01 ‖ public key)[:4], big-endian.</summary>
    public uint KeyId { get; }

    /// <summary>The 32-byte Ed25519 public key (a copy).</summary>
    public byte[] PublicKey => (byte[])_publicKey.Clone();

    /// <summary>The verifier key <c>name+hex8(keyID)+base64(0x01 ‖ public key)</c>, safe to publish.</summary>
    public string VerifierKey => Verifier.VerifierKey;

    /// <summary>The matching type-0x01 verifier.</summary>
    public NoteVerifier Verifier => new(Name, KeyId, NoteSignatureType.Ed25519, PublicKey);

    /// <summary>Generates a new random key.</summary>
    public static NoteKey Generate(string name)
    {
        RequireName(name);
        return new NoteKey(name, Key.Create(Algorithm, ExportableParameters()));
    }

    /// <summary>Imports a key from its 32-byte Ed25519 seed (RFC 8032 private key).</summary>
    public static NoteKey FromSeed(string name, ReadOnlySpan<byte> seed32)
    {
        RequireName(name);
        if (seed32.Length != 32)
        {
            throw new ArgumentException($"An Ed25519 seed is 32 bytes; got {seed32.Length}.", nameof(seed32));
        }

        return new NoteKey(name, Key.Import(Algorithm, seed32, KeyBlobFormat.RawPrivateKey, ExportableParameters()));
    }

    /// <summary>
    /// Imports a Go <c>golang.org/x/mod/sumdb/note</c> signer key
    /// <c>PRIVATE+KEY+&lt;name&gt;+&lt;hex8 key ID&gt;+base64(0x01 ‖ seed)</c>, checking the key ID.
    /// </summary>
    /// <exception cref="FormatException">The text is not a valid Ed25519 signer key.</exception>
    public static NoteKey FromSignerKey(string signerKey)
    {
        ArgumentNullException.ThrowIfNull(signerKey);
        const string prefix = "PRIVATE+KEY+";
        if (!signerKey.StartsWith(prefix, StringComparison.Ordinal))
        {
            throw new FormatException("A signer key starts with \"PRIVATE+KEY+\".");
        }

        var parts = signerKey[prefix.Length..].Split('+', 3);
        if (parts.Length != 3 || !NoteFormat.IsValidKeyName(parts[0]) || !TryParseKeyId(parts[1], out var keyId)
            || !NoteFormat.TryDecodeBase64(parts[2], out var material) || material.Length != 33 || material[0] != NoteSignatureType.Ed25519)
        {
            throw new FormatException("A signer key has the form PRIVATE+KEY+<name>+<8 hex digits>+base64(0x01 ‖ 32-byte seed).");
        }

        var key = FromSeed(parts[0], material.AsSpan(1));
        if (key.KeyId != keyId)
        {
            var expected = key.KeyId;
            key.Dispose();
            throw new FormatException($"The signer key ID {NoteFormat.Hex8(keyId)} does not match the key (expected {NoteFormat.Hex8(expected)}).");
        }

        return key;
    }

    /// <summary>The 32-byte Ed25519 seed. Keep it secret and clear the array when done.</summary>
    public byte[] ExportSeed() => _key.Export(KeyBlobFormat.RawPrivateKey);

    /// <summary>The 64-byte Ed25519 signature of <paramref name="message"/> (deterministic, RFC 8032).</summary>
    public byte[] Sign(ReadOnlySpan<byte> message) => Algorithm.Sign(_key, message);

    /// <inheritdoc />
    public void Dispose() => _key.Dispose();

    /// <inheritdoc />
    public override string ToString() => $"{Name}+{NoteFormat.Hex8(KeyId)}";

    internal static bool TryParseKeyId(string hex, out uint keyId)
    {
        keyId = 0;
        return hex.Length == 8
            && uint.TryParse(hex, System.Globalization.NumberStyles.AllowHexSpecifier, System.Globalization.CultureInfo.InvariantCulture, out keyId);
    }

    private static void RequireName(string name)
    {
        if (!NoteFormat.IsValidKeyName(name))
        {
            throw new ArgumentException($"Key name \"{name}\" is invalid: it must be non-empty, without spaces, '+' or control characters.", nameof(name));
        }
    }

    private static KeyCreationParameters ExportableParameters() => new() { ExportPolicy = KeyExportPolicies.AllowPlaintextExport };
}
