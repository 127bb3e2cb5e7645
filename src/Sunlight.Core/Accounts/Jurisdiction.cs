using System.Security.Claims;

namespace Sunlight.Core.Accounts;

/// <summary>Claim types that carry a person's jurisdiction.</summary>
public static class SunlightClaims
{
    public const string RegionCode = "sunlight:region";
    public const string RegionPath = "sunlight:region_path";
    public const string OrganisationCode = "sunlight:organisation";
    public const string DisplayName = "sunlight:display_name";

    /// <summary>A module-scoped grant the account holds: <c>grant|scope|regionPath</c> (<see cref="HeldGrant"/>).</summary>
    public const string Grant = "sunlight:grant";

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
        var grants = user.FindAll(SunlightClaims.Grant).Select(c => HeldGrant.Parse(c.Value)).OfType<HeldGrant>().ToList();
        return new Jurisdiction(code, path, user.FindFirstValue(SunlightClaims.OrganisationCode), roles) { Grants = grants };
    }

    /// <summary>The module-scoped grants the person holds (<see cref="Modules.ModuleGrant"/>).</summary>
    public IReadOnlyList<HeldGrant> Grants { get; init; } = [];

    /// <summary>
    /// The person's home organisation: every staff account has one, Supervisors included (applicants have none). For
    /// department roles it is also the only organisation whose data they see (<see cref="IsDepartmentBound"/>).
    /// </summary>
    public string? HomeOrganisation => OrganisationCode;

    public bool IsInRole(string role) => Roles.Contains(role);

    /// <summary>Whether the person holds <paramref name="grant"/> (full name) for exactly <paramref name="scope"/> (an organisation or region code).</summary>
    public bool HasGrant(string grant, string scope) =>
        Grants.Any(g => string.Equals(g.Grant, grant, StringComparison.Ordinal) && string.Equals(g.Scope, scope, StringComparison.Ordinal));

    /// <summary>Whether a region-scoped <paramref name="grant"/> the person holds covers the region with path <paramref name="regionPath"/>.</summary>
    public bool GrantCovers(string grant, string regionPath) =>
        Grants.Any(g => string.Equals(g.Grant, grant, StringComparison.Ordinal) && regionPath.StartsWith(g.RegionPath, StringComparison.Ordinal));

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

/// <summary>
/// A grant as the person's claims carry it: its full name (<c>services.catalogue-editor</c>), its scope (an organisation
/// or region code) and the region path of the scope.
/// </summary>
public sealed record HeldGrant(string Grant, string Scope, string RegionPath)
{
    /// <summary>The claim value: <c>grant|scope|regionPath</c>.</summary>
    public string ClaimValue => $"{Grant}|{Scope}|{RegionPath}";

    /// <summary>Reads a claim value; null when it is not one.</summary>
    public static HeldGrant? Parse(string value)
    {
        var parts = (value ?? "").Split('|');
        return parts.Length == 3 && parts.All(p => p.Length > 0) ? new HeldGrant(parts[0], parts[1], parts[2]) : null;
    }
}
