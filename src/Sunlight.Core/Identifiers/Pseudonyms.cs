using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Sunlight.Core.Files;
using Sunlight.Core.Ledger;

namespace Sunlight.Core.Identifiers;

/// <summary>
/// No personal identifier is a subject or sits in a URL (CROSS-MODULE "Findings, alerts, keys"): a person is
/// <c>person:</c> + the first 16 lowercase hex digits of HMAC-SHA256(K, the 18-character ID number, upper case, a
/// 15-digit number upgraded first); an account is <c>account:</c> + the same over its digits. K is the node's
/// pseudonym key: <c>Sunlight:Security:PseudonymKey</c> (base64 of 32 bytes) or, when not set, <c>pseudonym.key</c>
/// beside the ledger key, created on first start (mode 600). Summaries show numbers masked (<see cref="Mask"/>).
/// </summary>
public sealed class Pseudonyms
{
    private const string FileHeader = "sunlight-pseudonym-key/v1";
    private readonly byte[] _key;

    public Pseudonyms(byte[] key)
    {
        ArgumentNullException.ThrowIfNull(key);
        _key = key.Length == 32 ? key : throw new ArgumentException("The pseudonym key is 32 bytes.", nameof(key));
    }

    /// <summary>The node's key: from <see cref="SecurityOptions.PseudonymKey"/>, or the key file beside the ledger key.</summary>
    public static Pseudonyms Load(IOptions<SecurityOptions> security, LedgerOptions ledger)
    {
        ArgumentNullException.ThrowIfNull(security);
        ArgumentNullException.ThrowIfNull(ledger);
        if (security.Value.PseudonymKey is { Length: > 0 } configured)
        {
            return new Pseudonyms(Key(configured, "Sunlight:Security:PseudonymKey"));
        }

        var path = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(ledger.KeyFile))!, "pseudonym.key");
        var lines = SecretFile.ReadOrCreate(path, "假名密钥文件 (pseudonym key file)", () => $"{FileHeader}\n{Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))}\n");
        return lines.Length >= 2 && lines[0] == FileHeader
            ? new Pseudonyms(Key(lines[1], path))
            : throw new InvalidOperationException($"假名密钥文件 {path} 格式不对 (the pseudonym key file {path} is not a {FileHeader} file).");
    }

    /// <summary>The pseudonym of a person by citizen ID number; 15-digit numbers are upgraded first, so both forms give one pseudonym.</summary>
    /// <exception cref="ArgumentException">The number is not 15 digits or 17 digits and a check character.</exception>
    public string Person(string idNo)
    {
        ArgumentNullException.ThrowIfNull(idNo);
        var number = idNo.Trim().ToUpperInvariant();
        if (number.Length == 15 && number.All(char.IsAsciiDigit))
        {
            number = CitizenId.Upgrade15To18(number);
        }

        if (number.Length != 18 || !number[..17].All(char.IsAsciiDigit) || !(char.IsAsciiDigit(number[17]) || number[17] == 'X'))
        {
            throw new ArgumentException("身份号码应为 18 位（或旧版 15 位）(a citizen ID number has 18 characters, or 15 digits in the old form)", nameof(idNo));
        }

        return "person:" + Hex16(number);
    }

    /// <summary>The pseudonym of a bank account by its digits (spaces and other separators removed).</summary>
    public string Account(string accountNo)
    {
        ArgumentNullException.ThrowIfNull(accountNo);
        var digits = new string(accountNo.Where(char.IsAsciiDigit).ToArray());
        return digits.Length == 0 ? throw new ArgumentException("账号中没有数字 (the account number has no digits)", nameof(accountNo)) : "account:" + Hex16(digits);
    }

    /// <summary>A number as summaries show it: its first 6 and last 4 characters, the rest as asterisks.</summary>
    public static string Mask(string number)
    {
        ArgumentNullException.ThrowIfNull(number);
        return number.Length <= 10 ? new string('*', number.Length) : string.Concat(number.AsSpan(0, 6), new string('*', number.Length - 10), number.AsSpan(number.Length - 4));
    }

    private string Hex16(string ascii) => Convert.ToHexStringLower(HMACSHA256.HashData(_key, Encoding.ASCII.GetBytes(ascii)))[..16];

    private static byte[] Key(string base64, string where)
    {
        try
        {
            var key = Convert.FromBase64String(base64.Trim());
            return key.Length == 32 ? key : throw new FormatException();
        }
        catch (FormatException e)
        {
            throw new InvalidOperationException($"{where}: 应为 32 字节密钥的 base64 (expected the base64 of a 32-byte key).", e);
        }
    }
}
