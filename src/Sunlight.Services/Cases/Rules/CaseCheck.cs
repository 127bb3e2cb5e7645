using Sunlight.Core;
using Sunlight.Core.Accounts;
using Sunlight.Core.Calendar;
using Sunlight.Core.Supervision;
using Sunlight.Services.Contracts;

namespace Sunlight.Services.Cases.Rules;

/// <summary>
/// One evaluation of one case: the facts every rule reads (events in order, the clock, the parameters, the calendar,
/// the instant), and what the rules found (alerts) and when a time rule could fire next.
/// </summary>
internal sealed class CaseCheck
{
    private readonly List<AlertDraft> _alerts = [];
    private readonly List<DateTimeOffset> _next = [];

    public CaseCheck(CaseFacts facts, RuleParameters parameters, WorkCalendar calendar, DateTimeOffset now, CaseClock clock, IReadOnlyList<RuleEvent> events, RuleEvent submitted)
    {
        Facts = facts;
        Parameters = parameters;
        Calendar = calendar;
        Now = now;
        Clock = clock;
        Events = events;
        Submitted = submitted;
        End = events.FirstOrDefault(e => e.Type is "concluded" or "rejected");
        Concluded = events.FirstOrDefault(e => e.Type == "concluded");
        PausedNow = End is null && CaseClock.IsPaused(events, e => e.Type);
    }

    public CaseFacts Facts { get; }

    public ItemDto Item => Facts.Item;

    public RuleParameters Parameters { get; }

    public WorkCalendar Calendar { get; }

    public DateTimeOffset Now { get; }

    public CaseClock Clock { get; }

    /// <summary>The case's events by <c>at</c>, then arrival.</summary>
    public IReadOnlyList<RuleEvent> Events { get; }

    public RuleEvent Submitted { get; }

    /// <summary>The event that stopped the clock (<c>concluded</c> or <c>rejected</c>), or null while open.</summary>
    public RuleEvent? End { get; }

    public RuleEvent? Concluded { get; }

    public bool Open => End is null;

    /// <summary>The instant the clock stands at: the end, or now.</summary>
    public DateTimeOffset Until => End?.At ?? Now;

    /// <summary>Open and paused (a pause or a correction request not yet answered): time rules wait.</summary>
    public bool PausedNow { get; }

    public IReadOnlyList<AlertDraft> Alerts => _alerts;

    public DateTimeOffset? NextCheck => _next.Count == 0 ? null : _next.Min();

    /// <summary>
    /// Raises <paramref name="rule"/> about the case. A due instant reckoned across a year without its holiday notice
    /// (暂定) never raises a red alert alone, and marks a yellow or notice one as provisional.
    /// </summary>
    public void Raise(CaseRule rule, string key, DateTimeOffset? due, BilingualText summary, params RuleEvent[] evidence)
    {
        if (CaseClock.Provisional(Calendar, Submitted.At, due))
        {
            if (rule.Severity == Severities.Red)
            {
                return;
            }

            summary = summary.Append(new("（期限暂定：该年节假日安排尚未录入）", " (provisional: that year's holiday notice is not loaded)"));
        }

        _alerts.Add(new AlertDraft(rule.Definition.Code, rule.Severity, Facts.CaseNo, key, Facts.OrganisationCode, Facts.RegionPath, due, summary,
            evidence.Select(e => e.Id).Distinct().ToList()));
    }

    /// <summary>Asks to be evaluated again at <paramref name="at"/> (when it is in the future).</summary>
    public void Later(DateTimeOffset? at)
    {
        if (at is { } t && t > Now)
        {
            _next.Add(t);
        }
    }

    /// <summary>The end of the <paramref name="workdays"/>-th working day after <paramref name="from"/>'s day; null beyond the calendar.</summary>
    public DateTimeOffset? Due(DateTimeOffset from, int workdays)
    {
        try
        {
            return CaseClock.EndOfDay(Calendar.AddWorkdays(CaseClock.Day(from), workdays));
        }
        catch (CalendarCoverageException)
        {
            return null;
        }
    }

    /// <summary>Working days after <paramref name="from"/>'s day up to <paramref name="to"/>'s; null beyond the calendar.</summary>
    public int? Count(DateTimeOffset from, DateTimeOffset to)
    {
        try
        {
            return Calendar.CountWorkdays(CaseClock.Day(from), CaseClock.Day(to));
        }
        catch (CalendarCoverageException)
        {
            return null;
        }
    }

    /// <summary>An event type in words (受理 / accepted …), for summaries: people read names, not codes.</summary>
    public static BilingualText Event(string type) => Words.Of("Event_" + type, type);

    /// <summary>A role in words (部门负责人 / department head …).</summary>
    public static BilingualText Role(string role) => SunlightRoles.Name(role);

    /// <summary>A step of the item in words: its code and name (环节 S2「审查」).</summary>
    public BilingualText Step(string code) => Item.Steps.FirstOrDefault(s => s.Code == code) is { } step
        ? new($"环节 {code}「{step.Name}」", $"step {code} \"{step.Name}\"")
        : new($"环节 {code}", $"step {code}");

    /// <summary>An instant as local text for summaries.</summary>
    public static string Local(DateTimeOffset at) => ChinaTime.Local(at);
}
