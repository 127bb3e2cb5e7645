namespace Sunlight.Core.Calendar;

/// <summary>Why a day is or is not a working day.</summary>
public enum DayReason
{
    /// <summary>Monday to Friday, not listed in any notice.</summary>
    Weekday = 0,

    /// <summary>Saturday or Sunday, not listed in any notice.</summary>
    Weekend = 1,

    /// <summary>Listed in a notice as a rest day (放假).</summary>
    Holiday = 2,

    /// <summary>Listed in a notice as a working day (调休上班), usually a Saturday or Sunday.</summary>
    AdjustedWorkday = 3,
}

/// <summary>How the working-day calendar classifies one date.</summary>
/// <param name="Date">The date described.</param>
/// <param name="IsWorkday">True when the date is an official working day.</param>
/// <param name="Reason">Which rule decided <paramref name="IsWorkday"/>.</param>
/// <param name="Name">The festival name for <see cref="DayReason.Holiday"/> and <see cref="DayReason.AdjustedWorkday"/>; otherwise null.</param>
/// <param name="Provisional">True when the year has no notice loaded and the day is reckoned from the statutory holidays alone (暂定).</param>
public sealed record DayInfo(DateOnly Date, bool IsWorkday, DayReason Reason, string? Name, bool Provisional = false);
