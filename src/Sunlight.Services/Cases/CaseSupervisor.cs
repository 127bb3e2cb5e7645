using Microsoft.EntityFrameworkCore;
using Sunlight.Core.Calendar;
using Sunlight.Core.Storage;
using Sunlight.Core.Supervision;
using Sunlight.Services.Storage;

namespace Sunlight.Services.Cases;

/// <summary>
/// Runs the case rules when a case's next due instant passes: the rule host's timer, through <see cref="IDueSource"/>,
/// reads the index <c>cases.NextCheckAt</c> — never a scan of all cases. (Right after events are taken,
/// <see cref="CaseIntake"/> runs the same <see cref="CaseRulesStep"/> in its own transaction.) Each case's due instants
/// are recomputed too, so a holiday notice loaded since shows in them; alerts are raised once per case, rule and step.
/// </summary>
internal sealed class CaseSupervisor(
    Units units, IDbContextFactory<ServicesDbContext> services, AlertService alerts, CaseRulesStep rules, CalendarService calendar, TimeProvider clock) : IDueSource
{
    /// <summary>Cases evaluated per round of due instants.</summary>
    public const int DueBatch = 2000;

    public async Task<int> RunDueAsync(DateTimeOffset now, CancellationToken ct)
    {
        // PostgreSQL keeps instants in UTC and refuses other offsets.
        now = now.ToUniversalTime();
        var total = 0;
        while (true)
        {
            List<string> due;
            await using (var db = await services.CreateDbContextAsync(ct).ConfigureAwait(false))
            {
                due = await db.Cases.AsNoTracking().Where(c => c.NextCheckAt != null && c.NextCheckAt <= now).OrderBy(c => c.NextCheckAt)
                    .Select(c => c.CaseNo).Take(DueBatch).ToListAsync(ct).ConfigureAwait(false);
            }

            if (due.Count == 0)
            {
                return total;
            }

            await EvaluateAsync(due, now, ct).ConfigureAwait(false);
            total += due.Count;
            if (due.Count < DueBatch)
            {
                return total;
            }
        }
    }

    /// <summary>
    /// Evaluates <paramref name="caseNos"/> at <paramref name="now"/> (default: the clock): recomputes their due instants,
    /// raises new alerts and stores each case's next due instant, in one transaction.
    /// </summary>
    public async Task<IReadOnlyList<Alert>> EvaluateAsync(IReadOnlyCollection<string> caseNos, DateTimeOffset? now, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(caseNos);
        var at = (now ?? clock.GetUtcNow()).ToUniversalTime();
        var list = caseNos.Distinct().ToList();
        await using var db = await services.CreateDbContextAsync(ct).ConfigureAwait(false);
        var cases = await db.Cases.Where(c => EF.Parameter(list).Contains(c.CaseNo)).ToListAsync(ct).ConfigureAwait(false);
        var events = (await db.CaseEvents.AsNoTracking().Where(e => EF.Parameter(list).Contains(e.CaseNo))
                .Select(e => new { e.CaseNo, e.EventId, e.Type, e.At, e.ReceivedAt, e.Actor, e.Body }).ToListAsync(ct).ConfigureAwait(false))
            .ToLookup(e => e.CaseNo, e => new RuleEvent(e.EventId, e.Type, e.At, e.ReceivedAt, e.Actor, e.Body), StringComparer.Ordinal);
        var itemKeys = cases.Select(c => c.ItemCode).Distinct().ToList();
        var versions = (await db.ItemVersions.AsNoTracking().Where(v => EF.Parameter(itemKeys).Contains(v.ItemCode)).ToListAsync(ct).ConfigureAwait(false))
            .ToDictionary(v => (v.ItemCode, v.Version), Catalogue.CatalogueService.ToDto);
        var drafts = await rules.RunAsync(cases.Select(c => new CaseUnderRules(c, versions[(c.ItemCode, c.ItemVersion)], events[c.CaseNo].ToList())).ToList(),
            calendar.Current, at, evaluate: true, ct).ConfigureAwait(false);
        await using var unit = await units.BeginAsync(ct).ConfigureAwait(false);
        unit.Enlist(db);
        var raised = await alerts.StageAsync(unit, drafts, ct).ConfigureAwait(false);
        await unit.CommitAsync(ct).ConfigureAwait(false);
        return raised;
    }
}

/// <summary>
/// When a year's holiday notice is loaded, every case whose due instants could have been reckoned across that year
/// (open cases, and cases closed since the start of the year before) is put on the due index for now: the timer
/// recomputes their due instants and raises what the official dates confirm (a red alert held back on a
/// provisional date among them).
/// </summary>
internal sealed class CaseCalendarFollower(IDbContextFactory<ServicesDbContext> services, TimeProvider clock) : ICalendarFollower
{
    public async Task YearLoadedAsync(int year, CancellationToken ct)
    {
        var now = clock.GetUtcNow().ToUniversalTime();
        var since = ChinaTime.StartOfDay(new DateOnly(year - 1, 1, 1));
        await using var db = await services.CreateDbContextAsync(ct).ConfigureAwait(false);
        await db.Cases.Where(c => !c.Closed || c.ClosedAt >= since).ExecuteUpdateAsync(u => u.SetProperty(c => c.NextCheckAt, now), ct).ConfigureAwait(false);
    }
}
