using Microsoft.EntityFrameworkCore;
using Sunlight.Core.Accounts;
using Sunlight.Core.Supervision;
using Sunlight.Trading.Storage;

namespace Sunlight.Trading.Ocds;

/// <summary>
/// Trading's part of the supervision dashboard and big screen (trading.md "Supervision"): trades of the last year,
/// trades still open, the average number of tenderers of an awarded trade (competition), and trades and awards by
/// county. Its alerts — flags and red cards by rule, by supervising department or centre, by region — are counted by
/// the dashboard with every other module's. A department sees the trades it supervises, a centre its own.
/// </summary>
internal sealed class TradeDashboard(IDbContextFactory<TradingDbContext> factory) : IDashboardContribution
{
    public async Task<DashboardSection> FiguresAsync(Jurisdiction who, DateTimeOffset now, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(who);
        await using var db = await factory.CreateDbContextAsync(ct).ConfigureAwait(false);
        var path = who.RegionPath;
        var since = now.AddDays(-365).ToUniversalTime();
        var trades = db.Projects.AsNoTracking().Where(p => !p.Foreign && p.RegionPath.StartsWith(path) && p.CompiledAt >= since);
        if (who.IsDepartmentBound)
        {
            var org = who.OrganisationCode;
            trades = trades.Where(p => p.SupervisingCode == org || p.CentreCode == org);
        }

        var byRegion = await trades.GroupBy(p => p.RegionPath).Select(g => new { Path = g.Key, All = g.Count(), Awarded = g.Count(p => p.Awarded) })
            .ToListAsync(ct).ConfigureAwait(false);
        var open = await trades.CountAsync(p => !p.Awarded && p.TenderStatus != "cancelled" && p.TenderStatus != "unsuccessful" && p.TenderStatus != "complete", ct).ConfigureAwait(false);
        var bidders = await trades.Where(p => p.Awarded && p.Bidders > 0).Select(p => (double?)p.Bidders).AverageAsync(ct).ConfigureAwait(false);
        return new DashboardSection(typeof(TradingResource),
            [
                new("trades-year", "Dashboard_TradesYear", byRegion.Sum(r => r.All)),
                new("trades-open", "Dashboard_TradesOpen", open),
                new("bidders-per-trade", "Dashboard_BiddersPerTrade", bidders is { } b ? Math.Round(b, 1) : null),
            ],
            [
                new("trades", "Dashboard_TradesByRegion", ["Dashboard_Trades", "Dashboard_Awarded"],
                    byRegion.Select(r => new RegionValues(r.Path, [r.All, r.Awarded])).ToList()),
            ]);
    }
}
