using System.Globalization;
using System.Resources;
using System.Text;
using System.Text.Json;
using Sunlight.Core;
using Sunlight.Core.Supervision;

namespace Sunlight.Trading.Flags;

/// <summary>
/// The red flags of trading-flags.md as rules of the rule host: cardinal's and OCP's R-codes as <c>TRD-R024</c>…,
/// Sunlight's under their own codes, and the pseudo-rule <c>TRD-SETTINGS</c> for the keys they share. Parameters keep
/// cardinal's snake_case names so that a region's parameters export as the INI of <c>sunlight flags ocds</c>; maps are
/// JSON objects as text. Names and conditions come from the module's resources (zh-CN and en).
/// </summary>
internal static class TradingRules
{
    public const string Settings = "TRD-SETTINGS";

    /// <summary>Severities (trading-flags.md, the table's "sev").</summary>
    private static readonly Dictionary<string, string> Severity = new(StringComparer.Ordinal)
    {
        ["R003"] = Severities.Yellow, ["R018"] = Severities.Yellow, ["R024"] = Severities.Yellow, ["R025"] = Severities.Notice,
        ["R028"] = Severities.Red, ["R030"] = Severities.Red, ["R035"] = Severities.Yellow, ["R036"] = Severities.Yellow,
        ["R038"] = Severities.Notice, ["R048"] = Severities.Notice, ["R058"] = Severities.Yellow, ["R031"] = Severities.Yellow,
        ["R034"] = Severities.Yellow, ["R053"] = Severities.Yellow, ["R057"] = Severities.Yellow, ["R061"] = Severities.Yellow,
        ["R069"] = Severities.Notice, ["TRD-BID-PERIOD"] = Severities.Red, ["TRD-AMEND-LATE"] = Severities.Red,
        ["TRD-OPENING-TIME"] = Severities.Yellow, ["TRD-LATE-BID"] = Severities.Red, ["TRD-PUBLICITY-SHORT"] = Severities.Red,
        ["TRD-CONTRACT-LATE"] = Severities.Yellow, ["TRD-GP-CONTRACT-PUBLISH"] = Severities.Yellow, ["TRD-FEW-BIDDERS"] = Severities.Red,
        ["TRD-OVER-CEILING"] = Severities.Red, ["TRD-CONTRACT-MISMATCH"] = Severities.Red, ["TRD-CONTRACT-TOPUP"] = Severities.Red,
        ["TRD-SAME-AUTHOR"] = Severities.Red, ["TRD-SAME-PERSON"] = Severities.Red, ["TRD-SAME-DEVICE"] = Severities.Red,
        ["TRD-SAME-IP"] = Severities.Yellow, ["TRD-SAME-DEPOSIT"] = Severities.Red, ["TRD-SAME-ANOMALY"] = Severities.Red,
        ["TRD-PRICE-PATTERN"] = Severities.Red, ["TRD-DEPOSIT-THIRD-PARTY"] = Severities.Red, ["TRD-EXPERT-NOT-DRAWN"] = Severities.Red,
        ["TRD-EXPERT-CONFLICT"] = Severities.Red, ["TRD-EXPERT-REPEAT"] = Severities.Yellow, ["TRD-SCORE-OUTLIER"] = Severities.Yellow,
    };

    /// <summary>Units of the parameters (keys of RuleUnit_* in the resources).</summary>
    private static readonly Dictionary<string, string> Units = new(StringComparer.Ordinal)
    {
        ["R003/threshold"] = "days", ["R061/threshold"] = "days", ["R025/percentile"] = "percentile", ["R035/threshold"] = "bids",
        ["R038/minimum_submitted_bids"] = "bids", ["R038/minimum_contracting_processes"] = "bids", ["R048/digits"] = "characters",
        ["R048/threshold"] = "categories", ["R048/minimum_contracting_processes"] = "processes", ["R034/minimum_processes"] = "processes",
        ["R053/minimum_processes"] = "processes", ["R057/minimum_processes"] = "processes", ["TRD-OPENING-TIME/grace_minutes"] = "minutes",
        ["TRD-PUBLICITY-SHORT/minimum_days"] = "days", ["TRD-CONTRACT-LATE/maximum_days"] = "days",
        ["TRD-GP-CONTRACT-PUBLISH/maximum_working_days"] = "working days", ["TRD-FEW-BIDDERS/minimum_tenderers"] = "tenderers",
        ["TRD-CONTRACT-MISMATCH/tolerance"] = "yuan", ["TRD-PRICE-PATTERN/tolerance_fen"] = "fen", ["TRD-EXPERT-REPEAT/max_panels"] = "panels",
        ["TRD-EXPERT-REPEAT/window_days"] = "days",
    };

