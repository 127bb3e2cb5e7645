using System.Globalization;

namespace Sunlight.Core.Supervision;

/// <summary>Alert severities (services.md "Rules"): 提醒, 黄牌, 红牌.</summary>
public static class Severities
{
    public const string Notice = "notice";
    public const string Yellow = "yellow";
    public const string Red = "red";

    public static IReadOnlyList<string> All { get; } = [Notice, Yellow, Red];
}

/// <summary>A documented parameter of a rule with its default (text, parsed by the rule).</summary>
public sealed record RuleParameter(string Name, string Default, string Unit, string Description)
{
    /// <summary>
    /// Checks a value an administrator sets: why it is refused, or null when it may be set. Without one, a value is a
    /// whole number 0–365, or a fraction 0–1 when the default has a decimal point (the case rules' parameters). Rules
    /// whose parameters are lists, maps or other numbers (trading's, kept in cardinal-rs' terms) bring their own.
    /// </summary>
    public Func<string, BilingualText?>? Check { get; init; }
}

/// <summary>
/// Who sees a rule's alerts, wherever alerts appear — lists, exports, the digest, the dashboard and its drill-down, the
/// alerts' ledger records, notices (CROSS-MODULE "Visibility per rule").
/// </summary>
public enum AlertVisibility
{
    /// <summary>The organisation's own staff see their alerts; supervisors, inspectors and administrators of the jurisdiction see all.</summary>
    Org,

    /// <summary>About staff (integrity files, complaints about officials): supervisors of the jurisdiction only.</summary>
    Supervisor,

    /// <summary>About a report whose reporter is sealed: supervisors only (a module may narrow it to the report's holders).</summary>
    Sealed,
}

/// <summary>A rule: stable code, severity, the module that evaluates it, its condition in words, and its parameters.</summary>
public sealed record RuleDefinition(string Code, string Severity, string Module, string Title, string Condition, IReadOnlyList<RuleParameter> Parameters)
{
    /// <summary>Who sees its alerts (default: the organisation's staff and the jurisdiction's supervision).</summary>
    public AlertVisibility Visibility { get; init; } = AlertVisibility.Org;

    /// <summary>
    /// The module's resources holding the rule's words for people: <c>Rule_{Code}</c> (name), <c>RuleCondition_{Code}</c>,
    /// <c>RuleParam_{Code}_{name}</c> and <c>RuleUnit_{unit}</c>, in zh-CN and en (<see cref="RuleTexts"/>). Title and
    /// Condition stay the canonical text of docs/rules.md.
    /// </summary>
    public Type? Resources { get; init; }

    /// <summary>Where an alert's subject is looked at, as a page path with <c>{0}</c> for the subject (null: nowhere to go).</summary>
    public string? SubjectLink { get; init; }

    /// <summary>
    /// The request of a 督办单 this rule drafts for each of its open alerts (origin <c>rule:&lt;code&gt;</c>), which a
    /// supervisor issues or discards; null: the rule drafts none. Only rules whose alerts the organisation sees draft.
    /// A 督办单 is an official document to a Chinese department: its request is written in Chinese (with the alert's
    /// Chinese summary), whatever language the supervisor reads the pages in — like any text a person words.
    /// </summary>
    public string? NoticeDraft { get; init; }

    /// <summary>The page of <paramref name="subject"/>, or null.</summary>
    public string? LinkTo(string subject) => SubjectLink is null ? null : string.Format(System.Globalization.CultureInfo.InvariantCulture, SubjectLink, Uri.EscapeDataString(subject));
}

/// <summary>Rules a module contributes to the host (registered as a singleton per module).</summary>
public interface IRuleSource
{
    IReadOnlyList<RuleDefinition> Rules { get; }
}

/// <summary>
/// The effective parameters of every rule for one region at one instant: the default, overridden by the most specific
/// region's latest setting in force at that instant (a county's setting beats the city's).
/// </summary>
public sealed class RuleParameters
{
    private readonly IReadOnlyDictionary<(string Rule, string Name), string> _values;

