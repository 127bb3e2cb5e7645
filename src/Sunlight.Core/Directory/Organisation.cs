namespace Sunlight.Core.Directory;

/// <summary>What an organisation is, for routing and permissions.</summary>
public enum OrganisationKind
{
    /// <summary>职能部门 — a government department.</summary>
    Department,

    /// <summary>政务服务中心 / 便民服务中心 — a service centre.</summary>
    ServiceCentre,

    /// <summary>窗口 — a service window inside a centre.</summary>
    Window,

    /// <summary>纪委监委 / 电子监察中心 — a supervision body.</summary>
    SupervisionBody,

    /// <summary>公共资源交易中心 — a public-resource trading centre.</summary>
    TradingCentre,
}

/// <summary>A department, centre, window, supervision body or trading centre in one region.</summary>
public sealed class Organisation
{
    private Organisation()
    {
    }

    public Organisation(string code, string name, OrganisationKind kind, Region region, Organisation? parent)
    {
        Code = code;
        Name = name;
        Kind = kind;
        MoveTo(region, parent);
    }

    public int Id { get; private set; }

    public string Code { get; private set; } = "";

    public string Name { get; set; } = "";

    public OrganisationKind Kind { get; set; }

    public string RegionCode { get; private set; } = "";

    /// <summary>Copy of the region's path, so jurisdiction filters are one indexed prefix match.</summary>
    public string RegionPath { get; private set; } = "";

    public string? ParentCode { get; private set; }

    public void MoveTo(Region region, Organisation? parent)
    {
        ArgumentNullException.ThrowIfNull(region);
        RegionCode = region.Code;
        RegionPath = region.Path;
        ParentCode = parent?.Code;
    }
}
