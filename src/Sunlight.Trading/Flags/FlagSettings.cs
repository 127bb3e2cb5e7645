using System.Globalization;
using System.Text;

namespace Sunlight.Trading.Flags;

/// <summary>A settings problem, naming the line of the INI file at fault (1-based; 0 when it is the file's as a whole).</summary>
internal sealed class FlagSettingsException(int line, string message) : Exception(line > 0 ? $"line {line}: {message}" : message)
{
    public int Line { get; } = line;
}

/// <summary>The type of a setting (trading-flags.md, "Settings").</summary>
internal enum SettingKind
{
    Text,
    Integer,
    Number,
    Boolean,
}

/// <summary>
/// The settings of <c>sunlight flags ocds</c> in cardinal-rs' INI (trading-flags.md "Settings"): top-level keys, one
/// section per rule code with its keys, <c>[CODE.procurement_method_details]</c> maps, <c>[exclusions]</c>,
/// <c>[output]</c> and cardinal's <c>prepare</c> sections (accepted, ignored). A section present enables its rule.
/// Without a file the built-in settings run: every rule, <c>currency = CNY</c> and sales excluded from price
/// comparison (<see cref="BuiltIn"/>, the file <c>sunlight flags init</c> writes).
/// </summary>
internal sealed class FlagSettings
{
    /// <summary>Every rule code with its keys, types and defaults (null: none — a computed fence or no limit).</summary>
    public static readonly IReadOnlyDictionary<string, IReadOnlyList<(string Key, SettingKind Kind, string? Default)>> Rules =
        new Dictionary<string, IReadOnlyList<(string, SettingKind, string?)>>(StringComparer.Ordinal)
        {
            ["R003"] = [("threshold", SettingKind.Integer, "15"), ("procurement_methods", SettingKind.Text, "")],
            ["R018"] = [("procurement_methods", SettingKind.Text, "open|selective")],
            ["R024"] = [("threshold", SettingKind.Number, null)],
            ["R025"] = [("percentile", SettingKind.Integer, "75"), ("threshold", SettingKind.Number, null)],
            ["R028"] = [],
            ["R030"] = [],
            ["R035"] = [("threshold", SettingKind.Integer, "1")],
            ["R036"] = [],
            ["R038"] = [("threshold", SettingKind.Number, null), ("minimum_submitted_bids", SettingKind.Integer, "2"), ("minimum_contracting_processes", SettingKind.Integer, "2")],
            ["R048"] = [("digits", SettingKind.Integer, "2"), ("threshold", SettingKind.Integer, null), ("minimum_contracting_processes", SettingKind.Integer, "20")],
            ["R058"] = [("threshold", SettingKind.Number, null)],
            ["R031"] = [("threshold", SettingKind.Number, "0.01")],
            ["R034"] = [("minimum_processes", SettingKind.Integer, "3")],
            ["R053"] = [("minimum_processes", SettingKind.Integer, "4"), ("share", SettingKind.Number, "0.8")],
            ["R057"] = [("minimum_processes", SettingKind.Integer, "3")],
            ["R061"] = [("procurement_methods", SettingKind.Text, "open|selective"), ("threshold", SettingKind.Integer, "2")],
            ["R069"] = [],
            ["TRD-BID-PERIOD"] = [],
            ["TRD-AMEND-LATE"] = [],
            ["TRD-OPENING-TIME"] = [("grace_minutes", SettingKind.Integer, "60")],
            ["TRD-LATE-BID"] = [],
            ["TRD-PUBLICITY-SHORT"] = [("minimum_days", SettingKind.Integer, "3")],
            ["TRD-CONTRACT-LATE"] = [("maximum_days", SettingKind.Integer, "30")],
            ["TRD-GP-CONTRACT-PUBLISH"] = [("maximum_working_days", SettingKind.Integer, "2")],
            ["TRD-FEW-BIDDERS"] = [("minimum_tenderers", SettingKind.Integer, "3")],
            ["TRD-OVER-CEILING"] = [],
            ["TRD-CONTRACT-MISMATCH"] = [("tolerance", SettingKind.Number, "0.00")],
            ["TRD-CONTRACT-TOPUP"] = [("share", SettingKind.Number, "0.1")],
            ["TRD-SAME-AUTHOR"] = [("ignore_authors", SettingKind.Text, "Administrator|admin|user|微软用户|Microsoft|Windows User|Windows 用户")],
            ["TRD-SAME-PERSON"] = [],
            ["TRD-SAME-DEVICE"] = [("ignore_macs", SettingKind.Text, "000000000000|FFFFFFFFFFFF"), ("kinds", SettingKind.Text, "disk|board|dongle|file")],
            ["TRD-SAME-IP"] = [("ignore_networks", SettingKind.Text, "")],
            ["TRD-SAME-DEPOSIT"] = [],
            ["TRD-SAME-ANOMALY"] = [],
            ["TRD-PRICE-PATTERN"] = [("tolerance_fen", SettingKind.Integer, "1")],
            ["TRD-DEPOSIT-THIRD-PARTY"] = [],
            ["TRD-EXPERT-NOT-DRAWN"] = [],
            ["TRD-EXPERT-CONFLICT"] = [],
            ["TRD-EXPERT-REPEAT"] = [("max_panels", SettingKind.Integer, "2"), ("window_days", SettingKind.Integer, "180")],
            ["TRD-SCORE-OUTLIER"] = [("max_deviation", SettingKind.Number, "0.2")],
        };

