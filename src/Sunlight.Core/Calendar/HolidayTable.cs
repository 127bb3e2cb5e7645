using System.Collections.Frozen;
using System.Collections.Immutable;
using System.Globalization;

namespace Sunlight.Core.Calendar;

/// <summary>
/// The official holiday notices the working-day calendar knows: for each notice year, the days it lists
/// as rest days or adjusted working days (调休). Immutable; <see cref="WithYear"/> returns a new table.
/// </summary>
/// <remarks>
/// <para>
/// A date D is <em>covered</em> when the notice for D.Year is loaded (<see cref="Covers"/>). Any listed
/// date uses its listed kind; any other covered date follows the default rule (Saturday and Sunday rest,
/// Monday to Friday work).
/// </para>
/// <para>
/// Caveat: late-December adjustments of year Y may be published in the notice of Y+1 (the 2019 notice moved
/// 2018-12-29 to a working day and 2018-12-30/31 to rest days). A table holding Y but not Y+1 treats late
/// December of Y by the default rule, which can be wrong once the Y+1 notice appears. Load the Y+1 notice
/// as soon as it is published.
/// </para>
/// <para>
/// <see cref="Shipped"/> is parsed once from the embedded resource <c>Calendar/holidays-cn.tsv</c>, whose facts
/// come from the State Council notices as compiled by NateScarlet/holiday-cn (MIT, Copyright (c) 2019 NateScarlet).
/// </para>
/// </remarks>
public sealed class HolidayTable
{
    internal const string ResourceName = "Sunlight.Core.Calendar.holidays-cn.tsv";

    private static readonly Lazy<HolidayTable> s_shipped = new(LoadShipped);

    private readonly ImmutableSortedDictionary<int, ImmutableArray<CalendarDay>> _byYear;
    private readonly FrozenDictionary<DateOnly, CalendarDay> _byDate;
    private readonly ImmutableArray<int> _years;
    private readonly ImmutableArray<CalendarDay> _days;

    private HolidayTable(ImmutableSortedDictionary<int, ImmutableArray<CalendarDay>> byYear)
    {
        _byYear = byYear;
        _years = [.. byYear.Keys];
        _days = [.. byYear.Values.SelectMany(static days => days)];

        var byDate = new Dictionary<DateOnly, CalendarDay>();
        foreach (var day in _days)
        {
            if (byDate.TryGetValue(day.Date, out var earlier) && earlier.IsOffDay != day.IsOffDay)
            {
                throw new ArgumentException(string.Create(
                    CultureInfo.InvariantCulture,
                    $"{day.Date:yyyy-MM-dd} 在 {earlier.NoticeYear} 年通知中列为{HolidayText.KindZh(earlier.IsOffDay)}，在 {day.NoticeYear} 年通知中列为{HolidayText.KindZh(day.IsOffDay)} " +
                    $"({day.Date:yyyy-MM-dd} is {HolidayText.KindEn(earlier.IsOffDay)} in the {earlier.NoticeYear} notice but {HolidayText.KindEn(day.IsOffDay)} in the {day.NoticeYear} notice)"));
            }

            // Years are enumerated in ascending order, so the later notice supplies the name.
            byDate[day.Date] = day;
        }

        _byDate = byDate.ToFrozenDictionary();
    }

    /// <summary>The table shipped with Sunlight (notices 2018–2026), parsed once from the embedded resource.</summary>
    public static HolidayTable Shipped => s_shipped.Value;

    /// <summary>A table with no notices: every date is uncovered.</summary>
    public static HolidayTable Empty { get; } = new(ImmutableSortedDictionary<int, ImmutableArray<CalendarDay>>.Empty);

    /// <summary>The notice years loaded, ascending.</summary>
    public IReadOnlyCollection<int> Years => _years;

    /// <summary>All listed days, ordered by notice year and then by date.</summary>
    public IReadOnlyList<CalendarDay> Days => _days;

    /// <summary>True when the notice for <paramref name="date"/>'s year is loaded (see the caveat on the type).</summary>
    public bool Covers(DateOnly date) => _byYear.ContainsKey(date.Year);

    /// <summary>The listed day for <paramref name="date"/>, or null when no loaded notice lists it.</summary>
    public CalendarDay? Find(DateOnly date) => _byDate.GetValueOrDefault(date);

    /// <summary>
    /// Returns a table in which the rows of notice year <paramref name="noticeYear"/> are replaced by
    /// <paramref name="days"/> (or added, if that year was not loaded).
    /// </summary>
    /// <exception cref="ArgumentException">
    /// <paramref name="days"/> is empty (an empty upstream file is a placeholder for a notice not yet issued),
    /// a day belongs to another notice year or lies more than one year from it, the same date is listed with
    /// both kinds, or a date conflicts with another loaded notice.
    /// </exception>
    public HolidayTable WithYear(int noticeYear, IEnumerable<CalendarDay> days)
    {
        ArgumentNullException.ThrowIfNull(days);
        return new HolidayTable(_byYear.SetItem(noticeYear, CheckYear(noticeYear, days)));
    }

