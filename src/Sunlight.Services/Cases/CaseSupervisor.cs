using Microsoft.EntityFrameworkCore;
using Sunlight.Core.Calendar;
using Sunlight.Core.Storage;
using Sunlight.Core.Supervision;
using Sunlight.Services.Storage;

namespace Sunlight.Services.Cases;

/// <summary>
/// Runs the case rules: right after events are taken (<see cref="CaseIntake"/> calls it for the cases a batch
/// touched), and when a case's next due instant passes (the rule host's timer, through <see cref="IDueSource"/>,
/// reads the index <c>cases.NextCheckAt</c> — never a scan of all cases). Raises what the rules find through the
/// rule host, once per case, rule and step, and stores the case's next due instant.
/// </summary>
public sealed class CaseSupervisor(
    CoreDbContext core, IDbContextFactory<ServicesDbContext> services, AlertService alerts, CalendarService calendar, TimeProvider clock) : IDueSource
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

    /// <summary>Evaluates <paramref name="caseNos"/> at <paramref name="now"/> (default: the clock), raises new alerts, and stores each case's next due instant.</summary>
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
        var organisations = cases.Select(c => c.OrganisationCode).Distinct().ToList();
        var staff = await StaffFacts.LoadAsync(core, organisations, ct).ConfigureAwait(false);
        var parameters = new Dictionary<string, RuleParameters>(StringComparer.Ordinal);
        var work = calendar.Current;
        var drafts = new List<AlertDraft>();
        foreach (var c in cases)
        {
            if (!parameters.TryGetValue(c.RegionPath, out var p))
            {
                p = parameters[c.RegionPath] = await alerts.ParametersAsync(c.RegionPath, at, ct).ConfigureAwait(false);
            }

            var facts = new CaseFacts(c.CaseNo, c.OrganisationCode, c.RegionPath, versions[(c.ItemCode, c.ItemVersion)], events[c.CaseNo].ToList(), staff);
            var verdict = CaseRules.Evaluate(facts, p, work, at);
            drafts.AddRange(verdict.Alerts);
            c.NextCheckAt = verdict.NextCheck?.ToUniversalTime();
        }

        var raised = await alerts.RaiseAsync(drafts, ct).ConfigureAwait(false);
        await db.SaveChangesAsync(ct).ConfigureAwait(false);
        return raised;
    }
}
