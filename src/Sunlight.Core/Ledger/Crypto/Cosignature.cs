using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace Sunlight.Core.Ledger;

/// <summary>
/// C2SP tlog-cosignature v1 with Ed25519 (signature type 0x04): a witness's timestamped signature over
/// <c>"cosignature/v1\ntime &lt;ts&gt;\n"</c> followed by the checkpoint text.
/// </summary>
/// <remarks>
/// The cosigner key ID is SHA-256(name ‖ 0x0A ‖ 0x04 ‖ public key)[:4] — type 0x04, not the 0x01 of the
/// same key's <see cref="NoteKey.KeyId"/> — and the cosigner vkey carries type byte 0x04. The message does
/// not include the cosigner name, so each cosigner needs its own key. Timestamps are POSIX seconds below 2^63.
/// </remarks>
public static class Cosignature
{
    private const int TimestampSize = 8;
    private const int BlobSize = TimestampSize + 64;

    /// <summary>The cosigner key ID of <paramref name="key"/> (type 0x04).</summary>
    public static uint KeyId(NoteKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return NoteFormat.KeyId(key.Name, NoteSignatureType.Ed25519Cosignature, key.PublicKey);
    }

    /// <summary>The type-0x04 verifier of <paramref name="key"/> acting as a cosigner.</summary>
    public static NoteVerifier CosignerVerifier(NoteKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return new NoteVerifier(key.Name, KeyId(key), NoteSignatureType.Ed25519Cosignature, key.PublicKey);
    }

    /// <summary>The cosigner verifier key <c>name+hex8(keyID)+base64(0x04 ‖ public key)</c>.</summary>
    public static string CosignerVerifierKey(NoteKey key) => CosignerVerifier(key).VerifierKey;

    /// <summary>The exact bytes a cosigner signs: <c>"cosignature/v1\ntime &lt;ts&gt;\n" ‖ checkpointText</c> (UTF-8).</summary>
    public static byte[] SignedMessage(long timestamp, string checkpointText)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(timestamp);
        ArgumentNullException.ThrowIfNull(checkpointText);
        return BuildMessage(timestamp, Encoding.UTF8.GetBytes(checkpointText));
    }

    /// <summary>
    /// Cosigns a checkpoint text and returns the signature line
    /// <c>— &lt;name&gt; base64(keyID ‖ u64be timestamp ‖ Ed25519 signature)</c>, WITHOUT a trailing newline.
    /// </summary>
    /// <exception cref="ArgumentException">The text is not a valid checkpoint text (see <see cref="Checkpoint.Parse"/>).</exception>
    /// <exception cref="ArgumentOutOfRangeException">The timestamp is negative.</exception>
    public static string SignLine(NoteKey witnessKey, long timestamp, string checkpointText)
    {
        ArgumentNullException.ThrowIfNull(witnessKey);
        ArgumentNullException.ThrowIfNull(checkpointText);
        ArgumentOutOfRangeException.ThrowIfNegative(timestamp);
        try
        {
            Checkpoint.Parse(checkpointText);
        }
        catch (FormatException e)
        {
            throw new ArgumentException($"Only a checkpoint text can be cosigned: {e.Message}", nameof(checkpointText), e);
        }

        var blob = new byte[BlobSize];
        BinaryPrimitives.WriteUInt64BigEndian(blob, (ulong)timestamp);
        witnessKey.Sign(SignedMessage(timestamp, checkpointText)).CopyTo(blob, TimestampSize);
        return new NoteSignature(witnessKey.Name, KeyId(witnessKey), blob).ToLine();
    }

    /// <summary>
    /// Checks a cosignature line against a type-0x04 cosigner and the checkpoint text it claims to sign.
    /// False when the line's name or key ID is not this cosigner's, when the blob is not 72 bytes, when the
    /// timestamp is ≥ 2^63, or when the signature fails; <paramref name="timestamp"/> is set only on success.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="cosigner"/> is not a type-0x04 verifier.</exception>
    public static bool Verify(NoteVerifier cosigner, NoteSignature line, string checkpointText, out long timestamp)
    {
        ArgumentNullException.ThrowIfNull(cosigner);
        ArgumentNullException.ThrowIfNull(line);
        ArgumentNullException.ThrowIfNull(checkpointText);
        if (cosigner.SignatureType != NoteSignatureType.Ed25519Cosignature)
        {
            throw new ArgumentException($"Verifier {cosigner.Name} has signature type 0x{cosigner.SignatureType:x2}; a cosigner has type 0x04.", nameof(cosigner));
        }

        timestamp = 0;
        if (!string.Equals(line.Name, cosigner.Name, StringComparison.Ordinal)
            || line.KeyId != cosigner.KeyId
            || !TryReadTimestamp(line, out var signedAt)
            || !cosigner.Verify(Encoding.UTF8.GetBytes(checkpointText), line.Blob))
        {
            return false;
        }

        timestamp = signedAt;
        return true;
    }

    /// <summary>
    /// Reads the timestamp of a cosignature line without verifying it. False when the blob is not the
    /// 72-byte timestamped Ed25519 signature (for example a plain 64-byte note signature) or the timestamp
    /// is ≥ 2^63.
    /// </summary>
    public static bool TryReadTimestamp(NoteSignature line, out long timestamp)
    {
        ArgumentNullException.ThrowIfNull(line);
        timestamp = 0;
        if (line.Blob is not { Length: BlobSize })
        {
            return false;
        }

        var value = BinaryPrimitives.ReadUInt64BigEndian(line.Blob);
        if (value > long.MaxValue)
        {
            return false;
        }

        timestamp = (long)value;
        return true;
    }

    internal static byte[] BuildMessage(long timestamp, ReadOnlySpan<byte> checkpointText)
    {
        var header = Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture, $"cosignature/v1\ntime {timestamp}\n"));
        var message = new byte[header.Length + checkpointText.Length];
        header.CopyTo(message, 0);
        checkpointText.CopyTo(message.AsSpan(header.Length));
        return message;
    }
}
