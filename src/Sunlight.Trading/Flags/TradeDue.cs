using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Sunlight.Core;
using Sunlight.Core.Calendar;
using Sunlight.Core.Storage;
using Sunlight.Core.Supervision;
using Sunlight.Trading.Storage;

namespace Sunlight.Trading.Flags;

/// <summary>
/// The due forms of trading's rules (trading.md "Rules"): an active award with no contract citing it by the end of its
/// award day + <c>maximum_days</c> (TRD-CONTRACT-LATE, keyed by the award id); a government-procurement contract
/// without its notice after <c>maximum_working_days</c> (TRD-GP-CONTRACT-PUBLISH, keyed by the contract id). The host
/// asks on its timer; processes are found through their next due instant.
/// </summary>
internal sealed class TradeDue(Units units, IDbContextFactory<TradingDbContext> contexts, TradeRulesStep step, AlertService alerts, CalendarService calendar) : IDueSource
{
    public async Task<int> RunDueAsync(DateTimeOffset now, CancellationToken ct)
    {
        var utc = now.ToUniversalTime();
        await using var db = await contexts.CreateDbContextAsync(ct).ConfigureAwait(false);
        var due = await db.Projects.Where(p => p.NextCheckAt != null && p.NextCheckAt <= utc).OrderBy(p => p.NextCheckAt).Take(1000).ToListAsync(ct).ConfigureAwait(false);
        if (due.Count == 0)
        {
            return 0;
        }

        var found = new List<AlertDraft>();
        foreach (var project in due)
        {
            var compiled = (JsonObject)JsonNode.Parse(project.Compiled)!;
            var (parameters, _) = await step.SettingsAsync(project.RegionPath, now, ct).ConfigureAwait(false);
            foreach (var (award, at) in TradeRulesStep.Unsigned(compiled, parameters).Where(x => x.Due <= now))
            {
                found.Add(TradeRulesStep.Draft("TRD-CONTRACT-LATE", project, award, [],
                    new BilingualText($"；中标后至 {ChinaTime.Local(at)} 仍未签订合同", $"; no contract signed by {ChinaTime.Local(at)}")));
            }

            foreach (var (contract, at) in TradeRulesStep.Unpublished(compiled, parameters, calendar.Current).Where(x => x.Due <= now))
            {
                found.Add(TradeRulesStep.Draft("TRD-GP-CONTRACT-PUBLISH", project, contract, [],
                    new BilingualText($"；合同至 {ChinaTime.Local(at)} 仍未公告", $"; the contract was not published by {ChinaTime.Local(at)}")));
            }

            // What is still ahead stays due; what fired is answered by its alert.
            var ahead = TradeRulesStep.Unsigned(compiled, parameters).Select(x => x.Due)
                .Concat(TradeRulesStep.Unpublished(compiled, parameters, calendar.Current).Select(x => x.Due)).Where(at => at > now).ToList();
            project.NextCheckAt = ahead.Count == 0 ? null : ahead.Min().ToUniversalTime();
        }

        await using var unit = await units.BeginAsync(ct).ConfigureAwait(false);
        unit.Enlist(db);
        await alerts.StageAsync(unit, found, ct).ConfigureAwait(false);
        await unit.CommitAsync(ct).ConfigureAwait(false);
        return due.Count;
    }
}
