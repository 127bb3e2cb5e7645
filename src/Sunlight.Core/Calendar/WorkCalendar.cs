using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Sunlight.Core.Calendar;

/// <summary>
/// The official working-day calendar (工作日历) of mainland China, computed from a <see cref="HolidayTable"/>:
/// a date listed in a notice uses its listed kind; any other date is a working day from Monday to Friday.
/// </summary>
/// <remarks>
/// Every date a method examines must be covered: the notice for its year is loaded, or — for a calendar made with
/// <c>provisionalYears</c> — the year lies in <see cref="StatutoryHolidays.FirstYear"/>–<see cref="StatutoryHolidays.LastYear"/>
/// and is reckoned provisionally (暂定) from the statutory holidays alone (<see cref="IsProvisional"/>). Otherwise the
/// method throws <see cref="CalendarCoverageException"/> rather than assume the default rule.
/// See <see cref="HolidayTable"/> for the late-December caveat.
/// </remarks>
public sealed class WorkCalendar
{
    /// <summary>The largest number of working days <see cref="AddWorkdays"/> moves, in either direction.</summary>
    public const int MaxWorkdayOffset = 10_000;

    // Contiguous runs of covered years, each with a running count of working days, so that every question is an
    // array lookup or a binary search instead of a walk over the days (deadlines are computed on every event).
    private readonly Span[] _spans;
    private readonly FrozenSet<int> _provisional;
    private readonly FrozenDictionary<DateOnly, CalendarDay> _provisionalDays;

    /// <summary>Creates a calendar over <paramref name="table"/>: only the years it has notices for are covered.</summary>
    public WorkCalendar(HolidayTable table)
        : this(table, provisionalYears: false)
    {
    }

    /// <summary>
    /// Creates a calendar over <paramref name="table"/>; with <paramref name="provisionalYears"/>, every year from
    /// <see cref="StatutoryHolidays.FirstYear"/> to <see cref="StatutoryHolidays.LastYear"/> without a notice is reckoned
    /// provisionally from <see cref="StatutoryHolidays"/> (no 调休) until its notice is loaded.
    /// </summary>
    public WorkCalendar(HolidayTable table, bool provisionalYears)
    {
        ArgumentNullException.ThrowIfNull(table);
        Table = table;
        _provisional = provisionalYears
            ? Enumerable.Range(StatutoryHolidays.FirstYear, StatutoryHolidays.LastYear - StatutoryHolidays.FirstYear + 1).Where(y => !table.Years.Contains(y)).ToFrozenSet()
            : FrozenSet<int>.Empty;
        // A day a loaded notice lists (late December of the year before its own) keeps the notice's kind.
        _provisionalDays = _provisional.SelectMany(StatutoryHolidays.For).Where(d => table.Find(d.Date) is null).ToFrozenDictionary(d => d.Date);
        _spans = BuildSpans(table, _provisional, _provisionalDays);
    }

    /// <summary>The notices this calendar uses.</summary>
    public HolidayTable Table { get; }

    /// <summary>Years reckoned provisionally from the statutory holidays (no notice loaded), ascending.</summary>
    public IReadOnlyCollection<int> ProvisionalYears => [.. _provisional.Order()];

    /// <summary>True when <paramref name="date"/>'s year has no notice and is reckoned provisionally (暂定).</summary>
    public bool IsProvisional(DateOnly date) => _provisional.Contains(date.Year);

