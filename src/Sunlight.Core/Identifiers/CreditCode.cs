using System.Globalization;
using static Sunlight.Core.Identifiers.IdentifierText;

namespace Sunlight.Core.Identifiers;

/// <summary>
/// 统一社会信用代码 — the unified social credit code of legal entities and other organisations, GB 32100-2015.
/// </summary>
/// <remarks>
/// <para>What <see cref="Validate"/> checks, after trimming surrounding white space and upper-casing:</para>
/// <list type="bullet">
/// <item>Length 18, every character from <see cref="Charset"/> (digits and capital letters except I, O, S, V, Z).</item>
/// <item>Positions 3–8 (the registering authority's GB/T 2260 region code) are digits. The region itself is not
/// looked up: central registrations use 100000, and past codes remain valid.</item>
/// <item>Position 1 (registration authority): any charset character is accepted. Codes other than 1–9, A, N and Y
/// give a warning. The standard names 1 机构编制, 5 民政, 9 工商 and Y 其他; 2 外交, 3 司法行政, 4 文化, 6 旅游,
/// 7 宗教, 8 工会, A 中央军委改革和编制办公室 and N 农业 were assigned later (list from memory of published
/// assignments; the project's reference notes give only examples, so an unknown code is not an error).</item>
/// <item>Position 2 (entity type) is not checked.</item>
/// <item>Position 18, the check character: weights 3^(i−1) mod 31, C18 = charset[(31 − Σ mod 31) mod 31].</item>
/// </list>
/// <para>
/// Early Fujian pilot codes (e.g. 91350100M0001TGQXM) are real but fail the C18 check. A C18 failure is therefore
/// only a warning when positions 3–4 are 35 (Fujian) <em>and</em> position 17 passes its own GB 11714 check over
/// positions 9–16. Anywhere else it is an error: position 17 holds for nearly every real code, so accepting every code
/// with a valid position 17 would let a mistyped position 18 through (91110000600037341N would pass).
/// </para>
/// </remarks>
public static class CreditCode
{
    /// <summary>The 31 characters of the code, in value order (a character's value is its index).</summary>
    public const string Charset = "0123456789ABCDEFGHJKLMNPQRTUWXY";

    private const string KnownAuthorities = "123456789ANY";

    private const string FujianProvinceCode = "35";

    /// <summary>3^(i−1) mod 31 for positions 1–17.</summary>
    private static ReadOnlySpan<byte> Weights => [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

    /// <summary>GB 11714 organisation-code weights for positions 9–16.</summary>
    private static ReadOnlySpan<byte> OrganizationCodeWeights => [3, 7, 9, 10, 5, 8, 4, 2];

    /// <summary>Checks <paramref name="value"/>; see the type remarks for what is checked.</summary>
    public static IdentifierCheck Validate(string? value)
    {
        var errors = new List<string>();
        var warnings = new List<string>();
        if (string.IsNullOrWhiteSpace(value))
        {
            errors.Add(Bilingual.Say("统一社会信用代码为空", "the unified social credit code is empty"));
            return IdentifierCheck.From(errors, warnings, string.Empty);
        }

        var text = value.Trim().ToUpperInvariant();
        if (text.Length != 18)
        {
            errors.Add(Bilingual.Say(string.Create(CultureInfo.InvariantCulture, $"统一社会信用代码应为 18 位，实际为 {text.Length} 位"), string.Create(CultureInfo.InvariantCulture, $"a unified social credit code has 18 characters, found {text.Length}")));
            return IdentifierCheck.From(errors, warnings, text);
        }

        var allInCharset = true;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            var position = i + 1;
            if (!Charset.Contains(c, StringComparison.Ordinal))
            {
                allInCharset = false;
                errors.Add(Bilingual.Say(string.Create(CultureInfo.InvariantCulture, $"第 {position} 位字符 {Show(c)} 不在代码字符集中（数字及除 I、O、S、V、Z 以外的大写字母）"), string.Create(CultureInfo.InvariantCulture, $"character {Show(c)} at position {position} is not allowed: use digits and capital letters except I, O, S, V, Z")));
            }
            else if (position is >= 3 and <= 8 && !char.IsAsciiDigit(c))
            {
                errors.Add(Bilingual.Say(string.Create(CultureInfo.InvariantCulture, $"第 {position} 位应为数字（第 3–8 位是登记管理机关行政区划码），实际为 {Show(c)}"), string.Create(CultureInfo.InvariantCulture, $"position {position} should be a digit (positions 3–8 are the region code), found {Show(c)}")));
            }
        }

        if (Charset.Contains(text[0], StringComparison.Ordinal) && !KnownAuthorities.Contains(text[0], StringComparison.Ordinal))
        {
            warnings.Add(Bilingual.Say($"第 1 位登记管理部门代码 {Show(text[0])} 不在已知代码（1–9、A、N、Y）中，请核实", $"position 1: registration authority code {Show(text[0])} is not one of the known codes 1–9, A, N, Y; please verify it"));
        }

        if (allInCharset)
        {
            CheckCharacter18(text, errors, warnings);
        }

        return IdentifierCheck.From(errors, warnings, text);
    }

