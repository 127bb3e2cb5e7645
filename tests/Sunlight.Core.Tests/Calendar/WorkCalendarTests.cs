using Sunlight.Core.Calendar;
using Xunit;

namespace Sunlight.Core.Tests.Calendar;

public sealed class WorkCalendarTests
{
    private static readonly WorkCalendar Shipped = new(HolidayTable.Shipped);

    [Fact]
    public void TwentyWorkdaysAfterMonday20January2025CrossSpringFestivalToFriday21February()
    {
        // From the 2025 notice (2025.json): 2025-01-26 (Sun) and 2025-02-08 (Sat) are adjusted working days;
        // 2025-01-28 (Tue) to 2025-02-04 (Tue) are rest days. Counting the working days after Mon 2025-01-20:
        //  1 Tue 01-21   2 Wed 01-22   3 Thu 01-23   4 Fri 01-24   (Sat 01-25 rest)
        //  5 Sun 01-26 (调休上班)      6 Mon 01-27   (01-28 … 02-04 Spring Festival)
        //  7 Wed 02-05   8 Thu 02-06   9 Fri 02-07  10 Sat 02-08 (调休上班)   (Sun 02-09 rest)
        // 11 Mon 02-10  12 Tue 02-11  13 Wed 02-12  14 Thu 02-13  15 Fri 02-14   (weekend 02-15/16)
        // 16 Mon 02-17  17 Tue 02-18  18 Wed 02-19  19 Thu 02-20  20 Fri 02-21
        Assert.Equal(new DateOnly(2025, 2, 21), Shipped.AddWorkdays(new DateOnly(2025, 1, 20), 20));
    }

    [Fact]
    public void AdjustedSaturdayIsAWorkday()
    {
        var saturday = new DateOnly(2025, 2, 8);
        Assert.Equal(DayOfWeek.Saturday, saturday.DayOfWeek);
        Assert.True(Shipped.IsWorkday(saturday));
        Assert.Equal(new DayInfo(saturday, true, DayReason.AdjustedWorkday, "春节"), Shipped.Describe(saturday));
    }

    [Fact]
    public void HolidayWeekdayIsNotAWorkday()
    {
        var tuesday = new DateOnly(2025, 1, 28);
        Assert.Equal(DayOfWeek.Tuesday, tuesday.DayOfWeek);
        Assert.False(Shipped.IsWorkday(tuesday));
        Assert.Equal(new DayInfo(tuesday, false, DayReason.Holiday, "春节"), Shipped.Describe(tuesday));
        Assert.False(Shipped.IsWorkday(new DateOnly(2025, 10, 8)));
    }

    [Fact]
    public void UnlistedDaysFollowTheWeekRule()
    {
        Assert.Equal(new DayInfo(new DateOnly(2025, 3, 1), false, DayReason.Weekend, null), Shipped.Describe(new DateOnly(2025, 3, 1)));
        Assert.Equal(new DayInfo(new DateOnly(2025, 3, 3), true, DayReason.Weekday, null), Shipped.Describe(new DateOnly(2025, 3, 3)));
    }

    [Fact]
    public void LateDecember2018IsClassifiedFromThe2019Notice()
    {
        var saturday = new DateOnly(2018, 12, 29);
        Assert.Equal(DayOfWeek.Saturday, saturday.DayOfWeek);
        Assert.True(Shipped.IsWorkday(saturday));
        Assert.Equal(DayReason.AdjustedWorkday, Shipped.Describe(saturday).Reason);
        Assert.Equal(2019, HolidayTable.Shipped.Find(saturday)?.NoticeYear);

        var monday = new DateOnly(2018, 12, 31);
        Assert.False(Shipped.IsWorkday(monday));
        Assert.Equal(new DayInfo(monday, false, DayReason.Holiday, "元旦"), Shipped.Describe(monday));
    }