    /// <summary>
    /// Parses one file in the upstream holiday-cn JSON format (<c>{year, papers[], days[{name, date, isOffDay}]}</c>),
    /// so that an administrator can load a newly published notice.
    /// </summary>
    /// <exception cref="FormatException">The text is not such a file; the message names the JSON path and the problem.</exception>
    public static IReadOnlyList<CalendarDay> ParseHolidayCnJson(string json) => HolidayCnJsonReader.Parse(json);

    /// <summary>
    /// Parses Sunlight's own tab-separated format (see <c>Calendar/holidays-cn.tsv</c>): <c>#</c> comment lines,
    /// the tab-separated header <c>notice_year date kind name</c>, then one row per listed day with kind <c>off</c> or <c>work</c>.
    /// </summary>
    /// <exception cref="FormatException">The text is malformed; the message names the line number and the problem.</exception>
    public static IReadOnlyList<CalendarDay> ParseTsv(string text) => HolidayTsvReader.Parse(text);

    /// <summary>
    /// Parses what an administrator types for one notice year: the TSV form, or bare lines <c>date kind name</c>
    /// (kind <c>off</c> or <c>work</c>); errors name the line as typed.
    /// </summary>
    public static IReadOnlyList<CalendarDay> ParseLines(string text, int noticeYear) => HolidayTsvReader.Parse(text, noticeYear);

    private static HolidayTable LoadShipped()
    {
        using var stream = typeof(HolidayTable).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"Embedded resource {ResourceName} is missing from {typeof(HolidayTable).Assembly.GetName().Name}.");
        using var reader = new StreamReader(stream);
        var days = ParseTsv(reader.ReadToEnd());

        var byYear = ImmutableSortedDictionary.CreateBuilder<int, ImmutableArray<CalendarDay>>();
        foreach (var group in days.GroupBy(static day => day.NoticeYear))
        {
            byYear[group.Key] = CheckYear(group.Key, group);
        }

        return new HolidayTable(byYear.ToImmutable());
    }

    private static ImmutableArray<CalendarDay> CheckYear(int noticeYear, IEnumerable<CalendarDay> days)
    {
        if (noticeYear is < HolidayText.MinNoticeYear or > HolidayText.MaxNoticeYear)
        {
            throw new ArgumentOutOfRangeException(nameof(noticeYear), noticeYear, Bilingual.Say(string.Create(CultureInfo.InvariantCulture, $"通知年份应在 {HolidayText.MinNoticeYear}–{HolidayText.MaxNoticeYear} 之间"), string.Create(CultureInfo.InvariantCulture, $"the notice year must be between {HolidayText.MinNoticeYear} and {HolidayText.MaxNoticeYear}")));
        }

        var byDate = new SortedDictionary<DateOnly, CalendarDay>();
        foreach (var day in days)
        {
            ArgumentNullException.ThrowIfNull(day, nameof(days));
            if (day.NoticeYear != noticeYear)
            {
                throw new ArgumentException(
                    Bilingual.Say(string.Create(CultureInfo.InvariantCulture, $"{day.Date:yyyy-MM-dd} 属于 {day.NoticeYear} 年通知，不能载入 {noticeYear} 年"), string.Create(CultureInfo.InvariantCulture, $"{day.Date:yyyy-MM-dd} belongs to the {day.NoticeYear} notice, not {noticeYear}")),
                    nameof(days));
            }

            if (HolidayText.CheckDay(day) is { } problem)
            {
                throw new ArgumentException(problem.ToString(), nameof(days));
            }

            if (byDate.TryGetValue(day.Date, out var earlier))
            {
                if (earlier.IsOffDay != day.IsOffDay)
                {
                    var conflict = HolidayText.Conflict(day, earlier.IsOffDay);
                    throw new ArgumentException(conflict.ToString(), nameof(days));
                }

                continue;
            }

            byDate.Add(day.Date, day);
        }

        if (byDate.Count == 0)
        {
            throw new ArgumentException(
                Bilingual.Say(string.Create(CultureInfo.InvariantCulture, $"{noticeYear} 年通知没有列出任何日期：空文件只是尚未发布通知的占位，不能当作该年没有节假日"), string.Create(CultureInfo.InvariantCulture, $"the {noticeYear} notice lists no days: an empty file is a placeholder for a notice not yet issued, not a year without holidays")),
                nameof(days));
        }

        return [.. byDate.Values];
    }
}
