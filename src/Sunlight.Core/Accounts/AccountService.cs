using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Sunlight.Core.Directory.Demo;
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

    public async Task<SunlightUser> CreateAsync(
        string userName, string password, string role, string regionCode, string? organisationCode, string? displayName, CancellationToken ct)
    {
        if (!SunlightRoles.IsKnown(role))
        {
            throw new ArgumentException($"角色 \"{role}\" 无效，可选：{string.Join(", ", SunlightRoles.All)} (unknown role).", nameof(role));
        }

        if (!await db.Regions.AnyAsync(r => r.Code == regionCode, ct).ConfigureAwait(false))
        {
            throw new ArgumentException($"行政区划代码 {regionCode} 不存在 (unknown region code).", nameof(regionCode));
        }

        if (SunlightRoles.DepartmentRoles.Contains(role) && string.IsNullOrEmpty(organisationCode))
        {
            throw new ArgumentException($"角色 {role} 必须指定所属机构 (role {role} needs an organisation).", nameof(organisationCode));
        }

        if (organisationCode is not null && !await db.Organisations.AnyAsync(o => o.Code == organisationCode, ct).ConfigureAwait(false))
        {
            throw new ArgumentException($"机构编码 {organisationCode} 不存在 (unknown organisation code).", nameof(organisationCode));
        }

        var user = new SunlightUser
        {
            UserName = userName,
            DisplayName = displayName ?? userName,
            RegionCode = regionCode,
            OrganisationCode = organisationCode,
            EmailConfirmed = true,
            LockoutEnabled = true,
            CreatedAt = clock.GetUtcNow(),
        };
        Check(await users.CreateAsync(user, password).ConfigureAwait(false), userName);
        Check(await users.AddToRoleAsync(user, role).ConfigureAwait(false), userName);
        return user;
    }

    /// <summary>Creates the demo accounts that do not exist yet.</summary>
    public async Task SeedDemoAccountsAsync(CancellationToken ct)
    {
        foreach (var account in DemoCity.Accounts)
        {
            if (await users.FindByNameAsync(account.UserName).ConfigureAwait(false) is null)
            {
                var region = await db.Regions.AsNoTracking().FirstAsync(r => r.Code == account.RegionCode, ct).ConfigureAwait(false);
                await CreateAsync(account.UserName, DemoCity.DemoPassword, account.Role, account.RegionCode,
                    account.OrganisationCode, DemoCity.DisplayName(region.Name, account.Role), ct).ConfigureAwait(false);
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
