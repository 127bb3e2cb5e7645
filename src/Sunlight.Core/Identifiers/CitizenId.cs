using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using static Sunlight.Core.Identifiers.IdentifierText;

namespace Sunlight.Core.Identifiers;

/// <summary>
/// 公民身份号码 — the citizen ID number of GB 11643-1999 (18 characters), also accepting the 15-digit
/// numbers of GB 11643-1989, which are upgraded to 18 characters.
/// </summary>
/// <remarks>
/// <para>What <see cref="Validate(string?, DateOnly)"/> checks, after trimming surrounding white space:</para>
/// <list type="bullet">
/// <item>Form: 17 ASCII digits and a check character (digit or X; a lowercase x is accepted and upper-cased),
/// or 15 ASCII digits. Full-width digits are rejected.</item>
/// <item>Region, positions 1–2 only: a province-level code 11–15, 21–23, 31–37, 41–46, 50–54, 61–65, 71 (Taiwan),
/// 81 (Hong Kong), 82 (Macao), or 83 (the code 830000 of residence permits for Taiwan residents, 台湾居民居住证).
/// Positions 3–6 are <em>not</em> checked: county codes of past years stay valid on IDs, no historical GB/T 2260
/// table is shipped, and prefecture codes ending in 00 (e.g. 441900 Dongguan) do occur on real IDs.</item>
/// <item>Birth date: a real calendar date, not after today. A date before 1900-01-01 is only a warning,
/// because the standard's widely cited example 440524188001010014 has one.</item>
/// <item>Check character, ISO 7064 MOD 11-2 (18-character form only; the 15-digit form has none).</item>
/// </list>
/// <para>The sequence code (positions 15–17) is not checked beyond being digits.</para>
/// </remarks>
public static class CitizenId
{
    private const string CheckCharacters = "10X98765432";

    private static readonly DateOnly EarliestUsualBirthDate = new(1900, 1, 1);

    /// <summary>China has one time zone and no daylight saving time.</summary>
    private static readonly TimeSpan ChinaStandardTime = TimeSpan.FromHours(8);

    /// <summary>Wᵢ = 2^(i−1) mod 11, counting from the right, for positions 1–17.</summary>
    private static ReadOnlySpan<byte> Weights => [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];

    /// <summary>Checks <paramref name="value"/>, taking "today" as the current date in China (UTC+8) from <see cref="TimeProvider.System"/>.</summary>
    public static IdentifierCheck Validate(string? value) => Validate(value, TodayInChina());

    /// <summary>Checks <paramref name="value"/>; a birth date after <paramref name="today"/> is an error. See the type remarks for what is checked.</summary>
    public static IdentifierCheck Validate(string? value, DateOnly today)
    {
        var errors = new List<string>();
        var warnings = new List<string>();
        if (string.IsNullOrWhiteSpace(value))
        {
            errors.Add(Bilingual.Say("身份号码为空", "the citizen ID number is empty"));
            return IdentifierCheck.From(errors, warnings, string.Empty);
        }

        var text = value.Trim();
        if (text.Length == 18 && text[17] == 'x')
        {
            text = string.Concat(text.AsSpan(0, 17), "X");
        }

        switch (text.Length)
        {
            case 18:
                Check18(text, today, errors, warnings);
                return IdentifierCheck.From(errors, warnings, text);

            case 15:
                CheckDigits(text, errors);
                if (errors.Count == 0)
                {
                    CheckRegion(text, errors);
                    CheckBirthDate(string.Concat("19", text.AsSpan(6, 6)), text.Substring(6, 6), 7, 12, today, errors, warnings);
                }

                if (errors.Count > 0)
                {
                    return IdentifierCheck.From(errors, warnings, text);
                }

                var upgraded = Upgrade15To18(text);
                warnings.Add(Bilingual.Say($"15 位旧号码（GB 11643-1989）已升级为 18 位号码 {upgraded}", $"the 15-digit number of GB 11643-1989 was converted to the 18-character number {upgraded}"));
                return IdentifierCheck.From(errors, warnings, upgraded);

            default:
                errors.Add(Bilingual.Say(string.Create(CultureInfo.InvariantCulture, $"身份号码应为 18 位（1989 年旧版为 15 位），实际为 {text.Length} 位"), string.Create(CultureInfo.InvariantCulture, $"a citizen ID number has 18 characters (15 digits in the old 1989 format), found {text.Length}")));
                return IdentifierCheck.From(errors, warnings, text);
        }
    }

    /// <summary>
    /// Converts a 15-digit GB 11643-1989 number to 18 characters: inserts the century "19" before the
    /// YYMMDD birth date and appends the check character. Does not check the region or the date; use
    /// <see cref="Validate(string?, DateOnly)"/> for that.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="fifteenDigits"/> is not exactly 15 ASCII digits.</exception>
    public static string Upgrade15To18(string fifteenDigits)
    {
        ArgumentNullException.ThrowIfNull(fifteenDigits);
        if (fifteenDigits.Length != 15 || !fifteenDigits.All(char.IsAsciiDigit))
        {
            throw new ArgumentException(Bilingual.Say("旧版身份号码应为 15 位数字", "an old-format citizen ID number must be exactly 15 digits"), nameof(fifteenDigits));
        }

        var body = string.Concat(fifteenDigits.AsSpan(0, 6), "19", fifteenDigits.AsSpan(6));
        return body + ComputeCheck(body);
    }

