namespace Sunlight.Core.Calendar;

/// <summary>One year's official holiday notice as stored: loaded from the shipped table or added by an administrator.</summary>
public sealed class CalendarYearEntry
{
    public int Year { get; set; }

    /// <summary>Where the facts come from (notice URLs, or who typed them in).</summary>
    public string Source { get; set; } = "";

    public DateTimeOffset LoadedAt { get; set; }

    public string LoadedBy { get; set; } = "";
}

/// <summary>A listed day: an official rest day or an adjusted working day (调休).</summary>
public sealed class CalendarDayEntry
{
    public DateOnly Date { get; set; }

    public int NoticeYear { get; set; }

    public bool IsOffDay { get; set; }

    public string Name { get; set; } = "";
}
