using Microsoft.EntityFrameworkCore;
using Sunlight.Core.Accounts;
using Sunlight.Core.Calendar;
using Sunlight.Core.Supervision;
using Sunlight.Services.Storage;

namespace Sunlight.Services.Cases;

/// <summary>
/// Case volumes for the supervision dashboard and big screen: received, open, closed, closed on time (按期办结: the
/// clock stopped by the committed due instant, the measure <c>SVC-OVERDUE</c> uses) and received today, by region.
/// </summary>
internal sealed class CaseFigureSource(IDbContextFactory<ServicesDbContext> factory) : ICaseFigureSource
{
    public async Task<CaseFigures> FiguresAsync(Jurisdiction who, DateTimeOffset now, CancellationToken ct)
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
        var received = byRegion.Sum(r => r.Received);
        var open = byRegion.Sum(r => r.Open);
        return new CaseFigures(received, open, received - open, closedJudged, onTime, receivedToday,
            byRegion.Select(r => new RegionCases(r.Path, r.Received, r.Open)).ToList());
    }
}
