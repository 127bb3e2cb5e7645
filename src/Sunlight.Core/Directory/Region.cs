namespace Sunlight.Core.Directory;

/// <summary>Level of an administrative division (GB/T 2260; townships GB/T 10114).</summary>
public enum RegionLevel
{
    Province,
    City,

    /// <summary>区、县、县级市 — county level.</summary>
    County,

    /// <summary>市属开发区 — a development zone run at county level, coded in the statistical division table.</summary>
    Zone,

    /// <summary>乡、镇、街道 — township level.</summary>
    Township,
}

/// <summary>An administrative division: 省 ▸ 市 ▸ 县 ▸ 乡.</summary>
public sealed class Region
{
    private Region()
    {
    }

    public Region(string code, string name, RegionLevel level, Region? parent)
    {
        Code = code;
        Name = name;
        Level = level;
        ParentCode = parent?.Code;
        Path = (parent?.Path ?? "/") + code + "/";
    }

    /// <summary>6-digit GB/T 2260 code (county and above) or 9-digit township code.</summary>
    public string Code { get; private set; } = "";

    public string Name { get; set; } = "";

    public RegionLevel Level { get; private set; }

    public string? ParentCode { get; private set; }

    /// <summary>Codes from the root, e.g. <c>/370000/370700/370781/</c>: a jurisdiction is a path prefix.</summary>
    public string Path { get; private set; } = "";
}
