using Xunit;
using Sunlight.Core.Calendar;

namespace Sunlight.Core.Tests.Calendar;

/// <summary>
/// Years without a State Council notice are reckoned from the statutory holidays (全国年节及纪念日放假办法) with the
/// lunar dates of .NET's calendar, marked provisional (暂定), and give way to the notice once it is loaded.
/// </summary>
public sealed class ProvisionalYearTests
{
    private static readonly WorkCalendar Provisional = new(HolidayTable.Shipped, provisionalYears: true);

    public static TheoryData<int> NoticeYears => [.. HolidayTable.Shipped.Years];

    [Theory]
    [MemberData(nameof(NoticeYears))]
    public void Every_statutory_holiday_is_a_rest_day_in_the_official_notice_of_its_year(int year)
    {
        // The notices add 调休 and bridge days, but never take a statutory holiday away: that is what makes the
        // reckoning safe to show as a provisional deadline.
        var official = new WorkCalendar(HolidayTable.Shipped);
        var statutory = StatutoryHolidays.For(year);
        Assert.NotEmpty(statutory);
        Assert.All(statutory, d => Assert.False(official.IsWorkday(d.Date), $"{d.Date:yyyy-MM-dd} {d.Name} is a working day in the {year} notice"));
        Assert.Equal(year >= 2025 ? 13 : 11, statutory.Count + (statutory.Any(d => d.Name.Contains('、', StringComparison.Ordinal)) ? 1 : 0));
    }

    [Fact]
    public void Lunar_festivals_and_qingming_fall_on_their_known_dates()
    {
        // 2026 (notice of 2025-11): 除夕 2-16, 清明 4-5, 端午 6-19, 中秋 9-25.
        var days = StatutoryHolidays.For(2026).ToDictionary(d => d.Date, d => d.Name);
        Assert.Equal("春节", days[new DateOnly(2026, 2, 16)]);
        Assert.Equal("春节", days[new DateOnly(2026, 2, 19)]);
        Assert.Equal("清明节", days[new DateOnly(2026, 4, 5)]);
        Assert.Equal("端午节", days[new DateOnly(2026, 6, 19)]);
        Assert.Equal("中秋节", days[new DateOnly(2026, 9, 25)]);
        // 2020: 中秋 on 10-1, one entry for both festivals.
        Assert.Equal("国庆节、中秋节", StatutoryHolidays.For(2020).Single(d => d.Date == new DateOnly(2020, 10, 1)).Name);
        // A leap fourth month (2020 闰四月) does not move 端午 to the leap month: 2020-06-25.
        Assert.Contains(StatutoryHolidays.For(2020), d => d.Date == new DateOnly(2020, 6, 25) && d.Name == "端午节");
        // 2027: 除夕 2-5, 正月初一 2-6, 清明 4-5, 端午 6-9, 中秋 9-15.
        var next = StatutoryHolidays.For(2027).Select(d => d.Date).ToHashSet();
        Assert.Superset(new[] { new DateOnly(2027, 2, 5), new DateOnly(2027, 2, 8), new DateOnly(2027, 4, 5), new DateOnly(2027, 6, 9), new DateOnly(2027, 9, 15) }.ToHashSet(), next);
    }

    [Fact]
    public void A_year_without_its_notice_is_reckoned_and_marked_provisional()
    {
        // Fri 2026-12-25 + 10 working days: 12-28…12-31 (4), 2027-01-01 is 元旦, then 1-4…1-8 (5) and 1-11.
        Assert.Equal(new DateOnly(2027, 1, 11), Provisional.AddWorkdays(new DateOnly(2026, 12, 25), 10));
        Assert.True(Provisional.AnyProvisional(new DateOnly(2026, 12, 25), new DateOnly(2027, 1, 11)));
        Assert.False(Provisional.AnyProvisional(new DateOnly(2026, 1, 5), new DateOnly(2026, 12, 31)));
        var day = Provisional.Describe(new DateOnly(2027, 2, 8));
        Assert.Equal((false, DayReason.Holiday, "春节", true), (day.IsWorkday, day.Reason, day.Name, day.Provisional));
        Assert.False(Provisional.Describe(new DateOnly(2026, 2, 16)).Provisional);
        Assert.Contains(2027, Provisional.ProvisionalYears);
        Assert.DoesNotContain(2026, Provisional.ProvisionalYears);

        // The strict calendar still refuses to guess, and years beyond the reckoning stay uncovered.
        Assert.Throws<CalendarCoverageException>(() => new WorkCalendar(HolidayTable.Shipped).AddWorkdays(new DateOnly(2026, 12, 25), 10));
        Assert.Throws<CalendarCoverageException>(() => Provisional.IsWorkday(new DateOnly(2007, 6, 1)));
        Assert.Throws<CalendarCoverageException>(() => Provisional.IsWorkday(new DateOnly(2101, 6, 1)));
    }

    [Fact]
    public void A_loaded_notice_replaces_the_reckoning()
    {
        // A made-up 2027 notice with one 调休 Saturday: the official year wins and is no longer provisional.
        var table = HolidayTable.Shipped.WithYear(2027, [.. StatutoryHolidays.For(2027), new CalendarDay(new DateOnly(2027, 1, 9), false, "元旦", 2027)]);
        var calendar = new WorkCalendar(table, provisionalYears: true);
        Assert.True(calendar.IsWorkday(new DateOnly(2027, 1, 9)));
        Assert.False(calendar.IsProvisional(new DateOnly(2027, 1, 9)));
        Assert.Equal(new DateOnly(2027, 1, 9), calendar.AddWorkdays(new DateOnly(2026, 12, 25), 10));
        Assert.True(calendar.IsProvisional(new DateOnly(2028, 1, 3)));
    }
}
