using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Sunlight.Core.Calendar;

/// <summary>
/// The official working-day calendar (工作日历) of mainland China, computed from a <see cref="HolidayTable"/>:
/// a date listed in a notice uses its listed kind; any other date is a working day from Monday to Friday.
/// </summary>
/// <remarks>
/// Every date a method examines must be covered by the table (the notice for its year is loaded);
/// otherwise the method throws <see cref="CalendarCoverageException"/> rather than assume the default rule.
/// See <see cref="HolidayTable"/> for the late-December caveat.
/// </remarks>
public sealed class WorkCalendar
{
    /// <summary>The largest number of working days <see cref="AddWorkdays"/> moves, in either direction.</summary>
    public const int MaxWorkdayOffset = 10_000;

    /// <summary>Creates a calendar over <paramref name="table"/>.</summary>
    public WorkCalendar(HolidayTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        Table = table;
    }

    /// <summary>The notices this calendar uses.</summary>
    public HolidayTable Table { get; }

    /// <summary>True when <paramref name="date"/> is an official working day.</summary>
    /// <exception cref="CalendarCoverageException">The notice for the date's year is not loaded.</exception>
    public bool IsWorkday(DateOnly date)
    {
        EnsureCovered(date);
        return Table.Find(date) is { } listed ? !listed.IsOffDay : !IsWeekend(date);
    }

    /// <summary>Classifies <paramref name="date"/> and says which rule decided.</summary>
    /// <exception cref="CalendarCoverageException">The notice for the date's year is not loaded.</exception>
    public DayInfo Describe(DateOnly date)
    {
        EnsureCovered(date);
        if (Table.Find(date) is { } listed)
        {
            return listed.IsOffDay
                ? new DayInfo(date, IsWorkday: false, DayReason.Holiday, listed.Name)
                : new DayInfo(date, IsWorkday: true, DayReason.AdjustedWorkday, listed.Name);
        }

        return IsWeekend(date)
            ? new DayInfo(date, IsWorkday: false, DayReason.Weekend, Name: null)
            : new DayInfo(date, IsWorkday: true, DayReason.Weekday, Name: null);
    }

    /// <summary>
    /// The <paramref name="workdays"/>-th working day after <paramref name="date"/> (the date itself is not counted);
    /// for a negative value, the |<paramref name="workdays"/>|-th working day before it; for 0, <paramref name="date"/> itself.
    /// </summary>
    /// <example>With the 2025 notice, <c>AddWorkdays(2025-01-20, 20)</c> is 2025-02-21.</example>
    /// <exception cref="ArgumentOutOfRangeException">|<paramref name="workdays"/>| exceeds <see cref="MaxWorkdayOffset"/>.</exception>
    /// <exception cref="CalendarCoverageException">A date passed over is not covered.</exception>
    public DateOnly AddWorkdays(DateOnly date, int workdays)
    {
        if (workdays is < -MaxWorkdayOffset or > MaxWorkdayOffset)
        {
            throw new ArgumentOutOfRangeException(nameof(workdays), workdays, string.Create(
                CultureInfo.InvariantCulture,
                $"工作日数应在 -{MaxWorkdayOffset} 到 {MaxWorkdayOffset} 之间 (the number of working days must be between -{MaxWorkdayOffset} and {MaxWorkdayOffset})"));
        }

        var step = Math.Sign(workdays);
        var remaining = Math.Abs(workdays);
        var current = date;
        while (remaining > 0)
        {
            current = current.AddDays(step);
            if (IsWorkday(current))
            {
                remaining--;
            }
        }

        return current;
    }

    /// <summary>
    /// <paramref name="date"/> plus <paramref name="days"/> calendar days (自然日). No day is examined, so no coverage is needed.
    /// Note that this does not move a deadline that falls on a rest day; rules that require it must do so explicitly.
    /// </summary>
    [SuppressMessage("Performance", "CA1822:Mark members as static", Justification = "Instance member so deadline rules use one calendar object for natural-day and working-day arithmetic.")]
    public DateOnly AddNaturalDays(DateOnly date, int days) => date.AddDays(days);

    /// <summary>
    /// The number of working days in (<paramref name="fromExclusive"/>, <paramref name="toInclusive"/>].
    /// When <paramref name="toInclusive"/> is earlier, the result is minus the number of working days in
    /// [<paramref name="toInclusive"/>, <paramref name="fromExclusive"/>), so that
    /// <c>CountWorkdays(d, AddWorkdays(d, n)) == n</c> for every n.
    /// </summary>
    /// <exception cref="CalendarCoverageException">A date in the range is not covered.</exception>
    public int CountWorkdays(DateOnly fromExclusive, DateOnly toInclusive)
    {
        if (toInclusive < fromExclusive)
        {
            return -Count(toInclusive, fromExclusive.AddDays(-1));
        }

        return fromExclusive == toInclusive ? 0 : Count(fromExclusive.AddDays(1), toInclusive);
    }

    private int Count(DateOnly first, DateOnly last)
    {
        var count = 0;
        for (var day = first; day <= last; day = day.AddDays(1))
        {
            if (IsWorkday(day))
            {
                count++;
            }

            if (day == DateOnly.MaxValue)
            {
                break;
            }
        }

        return count;
    }

    private static bool IsWeekend(DateOnly date) => date.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday;

    private void EnsureCovered(DateOnly date)
    {
        if (!Table.Covers(date))
        {
            throw new CalendarCoverageException(date, Table.Years);
        }
    }
}
