namespace Sunlight.Core.Directory;

/// <summary>A person working in an organisation, with the Sunlight roles they may hold.</summary>
public sealed class StaffMember
{
    private StaffMember()
    {
    }

    public StaffMember(string code, string name, Organisation organisation, IEnumerable<string> roles, string? title)
    {
        Code = code;
        Name = name;
        Title = title;
        Assign(organisation, roles);
    }

    public int Id { get; private set; }

    public string Code { get; private set; } = "";

    public string Name { get; set; } = "";

    public string? Title { get; set; }

    public string OrganisationCode { get; private set; } = "";

    public string RegionPath { get; private set; } = "";

    /// <summary>Comma-separated role names (stored as one column; a handful per person).</summary>
    public string RoleList { get; private set; } = "";

    public IReadOnlyList<string> Roles => RoleList.Length == 0 ? [] : RoleList.Split(',');

    public void Assign(Organisation organisation, IEnumerable<string> roles)
    {
        ArgumentNullException.ThrowIfNull(organisation);
        OrganisationCode = organisation.Code;
        RegionPath = organisation.RegionPath;
        RoleList = string.Join(',', roles.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal));
    }
}
