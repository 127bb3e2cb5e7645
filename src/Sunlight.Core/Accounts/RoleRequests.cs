using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Sunlight.Core.Api;
using Sunlight.Core.Ledger;
using Sunlight.Core.Storage;

namespace Sunlight.Core.Accounts;

/// <summary>A pending request to make someone a Supervisor, as an approver sees it.</summary>
public sealed record RoleRequestListing(long Id, string UserName, string Role, string RequestedBy, DateTimeOffset RequestedAt);

/// <summary>An approver's answer: approve, or refuse with a reason.</summary>
public sealed record RoleDecision(bool Approve, string? Reason);

/// <summary>
/// Making someone a Supervisor is recorded and needs a second Admin or Supervisor to approve (CROSS-MODULE): an Admin
/// who creates a Supervisor account on the web creates it without its role and a request; an Admin or Supervisor whose
/// jurisdiction covers the account, who is neither the requester nor the person, approves (the role is given then) or
/// refuses with a reason. Each step is a ledger record (<c>account.role.requested|approved|refused</c>).
/// </summary>
public sealed class RoleRequests(CoreDbContext db, UserManager<SunlightUser> users, TimeProvider clock)
{
    /// <summary>Roles that are requested and approved, not given by one person.</summary>
    public static bool NeedsApproval(string role) => role == SunlightRoles.Supervisor;

    /// <summary>Pending requests for accounts in <paramref name="who"/>'s subtree.</summary>
    public async Task<IReadOnlyList<RoleRequestListing>> PendingAsync(Jurisdiction who, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(who);
        var path = who.RegionPath;
        return await db.RoleRequests.AsNoTracking().Where(r => r.Approved == null && r.RegionPath.StartsWith(path)).OrderBy(r => r.Id)
            .Select(r => new RoleRequestListing(r.Id, r.UserName, r.Role, r.RequestedBy, r.RequestedAt)).ToListAsync(ct).ConfigureAwait(false);
    }

    /// <summary>Approves or refuses request <paramref name="id"/> as <paramref name="by"/>.</summary>
    public async Task DecideAsync(Jurisdiction who, string by, long id, RoleDecision decision, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(who);
        ArgumentNullException.ThrowIfNull(decision);
        var request = await db.RoleRequests.FirstOrDefaultAsync(r => r.Id == id, ct).ConfigureAwait(false);
        if (request is null || !who.CoversRegionPath(request.RegionPath))
        {
            throw new InputException(Refusal.NotFound, Bilingual.Say($"您的管辖范围内没有编号为 {id} 的角色申请", $"no role request {id} in your jurisdiction."));
        }

        if (request.Approved is not null)
        {
            throw new InputException(Refusal.Conflict, Bilingual.Say($"申请 {id} 已于 {request.DecidedAt:yyyy-MM-dd HH:mm} 由 {request.DecidedBy} 处理", $"the request was already decided."));
        }

        if (string.Equals(by, request.RequestedBy, StringComparison.Ordinal) || string.Equals(by, request.UserName, StringComparison.Ordinal))
        {
            throw new InputException(Refusal.Forbidden, Bilingual.Say("须由申请人和本人以外的另一名管理员或监察员审批", "a second Admin or Supervisor, neither the requester nor the person, must decide."));
        }

        var reason = decision.Reason?.Trim();
        if (!decision.Approve && string.IsNullOrEmpty(reason))
        {
            throw new InputException(Refusal.Invalid, Bilingual.Say("不予批准须写明理由", "a refusal needs a reason."), [new("reason", Bilingual.Say("不予批准须写明理由", "a refusal needs a reason"))]);
        }

        var user = await users.FindByIdAsync(request.UserId).ConfigureAwait(false)
            ?? throw new InputException(Refusal.NotFound, Bilingual.Say($"账号 {request.UserName} 已不存在", $"the account no longer exists."));
        await using var unit = await UnitOfWork.BeginAsync(db, clock, ct).ConfigureAwait(false);
        request.Approved = decision.Approve;
        request.DecidedBy = by;
        request.DecidedAt = clock.GetUtcNow();
        request.Reason = reason is { Length: > 500 } ? reason[..500] : reason;
        if (decision.Approve)
        {
            var added = await users.AddToRoleAsync(user, request.Role).ConfigureAwait(false);
            if (!added.Succeeded)
            {
                throw new InvalidOperationException(string.Join("; ", added.Errors.Select(e => e.Description)));
            }

            await users.UpdateSecurityStampAsync(user).ConfigureAwait(false);
        }

        await db.SaveChangesAsync(ct).ConfigureAwait(false);
        unit.Record(RecordDraft.Json(decision.Approve ? "account.role.approved" : "account.role.refused", request.UserName,
            new { request = request.Id, userName = request.UserName, role = request.Role, requestedBy = request.RequestedBy, by, reason = request.Reason }, request.RegionPath));
        await unit.CommitAsync(ct).ConfigureAwait(false);
    }
}
