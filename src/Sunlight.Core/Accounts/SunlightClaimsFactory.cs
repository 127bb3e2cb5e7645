using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Sunlight.Core.Storage;

namespace Sunlight.Core.Accounts;

/// <summary>Adds the jurisdiction (region, region path, organisation) and the module-scoped grants to every signed-in principal.</summary>
public sealed class SunlightClaimsFactory(
    UserManager<SunlightUser> userManager,
    RoleManager<IdentityRole> roleManager,
    IOptions<IdentityOptions> options,
    CoreDbContext db)
    : UserClaimsPrincipalFactory<SunlightUser, IdentityRole>(userManager, roleManager, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(SunlightUser user)
    {
        ArgumentNullException.ThrowIfNull(user);
        var identity = await base.GenerateClaimsAsync(user).ConfigureAwait(false);
        var path = await db.Regions.AsNoTracking().Where(r => r.Code == user.RegionCode).Select(r => r.Path)
            .FirstOrDefaultAsync().ConfigureAwait(false);
        identity.AddClaim(new Claim(SunlightClaims.RegionCode, user.RegionCode));
        // An account whose region is missing gets a path that matches nothing, never everything.
        identity.AddClaim(new Claim(SunlightClaims.RegionPath, path ?? $"/unknown-region-{user.RegionCode}/"));
        identity.AddClaim(new Claim(SunlightClaims.DisplayName, user.DisplayName.Length > 0 ? user.DisplayName : user.UserName ?? ""));
        identity.AddClaim(new Claim(SunlightClaims.TwoFactor, user.TwoFactorEnabled ? "true" : "false"));
        if (!string.IsNullOrEmpty(user.OrganisationCode))
        {
            identity.AddClaim(new Claim(SunlightClaims.OrganisationCode, user.OrganisationCode));
        }

        var grants = await db.AccountGrants.AsNoTracking().Where(g => g.UserId == user.Id).OrderBy(g => g.Id)
            .Select(g => new { g.Grant, g.Scope, g.ScopeRegionPath }).ToListAsync().ConfigureAwait(false);
        foreach (var g in grants)
        {
            identity.AddClaim(new Claim(SunlightClaims.Grant, new HeldGrant(g.Grant, g.Scope, g.ScopeRegionPath).ClaimValue));
        }

        return identity;
    }
}
