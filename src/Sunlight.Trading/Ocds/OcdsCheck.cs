using System.Globalization;
using System.Numerics;
using System.Text.Json;
using System.Text.RegularExpressions;
using Sunlight.Core;
using Sunlight.Core.Identifiers;

namespace Sunlight.Trading.Ocds;

/// <summary>One thing wrong with a release: the JSON Pointer (RFC 6901) of the field at fault and why.</summary>
internal sealed record OcdsError(string Path, string Message);

/// <summary>How strictly a release is checked.</summary>
internal enum OcdsProfile
{
    /// <summary>A Chinese trade (trading.md "Import"): OCDS plus CNY, tradingKind, GB 32100 / GB 11643 ids, the caller's centre.</summary>
    Trade,

    /// <summary>
    /// Another publisher's data loaded for reference (<c>import-ocds --foreign</c>): OCDS itself only — object, ocid,
    /// id, tag, instants with offsets, amounts ≥ 0 with ≤ 2 decimals, codelists.
    /// </summary>
    Foreign,
}

/// <summary>
/// The checks every release passes before it is kept (trading.md "Import"): each failure names its JSON path. The
/// checks read the release as sent; they never change it.
/// </summary>
internal static partial class OcdsCheck
{
    public static readonly IReadOnlySet<string> TradingKinds = new HashSet<string>(StringComparer.Ordinal)
    {
        "works", "government-procurement", "land", "mining-rights", "state-assets", "medicine",
    };

    /// <summary>OCDS 1.1 closed codelists the import enforces, by the field's path with array levels left out.</summary>
    private static readonly Dictionary<string, HashSet<string>> Codelists = new(StringComparer.Ordinal)
    {
        ["tag"] = ["planning", "planningUpdate", "tender", "tenderAmendment", "tenderUpdate", "tenderCancellation", "award", "awardUpdate", "awardCancellation", "contract", "contractUpdate", "contractAmendment", "implementation", "implementationUpdate", "contractTermination", "compiled"],
        ["initiationType"] = ["tender"],
        ["tender/status"] = ["planning", "planned", "active", "cancelled", "unsuccessful", "complete", "withdrawn"],
        ["tender/procurementMethod"] = ["open", "selective", "limited", "direct"],
        ["awards/status"] = ["pending", "active", "cancelled", "unsuccessful"],
        ["contracts/status"] = ["pending", "active", "cancelled", "terminated"],
        ["bids/details/status"] = ["invited", "pending", "valid", "disqualified", "withdrawn"],
        ["contracts/implementation/milestones/status"] = ["scheduled", "met", "notMet", "partiallyMet"],
        ["bids/details/deposit/form"] = ["transfer", "cash", "guarantee", "insurance"],
    };

    /// <summary>Organisation references whose <c>id</c> must be a party id (scheme prefix + GB 32100), by path without array levels.</summary>
    private static readonly HashSet<string> OrganisationReferences = new(StringComparer.Ordinal)
    {
        "parties", "buyer", "tender/procuringEntity", "tender/tenderers", "awards/suppliers", "bids/details/tenderers",
        "bids/details/fingerprint/creatorUnit", "bids/details/deposit/payer",
        "contracts/implementation/transactions/payer", "contracts/implementation/transactions/payee",
    };

    /// <summary>People whose <c>id</c> must be a GB 11643 citizen ID number.</summary>
    private static readonly HashSet<string> PersonReferences = new(StringComparer.Ordinal)
    {
        "parties/legalRepresentative", "bids/details/projectManager", "bids/details/agent",
    };

    [GeneratedRegex(@"^ocds-[a-z0-9]{6}-\S+$")]
    private static partial Regex OcidPattern();