    /// <summary>True when any year from <paramref name="from"/>'s to <paramref name="to"/>'s (either order) is provisional: an answer spanning them is 暂定.</summary>
    public bool AnyProvisional(DateOnly from, DateOnly to)
    {
        if (_provisional.Count == 0)
        {
            return false;
        }

        var (a, b) = from <= to ? (from.Year, to.Year) : (to.Year, from.Year);
        for (var year = a; year <= b; year++)
        {
            if (_provisional.Contains(year))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>True when <paramref name="date"/> is an official working day.</summary>
    /// <exception cref="CalendarCoverageException">The notice for the date's year is not loaded.</exception>
    public bool IsWorkday(DateOnly date)
    {
        var span = SpanOf(date) ?? throw new CalendarCoverageException(date, Table.Years);
        return span.IsWorkday(date.DayNumber - span.FirstDay);
    }

    /// <summary>Classifies <paramref name="date"/> and says which rule decided.</summary>
    /// <exception cref="CalendarCoverageException">The notice for the date's year is not loaded.</exception>
    public DayInfo Describe(DateOnly date)
    {
        EnsureCovered(date);
        var provisional = IsProvisional(date);
        if ((Table.Find(date) ?? _provisionalDays.GetValueOrDefault(date)) is { } listed)
        {
            return listed.IsOffDay
                ? new DayInfo(date, IsWorkday: false, DayReason.Holiday, listed.Name, provisional)
                : new DayInfo(date, IsWorkday: true, DayReason.AdjustedWorkday, listed.Name, provisional);
        }

        return IsWeekend(date)
            ? new DayInfo(date, IsWorkday: false, DayReason.Weekend, Name: null, provisional)
            : new DayInfo(date, IsWorkday: true, DayReason.Weekday, Name: null, provisional);
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
            throw new ArgumentOutOfRangeException(nameof(workdays), workdays, Bilingual.Say(string.Create(CultureInfo.InvariantCulture, $"工作日数应在 -{MaxWorkdayOffset} 到 {MaxWorkdayOffset} 之间"), string.Create(CultureInfo.InvariantCulture, $"the number of working days must be between -{MaxWorkdayOffset} and {MaxWorkdayOffset}")));
        }

        if (workdays == 0)
        {
            return date;
        }

        // The first date examined is the neighbour of `date` in the direction of travel.
        var first = date.AddDays(Math.Sign(workdays));
        var span = SpanOf(first) ?? throw new CalendarCoverageException(first, Table.Years);
        var i = date.DayNumber - span.FirstDay;
        int found;
        if (workdays > 0)
        {
            // Smallest k > i with Through(k) = Through(i) + n; k is then a working day.
            found = span.FirstIndexReaching(span.Through(i) + workdays, from: i + 1);
            if (found < 0)
            {
                throw new CalendarCoverageException(DateOnly.FromDayNumber(span.FirstDay + span.Length), Table.Years);
            }
        }
        else
        {
            // Smallest k with Through(k) = Through(i - 1) - |n| + 1: the |n|-th working day counting back from i - 1.
            var target = span.Through(i - 1) + workdays + 1;
            if (target <= 0)
            {
                throw new CalendarCoverageException(DateOnly.FromDayNumber(span.FirstDay - 1), Table.Years);
            }

            found = span.FirstIndexReaching(target, from: 0);
        }

        return DateOnly.FromDayNumber(span.FirstDay + found);
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
        if (last < first)
        {
            return 0;
        }

        var span = SpanOf(first) ?? throw new CalendarCoverageException(first, Table.Years);
        var end = span.FirstDay + span.Length - 1;
        if (last.DayNumber > end)
        {
            throw new CalendarCoverageException(DateOnly.FromDayNumber(end + 1), Table.Years);
        }

        var a = first.DayNumber - span.FirstDay;
        var b = last.DayNumber - span.FirstDay;
        return span.Through(b) - span.Through(a - 1);
    }

    private Span? SpanOf(DateOnly date)
    {
        foreach (var span in _spans)
        {
            var i = date.DayNumber - span.FirstDay;
            if (i >= 0 && i < span.Length)
            {
                return span;
            }
        }

        return null;
    }

    private static Span[] BuildSpans(HolidayTable table, FrozenSet<int> provisional, FrozenDictionary<DateOnly, CalendarDay> provisionalDays)
    {
        var years = table.Years.Concat(provisional).Order().ToList();
        var spans = new List<Span>();
        var k = 0;
        while (k < years.Count)
        {
            var startYear = years[k];
            while (k + 1 < years.Count && years[k + 1] == years[k] + 1)
            {
                k++;
            }

            var firstDay = new DateOnly(startYear, 1, 1).DayNumber;
            var lastDay = new DateOnly(years[k], 12, 31).DayNumber;
            var through = new int[lastDay - firstDay + 1];
            var count = 0;
            for (var day = firstDay; day <= lastDay; day++)
            {
                var date = DateOnly.FromDayNumber(day);
                var work = (table.Find(date) ?? provisionalDays.GetValueOrDefault(date)) is { } listed ? !listed.IsOffDay : !IsWeekend(date);
                count += work ? 1 : 0;
                through[day - firstDay] = count;
            }

            spans.Add(new Span(firstDay, through));
            k++;
        }

        return [.. spans];
    }

    private static bool IsWeekend(DateOnly date) => date.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday;

    private void EnsureCovered(DateOnly date)
    {
        if (!Table.Covers(date) && !IsProvisional(date))
        {
            throw new CalendarCoverageException(date, Table.Years);
        }
    }

    /// <summary>A run of covered days; <c>Through(i)</c> = working days among days 0..i of the run.</summary>
    private sealed class Span(int firstDay, int[] through)
    {
        public int FirstDay { get; } = firstDay;

        public int Length => through.Length;

        public int Through(int index) => index < 0 ? 0 : through[index];

        public bool IsWorkday(int index) => Through(index) - Through(index - 1) == 1;

        /// <summary>The smallest index ≥ <paramref name="from"/> whose running count reaches <paramref name="target"/>, or −1.</summary>
        public int FirstIndexReaching(int target, int from)
        {
            int lo = from, hi = through.Length - 1;
            if (lo > hi || through[hi] < target)
            {
                return -1;
            }

            while (lo < hi)
            {
                var mid = lo + ((hi - lo) / 2);
                if (through[mid] >= target)
                {
                    hi = mid;
                }
                else
                {
                    lo = mid + 1;
                }
            }

            return lo;
        }
    }
}
