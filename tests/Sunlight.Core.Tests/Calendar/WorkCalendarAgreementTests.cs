using Sunlight.Core.Calendar;
using Xunit;

namespace Sunlight.Core.Tests.Calendar;

/// <summary>
/// The indexed calendar agrees with the plain rule walked day by day (listed day → its kind; otherwise Mon–Fri work)
/// for thousands of random questions, including ones that run off the covered years.
/// </summary>
public sealed class WorkCalendarAgreementTests
{
    private static readonly HolidayTable Table = HolidayTable.Shipped;
    private static readonly WorkCalendar Calendar = new(Table);

    private static bool Work(DateOnly d) =>
        Table.Find(d) is { } listed ? !listed.IsOffDay : d.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday);

    private static DateOnly? Walk(DateOnly date, int n)
    {
        var step = Math.Sign(n);
        var left = Math.Abs(n);
        var d = date;
        while (left > 0)
        {
            d = d.AddDays(step);
            if (!Table.Covers(d))
            {
                return null;
            }

            left -= Work(d) ? 1 : 0;
        }

        return d;
    }

    [Fact]
    public void Add_and_count_agree_with_walking_the_days()
    {
        var random = new Random(20261126);
        var start = new DateOnly(2017, 12, 1).DayNumber;
        var end = new DateOnly(2027, 1, 31).DayNumber;
        for (var i = 0; i < 5000; i++)
        {
            var date = DateOnly.FromDayNumber(random.Next(start, end));
            var n = random.Next(-400, 401);
            var expected = Walk(date, n);
            if (expected is null)
            {
                Assert.Throws<CalendarCoverageException>(() => Calendar.AddWorkdays(date, n));
                continue;
            }

            Assert.Equal(expected.Value, Calendar.AddWorkdays(date, n));
            Assert.Equal(n, Calendar.CountWorkdays(date, expected.Value));
            if (Table.Covers(date))
            {
                Assert.Equal(Work(date), Calendar.IsWorkday(date));
            }
        }
    }
}