    [GeneratedRegex(@"^ocds-[a-z0-9]{6}-\S+$", RegexOptions.IgnoreCase)]
    private static partial Regex ForeignOcidPattern();

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|z|[+-]\d{2}:\d{2})$")]
    private static partial Regex InstantPattern();

    /// <summary>Whether <paramref name="name"/> holds an instant (OCDS dates and Sunlight's <c>paidAt</c>).</summary>
    private static bool IsInstant(string name) =>
        name is "date" or "paidAt" || name.EndsWith("Date", StringComparison.Ordinal) || (name.StartsWith("date", StringComparison.Ordinal) && name.Length > 4 && char.IsUpper(name[4]));

    /// <summary>Parses an RFC 3339 instant with an offset; null when it is not one.</summary>
    public static DateTimeOffset? Instant(string? text) =>
        text is null ? null
        : FastInstant(text) is { } fast ? fast
        : GeneralInstant(text);

    /// <summary>The general reading: the pattern, then the framework's parser.</summary>
    internal static DateTimeOffset? GeneralInstant(string text) =>
        InstantPattern().IsMatch(text) && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var at) ? at : null;

    /// <summary>
    /// The common form, <c>yyyy-MM-ddTHH:mm:ss</c> with <c>Z</c> or <c>±hh:mm</c> and no fraction, in ASCII digits,
    /// read without the general parser (the flags read millions); null for anything else, which the general path
    /// then decides — so the answer is the same either way (<c>InstantTests</c>).
    /// </summary>
    internal static DateTimeOffset? FastInstant(string t) => FastInstant(t.AsSpan());

    /// <summary>The same reading over UTF-16 or UTF-8 text (the flags read instants straight from a line's bytes).</summary>
    internal static DateTimeOffset? FastInstant<T>(ReadOnlySpan<T> t)
        where T : IBinaryInteger<T>
    {
        static int C(ReadOnlySpan<T> t, int i) => int.CreateTruncating(t[i]);
        if (t.Length is not (20 or 25) || C(t, 4) != '-' || C(t, 7) != '-' || C(t, 10) != 'T' || C(t, 13) != ':' || C(t, 16) != ':')
        {
            return null;
        }

        if (Two(t, 0) is not { } century || Two(t, 2) is not { } yy || Two(t, 5) is not { } month || Two(t, 8) is not { } day
            || Two(t, 11) is not { } hour || Two(t, 14) is not { } minute || Two(t, 17) is not { } second)
        {
            return null;
        }

        var year = (century * 100) + yy;
        if (year is < 2 or > 9998 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month) || hour > 23 || minute > 59 || second > 59)
        {
            return null;
        }

        TimeSpan offset;
        if (t.Length == 20)
        {
            if (C(t, 19) is not ('Z' or 'z'))
            {
                return null;
            }

            offset = TimeSpan.Zero;
        }
        else
        {
            if (C(t, 19) is not ('+' or '-') || C(t, 22) != ':' || Two(t, 20) is not { } oh || Two(t, 23) is not { } om || oh > 13 || om > 59)
            {
                return null;
            }

            offset = new TimeSpan(oh, om, 0);
            if (C(t, 19) == '-')
            {
                offset = -offset;
            }
        }

        return new DateTimeOffset(year, month, day, hour, minute, second, offset);
    }

    private static int? Two<T>(ReadOnlySpan<T> t, int i)
        where T : IBinaryInteger<T>
    {
        var (a, b) = (int.CreateTruncating(t[i]) - '0', int.CreateTruncating(t[i + 1]) - '0');
        return a is >= 0 and <= 9 && b is >= 0 and <= 9 ? (a * 10) + b : null;
    }

    /// <summary>
    /// Every problem of <paramref name="release"/> (empty when it may be kept). <paramref name="orgIdPrefix"/> is the
    /// scheme prefix of organisation ids (<c>CN-SAIC</c>); <paramref name="kindKnown"/> says whether the process
    /// already has a trading kind (a later release need not repeat it).
    /// </summary>
    public static List<OcdsError> Check(JsonElement release, OcdsProfile profile, string orgIdPrefix, bool kindKnown)
    {
        var errors = new List<OcdsError>();
        if (release.ValueKind != JsonValueKind.Object)
        {
            errors.Add(new("", Bilingual.Say("发布须为 JSON 对象", "a release must be a JSON object")));
            return errors;
        }

        var ocid = Text(release, "ocid");
        if (ocid is null || !(profile == OcdsProfile.Trade ? OcidPattern() : ForeignOcidPattern()).IsMatch(ocid) || ocid.Length > 128)
        {
            errors.Add(new("/ocid", Bilingual.Say("ocid 须为 ocds-前缀（6 位小写字母或数字）-编号，至多 128 字符", "ocid must be ocds-<6 lower-case letters or digits>-<id>, at most 128 characters")));
        }

        var id = Text(release, "id");
        if (string.IsNullOrWhiteSpace(id) || id.Length > 200)
        {
            errors.Add(new("/id", Bilingual.Say("缺少发布 id（字符串，至多 200 字符）", "the release id is missing (a string of at most 200 characters)")));
        }

        if (!release.TryGetProperty("date", out var date) || date.ValueKind != JsonValueKind.String)
        {
            errors.Add(new("/date", Bilingual.Say("缺少发布日期 date（带时区的 RFC 3339 时刻）", "date is missing (an RFC 3339 instant with its offset)")));
        }

        if (!release.TryGetProperty("tag", out var tag) || tag.ValueKind != JsonValueKind.Array || tag.GetArrayLength() == 0)
        {
            errors.Add(new("/tag", Bilingual.Say("缺少 tag（非空数组，取值见 OCDS 发布标签代码表）", "tag is missing (a non-empty array of the OCDS releaseTag codelist)")));
        }

        Walk(release, "", "", errors, profile, orgIdPrefix);

        if (profile == OcdsProfile.Trade)
        {
            var tender = release.TryGetProperty("tender", out var t) && t.ValueKind == JsonValueKind.Object ? t : default;
            var kind = tender.ValueKind == JsonValueKind.Object ? Text(tender, "tradingKind") : null;
            if (kind is not null ? !TradingKinds.Contains(kind) : !kindKnown)
            {
                errors.Add(new("/tender/tradingKind", Bilingual.Say(
                    $"交易类别 tradingKind {(kind is null ? "缺失" : $"“{kind}”未知")}，应为 {string.Join(" | ", TradingKinds.Order(StringComparer.Ordinal))} 之一（项目的第一个发布须给出）",
                    $"tradingKind is {(kind is null ? "missing" : $"unknown ({kind})")}: one of {string.Join(" | ", TradingKinds.Order(StringComparer.Ordinal))} (the process's first release must give it)")));
            }
        }

        return errors;
    }

    /// <summary>A string property, or null when absent or not a string.</summary>
    public static string? Text(JsonElement obj, string name) =>
        obj.ValueKind == JsonValueKind.Object && obj.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static void Walk(JsonElement node, string pointer, string path, List<OcdsError> errors, OcdsProfile profile, string orgIdPrefix)
    {
        if (errors.Count >= 50)
        {
            return;
        }

        switch (node.ValueKind)
        {
            case JsonValueKind.Object:
                if (OrganisationReferences.Contains(path) && profile == OcdsProfile.Trade)
                {
                    CheckOrganisationId(node, pointer, errors, orgIdPrefix);
                }

                if (PersonReferences.Contains(path) && profile == OcdsProfile.Trade && Text(node, "id") is { } person && !CitizenId.Validate(person).Valid)
                {
                    errors.Add(new(pointer + "/id", Bilingual.Say($"身份证号码不符合 GB 11643：{string.Join("；", CitizenId.Validate(person).Errors)}", "not a valid GB 11643 citizen ID number")));
                }

                // planning.budget.amount is itself a Value ({amount, currency}): it is checked when the walk reaches it.
                if (node.TryGetProperty("amount", out var amount) && amount.ValueKind != JsonValueKind.Null
                    && !(amount.ValueKind == JsonValueKind.Object && (amount.TryGetProperty("amount", out _) || amount.TryGetProperty("currency", out _))))
                {
                    CheckAmount(node, amount, pointer, path, errors, profile);
                }

                foreach (var property in node.EnumerateObject())
                {
                    var childPointer = pointer + "/" + Escape(property.Name);
                    var childPath = path.Length == 0 ? property.Name : path + "/" + property.Name;
                    if (IsInstant(property.Name) && property.Value.ValueKind != JsonValueKind.Null
                        && (property.Value.ValueKind != JsonValueKind.String || Instant(property.Value.GetString()) is null))
                    {
                        errors.Add(new(childPointer, Bilingual.Say(
                            $"时刻须为带时区偏移的 RFC 3339 格式（如 2026-03-01T09:30:00+08:00），收到 {Short(property.Value)}",
                            $"an instant must be RFC 3339 with its offset (2026-03-01T09:30:00+08:00); got {Short(property.Value)}")));
                    }
                    else if (Codelists.TryGetValue(childPath, out var codes) && property.Value.ValueKind != JsonValueKind.Null)
                    {
                        CheckCodes(property.Value, childPointer, childPath, codes, errors);
                    }
                    else if (property.Value.ValueKind is JsonValueKind.Object or JsonValueKind.Array)
                    {
                        Walk(property.Value, childPointer, childPath, errors, profile, orgIdPrefix);
                    }
                }

                break;
            case JsonValueKind.Array:
                var i = 0;
                foreach (var item in node.EnumerateArray())
                {
                    if (item.ValueKind is JsonValueKind.Object or JsonValueKind.Array)
                    {
                        Walk(item, pointer + "/" + i.ToString(CultureInfo.InvariantCulture), path, errors, profile, orgIdPrefix);
                    }

                    i++;
                }

                break;
        }
    }

    private static void CheckCodes(JsonElement value, string pointer, string path, HashSet<string> codes, List<OcdsError> errors)
    {
        var list = path == "tag" ? value.ValueKind == JsonValueKind.Array ? value.EnumerateArray().Select((v, i) => (v, pointer + "/" + i.ToString(CultureInfo.InvariantCulture))).ToList() : [(value, pointer)] : [(value, pointer)];
        foreach (var (v, p) in list)
        {
            if (v.ValueKind != JsonValueKind.String || !codes.Contains(v.GetString()!))
            {
                errors.Add(new(p, Bilingual.Say(
                    $"{Short(v)} 不在此字段的 OCDS 代码表中：{string.Join(" | ", codes)}",
                    $"{Short(v)} is not in this field's OCDS codelist: {string.Join(" | ", codes)}")));
            }
        }
    }

    private static void CheckOrganisationId(JsonElement org, string pointer, List<OcdsError> errors, string prefix)
    {
        if (!org.TryGetProperty("id", out var idValue) || idValue.ValueKind == JsonValueKind.Null)
        {
            return;
        }

        var id = idValue.ValueKind == JsonValueKind.String ? idValue.GetString()! : null;
        var code = id is not null && id.StartsWith(prefix + "-", StringComparison.Ordinal) ? id[(prefix.Length + 1)..] : null;
        var check = code is null ? null : CreditCode.Validate(code);
        if (check is not { Valid: true } || check.Normalized != code)
        {
            errors.Add(new(pointer + "/id", Bilingual.Say(
                $"组织 id 须为 {prefix}-<18 位统一社会信用代码（GB 32100，大写）>，收到 {Short(idValue)}{(check is { Valid: false } ? "：" + string.Join("；", check.Errors) : "")}",
                $"an organisation id must be {prefix}-<18-character unified social credit code (GB 32100, upper case)>; got {Short(idValue)}")));
        }
    }

    private static void CheckAmount(JsonElement value, JsonElement amount, string pointer, string path, List<OcdsError> errors, OcdsProfile profile)
    {
        if (amount.ValueKind != JsonValueKind.Number || !amount.TryGetDecimal(out var a))
        {
            errors.Add(new(pointer + "/amount", Bilingual.Say($"金额须为数字，收到 {Short(amount)}", $"an amount must be a number; got {Short(amount)}")));
            return;
        }

        if (a < 0)
        {
            errors.Add(new(pointer + "/amount", Bilingual.Say($"金额不能为负：{amount.GetRawText()}", $"an amount cannot be negative: {amount.GetRawText()}")));
        }
        else if (decimal.Round(a, 2) != a)
        {
            errors.Add(new(pointer + "/amount", Bilingual.Say($"金额以元计，至多 2 位小数：{amount.GetRawText()}", $"amounts are in yuan with at most 2 decimals: {amount.GetRawText()}")));
        }
        else if (a > 1_000_000_000_000m)
        {
            errors.Add(new(pointer + "/amount", Bilingual.Say($"金额超过一万亿元，不可信：{amount.GetRawText()}", $"an amount over one trillion yuan is not credible: {amount.GetRawText()}")));
        }

        // A deposit names its amount in yuan without a currency of its own (trading.md); every other value carries CNY.
        if (profile == OcdsProfile.Trade && !path.EndsWith("deposit", StringComparison.Ordinal))
        {
            var currency = Text(value, "currency");
            if (currency != "CNY")
            {
                errors.Add(new(pointer + "/currency", Bilingual.Say(
                    $"币种须为 CNY（人民币），收到 {(value.TryGetProperty("currency", out var c) ? Short(c) : "无")}",
                    $"the currency must be CNY; got {(value.TryGetProperty("currency", out var c2) ? Short(c2) : "none")}")));
            }
        }
    }

    /// <summary>RFC 6901 escaping of a property name in a pointer.</summary>
    private static string Escape(string name) => name.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);

    private static string Short(JsonElement value)
    {
        var raw = value.GetRawText();
        return raw.Length <= 60 ? raw : raw[..57] + "…";
    }
}
