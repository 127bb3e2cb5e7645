namespace Sunlight.Services.Catalogue;

/// <summary>
/// 权力事项 — a power item. Its definition lives in immutable <see cref="PowerItemVersion"/>s; a case keeps the version
/// it started under. This row only says which organisation owns the code and which version is the latest.
/// </summary>
internal sealed class PowerItem
{
    public string Code { get; set; } = "";

    public string OrganisationCode { get; set; } = "";

    /// <summary>Copy of the organisation's region path, for jurisdiction filters.</summary>
    public string RegionPath { get; set; } = "";

    public int LatestVersion { get; set; }
}

/// <summary>One published version of a power item. Never edited: a change is a new version.</summary>
internal sealed class PowerItemVersion
{
    public string ItemCode { get; set; } = "";

    public int Version { get; set; }

    public string Name { get; set; } = "";

    public string Category { get; set; } = "";

    public string OrganisationCode { get; set; } = "";

    public string LegalBasis { get; set; } = "";

    public string? Conditions { get; set; }

    /// <summary>法定时限, working days.</summary>
    public int StatutoryLimit { get; set; }

    /// <summary>承诺时限, working days, ≤ statutory.</summary>
    public int CommittedLimit { get; set; }

    /// <summary>The definition's lists (steps, fees in fen, pauses, tiers in fen, materials, life events) as one JSON document.</summary>
    public string Definition { get; set; } = "{}";

    /// <summary>True when no fee item is listed (免费).</summary>
    public bool Free { get; set; }

    public DateTimeOffset EffectiveFrom { get; set; }

    public DateTimeOffset PublishedAt { get; set; }

    public string PublishedBy { get; set; } = "";

    /// <summary>Ledger sequence of the record that published this version.</summary>
    public long RecordSequence { get; set; } = -1;
}