    [Fact]
    public void NegativeCountGoesBackOverAnAdjustedSaturday()
    {
        // Before Mon 2025-02-10: Sun 02-09 rest, Sat 02-08 调休上班 (1), Fri 02-07 (2), Thu 02-06 (3).
        Assert.Equal(new DateOnly(2025, 2, 6), Shipped.AddWorkdays(new DateOnly(2025, 2, 10), -3));
        Assert.Equal(new DateOnly(2025, 1, 20), Shipped.AddWorkdays(new DateOnly(2025, 2, 21), -20));
    }

    [Fact]
    public void ZeroWorkdaysReturnsTheDateEvenOnAHoliday()
    {
        Assert.Equal(new DateOnly(2025, 1, 28), Shipped.AddWorkdays(new DateOnly(2025, 1, 28), 0));
    }

    [Fact]
    public void OneWorkdayAfterTheLastHolidayDayIsTheFirstDayBack()
    {
        Assert.Equal(new DateOnly(2025, 2, 5), Shipped.AddWorkdays(new DateOnly(2025, 1, 27), 1));
    }

    [Fact]
    public void CountWorkdaysIsTheInverseOfAddWorkdays()
    {
        Assert.Equal(20, Shipped.CountWorkdays(new DateOnly(2025, 1, 20), new DateOnly(2025, 2, 21)));
        Assert.Equal(-20, Shipped.CountWorkdays(new DateOnly(2025, 2, 21), new DateOnly(2025, 1, 20)));
        Assert.Equal(0, Shipped.CountWorkdays(new DateOnly(2025, 1, 28), new DateOnly(2025, 1, 28)));
    }

    [Theory]
    [InlineData("2020-01-23", 12)] // spans the 2020 COVID extension of the Spring Festival
    [InlineData("2022-06-15", 250)]
    [InlineData("2022-06-15", -300)]
    [InlineData("2024-09-27", 7)]
    [InlineData("2024-10-12", -7)]
    [InlineData("2019-05-05", -1)]
    public void CountWorkdaysRoundTrips(string start, int workdays)
    {
        var date = DateOnly.Parse(start, System.Globalization.CultureInfo.InvariantCulture);
        var result = Shipped.AddWorkdays(date, workdays);
        Assert.True(Shipped.IsWorkday(result));
        Assert.Equal(workdays, Shipped.CountWorkdays(date, result));
    }

    [Fact]
    public void The2020CovidExtensionKeepsFebruary2020Closed()
    {
        // The 2020-01-27 notice extended the Spring Festival to 2020-02-02; first working day 2020-02-03.
        Assert.False(Shipped.IsWorkday(new DateOnly(2020, 1, 31)));
        Assert.Equal(new DateOnly(2020, 2, 3), Shipped.AddWorkdays(new DateOnly(2020, 1, 23), 1));
    }

    [Fact]
    public void NaturalDaysIgnoreHolidays()
    {
        Assert.Equal(new DateOnly(2025, 2, 1), Shipped.AddNaturalDays(new DateOnly(2025, 1, 28), 4));
        Assert.Equal(new DateOnly(2025, 1, 24), Shipped.AddNaturalDays(new DateOnly(2025, 1, 28), -4));
    }

    [Fact]
    public void A2017DateIsNotCovered()
    {
        var ex = Assert.Throws<CalendarCoverageException>(() => Shipped.IsWorkday(new DateOnly(2017, 12, 31)));
        Assert.Equal(new DateOnly(2017, 12, 31), ex.Date);
        Assert.Equal(Enumerable.Range(2018, 9), ex.CoveredYears);
        Assert.Equal(
            "2017-12-31 不在工作日历范围内：尚未录入 2017 年的节假日安排（已有 2018–2026 年）",
            ex.Message);
    }

    [Fact]
    public void CountingBackIntoUncoveredYearStopsAtTheFirstUncoveredDate()
    {
        // Fri 2018-01-05 back: Thu 01-04, Wed 01-03, Tue 01-02 (3 working days), Mon 01-01 元旦, then 2017-12-31.
        var ex = Assert.Throws<CalendarCoverageException>(() => Shipped.AddWorkdays(new DateOnly(2018, 1, 5), -5));
        Assert.Equal(new DateOnly(2017, 12, 31), ex.Date);
    }

