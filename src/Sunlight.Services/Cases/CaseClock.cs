using System.Text.Json;
using Sunlight.Core.Calendar;
using Sunlight.Services.Contracts;

namespace Sunlight.Services.Cases;

/// <summary>When a step is due and when it was done.</summary>
public sealed record StepDue(string Step, string Name, int Limit, DateTimeOffset? Due, DateTimeOffset? CompletedAt);

/// <summary>
/// The clock of a case in working days of the official calendar (services.md "Rules"): counted from the day of
/// <c>submitted</c>, paused periods (correction requests, pauses) not counted, approved extensions added to the
/// statutory limit. A due instant is the end of its working day in Asia/Shanghai. A due instant reckoned across a year
/// without its holiday notice is provisional (暂定: <see cref="CommittedDueProvisional"/>, …) until the notice is loaded;
/// outside the calendar's reach it is unknown (null) rather than guessed.
/// </summary>
public sealed record CaseClock(
    int CountedWorkdays, int PausedWorkdays, int ExtensionDays, DateTimeOffset? AcceptanceDue, DateTimeOffset? CommittedDue,
    DateTimeOffset? StatutoryDue, int? RemainingWorkdays, IReadOnlyList<StepDue> Steps, decimal FeesCharged, string? Outcome,
    decimal? PenaltyAmount, string? Tier, bool CalendarCovered)
{
    /// <summary>The committed due instant (and the working days left) were reckoned across a provisional year.</summary>
    public bool CommittedDueProvisional { get; init; }

    /// <summary>The statutory due instant was reckoned across a provisional year.</summary>
    public bool StatutoryDueProvisional { get; init; }

    /// <summary>Acceptance must be decided within 5 working days (行政许可法 §32).</summary>
    public const int AcceptanceLimit = 5;

    public static CaseClock Compute(ItemDto item, IReadOnlyList<(string Type, DateTimeOffset At, string Body)> events, WorkCalendar calendar, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(item);
        ArgumentNullException.ThrowIfNull(events);
        ArgumentNullException.ThrowIfNull(calendar);
        var ordered = events.OrderBy(e => e.At).ToList();
        var submitted = ordered.First(e => e.Type == "submitted").At;
        var end = ordered.FirstOrDefault(e => e.Type is "concluded" or "rejected").At;
        var until = end == default ? now : end;
        var covered = true;

        int Count(DateTimeOffset from, DateTimeOffset to)
        {
            try
            {
                return calendar.CountWorkdays(Day(from), Day(to));
            }
            catch (CalendarCoverageException)
            {
                covered = false;
                return 0;
            }
        }

        DateTimeOffset? DueAfter(DateTimeOffset from, int workdays)
        {
            try
            {
                return EndOfDay(calendar.AddWorkdays(Day(from), workdays));
            }
            catch (CalendarCoverageException)
            {
                covered = false;
                return null;
            }
        }

        // Paused periods: correction-requested → corrected, paused → resumed (open ones run to now).
        var paused = PauseSpans(ordered.Select(e => e.Type).ToList())
            .Sum(span => Count(ordered[span.Start].At, span.Stop is { } stop ? ordered[stop].At : until));
        var extension = 0;
        var fees = 0m;
        string? outcome = null, tier = null;
        decimal? penalty = null;
        var completed = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        foreach (var (type, at, body) in ordered)
        {
            using var doc = JsonDocument.Parse(body);
            var json = doc.RootElement;
            switch (type)
            {
                case "extended" when json.TryGetProperty("days", out var d) && d.TryGetInt32(out var days):
                    extension += days;
                    break;
                case "fee-charged" when json.TryGetProperty("amount", out var a) && a.TryGetDecimal(out var amount):
                    fees += amount;
                    break;
                case "decided":
                    outcome = json.TryGetProperty("outcome", out var o) ? o.GetString() : null;
                    penalty = json.TryGetProperty("amount", out var p) && p.TryGetDecimal(out var pa) ? pa : null;
                    tier = json.TryGetProperty("tier", out var t) ? t.GetString() : null;
                    break;
                case "step-completed" when json.TryGetProperty("step", out var s) && s.GetString() is { } step:
                    completed.TryAdd(step, at);
                    break;
            }
        }

        var counted = Math.Max(0, Count(submitted, until) - paused);
        var committedDue = DueAfter(submitted, item.CommittedLimit + paused);
        var statutoryDue = DueAfter(submitted, item.StatutoryLimit + extension + paused);

        // Steps run one after another from acceptance (or submission), each within its own limit.
        var steps = new List<StepDue>();
        var stepStart = ordered.FirstOrDefault(e => e.Type == "accepted").At;
        if (stepStart == default)
        {
            stepStart = submitted;
        }

        foreach (var step in item.Steps)
        {
            var due = DueAfter(stepStart, step.Limit);
            completed.TryGetValue(step.Code, out var done);
            steps.Add(new StepDue(step.Code, step.Name, step.Limit, due, done == default ? null : done));
            if (done != default)
            {
                stepStart = done;
            }
            else if (due is { } d)
            {
                stepStart = d.AddSeconds(-1);
            }
        }

        int? remaining = end == default && covered ? item.CommittedLimit - counted : null;
        return new CaseClock(counted, paused, extension, DueAfter(submitted, AcceptanceLimit), committedDue, statutoryDue, remaining, steps,
            fees, outcome, penalty, tier, covered)
        {
            CommittedDueProvisional = Provisional(calendar, submitted, committedDue) || (remaining is not null && calendar.AnyProvisional(Day(submitted), Day(until))),
            StatutoryDueProvisional = Provisional(calendar, submitted, statutoryDue),
        };
    }

    /// <summary>
    /// The case's pauses, the one place they are read: from a <c>paused</c> or <c>correction-requested</c> to the next
    /// <c>resumed</c> or <c>corrected</c> (stop null while it lasts). <paramref name="types"/> are the events' types in order.
    /// </summary>
    internal static IEnumerable<(int Start, int? Stop)> PauseSpans(IReadOnlyList<string> types)
    {
        ArgumentNullException.ThrowIfNull(types);
        int? start = null;
        for (var i = 0; i < types.Count; i++)
        {
            if (start is null && types[i] is "paused" or "correction-requested")
            {
                start = i;
            }
            else if (start is { } s && types[i] is "resumed" or "corrected")
            {
                yield return (s, i);
                start = null;
            }
        }

        if (start is { } open)
        {
            yield return (open, null);
        }
    }

    /// <summary>Whether the clock stands still now: a pause or correction request not yet answered.</summary>
    internal static bool IsPaused<T>(IReadOnlyList<T> events, Func<T, string> type) =>
        PauseSpans(events.Select(type).ToList()).Any(span => span.Stop is null);

    /// <summary>Whether a due instant reckoned from <paramref name="from"/> crossed a year without its notice (暂定).</summary>
    public static bool Provisional(WorkCalendar calendar, DateTimeOffset from, DateTimeOffset? due)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        return due is { } d && calendar.AnyProvisional(Day(from), Day(d.AddSeconds(-1)));
    }

    /// <summary>Whether a stored case's committed due instant is provisional (lists show it as 暂定).</summary>
    internal static bool DueProvisional(ServiceCase c, WorkCalendar work)
    {
        ArgumentNullException.ThrowIfNull(c);
        return Provisional(work, c.SubmittedAt, c.DueAt);
    }

    /// <summary>The calendar day of an instant in Asia/Shanghai.</summary>
    public static DateOnly Day(DateTimeOffset at) => ChinaTime.Day(at);

    /// <summary>The first instant after <paramref name="day"/> in Asia/Shanghai: a deadline on that day has passed then.</summary>
    public static DateTimeOffset EndOfDay(DateOnly day) => ChinaTime.EndOfDay(day);

    /// <summary>
    /// Working days left before a case's committed due instant (negative: days overdue); null when the case is
    /// closed, paused or awaiting correction (its clock stands still), or the calendar does not cover the dates.
    /// </summary>
    internal static int? Remaining(ServiceCase c, WorkCalendar work, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(c);
        ArgumentNullException.ThrowIfNull(work);
        if (c.Closed || c.DueAt is not { } due || c.State is "paused" or "awaiting-correction")
        {
            return null;
        }

        try
        {
            // Working days after today through the due day; negative once it has passed.
            return work.CountWorkdays(Day(now), Day(due.AddSeconds(-1)));
        }
        catch (CalendarCoverageException)
        {
            return null;
        }
    }
}
