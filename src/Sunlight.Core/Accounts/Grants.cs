using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Sunlight.Core.Api;
using Sunlight.Core.Directory.Contracts;
using Sunlight.Core.Ledger;
using Sunlight.Core.Modules;
using Sunlight.Core.Storage;

namespace Sunlight.Core.Accounts;

/// <summary>A grant a module offers, by its full name (<c>services.catalogue-editor</c>).</summary>
public sealed record OfferedGrant(string Name, string Module, string DisplayNameKey, GrantScope Scope);

/// <summary>The grants the node's modules offer (from their manifests; the host registers one of these).</summary>
public sealed class OfferedGrants(IEnumerable<ISunlightModule> modules)
{
    public IReadOnlyList<OfferedGrant> All { get; } =
        [.. (modules ?? []).SelectMany(m => m.Grants.Select(g => new OfferedGrant($"{m.Key}.{g.Key}", m.Key, g.DisplayNameKey, g.Scope)))];

    public OfferedGrant? Find(string? name) => All.FirstOrDefault(g => string.Equals(g.Name, name, StringComparison.Ordinal));
}

/// <summary>A grant as administrators list it.</summary>
public sealed record GrantListing(long Id, string UserName, string Grant, string Scope, string GrantedBy, DateTimeOffset GrantedAt);

/// <summary>What an administrator types to give a grant.</summary>
public sealed record NewGrant(string? Grant, string? Scope);

/// <summary>
/// Module-scoped grants (CROSS-MODULE): an Admin gives an account of their jurisdiction a grant a module offers, for a
/// scope inside both the Admin's and the account's region; each giving and revoking is a ledger record, and the
/// account's sign-in is refreshed so it takes effect at once (cookies within a minute, tokens on the next request).
/// </summary>
public sealed class GrantService(CoreDbContext db, UserManager<SunlightUser> users, OfferedGrants offered, TimeProvider clock)
{
    /// <summary>Grants held by accounts whose region lies in <paramref name="who"/>'s subtree.</summary>
    public async Task<IReadOnlyList<GrantListing>> ListAsync(Jurisdiction who, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(who);
        var path = who.RegionPath;
        return await (from g in db.AccountGrants.AsNoTracking()
                      join u in db.Users on g.UserId equals u.Id
                      join r in db.Regions on u.RegionCode equals r.Code
                      where r.Path.StartsWith(path)
                      orderby u.UserName, g.Grant, g.Scope
                      select new GrantListing(g.Id, u.UserName!, g.Grant, g.Scope, g.GrantedBy, g.GrantedAt)).ToListAsync(ct).ConfigureAwait(false);
    }

