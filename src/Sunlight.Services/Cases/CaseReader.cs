using Microsoft.EntityFrameworkCore;
using Sunlight.Core.Accounts;
using Sunlight.Services.Storage;

namespace Sunlight.Services.Cases;

/// <summary>Body of a system registration request.</summary>
public sealed record SystemInput(string? Id, string? Organisation);

/// <summary>An event of a case as shown to staff.</summary>
public sealed record CaseEventView(string Type, DateTimeOffset At, DateTimeOffset ReceivedAt, string? Actor, string System);

/// <summary>A case with its events in the order they happened.</summary>
public sealed record CaseView(
    string CaseNo, string ItemCode, int ItemVersion, string Organisation, string State, string Channel, DateTimeOffset SubmittedAt,
    IReadOnlyList<CaseEventView> Events, CaseClock Clock);

/// <summary>Reads cases inside a jurisdiction (department roles: their own organisation only).</summary>
public sealed class CaseReader(IDbContextFactory<ServicesDbContext> services, Sunlight.Core.Calendar.CalendarService calendar, TimeProvider clock)
{
    public async Task<CaseView?> GetAsync(Jurisdiction who, string caseNo, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(who);
        await using var db = await services.CreateDbContextAsync(ct).ConfigureAwait(false);
        var c = await db.Cases.AsNoTracking().FirstOrDefaultAsync(x => x.CaseNo == caseNo, ct).ConfigureAwait(false);
        if (c is null || !who.CoversOrganisation(c.OrganisationCode, c.RegionPath))
        {
            return null;
        }

        var rows = await db.CaseEvents.AsNoTracking().Where(e => e.CaseNo == caseNo).OrderBy(e => e.At).ThenBy(e => e.Id)
            .ToListAsync(ct).ConfigureAwait(false);
        var version = await db.ItemVersions.AsNoTracking().FirstAsync(v => v.ItemCode == c.ItemCode && v.Version == c.ItemVersion, ct).ConfigureAwait(false);
        var item = Catalogue.CatalogueService.ToDto(version);
        var caseClock = CaseClock.Compute(item, rows.Select(e => (e.Type, e.At, e.Body)).ToList(), calendar.Current, clock.GetUtcNow());
        var events = rows.Select(e => new CaseEventView(e.Type, e.At, e.ReceivedAt, e.Actor, e.SystemId)).ToList();
        return new CaseView(c.CaseNo, c.ItemCode, c.ItemVersion, c.OrganisationCode, c.State, c.Channel, c.SubmittedAt, events, caseClock);
    }
}
