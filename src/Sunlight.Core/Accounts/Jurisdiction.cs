using System.Security.Claims;

namespace Sunlight.Core.Accounts;

/// <summary>Claim types that carry a person's jurisdiction.</summary>
public static class SunlightClaims
{
    public const string RegionCode = "sunlight:region";
    public const string RegionPath = "sunlight:region_path";
    public const string OrganisationCode = "sunlight:organisation";
    public const string DisplayName = "sunlight:display_name";

    /// <summary>"true" when the account has TOTP two-factor enabled.</summary>
    public const string TwoFactor = "sunlight:two_factor";
}

/// <summary>
/// Where a signed-in person may look: a region subtree, and for department roles one organisation.
/// Every query over jurisdictional data is filtered through this.
/// </summary>
public sealed record Jurisdiction(string RegionCode, string RegionPath, string? OrganisationCode, IReadOnlySet<string> Roles)
{
    public static Jurisdiction? From(ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (user.Identity?.IsAuthenticated != true)
        {
            return null;
        }

        var path = user.FindFirstValue(SunlightClaims.RegionPath);
        var code = user.FindFirstValue(SunlightClaims.RegionCode);
        if (string.IsNullOrEmpty(path) || string.IsNullOrEmpty(code))
        {
            return null;
        }

        var roles = user.FindAll(ClaimTypes.Role).Select(c => c.Value).ToHashSet(StringComparer.Ordinal);
        return new Jurisdiction(code, path, user.FindFirstValue(SunlightClaims.OrganisationCode), roles);
    }

    public bool IsInRole(string role) => Roles.Contains(role);

    /// <summary>True when every role the person holds is bound to their organisation.</summary>
    public bool IsDepartmentBound =>
        OrganisationCode is not null && Roles.Count > 0 && Roles.All(SunlightRoles.DepartmentRoles.Contains);

    /// <summary>Whether a region (given by its path) lies in this jurisdiction's subtree.</summary>
    public bool CoversRegionPath(string regionPath) =>
        regionPath.StartsWith(RegionPath, StringComparison.Ordinal);

    /// <summary>Whether the person may see an organisation's internal data.</summary>
    public bool CoversOrganisation(string organisationCode, string organisationRegionPath) =>
        CoversRegionPath(organisationRegionPath)
        && (!IsDepartmentBound || string.Equals(organisationCode, OrganisationCode, StringComparison.Ordinal));
}