    public RuleParameters(IReadOnlyDictionary<(string Rule, string Name), string> values) => _values = values;

    public static RuleParameters Defaults(IEnumerable<RuleDefinition> rules) =>
        new(rules.SelectMany(r => r.Parameters.Select(p => (Key: (r.Code, p.Name), p.Default))).ToDictionary(x => x.Key, x => x.Default));

    public string Text(string rule, string name) =>
        _values.TryGetValue((rule, name), out var v) ? v : throw new KeyNotFoundException($"Rule {rule} has no parameter {name}.");

    public int Whole(string rule, string name) => int.Parse(Text(rule, name), CultureInfo.InvariantCulture);

    public decimal Fraction(string rule, string name) => decimal.Parse(Text(rule, name), CultureInfo.InvariantCulture);

    public RuleParameters With(string rule, string name, string value)
    {
        var copy = new Dictionary<(string, string), string>(_values) { [(rule, name)] = value };
        return new RuleParameters(copy);
    }
}

/// <summary>
/// What a rule found: raised once per (rule, subject, key); <c>Key</c> is empty unless the rule is per step. The
/// summary is written in both languages and kept so (issue 11.4): each reader sees theirs.
/// </summary>
public sealed record AlertDraft(
    string Rule, string Severity, string Subject, string Key, string OrganisationCode, string RegionPath, DateTimeOffset? DueAt, BilingualText Summary,
    IReadOnlyList<string> Evidence);

/// <summary>A module's index of due instants: the host asks it, on a timer, to evaluate what fell due.</summary>
public interface IDueSource
{
    /// <summary>Evaluates the subjects whose next due instant is at or before <paramref name="now"/>; returns how many were evaluated.</summary>
    Task<int> RunDueAsync(DateTimeOffset now, CancellationToken ct);
}

/// <summary>Core's own rules: the ledger's (raised by the witness) and the supervisor's manual alert.</summary>
public sealed class CoreRules : IRuleSource
{
    public const string Rewrite = "LEDGER-REWRITE";

    /// <summary>An alert a supervisor raises by hand (a tip-off, an inspection finding).</summary>
    public const string Manual = "SUP-MANUAL";

    public IReadOnlyList<RuleDefinition> Rules { get; } =
    [
        new(Rewrite, Severities.Red, "ledger", "账本被改写 (ledger history rewritten)",
            "a child node presented a checkpoint that does not extend the history this node witnessed: the same size with another root (fork) or a consistency proof that does not verify (inconsistent)", [])
        {
            Resources = typeof(SupervisionResource),
        },
        new(Manual, Severities.Yellow, "supervision", "人工预警 (raised by a supervisor)",
            "raised by hand by a supervisor about a subject of an organisation in their jurisdiction, with the severity they choose (yellow by default) and their summary", [])
        {
            Resources = typeof(SupervisionResource),
        },
    ];
}

/// <summary>A rule's words in the reader's language, from its module's resources (the canonical text where a key is missing).</summary>
public sealed class RuleTexts(Microsoft.Extensions.Localization.IStringLocalizerFactory factory)
{
    public string Title(RuleDefinition? rule, string code) => rule is null ? code : Find(rule, $"Rule_{rule.Code}") ?? rule.Title;

    public string Condition(RuleDefinition rule) => Find(rule, $"RuleCondition_{rule.Code}") ?? rule.Condition;

    public string Description(RuleDefinition rule, RuleParameter parameter) =>
        Find(rule, $"RuleParam_{rule.Code}_{parameter?.Name}") ?? parameter?.Description ?? "";

    public string Unit(RuleDefinition rule, RuleParameter parameter) => Find(rule, $"RuleUnit_{parameter?.Unit}") ?? parameter?.Unit ?? "";

    private string? Find(RuleDefinition rule, string key)
    {
        ArgumentNullException.ThrowIfNull(rule);
        if (rule.Resources is null)
        {
            return null;
        }

        var text = factory.Create(rule.Resources)[key];
        return text.ResourceNotFound ? null : text.Value;
    }
}