    /// <summary>Rules whose days depend on the procurement method's details, with the built-in minimums (`w` = working days).</summary>
    public static readonly IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> DefaultMaps =
        new Dictionary<string, IReadOnlyDictionary<string, string>>(StringComparer.Ordinal)
        {
            ["R003"] = new Dictionary<string, string>(StringComparer.Ordinal),
            // 招标投标法 §24, 政府采购法 §35, 财库〔2014〕214号 §10, 财政部令第74号 §29 §45, 国土资源部令第39号, 国资委 财政部令第32号 §13.
            ["TRD-BID-PERIOD"] = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["公开招标"] = "20", ["邀请招标"] = "20", ["竞争性磋商"] = "10", ["竞争性谈判"] = "3w", ["询价"] = "3w", ["挂牌出让"] = "30", ["产权转让"] = "20w",
            },
            // 招标投标法 §23, 实施条例 §21; 财库〔2014〕214号; 财政部令第74号.
            ["TRD-AMEND-LATE"] = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["公开招标"] = "15", ["邀请招标"] = "15", ["竞争性磋商"] = "5", ["竞争性谈判"] = "3w", ["询价"] = "3w",
            },
        };

    private static readonly HashSet<string> TopLevel = new(StringComparer.Ordinal) { "currency", "no_price_comparison_procurement_methods", "price_comparison_procurement_methods" };

    /// <summary>cardinal's <c>prepare</c> sections: accepted and ignored here.</summary>
    private static readonly HashSet<string> Ignored = new(StringComparer.Ordinal)
    {
        "defaults", "redactions", "corrections", "modifications", "codelists.bid_status", "codelists.award_status",
    };

    /// <summary>Sales, where the highest price wins: no price comparison in the built-in settings.</summary>
    public const string Sales = "挂牌出让|拍卖出让|招标出让|产权转让";

    private readonly Dictionary<string, Dictionary<string, string>> _sections = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _top = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Dictionary<string, string>> _maps = new(StringComparer.Ordinal);

    public string? Currency => _top.GetValueOrDefault("currency");

    public IReadOnlySet<string>? PriceComparison => _top.TryGetValue("price_comparison_procurement_methods", out var v) ? PipeSet(v) : null;

    public IReadOnlySet<string>? NoPriceComparison => _top.TryGetValue("no_price_comparison_procurement_methods", out var v) ? PipeSet(v) : null;

    public IReadOnlySet<string> Exclusions { get; private set; } = new HashSet<string>();

    /// <summary>Whether a rule runs (its section is present).</summary>
    public bool Enabled(string code) => _sections.ContainsKey(code);

    public IEnumerable<string> EnabledRules => _sections.Keys;

    /// <summary>These settings with only <paramref name="codes"/> enabled (the rule host's batch runs the cross-process rules alone).</summary>
    public FlagSettings Only(IReadOnlySet<string> codes)
    {
        var copy = new FlagSettings { Exclusions = Exclusions };
        foreach (var (k, v) in _top)
        {
            copy._top[k] = v;
        }

        foreach (var (code, section) in _sections.Where(s => codes.Contains(s.Key)))
        {
            copy._sections[code] = section;
        }

        foreach (var (code, map) in _maps)
        {
            copy._maps[code] = map;
        }

        return copy;
    }

    /// <summary>A rule's integer setting, or null when neither set nor defaulted.</summary>
    public long? Integer(string code, string key) => (long?)Memo(code, key, 'i');

    /// <summary>A rule's number setting, or null when neither set nor defaulted.</summary>
    public double? Number(string code, string key) => (double?)Memo(code, key, 'n');

    /// <summary>A rule's text setting (its default when absent).</summary>
    public string? Text(string code, string key) => Value(code, key);

    /// <summary>A rule's text setting as cardinal's pipe-separated set (absent: null).</summary>
    public IReadOnlySet<string>? Set(string code, string key) => (IReadOnlySet<string>?)Memo(code, key, 's');

    // Rules read their settings for every line: each value is parsed once.
    private readonly Dictionary<(string, string, char), object?> _memo = [];

    private object? Memo(string code, string key, char kind)
    {
        if (!_memo.TryGetValue((code, key, kind), out var value))
        {
            value = _memo[(code, key, kind)] = kind switch
            {
                'i' => Value(code, key) is { } i ? ParseInteger(i, 0, key) : null,
                'n' => Value(code, key) is { } n ? ParseNumber(n, 0, key) : null,
                's' => Value(code, key) is { } v ? PipeSet(v) : null,
                _ => MakeMap(code),
            };
        }

        return value;
    }

    /// <summary>A rule's map of procurement method details to a value (the defaults, replaced entry by entry by the file's).</summary>
    public IReadOnlyDictionary<string, string> Map(string code) => (IReadOnlyDictionary<string, string>)Memo(code, "", 'm')!;

    private Dictionary<string, string> MakeMap(string code)
    {
        var map = new Dictionary<string, string>(DefaultMaps.GetValueOrDefault(code) ?? new Dictionary<string, string>(), StringComparer.Ordinal);
        foreach (var (k, v) in _maps.GetValueOrDefault(code) ?? [])
        {
            map[k] = v;
        }

        return map;
    }

    private string? Value(string code, string key)
    {
        if (_sections.TryGetValue(code, out var section) && section.TryGetValue(key, out var value))
        {
            return value;
        }

        return Rules.TryGetValue(code, out var keys) ? keys.FirstOrDefault(k => k.Key == key).Default : null;
    }

    /// <summary>cardinal's pipe-separated list: split on <c>|</c>, one trailing empty piece dropped, nothing trimmed; empty text is the empty set.</summary>
    public static IReadOnlySet<string> PipeSet(string value)
    {
        var parts = value.Split('|').ToList();
        if (parts.Count > 0 && parts[^1].Length == 0)
        {
            parts.RemoveAt(parts.Count - 1);
        }

        return parts.ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>The built-in settings: every rule with its defaults, <c>currency = CNY</c>, sales without price comparison.</summary>
    public static FlagSettings BuiltIn() => Parse(BuiltInText);

    /// <summary>The built-in settings as the INI file <c>sunlight flags init</c> writes.</summary>
    public static string BuiltInText
    {
        get
        {
            var text = new StringBuilder();
            text.AppendLine("; sunlight flags ocds — settings (trading-flags.md). A section present runs its rule; a missing key takes its default.");
            text.AppendLine("currency = CNY");
            text.AppendLine("no_price_comparison_procurement_methods = " + Sales);
            text.AppendLine();
            text.AppendLine("[exclusions]");
            text.AppendLine("procurement_method_details =");
            foreach (var (code, keys) in Rules)
            {
                text.AppendLine();
                text.Append('[').Append(code).AppendLine("]");
                foreach (var (key, _, value) in keys)
                {
                    text.AppendLine(value is null ? "; " + key + " =" : key + " = " + value);
                }

                if (DefaultMaps.TryGetValue(code, out var map))
                {
                    text.AppendLine();
                    text.Append('[').Append(code).AppendLine(".procurement_method_details]");
                    foreach (var (k, v) in map)
                    {
                        text.AppendLine(k + " = " + v);
                    }
                }
            }

            return text.ToString();
        }
    }

    /// <summary>Reads INI text; every problem names its line.</summary>
    public static FlagSettings Parse(string text)
    {
        var settings = new FlagSettings();
        string? section = null;
        var lineNumber = 0;
        foreach (var raw in text.Split('\n'))
        {
            lineNumber++;
            var line = raw.TrimEnd('\r').Trim();
            if (lineNumber == 1)
            {
                line = line.TrimStart('\uFEFF');
            }

            if (line.Length == 0 || line[0] is ';' or '#')
            {
                continue;
            }

            if (line[0] == '[')
            {
                var end = line.IndexOf(']', StringComparison.Ordinal);
                if (end < 0 || line[(end + 1)..].Trim().Length > 0)
                {
                    throw new FlagSettingsException(lineNumber, $"a section header is [name] alone on its line: {raw.Trim()}");
                }

                section = line[1..end].Trim();
                if (section.EndsWith(".procurement_method_details", StringComparison.Ordinal))
                {
                    var code = section[..^".procurement_method_details".Length];
                    if (!DefaultMaps.ContainsKey(code))
                    {
                        throw new FlagSettingsException(lineNumber, $"unknown section [{section}]: only R003, TRD-BID-PERIOD and TRD-AMEND-LATE map procurement method details");
                    }

                    // A map enables its rule, as in cardinal (its table is the rule's).
                    settings._maps.TryAdd(code, new Dictionary<string, string>(StringComparer.Ordinal));
                    settings._sections.TryAdd(code, new Dictionary<string, string>(StringComparer.Ordinal));
                }
                else if (section is "exclusions" or "output")
                {
                    settings._sections.Remove(section);
                }
                else if (Rules.ContainsKey(section))
                {
                    settings._sections[section] = new Dictionary<string, string>(StringComparer.Ordinal);
                }
                else if (!Ignored.Contains(section))
                {
                    throw new FlagSettingsException(lineNumber, $"unknown section [{section}]; known: the rule codes ({string.Join(", ", Rules.Keys)}), exclusions, output, and cardinal's prepare sections");
                }

                continue;
            }

            var eq = line.IndexOf('=', StringComparison.Ordinal);
            if (eq < 0)
            {
                eq = line.IndexOf(':', StringComparison.Ordinal);
            }

            if (eq <= 0)
            {
                throw new FlagSettingsException(lineNumber, $"expected key = value: {raw.Trim()}");
            }

            var key = line[..eq].Trim();
            var value = Unquote(line[(eq + 1)..].Trim());
            settings.Set(section, key, value, lineNumber);
        }

        return settings;
    }

    private void Set(string? section, string key, string value, int line)
    {
        if (section is null)
        {
            if (!TopLevel.Contains(key))
            {
                throw new FlagSettingsException(line, $"unknown top-level key {key}; known: {string.Join(", ", TopLevel)}");
            }

            _top[key] = value;
            return;
        }

        if (Ignored.Contains(section))
        {
            return;
        }

        if (section == "exclusions")
        {
            Exclusions = key == "procurement_method_details" ? PipeSet(value) : throw new FlagSettingsException(line, $"unknown key {key} in [exclusions]; known: procurement_method_details");
            return;
        }

        if (section == "output")
        {
            _ = key == "info_currency_mismatches" ? ParseBoolean(value, line, key) : throw new FlagSettingsException(line, $"unknown key {key} in [output]; known: info_currency_mismatches");
            return;
        }

        if (section.EndsWith(".procurement_method_details", StringComparison.Ordinal))
        {
            var code = section[..^".procurement_method_details".Length];
            if (code == "R003")
            {
                _ = ParseInteger(value, line, key);
            }
            else if (!(value.EndsWith('w') ? int.TryParse(value[..^1], NumberStyles.None, CultureInfo.InvariantCulture, out _) : int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out _)))
            {
                throw new FlagSettingsException(line, $"{key} = {value}: a number of days, or of working days written as 3w");
            }

            _maps[code][key] = value;
            return;
        }

        var keys = Rules[section];
        var known = keys.FirstOrDefault(k => k.Key == key);
        if (known.Key is null)
        {
            throw new FlagSettingsException(line, keys.Count == 0
                ? $"[{section}] takes no keys, got {key}"
                : $"unknown key {key} in [{section}]; known: {string.Join(", ", keys.Select(k => k.Key))}");
        }

        _ = known.Kind switch
        {
            SettingKind.Integer => (object)ParseInteger(value, line, key),
            SettingKind.Number => ParseNumber(value, line, key),
            SettingKind.Boolean => ParseBoolean(value, line, key),
            _ => value,
        };
        _sections[section][key] = value;
    }

    private static string Unquote(string value) =>
        value.Length >= 2 && (value[0] == '"' || value[0] == '\'') && value[^1] == value[0] ? value[1..^1] : value;

    private static long ParseInteger(string value, int line, string key) =>
        value.ToUpperInvariant() switch
        {
            "TRUE" or "ON" or "YES" => 1,
            "FALSE" or "OFF" or "NO" => 0,
            _ => long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) ? n : throw new FlagSettingsException(line, $"{key} = {value}: an integer is expected"),
        };

    private static double ParseNumber(string value, int line, string key) =>
        value.ToUpperInvariant() switch
        {
            "TRUE" or "ON" or "YES" => 1,
            "FALSE" or "OFF" or "NO" => 0,
            _ => double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var n) ? n : throw new FlagSettingsException(line, $"{key} = {value}: a number is expected"),
        };

    private static bool ParseBoolean(string value, int line, string key) =>
        value.ToUpperInvariant() switch
        {
            "1" or "TRUE" or "ON" or "YES" => true,
            "0" or "FALSE" or "OFF" or "NO" => false,
            _ => throw new FlagSettingsException(line, $"{key} = {value}: true or false is expected"),
        };
}
