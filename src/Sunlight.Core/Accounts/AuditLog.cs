using Microsoft.EntityFrameworkCore;
using Sunlight.Core.Storage;

namespace Sunlight.Core.Accounts;

/// <summary>Writes security events (sign-ins, failures, tokens, imports) to <c>core_audit_events</c>.</summary>
public sealed class AuditLog(CoreDbContext db, TimeProvider clock)
{
    /// <summary>
    /// Appends one event. When <paramref name="regionPath"/> is null and the user is known, the user's region is
    /// used, so supervisors of that region see the event.
    /// </summary>
    public async Task WriteAsync(string kind, string? userName, string? regionPath, string? remoteAddress, string? detail, CancellationToken ct)
    {
        if (regionPath is null && userName is not null)
        {
            regionPath = await (from u in db.Users
                                join r in db.Regions on u.RegionCode equals r.Code
                                where u.UserName == userName
                                select r.Path).FirstOrDefaultAsync(ct).ConfigureAwait(false);
        }

        db.AuditEvents.Add(new AuditEvent
        {
            At = clock.GetUtcNow(),
            Kind = kind,
            UserName = userName,
            RegionPath = regionPath,
            RemoteAddress = remoteAddress,
            Detail = detail is { Length: > 2000 } ? detail[..2000] : detail,
        });
        await db.SaveChangesAsync(ct).ConfigureAwait(false);
    }

    /// <summary>
    /// The events a person may read: those of their region subtree. Events without a region (a failed sign-in for
    /// an unknown name) are node-wide and only an administrator at the node's top level sees them.
    /// </summary>
    public IQueryable<AuditEvent> Visible(Jurisdiction who)
    {
        ArgumentNullException.ThrowIfNull(who);
        var nodeWide = who.IsInRole(SunlightRoles.Admin) && who.RegionPath.Count(c => c == '/') <= 3;
        var path = who.RegionPath;
        return db.AuditEvents.AsNoTracking().Where(a => a.RegionPath != null ? a.RegionPath.StartsWith(path) : nodeWide);
    }
}
