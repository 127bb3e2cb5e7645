using System.Globalization;

namespace Sunlight.Core.Calendar;

/// <summary>A message in Chinese and English; shown in the reader's language (<see cref="Bilingual"/>).</summary>
internal readonly record struct BilingualText(string Zh, string En)
{
    public override string ToString() => Bilingual.Say(Zh, En);

    /// <summary>"第 3 行：…" / "line 3: …", or "$.days[2].date：…" / "$.days[2].date: …".</summary>
    public string At(BilingualText where) => Bilingual.Say($"{where.Zh}：{Zh}", $"{where.En}: {En}");
}

/// <summary>Rules and wording shared by the holiday table and its two readers.</summary>
internal static class HolidayText
{
    public const int MinNoticeYear = 1901;
    public const int MaxNoticeYear = 9998;

    public static string KindZh(bool isOffDay) => isOffDay ? "休息日" : "调休上班日";

    /// <summary>With its article: "a rest day" or "an adjusted working day".</summary>
    public static string KindEn(bool isOffDay) => isOffDay ? "a rest day" : "an adjusted working day";

    public static BilingualText Line(int lineNumber) => new(
        string.Create(CultureInfo.InvariantCulture, $"第 {lineNumber} 行"),
        string.Create(CultureInfo.InvariantCulture, $"line {lineNumber}"));

    public static BilingualText NoticeYearOutOfRange(int year) => new(
        string.Create(CultureInfo.InvariantCulture, $"通知年份 {year} 超出 {MinNoticeYear}–{MaxNoticeYear} 的范围"),
        string.Create(CultureInfo.InvariantCulture, $"notice year {year} is outside {MinNoticeYear}–{MaxNoticeYear}"));

    public static BilingualText InvalidDate(string text) => new(
        $"日期 \"{text}\" 无效，应为 yyyy-MM-dd 格式的真实日期",
        $"invalid date \"{text}\"; expected a real date as yyyy-MM-dd");

    /// <summary>The checks every listed day must pass, whatever format it came from; null when it passes.</summary>
    public static BilingualText? CheckDay(CalendarDay day)
    {
        if (string.IsNullOrWhiteSpace(day.Name))
        {
            return new BilingualText("节日名称为空", "the festival name is empty");
        }

        if (Math.Abs(day.Date.Year - day.NoticeYear) > 1)
        {
            return new BilingualText(
                string.Create(CultureInfo.InvariantCulture, $"日期 {day.Date:yyyy-MM-dd} 与通知年份 {day.NoticeYear} 相差超过一年"),
                string.Create(CultureInfo.InvariantCulture, $"date {day.Date:yyyy-MM-dd} is more than one year away from notice year {day.NoticeYear}"));
        }

        return null;
    }

    /// <summary>The same date listed twice with different kinds.</summary>
    public static BilingualText Conflict(CalendarDay day, bool earlierIsOffDay, BilingualText? earlierWhere = null) => new(
        string.Create(CultureInfo.InvariantCulture, $"日期 {day.Date:yyyy-MM-dd} 已{(earlierWhere is { } zw ? "在" + zw.Zh : "")}列为{KindZh(earlierIsOffDay)}，不能再列为{KindZh(day.IsOffDay)}"),
        string.Create(CultureInfo.InvariantCulture, $"date {day.Date:yyyy-MM-dd} is already listed{(earlierWhere is { } ew ? " on " + ew.En : "")} as {KindEn(earlierIsOffDay)} and cannot also be {KindEn(day.IsOffDay)}"));
}