    /// <summary>The rule host's code of a flag (<c>R024</c> → <c>TRD-R024</c>).</summary>
    public static string Code(string flag) => flag.StartsWith("TRD-", StringComparison.Ordinal) ? flag : "TRD-" + flag;

    /// <summary>The flag of a rule host code (<c>TRD-R024</c> → <c>R024</c>).</summary>
    public static string Flag(string code) => code.StartsWith("TRD-R", StringComparison.Ordinal) ? code[4..] : code;

    private static readonly ResourceManager Texts = new("Sunlight.Trading.Resources.TradingResource", typeof(TradingRules).Assembly);

    private static string Text(string key, string culture) => Texts.GetString(key, CultureInfo.GetCultureInfo(culture)) ?? key;

    // Declared before Definitions: static fields initialise in order.
    private static readonly JsonSerializerOptions MapJson = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static IReadOnlyList<RuleDefinition> Definitions { get; } = Build();

    private static List<RuleDefinition> Build()
    {
        var list = new List<RuleDefinition>();
        foreach (var (flag, keys) in FlagSettings.Rules)
        {
            var code = Code(flag);
            var parameters = keys.Select(k => Parameter(code, flag, k.Key, k.Kind, k.Default ?? "")).ToList();
            if (FlagSettings.DefaultMaps.TryGetValue(flag, out var map))
            {
                parameters.Add(new RuleParameter("procurement_method_details", JsonSerializer.Serialize(map, MapJson), "map", Text($"RuleParam_{code}_procurement_method_details", "en"))
                {
                    Check = v => MapProblem(v, flag == "R003"),
                });
            }

            list.Add(Definition(code, Severity[flag], parameters));
        }

        list.Add(Definition(Settings, Severities.Notice,
        [
            new("currency", "CNY", "code", Text($"RuleParam_{Settings}_currency", "en")) { Check = v => v.Length == 0 || (v.Length == 3 && v.All(char.IsAsciiLetterUpper)) ? null : new BilingualText("币种为 3 个大写字母（如 CNY）或空", "a currency is 3 capital letters (CNY), or empty") },
            new("no_price_comparison_procurement_methods", FlagSettings.Sales, "list", Text($"RuleParam_{Settings}_no_price_comparison_procurement_methods", "en")) { Check = _ => null },
            new("price_comparison_procurement_methods", "", "list", Text($"RuleParam_{Settings}_price_comparison_procurement_methods", "en")) { Check = _ => null },
            new("exclusions", "", "list", Text($"RuleParam_{Settings}_exclusions", "en")) { Check = _ => null },
            new("batch_window_days", "365", "days", Text($"RuleParam_{Settings}_batch_window_days", "en")),
            new("draw_max_lead_working_days", "{\"government-procurement\":\"2\"}", "map", Text($"RuleParam_{Settings}_draw_max_lead_working_days", "en")) { Check = v => MapProblem(v, daysOnly: true) },
        ]));
        return list;
    }

    private static RuleDefinition Definition(string code, string severity, IReadOnlyList<RuleParameter> parameters) =>
        new(code, severity, "trading", $"{Text($"Rule_{code}", "zh-CN")} ({Text($"Rule_{code}", "en")})", Text($"RuleCondition_{code}", "en"), parameters)
        {
            Resources = typeof(TradingResource),
            SubjectLink = "trading/projects/{0}",
        };

