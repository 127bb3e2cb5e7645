using Sunlight.Core.Calendar;
using Sunlight.Core.Directory;
using Sunlight.Core.Supervision;
using Sunlight.Services.Contracts;

namespace Sunlight.Services.Cases;

/// <summary>A case as the rules step takes it: the tracked row, its item version and its whole history.</summary>
internal sealed record CaseUnderRules(ServiceCase Case, ItemDto Item, IReadOnlyList<RuleEvent> Events);

/// <summary>
/// The one step every path that touches cases runs — intake, due instants, a holiday notice loaded: the case's
/// clock (due instants, closed) from its events, then the case rules. The caller stages the findings in the unit of
/// work that writes the cases, so alerts commit with what caused them.
/// </summary>
internal sealed class CaseRulesStep(IDirectory directory, AlertService alerts)
{
    /// <summary>
    /// Brings each case's clock fields up to date at <paramref name="now"/> and, when <paramref name="evaluate"/>, runs the
    /// case rules and stores the next instant a time rule could fire. Returns what the rules found. Without
    /// evaluation the next check is <paramref name="now"/>, so the due timer evaluates the cases later.
    /// </summary>
    public async Task<IReadOnlyList<AlertDraft>> RunAsync(IReadOnlyCollection<CaseUnderRules> cases, WorkCalendar work, DateTimeOffset now, bool evaluate, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(cases);
        ArgumentNullException.ThrowIfNull(work);
        var parameters = new Dictionary<string, RuleParameters>(StringComparer.Ordinal);
        IReadOnlyDictionary<string, StaffFacts>? staff = null;
        var found = new List<AlertDraft>();
        foreach (var (c, item, events) in cases)
        {
            var clock = CaseClock.Compute(item, events.Select(e => (e.Type, e.At, e.Body)).ToList(), work, now);
            c.AcceptanceDueAt = clock.AcceptanceDue;
            c.DueAt = clock.CommittedDue;
            c.StatutoryDueAt = clock.StatutoryDue;
            c.Closed = c.State is "concluded" or "rejected" or "delivered";
            c.ClosedAt = events.Where(e => e.Type is "concluded" or "rejected").Select(e => (DateTimeOffset?)e.At.ToUniversalTime()).Min();
            c.NextCheckAt = now;
            if (!evaluate)
            {
                continue;
            }

            if (!parameters.TryGetValue(c.RegionPath, out var p))
            {
                p = parameters[c.RegionPath] = await alerts.ParametersAsync(c.RegionPath, now, ct).ConfigureAwait(false);
            }

            staff ??= await directory.StaffAsync(cases.Select(x => x.Case.OrganisationCode), ct).ConfigureAwait(false);
            var verdict = CaseRules.Evaluate(new CaseFacts(c.CaseNo, c.OrganisationCode, c.RegionPath, item, events, staff), p, work, now, clock);
            found.AddRange(verdict.Alerts);
            c.NextCheckAt = verdict.NextCheck?.ToUniversalTime();
        }

        return found;
    }
}