    /// <summary>Gives <paramref name="userName"/> a grant; every problem is named field by field, and a grant already held is a conflict.</summary>
    public async Task<GrantListing> AddAsync(Jurisdiction who, string by, string userName, NewGrant input, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(who);
        ArgumentNullException.ThrowIfNull(input);
        var (user, userPath) = await AccountInAsync(who, userName, ct).ConfigureAwait(false);
        var errors = new List<InputError>();
        var grant = offered.Find(input.Grant?.Trim());
        if (grant is null)
        {
            errors.Add(new("grant", Bilingual.Say($"授权 \"{input.Grant}\" 无效，可选：{string.Join(", ", offered.All.Select(g => g.Name))}", $"unknown grant")));
        }

        var scope = input.Scope?.Trim() ?? "";
        string? scopePath = null;
        if (grant is not null)
        {
            scopePath = grant.Scope == GrantScope.Organisation
                ? await db.Organisations.AsNoTracking().Where(o => o.Code == scope).Select(o => o.RegionPath).FirstOrDefaultAsync(ct).ConfigureAwait(false)
                : await db.Regions.AsNoTracking().Where(r => r.Code == scope).Select(r => r.Path).FirstOrDefaultAsync(ct).ConfigureAwait(false);
            var what = grant.Scope == GrantScope.Organisation ? Bilingual.Say("机构编码", "organisation code") : Bilingual.Say("行政区划代码", "region code");
            if (scopePath is null)
            {
                errors.Add(new("scope", Bilingual.Say($"授权范围须为存在的{what}：\"{scope}\" 不存在", $"the scope must be an existing {(grant.Scope == GrantScope.Organisation ? "organisation" : "region")}")));
            }
            else if (!who.CoversRegionPath(scopePath) || !scopePath.StartsWith(userPath, StringComparison.Ordinal))
            {
                errors.Add(new("scope", Bilingual.Say($"范围 {scope} 须在您的管辖范围内，且在账号 {userName} 的区划内", $"the scope must lie in your jurisdiction and in the account's region")));
            }
        }

        if (errors.Count > 0)
        {
            throw new InputException(Refusal.Invalid, Bilingual.Say($"授权有 {errors.Count} 处错误，未授予", $"{errors.Count} error(s); nothing was granted."), errors);
        }

        if (await db.AccountGrants.AnyAsync(g => g.UserId == user.Id && g.Grant == grant!.Name && g.Scope == scope, ct).ConfigureAwait(false))
        {
            throw new InputException(Refusal.Conflict, Bilingual.Say($"账号 {userName} 已有授权 {grant!.Name}（范围 {scope}）", $"the account already holds this grant for this scope."));
        }

        var row = new AccountGrant { UserId = user.Id, Grant = grant!.Name, Scope = scope, ScopeRegionPath = scopePath!, GrantedBy = by, GrantedAt = clock.GetUtcNow() };
        await using var unit = await UnitOfWork.BeginAsync(db, clock, ct).ConfigureAwait(false);
        db.AccountGrants.Add(row);
        await users.UpdateSecurityStampAsync(user).ConfigureAwait(false);
        unit.Record(RecordDraft.Json("account.grant.added", userName, new { userName, grant = row.Grant, scope, by }, userPath));
        await unit.CommitAsync(ct).ConfigureAwait(false);
        return new GrantListing(row.Id, userName, row.Grant, row.Scope, row.GrantedBy, row.GrantedAt);
    }

    /// <summary>Revokes a grant of an account in the jurisdiction; not found otherwise.</summary>
    public async Task RevokeAsync(Jurisdiction who, string by, long id, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(who);
        var row = await db.AccountGrants.FirstOrDefaultAsync(g => g.Id == id, ct).ConfigureAwait(false);
        var user = row is null ? null : await users.FindByIdAsync(row.UserId).ConfigureAwait(false);
        var userPath = user is null ? null : await RegionPathAsync(user, ct).ConfigureAwait(false);
        if (row is null || user is null || userPath is null || !who.CoversRegionPath(userPath))
        {
            throw new InputException(Refusal.NotFound, Bilingual.Say($"您的管辖范围内没有编号为 {id} 的授权", $"no grant {id} in your jurisdiction."));
        }

        await using var unit = await UnitOfWork.BeginAsync(db, clock, ct).ConfigureAwait(false);
        db.AccountGrants.Remove(row);
        await users.UpdateSecurityStampAsync(user).ConfigureAwait(false);
        unit.Record(RecordDraft.Json("account.grant.revoked", user.UserName!, new { userName = user.UserName, grant = row.Grant, scope = row.Scope, by }, userPath));
        await unit.CommitAsync(ct).ConfigureAwait(false);
    }

    private async Task<(SunlightUser User, string RegionPath)> AccountInAsync(Jurisdiction who, string userName, CancellationToken ct)
    {
        var user = await users.FindByNameAsync(userName ?? "").ConfigureAwait(false);
        var path = user is null ? null : await RegionPathAsync(user, ct).ConfigureAwait(false);
        return user is not null && path is not null && who.CoversRegionPath(path)
            ? (user, path)
            : throw new InputException(Refusal.NotFound, Bilingual.Say($"您的管辖范围内没有账号 {userName}", $"no account {userName} in your jurisdiction."));
    }

    private Task<string?> RegionPathAsync(SunlightUser user, CancellationToken ct) =>
        db.Regions.AsNoTracking().Where(r => r.Code == user.RegionCode).Select(r => r.Path).FirstOrDefaultAsync(ct);
}
