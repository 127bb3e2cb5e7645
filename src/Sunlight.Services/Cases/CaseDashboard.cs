using Microsoft.EntityFrameworkCore;
using Sunlight.Core.Accounts;
using Sunlight.Core.Calendar;
using Sunlight.Core.Supervision;
using Sunlight.Services.Storage;

namespace Sunlight.Services.Cases;

/// <summary>
/// The services module's part of the supervision dashboard and big screen: cases open, received today, and the
/// on-time rate (按期办结率: closed cases whose clock stopped by the committed due instant, the measure
/// <c>SVC-OVERDUE</c> uses, of those whose due instant is known), with received and open cases by county.
/// </summary>
internal sealed class CaseDashboard(IDbContextFactory<ServicesDbContext> factory) : IDashboardContribution
{
    public async Task<DashboardSection> FiguresAsync(Jurisdiction who, DateTimeOffset now, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(who);
        await using var db = await factory.CreateDbContextAsync(ct).ConfigureAwait(false);
        var path = who.RegionPath;
        var cases = db.Cases.AsNoTracking().Where(c => c.RegionPath.StartsWith(path));
        if (who.IsDepartmentBound)
        {
            cases = cases.Where(c => c.OrganisationCode == who.OrganisationCode);
        }

        var byRegion = await cases.GroupBy(c => c.RegionPath).Select(g => new { Path = g.Key, Received = g.Count(), Open = g.Count(c => !c.Closed) })
            .ToListAsync(ct).ConfigureAwait(false);
        var judged = cases.Where(c => c.Closed && c.ClosedAt != null && c.DueAt != null);
        var closedJudged = await judged.CountAsync(ct).ConfigureAwait(false);
        var onTime = await judged.CountAsync(c => c.ClosedAt <= c.DueAt, ct).ConfigureAwait(false);
        var today = ChinaTime.StartOfDay(ChinaTime.Day(now));
        var receivedToday = await cases.CountAsync(c => c.SubmittedAt >= today, ct).ConfigureAwait(false);
        return new DashboardSection(typeof(ServicesResource),
            [
                new("cases-open", "Dashboard_CasesOpen", byRegion.Sum(r => r.Open)),
                new("received-today", "Dashboard_ReceivedToday", receivedToday),
                new("on-time-rate", "Dashboard_OnTimeRate", closedJudged == 0 ? null : onTime / (double)closedJudged, FigureFormat.Percent),
            ],
            [
                new("cases", "Dashboard_CasesByRegion", ["Dashboard_Open", "Dashboard_Received"],
                    byRegion.Select(r => new RegionValues(r.Path, [r.Open, r.Received])).ToList()),
            ]);
    }
}
