using Sunlight.Core.Calendar;
using Xunit;

namespace Sunlight.Core.Tests.Calendar;

public sealed class HolidayTableTests
{
    // Synthetic: not the real 2027 notice, only a file in the upstream format.
    private const string Synthetic2027Json = """
        {
          "year": 2027,
          "papers": ["https://example.invalid/2027-notice"],
          "days": [
            { "name": "元旦", "date": "2027-01-01", "isOffDay": true },
            { "name": "元旦", "date": "2027-01-02", "isOffDay": true },
            { "name": "春节", "date": "2027-02-06", "isOffDay": false }
          ]
        }
        """;

    [Fact]
    public void ShippedTableHoldsNotices2018To2026()
    {
        Assert.Equal(Enumerable.Range(2018, 9), HolidayTable.Shipped.Years);
        Assert.Same(HolidayTable.Shipped, HolidayTable.Shipped);
        Assert.All(HolidayTable.Shipped.Days, day => Assert.False(string.IsNullOrWhiteSpace(day.Name)));
    }

    [Fact]
    public void EmptyTableCoversNothing()
    {
        Assert.Empty(HolidayTable.Empty.Years);
        Assert.Empty(HolidayTable.Empty.Days);
        Assert.False(HolidayTable.Empty.Covers(new DateOnly(2025, 1, 1)));
    }

    [Fact]
    public void WithYearAddsANewNoticeWithoutChangingTheOriginal()
    {
        var table = HolidayTable.Shipped.WithYear(2027, HolidayTable.ParseHolidayCnJson(Synthetic2027Json));

        Assert.Equal(Enumerable.Range(2018, 10), table.Years);
        Assert.Equal(HolidayTable.Shipped.Days.Count + 3, table.Days.Count);
        var calendar = new WorkCalendar(table);
        Assert.False(calendar.IsWorkday(new DateOnly(2027, 1, 1)));
        Assert.True(calendar.IsWorkday(new DateOnly(2027, 2, 6))); // a Saturday listed as a working day
        Assert.True(calendar.IsWorkday(new DateOnly(2027, 3, 1)));
        Assert.Equal(new DateOnly(2027, 1, 4), calendar.AddWorkdays(new DateOnly(2026, 12, 31), 1));

        Assert.DoesNotContain(2027, HolidayTable.Shipped.Years);
        Assert.Throws<CalendarCoverageException>(() => new WorkCalendar(HolidayTable.Shipped).IsWorkday(new DateOnly(2027, 3, 1)));
    }

    [Fact]
    public void WithYearReplacesTheRowsOfThatNoticeYear()
    {
        var table = HolidayTable.Shipped.WithYear(2025, [new CalendarDay(new DateOnly(2025, 1, 1), true, "元旦", 2025)]);

        Assert.Equal(HolidayTable.Shipped.Years, table.Years);
        Assert.Single(table.Days, day => day.NoticeYear == 2025);
        Assert.Equal(DayReason.Weekend, new WorkCalendar(table).Describe(new DateOnly(2025, 1, 26)).Reason);
        Assert.Equal(DayReason.AdjustedWorkday, new WorkCalendar(HolidayTable.Shipped).Describe(new DateOnly(2025, 1, 26)).Reason);
    }

    [Fact]
    public void WithYearRejectsAnEmptyPlaceholderNotice()
    {
        using var english = new English();
        var ex = Assert.Throws<ArgumentException>(() => HolidayTable.Shipped.WithYear(2027, []));
        Assert.Contains("placeholder", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void WithYearRejectsDaysOfAnotherNotice()
    {
        using var english = new English();
        var ex = Assert.Throws<ArgumentException>(() =>
            HolidayTable.Empty.WithYear(2027, [new CalendarDay(new DateOnly(2027, 1, 1), true, "元旦", 2026)]));
        Assert.Contains("belongs to the 2026 notice, not 2027", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void WithYearRejectsADateFarFromItsNotice()
    {
        using var english = new English();
        var ex = Assert.Throws<ArgumentException>(() =>
            HolidayTable.Empty.WithYear(2027, [new CalendarDay(new DateOnly(2029, 1, 1), true, "元旦", 2027)]));
        Assert.Contains("more than one year away from notice year 2027", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void WithYearRejectsAConflictWithAnotherLoadedNotice()
    {
        using var english = new English();
        // The 2019 notice makes Saturday 2018-12-29 a working day; a 2018 row calling it a rest day contradicts it.
        var ex = Assert.Throws<ArgumentException>(() =>
            HolidayTable.Shipped.WithYear(2018, [new CalendarDay(new DateOnly(2018, 12, 29), true, "元旦", 2018)]));
        Assert.Contains("2018-12-29", ex.Message, StringComparison.Ordinal);
        Assert.Contains("2019 notice", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void WithYearRejectsTheSameDateWithBothKinds()
    {
        var ex = Assert.Throws<ArgumentException>(() => HolidayTable.Empty.WithYear(2027,
        [
            new CalendarDay(new DateOnly(2027, 1, 1), true, "元旦", 2027),
            new CalendarDay(new DateOnly(2027, 1, 1), false, "元旦", 2027),
        ]));
        Assert.Contains("2027-01-01", ex.Message, StringComparison.Ordinal);
    }
}
