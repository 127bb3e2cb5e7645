using System.Globalization;

namespace Sunlight.Core.Calendar;

/// <summary>
/// The rest days every citizen has by law (全国年节及纪念日放假办法), for a year whose State Council notice is not
/// loaded yet: the calendar reckons such a year <em>provisionally</em> (暂定) from these days alone — no 调休 (weekend
/// working days) and no 补假, which only the notice fixes. Lunar dates come from .NET's
/// <see cref="ChineseLunisolarCalendar"/>; 清明 (a solar term) from the 21st-century formula below.
/// </summary>
/// <remarks>
/// Which days, by the version of the 办法 in force in the year (国务院令):
/// <list type="bullet">
/// <item>from 2025 (国务院令第 795 号, 2024-11-10): 元旦 1 day, 春节 4 days (除夕 and 正月初一–初三), 清明 1, 劳动节 2 (5 月 1–2 日), 端午 1, 中秋 1, 国庆 3 (10 月 1–3 日) — 13 days;</item>
/// <item>2014–2024 (国务院令第 644 号, 2013-12-11): as above but 春节 3 days (正月初一–初三) and 劳动节 1 day — 11 days;</item>
/// <item>2008–2013 (国务院令第 513 号, 2007-12-14): 春节 3 days (除夕, 正月初一、初二), 劳动节 1 day — 11 days.</item>
/// </list>
/// Every official notice since 2018 keeps these days as rest days (a test checks that against the shipped table).
/// </remarks>
public static class StatutoryHolidays
{
    /// <summary>The first year reckoned (the 2007 version of the 办法 took effect on 2008-01-01).</summary>
    public const int FirstYear = 2008;

    /// <summary>The last year reckoned (the lunar calendar of .NET reaches 2100).</summary>
    public const int LastYear = 2100;

    private static readonly ChineseLunisolarCalendar Lunar = new();

    /// <summary>The statutory rest days of <paramref name="year"/>, in date order, each named as the notices name it.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="year"/> is outside <see cref="FirstYear"/>–<see cref="LastYear"/>.</exception>
    public static IReadOnlyList<CalendarDay> For(int year)
    {
        if (year is < FirstYear or > LastYear)
        {
            throw new ArgumentOutOfRangeException(nameof(year), year, Bilingual.Say(string.Create(CultureInfo.InvariantCulture, $"法定节假日只推算 {FirstYear}–{LastYear} 年"), string.Create(CultureInfo.InvariantCulture, $"statutory holidays are reckoned for {FirstYear}–{LastYear} only")));
        }

        var days = new List<CalendarDay>();
        void Add(DateOnly date, string name) => days.Add(new CalendarDay(date, IsOffDay: true, name, year));

        Add(new DateOnly(year, 1, 1), "元旦");
        var newYear = LunarDate(year, 1, 1);
        var springDays = year switch
        {
            >= 2025 => new[] { -1, 0, 1, 2 },
            >= 2014 => [0, 1, 2],
            _ => [-1, 0, 1],
        };
        foreach (var offset in springDays)
        {
            Add(newYear.AddDays(offset), "春节");
        }

        Add(Qingming(year), "清明节");
        Add(new DateOnly(year, 5, 1), "劳动节");
        if (year >= 2025)
        {
            Add(new DateOnly(year, 5, 2), "劳动节");
        }

        Add(LunarDate(year, 5, 5), "端午节");
        for (var d = 1; d <= 3; d++)
        {
            Add(new DateOnly(year, 10, d), "国庆节");
        }

        Add(LunarDate(year, 8, 15), "中秋节");

        // 中秋 can fall on 10 月 1–3 日 (as in 2020): one day, one entry, named for both as the notice names it.
        return days.GroupBy(d => d.Date).Select(g => g.Count() == 1 ? g.First() : g.First() with { Name = string.Join("、", g.Select(x => x.Name).Distinct()) })
            .OrderBy(d => d.Date).ToList();
    }

    /// <summary>
    /// 清明: the day the sun reaches 15° ecliptic longitude, by the common 21st-century formula
    /// ⌊Y·0.2422 + 4.81⌋ − ⌊(Y−1)/4⌋ (Y = the year's last two digits) in April; it agrees with every year 2008–2100
    /// that the notices and the Purple Mountain Observatory list (the test checks the notice years).
    /// </summary>
    public static DateOnly Qingming(int year)
    {
        var y = year % 100;
        var day = (int)Math.Floor((y * 0.2422) + 4.81) - (int)Math.Floor((y - 1) / 4.0);
        return new DateOnly(year, 4, day);
    }

    /// <summary>The Gregorian date of lunar <paramref name="month"/>/<paramref name="day"/> of the lunar year that starts in <paramref name="year"/>.</summary>
    private static DateOnly LunarDate(int year, int month, int day)
    {
        // A leap month L (1–13) is the L-th month of the year and repeats month L−1; later months shift by one.
        var leap = Lunar.GetLeapMonth(year);
        var index = leap > 0 && month >= leap ? month + 1 : month;
        return DateOnly.FromDateTime(Lunar.ToDateTime(year, index, day, 0, 0, 0, 0));
    }
}
