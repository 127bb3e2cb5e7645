namespace Sunlight.Trading.Experts;

/// <summary>
/// 评标专家 — one expert of the shared pool (五统一: one 专家评委库 for the city): code, name, citizen ID number (never
/// exported, never in a record), organisation, specialties, region and status (trading.md "Experts").
/// </summary>
internal sealed class Expert
{
    public string Code { get; set; } = "";

    public string Name { get; set; } = "";

    public string IdNumber { get; set; } = "";

    /// <summary>Party id of the expert's organisation (<c>CN-SAIC-…</c>).</summary>
    public string OrganisationId { get; set; } = "";

    public string OrganisationName { get; set; } = "";

    /// <summary>The directory code of the expert's organisation when it is a government body of the node (回避 of the supervising department's staff).</summary>
    public string? DirectoryCode { get; set; }

    /// <summary>Specialties, separated by <c>|</c>.</summary>
    public string Specialties { get; set; } = "";

    public string RegionCode { get; set; } = "";

    public string RegionPath { get; set; } = "";

    /// <summary><c>active</c>, <c>suspended</c> (until <see cref="SuspendedUntil"/>) or <c>removed</c>.</summary>
    public string Status { get; set; } = ExpertStatus.Active;

    public DateOnly? SuspendedUntil { get; set; }

    public string? StatusReason { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public string UpdatedBy { get; set; } = "";
}

/// <summary>A declared interest: an organisation the expert must not judge (trading.md: employee within 3 years, director, shareholder, relative employed).</summary>
internal sealed class ExpertInterest
{
    public long Id { get; set; }

    public string ExpertCode { get; set; } = "";

    public string OrganisationId { get; set; } = "";

    public string OrganisationName { get; set; } = "";

    /// <summary><c>employee</c>, <c>director</c>, <c>shareholder</c> or <c>relative</c>.</summary>
    public string Relation { get; set; } = "";

    public DateOnly? Until { get; set; }
}

internal static class ExpertStatus
{
    public const string Active = "active";
    public const string Suspended = "suspended";
    public const string Removed = "removed";

    public static IReadOnlyList<string> All { get; } = [Active, Suspended, Removed];

    public static IReadOnlyList<string> Relations { get; } = ["employee", "director", "shareholder", "relative"];
}
