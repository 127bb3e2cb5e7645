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
    IReadOnlyList<CaseEventView> Events);

/// <summary>Reads cases inside a jurisdiction (department roles: their own organisation only).</summary>
public sealed class CaseReader(IDbContextFactory<ServicesDbContext> services)
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

        var events = await db.CaseEvents.AsNoTracking().Where(e => e.CaseNo == caseNo).OrderBy(e => e.At).ThenBy(e => e.Id)
            .Select(e => new CaseEventView(e.Type, e.At, e.ReceivedAt, e.Actor, e.SystemId)).ToListAsync(ct).ConfigureAwait(false);
        return new CaseView(c.CaseNo, c.ItemCode, c.ItemVersion, c.OrganisationCode, c.State, c.Channel, c.SubmittedAt, events);
    }
}
