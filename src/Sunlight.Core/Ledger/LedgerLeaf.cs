using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace Sunlight.Core.Ledger;

/// <summary>
/// The public leaf of a record: a short ASCII text that commits to one record and carries no personal data.
/// <code>
/// sunlight/record/v1\n
/// &lt;sequence, decimal&gt;\n
/// &lt;type, [a-z0-9._-]{1,64}&gt;\n
/// &lt;instant, UTC, yyyy-MM-ddTHH:mm:ss.ffffffZ&gt;\n
/// &lt;SHA-256 of the body, 64 lowercase hex digits&gt;\n
/// </code>
/// The Merkle leaf hash is RFC 9162's H(0x00 ‖ leaf). These bytes are what <c>/ledger/tile/entries</c> serves.
/// The subject (a case number, an organisation code) and the body stay in the database behind access control.
/// </summary>
public static partial class LedgerLeaf
{
    public const string Header = "sunlight/record/v1";

    public static byte[] Data(long sequence, string type, DateTimeOffset at, ReadOnlySpan<byte> bodyHash)
    {
        var text = string.Create(CultureInfo.InvariantCulture,
            $"{Header}\n{sequence}\n{type}\n{at.UtcDateTime:yyyy-MM-ddTHH:mm:ss.ffffff}Z\n{Convert.ToHexStringLower(bodyHash)}\n");
        return Encoding.ASCII.GetBytes(text);
    }

    public static byte[] Data(LedgerRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return Data(record.Sequence, record.Type, record.At, record.BodyHash);
    }

    public static byte[] Hash(LedgerRecord record) => Rfc9162.LeafHash(Data(record));

    /// <summary>Reads a leaf back; null when the bytes are not a well-formed v1 leaf.</summary>
    public static (long Sequence, string Type, DateTimeOffset At, byte[] BodyHash)? Parse(ReadOnlySpan<byte> data)
    {
        var lines = Encoding.ASCII.GetString(data).Split('\n');
        if (lines.Length != 6 || lines[0] != Header || lines[5].Length != 0
            || !long.TryParse(lines[1], NumberStyles.None, CultureInfo.InvariantCulture, out var seq)
            || !TypePattern().IsMatch(lines[2])
            || !DateTimeOffset.TryParseExact(lines[3], "yyyy-MM-ddTHH:mm:ss.ffffffZ", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at)
            || lines[4].Length != 64)
        {
            return null;
        }

        try
        {
            return (seq, lines[2], at, Convert.FromHexString(lines[4]));
        }
        catch (FormatException)
        {
            return null;
        }
    }

    /// <summary>Record types are short lowercase codes so a leaf stays ASCII and free of personal data.</summary>
    public static bool IsValidType(string type) => TypePattern().IsMatch(type);

    /// <summary>An instant cut to whole microseconds, in UTC: what SQLite and PostgreSQL both store exactly.</summary>
    public static DateTimeOffset Normalise(DateTimeOffset at)
    {
        var utc = at.ToUniversalTime();
        return new DateTimeOffset(utc.Ticks - (utc.Ticks % 10), TimeSpan.Zero);
    }

    public static byte[] BodyHash(ReadOnlySpan<byte> body) => SHA256.HashData(body);

    [GeneratedRegex("^[a-z0-9][a-z0-9._-]{0,63}$")]
    private static partial Regex TypePattern();
}
