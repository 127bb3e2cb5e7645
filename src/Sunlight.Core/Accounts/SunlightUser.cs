using Microsoft.AspNetCore.Identity;

namespace Sunlight.Core.Accounts;

/// <summary>A person's account, with the jurisdiction they act in.</summary>
public sealed class SunlightUser : IdentityUser
{
    public string DisplayName { get; set; } = "";

    /// <summary>Root of the region subtree this account may see.</summary>
    public string RegionCode { get; set; } = "";

    /// <summary>For department roles: the only organisation whose data they see.</summary>
    public string? OrganisationCode { get; set; }

    /// <summary>Link to the directory entry of the person, if any.</summary>
    public string? StaffCode { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}