    private static RuleParameter Parameter(string code, string flag, string key, SettingKind kind, string value) =>
        new(key, value, Units.GetValueOrDefault(flag + "/" + key, kind == SettingKind.Text ? "list" : "ratio"), Text($"RuleParam_{code}_{key}", "en"))
        {
            Check = kind switch
            {
                SettingKind.Integer => v => (v.Length == 0 && value.Length == 0) || (long.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n <= 100_000)
                    ? null : new BilingualText("须为 0–100000 的整数" + (value.Length == 0 ? "，或留空按四分位计算" : ""), "a whole number 0–100,000" + (value.Length == 0 ? ", or empty for the computed fence" : "")),
                SettingKind.Number => v => (v.Length == 0 && value.Length == 0) || (double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d) && d >= 0)
                    ? null : new BilingualText("须为不小于 0 的数" + (value.Length == 0 ? "，或留空按四分位计算" : ""), "a number ≥ 0" + (value.Length == 0 ? ", or empty for the computed fence" : "")),
                _ => _ => null,
            },
        };

    private static BilingualText? MapProblem(string value, bool daysOnly)
    {
        try
        {
            var map = JsonSerializer.Deserialize<Dictionary<string, string>>(value);
            return map is not null && map.Values.All(v => daysOnly ? int.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out _)
                : int.TryParse(v.EndsWith('w') ? v[..^1] : v, NumberStyles.None, CultureInfo.InvariantCulture, out _))
                ? null
                : Bad();
        }
        catch (JsonException)
        {
            return Bad();
        }

        BilingualText Bad() => new(daysOnly ? "须为 JSON 对象，值为天数，如 {\"公开招标\": \"20\"}" : "须为 JSON 对象，值为天数或工作日（w），如 {\"公开招标\": \"20\", \"竞争性谈判\": \"3w\"}",
            daysOnly ? "a JSON object of day counts, e.g. {\"公开招标\": \"20\"}" : "a JSON object of days or working days (w), e.g. {\"公开招标\": \"20\", \"竞争性谈判\": \"3w\"}");
    }

    /// <summary>
    /// A region's parameters as the settings of a flag run: every rule, the region's values (an empty computed-fence
    /// value left out), and the centre's networks for TRD-SAME-IP when the region names none.
    /// </summary>
    public static FlagSettings SettingsOf(RuleParameters parameters, IReadOnlyList<string> centreNetworks)
    {
        var ini = new StringBuilder();
        void Line(string key, string value) => ini.Append(key).Append(" = ").Append(value.Replace('\n', ' ')).Append('\n');
        Line("currency", parameters.Text(Settings, "currency"));
        Line("no_price_comparison_procurement_methods", parameters.Text(Settings, "no_price_comparison_procurement_methods"));
        if (parameters.Text(Settings, "price_comparison_procurement_methods") is { Length: > 0 } allow)
        {
            Line("price_comparison_procurement_methods", allow);
        }

        ini.Append("[exclusions]\n");
        Line("procurement_method_details", parameters.Text(Settings, "exclusions"));
        foreach (var (flag, keys) in FlagSettings.Rules)
        {
            var code = Code(flag);
            ini.Append('[').Append(flag).Append("]\n");
            foreach (var (key, _, _) in keys)
            {
                var value = parameters.Text(code, key);
                if (flag == "TRD-SAME-IP" && key == "ignore_networks" && value.Length == 0)
                {
                    value = string.Join('|', centreNetworks);
                }

                if (value.Length > 0)
                {
                    Line(key, value);
                }
            }

            if (FlagSettings.DefaultMaps.ContainsKey(flag))
            {
                ini.Append('[').Append(flag).Append(".procurement_method_details]\n");
                foreach (var (k, v) in JsonSerializer.Deserialize<Dictionary<string, string>>(parameters.Text(code, "procurement_method_details")) ?? [])
                {
                    Line(k, v);
                }
            }
        }

        return FlagSettings.Parse(ini.ToString());
    }
}

/// <summary>The trading module's rules, contributed to the rule host.</summary>
internal sealed class TradingRuleSource : IRuleSource
{
    public IReadOnlyList<RuleDefinition> Rules => TradingRules.Definitions;
}