    [Fact]
    public void A2027DateIsNotCoveredAndTheMessageSaysWhy()
    {
        var ex = Assert.Throws<CalendarCoverageException>(() => Shipped.Describe(new DateOnly(2027, 3, 1)));
        Assert.Equal(
            "2027-03-01 不在工作日历范围内：尚未录入 2027 年的节假日安排（已有 2018–2026 年）",
            ex.Message);
    }

    [Fact]
    public void AddingWorkdaysPastTheLastNoticeFailsInsteadOfGuessing()
    {
        // Fri 2026-12-25 + 10: 12-28 … 12-31 give 4 working days, then 2027-01-01 has no notice.
        var ex = Assert.Throws<CalendarCoverageException>(() => Shipped.AddWorkdays(new DateOnly(2026, 12, 25), 10));
        Assert.Equal(new DateOnly(2027, 1, 1), ex.Date);
        Assert.Throws<CalendarCoverageException>(() => Shipped.CountWorkdays(new DateOnly(2026, 12, 25), new DateOnly(2027, 1, 4)));
    }

    [Fact]
    public void CoverageMessageListsGapsAndEmptyTables()
    {
        var gappy = HolidayTable.Empty
            .WithYear(2018, [new CalendarDay(new DateOnly(2018, 1, 1), true, "元旦", 2018)])
            .WithYear(2019, [new CalendarDay(new DateOnly(2019, 1, 1), true, "元旦", 2019)])
            .WithYear(2021, [new CalendarDay(new DateOnly(2021, 1, 1), true, "元旦", 2021)]);
        var ex = Assert.Throws<CalendarCoverageException>(() => new WorkCalendar(gappy).IsWorkday(new DateOnly(2020, 5, 6)));
        Assert.Equal("2020-05-06 不在工作日历范围内：尚未录入 2020 年的节假日安排（已有 2018–2019、2021 年）", ex.Message);
        using (new English())
        {
            Assert.Equal("No official holiday data for 2020; covered years: 2018–2019, 2021.",
                Assert.Throws<CalendarCoverageException>(() => new WorkCalendar(gappy).IsWorkday(new DateOnly(2020, 5, 6))).Message);
        }


        var none = Assert.Throws<CalendarCoverageException>(() => new WorkCalendar(HolidayTable.Empty).IsWorkday(new DateOnly(2025, 1, 2)));
        Assert.Empty(none.CoveredYears);
        Assert.Contains("尚未录入任何年份", none.Message, StringComparison.Ordinal);
        using (new English())
        {
            Assert.Contains("no years are loaded", Assert.Throws<CalendarCoverageException>(() => new WorkCalendar(HolidayTable.Empty).IsWorkday(new DateOnly(2025, 1, 2))).Message, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData(10_001)]
    [InlineData(-10_001)]
    [InlineData(int.MinValue)]
    public void TooManyWorkdaysAreRejected(int workdays)
    {
        using var english = new English();
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => Shipped.AddWorkdays(new DateOnly(2025, 1, 2), workdays));
        Assert.Equal("workdays", ex.ParamName);
        Assert.Contains("between -10000 and 10000", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TenThousandWorkdaysAreAllowed()
    {
        // Synthetic table: every year 2000–2060 "loaded" with only New Year's Day as a holiday.
        var table = HolidayTable.Empty;
        for (var year = 2000; year <= 2060; year++)
        {
            table = table.WithYear(year, [new CalendarDay(new DateOnly(year, 1, 1), true, "元旦", year)]);
        }

        var calendar = new WorkCalendar(table);
        var start = new DateOnly(2000, 1, 3);
        var end = calendar.AddWorkdays(start, WorkCalendar.MaxWorkdayOffset);
        Assert.Equal(WorkCalendar.MaxWorkdayOffset, calendar.CountWorkdays(start, end));
        Assert.Equal(start, calendar.AddWorkdays(end, -WorkCalendar.MaxWorkdayOffset));
    }
}