    /// <summary>The ISO 7064 MOD 11-2 check character ('0'–'9' or 'X') for the first 17 digits.</summary>
    /// <exception cref="ArgumentException"><paramref name="first17"/> is not exactly 17 ASCII digits.</exception>
    public static char ComputeCheck(ReadOnlySpan<char> first17)
    {
        if (first17.Length != 17 || first17.ContainsAnyExceptInRange('0', '9'))
        {
            throw new ArgumentException(Bilingual.Say("校验码只能由 17 位数字计算", "the check character is computed from exactly 17 digits"), nameof(first17));
        }

        var sum = 0;
        for (var i = 0; i < 17; i++)
        {
            sum += (first17[i] - '0') * Weights[i];
        }

        return CheckCharacters[sum % 11];
    }

    /// <summary>Parses a valid number (warnings allowed; 15-digit numbers are upgraded), taking "today" in China as for <see cref="Validate(string?)"/>.</summary>
    public static bool TryParse(string? value, [NotNullWhen(true)] out CitizenIdInfo? info) =>
        TryParse(value, TodayInChina(), out info);

    /// <summary>Parses a valid number (warnings allowed; 15-digit numbers are upgraded) into region, birth date and sex.</summary>
    public static bool TryParse(string? value, DateOnly today, [NotNullWhen(true)] out CitizenIdInfo? info)
    {
        var check = Validate(value, today);
        if (!check.Valid || check.Normalized is not { } number)
        {
            info = null;
            return false;
        }

        var birthDate = DateOnly.ParseExact(number.AsSpan(6, 8), "yyyyMMdd", CultureInfo.InvariantCulture);
        var sex = (number[16] - '0') % 2 == 1 ? Sex.Male : Sex.Female;
        info = new CitizenIdInfo(number, number[..6], birthDate, sex);
        return true;
    }

    private static DateOnly TodayInChina() =>
        DateOnly.FromDateTime(TimeProvider.System.GetUtcNow().ToOffset(ChinaStandardTime).DateTime);

    private static void Check18(string text, DateOnly today, List<string> errors, List<string> warnings)
    {
        var bodyIsDigits = CheckDigits(text.AsSpan(0, 17), errors);
        var checkCharacter = text[17];
        var checkIsWellFormed = char.IsAsciiDigit(checkCharacter) || checkCharacter == 'X';
        if (!checkIsWellFormed)
        {
            errors.Add(Bilingual.Say($"第 18 位校验码应为数字或 X，实际为 {Show(checkCharacter)}", $"the check character at position 18 should be a digit or X, found {Show(checkCharacter)}"));
        }

        if (char.IsAsciiDigit(text[0]) && char.IsAsciiDigit(text[1]))
        {
            CheckRegion(text, errors);
        }

        if (!text.AsSpan(6, 8).ContainsAnyExceptInRange('0', '9'))
        {
            CheckBirthDate(text.Substring(6, 8), text.Substring(6, 8), 7, 14, today, errors, warnings);
        }

        if (bodyIsDigits && checkIsWellFormed)
        {
            var expected = ComputeCheck(text.AsSpan(0, 17));
            if (expected != checkCharacter)
            {
                errors.Add(Bilingual.Say($"第 18 位校验码应为 {expected}，实际为 {checkCharacter}", $"check character at position 18 should be {expected}, found {checkCharacter}"));
            }
        }
    }

    /// <summary>Adds an error for each character that is not an ASCII digit; true when all are digits.</summary>
    private static bool CheckDigits(ReadOnlySpan<char> digits, List<string> errors)
    {
        var allDigits = true;
        for (var i = 0; i < digits.Length; i++)
        {
            if (!char.IsAsciiDigit(digits[i]))
            {
                allDigits = false;
                errors.Add(Bilingual.Say(string.Create(CultureInfo.InvariantCulture, $"第 {i + 1} 位应为数字，实际为 {Show(digits[i])}"), string.Create(CultureInfo.InvariantCulture, $"position {i + 1} should be a digit, found {Show(digits[i])}")));
            }
        }

        return allDigits;
    }

    private static void CheckRegion(string text, List<string> errors)
    {
        var province = ((text[0] - '0') * 10) + (text[1] - '0');
        if (!IsProvinceCode(province))
        {
            errors.Add(Bilingual.Say($"第 1–2 位省级行政区划代码 {text[..2]} 不存在", $"positions 1–2: {text[..2]} is not a province-level region code"));
        }
    }

    private static bool IsProvinceCode(int code) => code is
        (>= 11 and <= 15) or (>= 21 and <= 23) or (>= 31 and <= 37) or (>= 41 and <= 46) or
        (>= 50 and <= 54) or (>= 61 and <= 65) or 71 or 81 or 82 or 83;

    private static void CheckBirthDate(string yyyyMMdd, string shown, int first, int last, DateOnly today, List<string> errors, List<string> warnings)
    {
        var where = Positions(first, last);
        if (!DateOnly.TryParseExact(yyyyMMdd, "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var birthDate))
        {
            errors.Add(Bilingual.Say($"第 {where} 位出生日期 {shown} 不是有效日期", $"positions {where}: birth date {shown} is not a valid date"));
            return;
        }

        var date = birthDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        if (birthDate > today)
        {
            var todayText = today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            errors.Add(Bilingual.Say($"第 {where} 位出生日期 {date} 晚于今天（{todayText}）", $"positions {where}: birth date {date} is after today, {todayText}"));
        }
        else if (birthDate < EarliestUsualBirthDate)
        {
            warnings.Add(Bilingual.Say($"第 {where} 位出生日期 {date} 早于 1900-01-01，请核实", $"positions {where}: birth date {date} is before 1900-01-01; please verify it"));
        }
    }
}
