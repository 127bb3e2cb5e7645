using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Sunlight.Core.Directory.Demo;
using Sunlight.Core.Ledger;
using Sunlight.Core.Storage;

namespace Sunlight.Core.Accounts;

/// <summary>Creates accounts with a role and a jurisdiction, and the demo accounts.</summary>
public sealed class AccountService(
    UserManager<SunlightUser> users,
    RoleManager<IdentityRole> roles,
    CoreDbContext db,
    TimeProvider clock)
{
    /// <summary>Makes sure the seven roles exist (reference data, every start).</summary>
    public async Task EnsureRolesAsync()
    {
        foreach (var role in SunlightRoles.All)
        {
            if (!await roles.RoleExistsAsync(role).ConfigureAwait(false))
            {
                Check(await roles.CreateAsync(new IdentityRole(role)).ConfigureAwait(false), role);
            }
        }
    }

    /// <summary>
    /// Creates an account with its role at once: the operator's own path (the <c>sunlight accounts create</c> command,
    /// demo seeding, which the record names in <paramref name="approval"/>). Every account but an applicant's needs a
    /// home organisation. An administrator on the web goes through <see cref="CreateInJurisdictionAsync"/>, where a
    /// Supervisor waits for a second person's approval.
    /// </summary>
    public async Task<SunlightUser> CreateAsync(
        string userName, string password, string role, string regionCode, string? organisationCode, string? displayName, CancellationToken ct,
        string? staffCode = null, string approval = "cli")
    {
        if (!SunlightRoles.IsKnown(role))
        {
            throw new ArgumentException(Bilingual.Say($"角色 \"{role}\" 无效，可选：{string.Join(", ", SunlightRoles.All)}", $"unknown role."), nameof(role));
        }

        if (!await db.Regions.AnyAsync(r => r.Code == regionCode, ct).ConfigureAwait(false))
        {
            throw new ArgumentException(Bilingual.Say($"行政区划代码 {regionCode} 不存在", $"unknown region code."), nameof(regionCode));
        }

        if (role != SunlightRoles.Applicant && string.IsNullOrEmpty(organisationCode))
        {
            throw new ArgumentException(Bilingual.Say($"角色 {role} 必须指定所属机构（工作人员账号都有所属机构）", $"role {role} needs a home organisation."), nameof(organisationCode));
        }

        if (organisationCode is not null && !await db.Organisations.AnyAsync(o => o.Code == organisationCode, ct).ConfigureAwait(false))
        {
            throw new ArgumentException(Bilingual.Say($"机构编码 {organisationCode} 不存在", $"unknown organisation code."), nameof(organisationCode));
        }

        return await InsertAsync(userName, password, role, regionCode, organisationCode, displayName, staffCode, approval, null, ct).ConfigureAwait(false);
    }

    // Identity saves through this same scoped context, so the account, its role or its request, and their records
    // commit together. A role that needs a second person's approval is requested, not given (requestedBy not null).
    private async Task<SunlightUser> InsertAsync(
        string userName, string password, string role, string regionCode, string? organisationCode, string? displayName, string? staffCode,
        string approval, string? requestedBy, CancellationToken ct)
    {
        var user = new SunlightUser
        {
            UserName = userName,
            DisplayName = displayName ?? userName,
            RegionCode = regionCode,
            OrganisationCode = organisationCode,
            EmailConfirmed = true,
            LockoutEnabled = true,
            StaffCode = staffCode,
            CreatedAt = clock.GetUtcNow(),
        };
        await using var unit = await UnitOfWork.BeginAsync(db, clock, ct).ConfigureAwait(false);
        Check(await users.CreateAsync(user, password).ConfigureAwait(false), userName);
        var regionPath = await db.Regions.Where(r => r.Code == regionCode).Select(r => r.Path).FirstAsync(ct).ConfigureAwait(false);
        var pending = requestedBy is not null && RoleRequests.NeedsApproval(role);
        if (!pending)
        {
            Check(await users.AddToRoleAsync(user, role).ConfigureAwait(false), userName);
        }

        unit.Record(RecordDraft.Json("account.created", userName, new
        {
            userName, role = pending ? null : role, region = regionCode, organisation = organisationCode, user.DisplayName, staff = staffCode,
            approval = pending ? "pending" : approval,
        }, regionPath));
        if (pending)
        {
            var request = new RoleRequest
            {
                UserId = user.Id, UserName = userName, Role = role, RegionPath = regionPath, RequestedBy = requestedBy!, RequestedAt = clock.GetUtcNow(),
            };
            db.RoleRequests.Add(request);
            await db.SaveChangesAsync(ct).ConfigureAwait(false);
            unit.Record(RecordDraft.Json("account.role.requested", userName, new { request = request.Id, userName, role, requestedBy }, regionPath));
        }

        await unit.CommitAsync(ct).ConfigureAwait(false);
        return user;
    }

    /// <summary>Accounts whose region lies in <paramref name="who"/>'s subtree, with their roles.</summary>
    public async Task<IReadOnlyList<AccountDto>> ListAsync(Jurisdiction who, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(who);
        var path = who.RegionPath;
        var rows = await (from u in db.Users.AsNoTracking()
                          join r in db.Regions on u.RegionCode equals r.Code
                          where r.Path.StartsWith(path)
                          orderby u.RegionCode, u.UserName
                          select new { User = u, RegionName = r.Name }).ToListAsync(ct).ConfigureAwait(false);
        var roleRows = await (from ur in db.UserRoles
                              join ro in db.Roles on ur.RoleId equals ro.Id
                              select new { ur.UserId, ro.Name }).ToListAsync(ct).ConfigureAwait(false);
        var roleMap = roleRows.ToLookup(x => x.UserId, x => x.Name!);
        var pending = (await db.RoleRequests.AsNoTracking().Where(r => r.Approved == null && r.RegionPath.StartsWith(path))
            .Select(r => new { r.UserId, r.Role }).ToListAsync(ct).ConfigureAwait(false)).ToLookup(r => r.UserId, r => r.Role);
        var now = clock.GetUtcNow();
        return rows.Select(x => new AccountDto(
            x.User.UserName!, x.User.DisplayName, roleMap[x.User.Id].Order(StringComparer.Ordinal).ToList(), x.User.RegionCode, x.RegionName,
            x.User.OrganisationCode, x.User.TwoFactorEnabled, x.User.LockoutEnd is { } end && end > now, pending[x.User.Id].FirstOrDefault())).ToList();
    }

    /// <summary>
    /// Creates an account inside the administrator's jurisdiction. Throws <see cref="AccountException"/> with every
    /// problem found (field by field); nothing is created then.
    /// </summary>
    /// <remarks>A Supervisor account is created without its role and waits for a second Admin or Supervisor (<see cref="RoleRequests"/>).</remarks>
    public async Task<AccountDto> CreateInJurisdictionAsync(Jurisdiction who, string by, NewAccount input, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrEmpty(by);
        ArgumentNullException.ThrowIfNull(who);
        ArgumentNullException.ThrowIfNull(input);
        var errors = new List<(string Field, string Message)>();
        var userName = input.UserName?.Trim() ?? "";
        if (userName.Length is < 3 or > 64 || !userName.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
        {
            errors.Add(("userName", Bilingual.Say("用户名须为 3–64 位字母、数字、-、_ 或 .", "user name: 3–64 letters, digits, - _ .")));
        }
        else if (await users.FindByNameAsync(userName).ConfigureAwait(false) is not null)
        {
            errors.Add(("userName", Bilingual.Say($"用户名 {userName} 已存在", $"user name {userName} is taken")));
        }

        if (input.Role is null || !SunlightRoles.IsKnown(input.Role))
        {
            errors.Add(("role", Bilingual.Say($"角色 \"{input.Role}\" 无效，可选：{string.Join(", ", SunlightRoles.All)}", $"unknown role")));
        }

        if (Sunlight.Core.Api.TextInput.Problem("displayName", input.DisplayName?.Trim(), 100) is { } badName)
        {
            errors.Add(("displayName", badName));
        }

        var region = await db.Regions.AsNoTracking().FirstOrDefaultAsync(r => r.Code == input.Region, ct).ConfigureAwait(false);
        if (region is null)
        {
            errors.Add(("region", Bilingual.Say($"行政区划代码 \"{input.Region}\" 不存在", $"unknown region code")));
        }
        else if (!who.CoversRegionPath(region.Path))
        {
            errors.Add(("region", Bilingual.Say($"区划 {input.Region} 不在您的管辖范围内", $"region outside your jurisdiction")));
        }

        var organisation = string.IsNullOrWhiteSpace(input.Organisation) ? null : input.Organisation.Trim();
        if (organisation is null && input.Role is not null && input.Role != SunlightRoles.Applicant)
        {
            errors.Add(("organisation", Bilingual.Say($"角色 {input.Role} 必须指定所属机构（工作人员账号都有所属机构）", $"every staff account needs a home organisation")));
        }
        else if (organisation is not null)
        {
            var org = await db.Organisations.AsNoTracking().FirstOrDefaultAsync(o => o.Code == organisation, ct).ConfigureAwait(false);
            if (org is null)
            {
                errors.Add(("organisation", Bilingual.Say($"机构编码 {organisation} 不存在", $"unknown organisation")));
            }
            else if (region is not null && !org.RegionPath.StartsWith(region.Path, StringComparison.Ordinal))
            {
                errors.Add(("organisation", Bilingual.Say($"机构 {organisation} 不在区划 {region.Code} 内", $"the organisation is not in the account's region")));
            }
        }

        foreach (var validator in users.PasswordValidators)
        {
            var result = await validator.ValidateAsync(users, new SunlightUser { UserName = userName }, input.Password ?? "").ConfigureAwait(false);
            errors.AddRange(result.Errors.Select(e => ("password", e.Description)));
        }

        if (errors.Count > 0)
        {
            throw new AccountException(errors);
        }

        await InsertAsync(userName, input.Password!, input.Role!, region!.Code, organisation, input.DisplayName?.Trim() is { Length: > 0 } d ? d : userName,
            null, "admin", by, ct).ConfigureAwait(false);
        return (await ListAsync(who, ct).ConfigureAwait(false)).Single(a => a.UserName == userName);
    }

    /// <summary>Clears a lockout of an account in the jurisdiction. False when there is no such account there.</summary>
    public async Task<bool> UnlockAsync(Jurisdiction who, string userName, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(who);
        if (!(await ListAsync(who, ct).ConfigureAwait(false)).Any(a => a.UserName == userName))
        {
            return false;
        }

        var user = (await users.FindByNameAsync(userName).ConfigureAwait(false))!;
        await using var unit = await UnitOfWork.BeginAsync(db, clock, ct).ConfigureAwait(false);
        await users.SetLockoutEndDateAsync(user, null).ConfigureAwait(false);
        await users.ResetAccessFailedCountAsync(user).ConfigureAwait(false);
        unit.Record(RecordDraft.Json("account.unlocked", userName, new { userName, by = who.RegionCode }, who.RegionPath));
        await unit.CommitAsync(ct).ConfigureAwait(false);
        return true;
    }

    /// <summary>
    /// Runs <paramref name="change"/> (which saves through Identity on this scoped context) and writes
    /// <paramref name="record"/> in the same transaction, e.g. turning two-factor sign-in on.
    /// </summary>
    public async Task RecordWithAsync(Func<Task> change, RecordDraft record, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(change);
        await using var unit = await UnitOfWork.BeginAsync(db, clock, ct).ConfigureAwait(false);
        await change().ConfigureAwait(false);
        unit.Record(record);
        await unit.CommitAsync(ct).ConfigureAwait(false);
    }

    /// <summary>
    /// Sets an account's home organisation (the operator's command; accounts made before every staff account needed one
    /// may lack it). The organisation must lie in the account's region. A department role then sees that organisation.
    /// </summary>
    public async Task SetHomeAsync(string userName, string organisationCode, string by, CancellationToken ct)
    {
        var user = await users.FindByNameAsync(userName).ConfigureAwait(false)
            ?? throw new ArgumentException(Bilingual.Say($"没有用户 {userName}", $"no such user."), nameof(userName));
        var regionPath = await db.Regions.AsNoTracking().Where(r => r.Code == user.RegionCode).Select(r => r.Path).FirstAsync(ct).ConfigureAwait(false);
        var org = await db.Organisations.AsNoTracking().FirstOrDefaultAsync(o => o.Code == organisationCode, ct).ConfigureAwait(false);
        if (org is null || !org.RegionPath.StartsWith(regionPath, StringComparison.Ordinal))
        {
            throw new ArgumentException(Bilingual.Say($"机构 {organisationCode} 不存在或不在账号的区划 {user.RegionCode} 内", $"no such organisation in the account's region."), nameof(organisationCode));
        }

        await using var unit = await UnitOfWork.BeginAsync(db, clock, ct).ConfigureAwait(false);
        var before = user.OrganisationCode;
        user.OrganisationCode = org.Code;
        Check(await users.UpdateAsync(user).ConfigureAwait(false), userName);
        await users.UpdateSecurityStampAsync(user).ConfigureAwait(false);
        unit.Record(RecordDraft.Json("account.home.set", userName, new { userName, organisation = org.Code, before, by }, regionPath));
        await unit.CommitAsync(ct).ConfigureAwait(false);
    }

    /// <summary>Creates the demo accounts that do not exist yet.</summary>
    public async Task SeedDemoAccountsAsync(CancellationToken ct)
    {
        // Demo accounts go only into a node without accounts.
        if (await db.Users.AnyAsync(ct).ConfigureAwait(false))
        {
            return;
        }

        foreach (var account in DemoCity.Accounts)
        {
            if (await users.FindByNameAsync(account.UserName).ConfigureAwait(false) is null)
            {
                // Department accounts act as a person of the directory, so what they do names a staff code.
                var staff = account.OrganisationCode is null ? null : await db.Staff.AsNoTracking()
                    .Where(m => m.OrganisationCode == account.OrganisationCode && m.RoleList.Contains(account.Role))
                    .OrderBy(m => m.Code).Select(m => new { m.Code, m.Name }).FirstOrDefaultAsync(ct).ConfigureAwait(false);
                await CreateAsync(account.UserName, DemoCity.DemoPassword, account.Role, account.RegionCode,
                    account.OrganisationCode, staff?.Name ?? DemoCity.PersonName(account.UserName),
                    ct, staff?.Code, "demo").ConfigureAwait(false);
            }
        }
    }

    private static void Check(IdentityResult result, string subject)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException(
                $"{subject}: " + string.Join("; ", result.Errors.Select(e => $"{e.Code}: {e.Description}")));
        }
    }
}