    /// <summary>The check character (position 18) for the first 17 characters.</summary>
    /// <exception cref="ArgumentException"><paramref name="first17"/> is not 17 characters of <see cref="Charset"/>.</exception>
    public static char ComputeCheck(ReadOnlySpan<char> first17)
    {
        if (first17.Length != 17)
        {
            throw new ArgumentException(Bilingual.Say("校验码只能由前 17 位计算", "the check character is computed from exactly 17 characters"), nameof(first17));
        }

        var sum = 0;
        for (var i = 0; i < 17; i++)
        {
            var value = Charset.IndexOf(first17[i], StringComparison.Ordinal);
            if (value < 0)
            {
                throw new ArgumentException(
                    Bilingual.Say(string.Create(CultureInfo.InvariantCulture, $"第 {i + 1} 位字符 {Show(first17[i])} 不在代码字符集中"), string.Create(CultureInfo.InvariantCulture, $"character {Show(first17[i])} at position {i + 1} is not allowed")),
                    nameof(first17));
            }

            sum += value * Weights[i];
        }

        return Charset[(31 - (sum % 31)) % 31];
    }

    private static void CheckCharacter18(string text, List<string> errors, List<string> warnings)
    {
        var expected = ComputeCheck(text.AsSpan(0, 17));
        var actual = text[17];
        if (expected == actual)
        {
            return;
        }

        var zh = $"第 18 位校验码应为 {expected}，实际为 {actual}";
        var en = $"check character at position 18 should be {expected}, found {actual}";
        if (text.AsSpan(2, 2).SequenceEqual(FujianProvinceCode) && OrganizationCodeCheck(text.AsSpan(8, 8)) == text[16])
        {
            warnings.Add(Bilingual.Say($"{zh}；但第 9–17 位组织机构代码校验通过，可能是福建早期试点代码，请人工核实",
                $"{en}; the organisation code in positions 9–17 passes its own check, so this may be an early Fujian pilot code: verify it by hand"));
        }
        else
        {
            errors.Add(Bilingual.Say(zh, en));
        }
    }

    /// <summary>GB 11714 check character of an 8-character organisation code body: digits 0–9, letters A=10 … Z=35.</summary>
    private static char OrganizationCodeCheck(ReadOnlySpan<char> body)
    {
        var sum = 0;
        for (var i = 0; i < body.Length; i++)
        {
            var value = char.IsAsciiDigit(body[i]) ? body[i] - '0' : body[i] - 'A' + 10;
            sum += value * OrganizationCodeWeights[i];
        }

        return (11 - (sum % 11)) switch
        {
            10 => 'X',
            11 => '0',
            var digit => (char)('0' + digit),
        };
    }
}
