using System.Globalization;

namespace Sunlight.Core.Calendar;

/// <summary>
/// Local time of the mainland (Asia/Shanghai, UTC+8, no daylight saving): the calendar day of an instant, the end of a
/// day (when a deadline on that day has passed), Monday of its week, and the texts pages and event lines show.
/// Every module that turns instants into working days or local dates goes through this.
/// </summary>
public static class ChinaTime
{
    public static readonly TimeZoneInfo Zone = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");

    private static readonly TimeSpan Offset = TimeSpan.FromHours(8);

    /// <summary>
    /// The calendar day of an instant in Asia/Shanghai: UTC+8 from 1992 (the zone's last daylight saving ended in
    /// September 1991) without the zone's rules, which cost more than the rules that ask millions of times; earlier
    /// instants through the zone.
    /// </summary>
    public static DateOnly Day(DateTimeOffset at) =>
        at.UtcTicks >= FixedSince && at.UtcTicks < FixedUntil ? DateOnly.FromDayNumber((int)((at.UtcTicks + Offset.Ticks) / TimeSpan.TicksPerDay))
        : DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(at, Zone).DateTime);

    private static readonly long FixedSince = new DateTime(1992, 1, 1, 0, 0, 0, DateTimeKind.Utc).Ticks;

    // From 9999-12-31 16:00 UTC the local day would pass DateOnly.MaxValue; the zone's conversion clamps it.
    private static readonly long FixedUntil = DateTime.MaxValue.Ticks - Offset.Ticks;

    /// <summary>The first instant after <paramref name="day"/> (UTC): a deadline on that day has passed then.</summary>
    public static DateTimeOffset EndOfDay(DateOnly day) => StartOfDay(day.AddDays(1));

    /// <summary>Midnight at the start of <paramref name="day"/> (UTC).</summary>
    public static DateTimeOffset StartOfDay(DateOnly day) => new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), Offset).ToUniversalTime();

    /// <summary>Monday of the week of an instant.</summary>
    public static DateOnly Monday(DateTimeOffset at)
    {
        var day = Day(at);
        return day.AddDays(-(((int)day.DayOfWeek + 6) % 7));
    }

    /// <summary>The instant as local text, <c>yyyy-MM-dd HH:mm</c> unless another format is given.</summary>
    public static string Local(DateTimeOffset at, string format = "yyyy-MM-dd HH:mm") =>
        TimeZoneInfo.ConvertTime(at, Zone).ToString(format, CultureInfo.InvariantCulture);

    /// <summary>The instant as ISO 8601 with its +08:00 offset, to the millisecond (the form events carry).</summary>
    public static string Iso(DateTimeOffset at) => Local(at, "yyyy-MM-dd'T'HH:mm:ss.fffzzz");
}
