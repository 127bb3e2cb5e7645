using System.ComponentModel.DataAnnotations;

namespace Sunlight.Core.Supervision;

/// <summary>电子监察's settings (<c>Sunlight:Supervision</c>).</summary>
public sealed class SupervisionOptions
{
    /// <summary>How often due instants are evaluated, in seconds (0: never on a timer; tests and replay drive it).</summary>
    [Range(0, 24 * 3600, ErrorMessage = "Sunlight:Supervision:DueIntervalSeconds 须在 0–86400 之间 (must be 0–86400 seconds)")]
    public int DueIntervalSeconds { get; set; } = 30;

    /// <summary>How long the dashboard's figures are kept when no alert or notice changes, in seconds (case volumes move without alerts).</summary>
    [Range(1, 3600, ErrorMessage = "Sunlight:Supervision:DashboardSeconds 须在 1–3600 之间 (must be 1–3600 seconds)")]
    public int DashboardSeconds { get; set; } = 10;
}
