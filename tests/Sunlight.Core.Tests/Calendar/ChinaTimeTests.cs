using Sunlight.Core.Calendar;
using Xunit;

namespace Sunlight.Core.Tests.Calendar;

/// <summary>The fixed-offset day of an instant agrees with the zone's rules, across midnight, years and offsets.</summary>
public sealed class ChinaTimeTests
{
    [Fact]
    public void Day_agrees_with_the_zone_from_1992_on_and_uses_it_before()
    {
        var random = new Random(11);
        var from = new DateTimeOffset(1985, 1, 1, 0, 0, 0, TimeSpan.Zero).UtcTicks;
        var to = new DateTimeOffset(2080, 1, 1, 0, 0, 0, TimeSpan.Zero).UtcTicks;
        for (var i = 0; i < 50_000; i++)
        {
            var at = new DateTimeOffset(from + (long)(random.NextDouble() * (to - from)), TimeSpan.Zero).ToOffset(TimeSpan.FromMinutes(random.Next(-14 * 60, 14 * 60 + 1)));
            Assert.Equal(DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(at, ChinaTime.Zone).DateTime), ChinaTime.Day(at));
        }

        // Either side of local midnight, and the summer of 1991 (daylight saving: UTC+9).
        Assert.Equal(new DateOnly(2026, 1, 1), ChinaTime.Day(new DateTimeOffset(2025, 12, 31, 16, 0, 0, TimeSpan.Zero)));
        Assert.Equal(new DateOnly(2025, 12, 31), ChinaTime.Day(new DateTimeOffset(2025, 12, 31, 15, 59, 59, TimeSpan.Zero)));
        Assert.Equal(new DateOnly(1991, 7, 2), ChinaTime.Day(new DateTimeOffset(1991, 7, 1, 15, 30, 0, TimeSpan.Zero)));

        // The last day: a "never" date such as 9999-12-31T23:59:59Z stays on it rather than passing the end of time.
        Assert.Equal(DateOnly.MaxValue, ChinaTime.Day(new DateTimeOffset(9999, 12, 31, 23, 59, 59, TimeSpan.Zero)));
        Assert.Equal(DateOnly.MaxValue, ChinaTime.Day(new DateTimeOffset(9999, 12, 31, 15, 59, 59, TimeSpan.Zero)));
    }
}
