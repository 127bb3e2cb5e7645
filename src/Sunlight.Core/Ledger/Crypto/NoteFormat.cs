using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Sunlight.Core.Ledger;

/// <summary>The C2SP signed-note signature type bytes used here.</summary>
public static class NoteSignatureType
{
    /// <summary>0x01: Ed25519 over the note text (signed-note).</summary>
    public const byte Ed25519 = 0x01;

    /// <summary>0x04: timestamped Ed25519 witness cosignature (tlog-cosignature, cosignature/v1).</summary>
    public const byte Ed25519Cosignature = 0x04;
}

/// <summary>Shared syntax rules of signed notes, verifier keys and checkpoints.</summary>
internal static class NoteFormat
{
    public const string SignaturePrefix = "\u2014 ";

    /// <summary>UTF-8 without BOM that throws on invalid input.</summary>
    public static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Key names: non-empty, no Unicode spaces, no '+', no control characters, well-formed UTF-16.</summary>
    public static bool IsValidKeyName(string? name)
    {
        if (string.IsNullOrEmpty(name))
        {
            return false;
        }

        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (c == '+' || c < 0x20 || char.IsWhiteSpace(c))
            {
                return false;
            }
        }

        return IsWellFormed(name);
    }

    /// <summary>
    /// The first problem with note text under the signed-note rules (no ASCII control characters other than
    /// newline, well-formed Unicode), or null.
    /// </summary>
    public static string? FindTextProblem(ReadOnlySpan<char> text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c < 0x20 && c != '\n')
            {
                return $"control character U+{(int)c:X4} at character {i}; only newline is allowed";
            }

            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(c))
            {
                return $"unpaired surrogate at character {i}; the text is not valid Unicode";
            }
        }

        return null;
    }

    /// <summary>SHA-256(name ‖ 0x0A ‖ type ‖ publicKey)[:4] as a big-endian uint32.</summary>
    public static uint KeyId(string name, byte signatureType, ReadOnlySpan<byte> publicKey)
    {
        var nameBytes = Encoding.UTF8.GetBytes(name);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(nameBytes);
        hash.AppendData([(byte)'\n', signatureType]);
        hash.AppendData(publicKey);
        Span<byte> digest = stackalloc byte[32];
        hash.GetHashAndReset(digest);
        return BinaryPrimitives.ReadUInt32BigEndian(digest);
    }

    /// <summary>
    /// Standard base64 (RFC 4648 §4) in canonical form only: padded, no whitespace, zero trailing bits —
    /// exactly what re-encoding the bytes gives.
    /// </summary>
    public static bool TryDecodeBase64(string text, out byte[] bytes) =>
        TryDecodeBase64Lenient(text, out bytes) && IsCanonicalBase64(text, bytes);

    /// <summary>
    /// Standard base64 with padding and no whitespace, but tolerating non-zero trailing bits, as Go's
    /// base64.StdEncoding does; pair with <see cref="IsCanonicalBase64"/> to report that problem last.
    /// </summary>
    public static bool TryDecodeBase64Lenient(string text, out byte[] bytes)
    {
        bytes = [];
        if (text.Length % 4 != 0)
        {
            return false;
        }

        foreach (var c in text)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c == '+' || c == '/' || c == '='))
            {
                return false;
            }
        }

        var buffer = new byte[text.Length / 4 * 3];
        if (!Convert.TryFromBase64String(text, buffer, out var written))
        {
            return false;
        }

        bytes = buffer.AsSpan(0, written).ToArray();
        return true;
    }

    public static bool IsCanonicalBase64(string text, byte[] bytes) =>
        string.Equals(Convert.ToBase64String(bytes), text, StringComparison.Ordinal);

    public static string Hex8(uint keyId) => keyId.ToString("x8", CultureInfo.InvariantCulture);

    private static bool IsWellFormed(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(text[i]))
            {
                return false;
            }
        }

        return true;
    }
}
