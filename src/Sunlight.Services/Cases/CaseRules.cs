using System.Text.Json;
using Sunlight.Core.Calendar;
using Sunlight.Core.Directory;
using Sunlight.Core.Supervision;
using Sunlight.Services.Cases.Rules;
using Sunlight.Services.Contracts;

namespace Sunlight.Services.Cases;

/// <summary>An event as the rules see it: what happened, when, when it reached Sunlight, who did it.</summary>
internal sealed record RuleEvent(string Id, string Type, DateTimeOffset At, DateTimeOffset ReceivedAt, string? Actor, string Body)
{
    private JsonElement? _json;

    public JsonElement Json => _json ??= JsonDocument.Parse(Body).RootElement.Clone();

    public string? Text(string name) => Json.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    public decimal? Number(string name) => Json.TryGetProperty(name, out var v) && v.TryGetDecimal(out var d) ? d : null;
}

/// <summary>Everything the case rules read: the case, its item version, its events and the staff directory.</summary>
internal sealed record CaseFacts(string CaseNo, string OrganisationCode, string RegionPath, ItemDto Item, IReadOnlyList<RuleEvent> Events, IReadOnlyDictionary<string, StaffFacts> Staff);

/// <summary>What one evaluation found, and the next instant at which a time rule could fire (null: none).</summary>
internal sealed record CaseVerdict(IReadOnlyList<AlertDraft> Alerts, DateTimeOffset? NextCheck);

/// <summary>
/// The case rules of services.md ("Rules"), exactly as written there, one file each in <c>Cases/Rules</c>; codes,
/// severities and parameters are in their definitions and <c>docs/rules.md</c> (a test keeps the two the same).
/// Evaluation is a pure function of the facts, the parameters, the calendar and the instant, so live evaluation,
/// due-instant evaluation and replay give the same answer. Working days come from the official calendar. Where a due
/// instant is reckoned across a year whose holiday notice is not loaded (a provisional year, 暂定), a yellow or notice
/// alert says so in its summary, and a red one is not raised on that date alone: the case is evaluated again when the
/// notice is loaded (<see cref="CaseCalendarFollower"/>) and the red alert then fires if the official date confirms it.
/// Beyond the calendar's reach the time rule does not fire.
/// </summary>
internal static class CaseRules
{
    public const string AcceptLate = Rules.AcceptLate.Code;
    public const string DeadlineWarn = Rules.DeadlineWarn.Code;
    public const string Overdue = Rules.Overdue.Code;
    public const string StatutoryOverdue = Rules.StatutoryOverdue.Code;
    public const string StepOverdue = Rules.StepOverdue.Code;
    public const string FeeNotAllowed = Rules.FeeNotAllowed.Code;
    public const string FeeOverStandard = Rules.FeeOverStandard.Code;
    public const string ProcessOrder = Rules.ProcessOrder.Code;
    public const string UnauthorizedHandler = Rules.UnauthorizedHandler.Code;
    public const string PauseAbuse = Rules.PauseAbuse.Code;
    public const string NoReason = Rules.NoReason.Code;
    public const string Discretion = Rules.Discretion.Code;
    public const string LateReport = Rules.LateReport.Code;
    public const string Backfill = Rules.Backfill.Code;
    public const string BadRating = Rules.BadRating.Code;

    /// <summary>A case alert opens the case's page (timeline, proofs).</summary>
    private const string CasePage = "supervision/cases/{0}";

    /// <summary>Every case rule, in the order they are evaluated (and listed).</summary>
    public static IReadOnlyList<CaseRule> All { get; } =
    [
        new Rules.AcceptLate(), new Rules.DeadlineWarn(), new Rules.Overdue(), new Rules.StatutoryOverdue(), new Rules.StepOverdue(),
        new Rules.FeeNotAllowed(), new Rules.FeeOverStandard(), new Rules.ProcessOrder(), new Rules.UnauthorizedHandler(), new Rules.PauseAbuse(),
        new Rules.NoReason(), new Rules.Discretion(), new Rules.LateReport(), new Rules.Backfill(), new Rules.BadRating(),
    ];

    public static IReadOnlyList<RuleDefinition> Definitions { get; } = All.Select(r => r.Definition with { SubjectLink = CasePage, Resources = typeof(ServicesResource) }).ToList();

    public static CaseVerdict Evaluate(CaseFacts facts, RuleParameters parameters, WorkCalendar calendar, DateTimeOffset now, CaseClock? computed = null)
    {
        ArgumentNullException.ThrowIfNull(facts);
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(calendar);
        var events = facts.Events.OrderBy(e => e.At).ThenBy(e => e.ReceivedAt).ToList();
        if (events.FirstOrDefault(e => e.Type == "submitted") is not { } submitted)
        {
            return new CaseVerdict([], null);
        }

        var clock = computed ?? CaseClock.Compute(facts.Item, events.Select(e => (e.Type, e.At, e.Body)).ToList(), calendar, now);
        var check = new CaseCheck(facts, parameters, calendar, now, clock, events, submitted);
        foreach (var rule in All)
        {
            rule.Evaluate(check);
        }

        return new CaseVerdict(check.Alerts, check.NextCheck);
    }
}

/// <summary>The services module's rules, contributed to the rule host.</summary>
internal sealed class ServicesRuleSource : IRuleSource
{
    public IReadOnlyList<RuleDefinition> Rules => CaseRules.Definitions;
}
