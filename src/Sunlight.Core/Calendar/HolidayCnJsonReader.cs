using System.Globalization;
using System.Text.Json;

namespace Sunlight.Core.Calendar;

/// <summary>
/// Reads one year file of the upstream NateScarlet/holiday-cn format:
/// <c>{"year": 2026, "papers": ["https://..."], "days": [{"name": "春节", "date": "2026-02-15", "isOffDay": true}]}</c>.
/// Other properties (<c>$schema</c>, <c>$id</c>, <c>papers</c>) are ignored.
/// </summary>
internal static class HolidayCnJsonReader
{
    public static IReadOnlyList<CalendarDay> Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException ex)
        {
            var line = (ex.LineNumber ?? 0) + 1;
            var position = (ex.BytePositionInLine ?? 0) + 1;
            throw new FormatException(
                Bilingual.Say(string.Create(CultureInfo.InvariantCulture, $"JSON 第 {line} 行第 {position} 个字节处语法错误"), string.Create(CultureInfo.InvariantCulture, $"invalid JSON at line {line}, byte {position}: {ex.Message}")),
                ex);
        }

        using (document)
        {
            var root = document.RootElement;
            Expect(root, JsonValueKind.Object, "$");

            var yearElement = Required(root, "year", "$");
            if (yearElement.ValueKind != JsonValueKind.Number || !yearElement.TryGetInt32(out var year))
            {
                throw Error("$.year", new BilingualText(
                    $"应为整数年份，实际为 {Describe(yearElement)}",
                    $"expected an integer year, found {Describe(yearElement)}"));
            }

            if (year is < HolidayText.MinNoticeYear or > HolidayText.MaxNoticeYear)
            {
                throw Error("$.year", HolidayText.NoticeYearOutOfRange(year));
            }

            var daysElement = Required(root, "days", "$");
            Expect(daysElement, JsonValueKind.Array, "$.days");
            if (daysElement.GetArrayLength() == 0)
            {
                throw Error("$.days", new BilingualText(
                    "没有列出任何日期：这是尚未发布通知的占位文件，不能当作该年没有节假日",
                    "no days listed: this is a placeholder for a notice not yet issued, not a year without holidays"));
            }

            var days = new List<CalendarDay>();
            var seen = new Dictionary<DateOnly, (CalendarDay Day, string Path)>();
            var index = 0;
            foreach (var element in daysElement.EnumerateArray())
            {
                var path = string.Create(CultureInfo.InvariantCulture, $"$.days[{index++}]");
                var day = ParseDay(element, path, year);
                if (seen.TryGetValue(day.Date, out var earlier))
                {
                    if (earlier.Day.IsOffDay != day.IsOffDay)
                    {
                        throw Error(path, HolidayText.Conflict(day, earlier.Day.IsOffDay, new BilingualText($" {earlier.Path} ", earlier.Path)));
                    }

                    continue; // an exact repeat adds nothing
                }

                seen.Add(day.Date, (day, path));
                days.Add(day);
            }

            return days.AsReadOnly();
        }
    }

    private static CalendarDay ParseDay(JsonElement element, string path, int noticeYear)
    {
        Expect(element, JsonValueKind.Object, path);

        var name = Required(element, "name", path);
        Expect(name, JsonValueKind.String, path + ".name");

        var dateElement = Required(element, "date", path);
        Expect(dateElement, JsonValueKind.String, path + ".date");
        var dateText = dateElement.GetString()!;
        if (!DateOnly.TryParseExact(dateText, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            throw Error(path + ".date", HolidayText.InvalidDate(dateText));
        }

        var isOffDay = Required(element, "isOffDay", path);
        if (isOffDay.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
        {
            throw Error(path + ".isOffDay", new BilingualText(
                $"应为 true 或 false，实际为 {Describe(isOffDay)}",
                $"expected true or false, found {Describe(isOffDay)}"));
        }

        var day = new CalendarDay(date, isOffDay.GetBoolean(), name.GetString()!.Trim(), noticeYear);
        return HolidayText.CheckDay(day) is { } problem ? throw Error(path, problem) : day;
    }

    private static JsonElement Required(JsonElement parent, string property, string path) =>
        parent.TryGetProperty(property, out var value)
            ? value
            : throw Error(path, new BilingualText($"缺少属性 \"{property}\"", $"missing property \"{property}\""));

    private static void Expect(JsonElement element, JsonValueKind kind, string path)
    {
        if (element.ValueKind != kind)
        {
            var expected = kind switch
            {
                JsonValueKind.Object => new BilingualText("对象", "an object"),
                JsonValueKind.Array => new BilingualText("数组", "an array"),
                _ => new BilingualText("字符串", "a string"),
            };
            throw Error(path, new BilingualText(
                $"应为{expected.Zh}，实际为 {Describe(element)}",
                $"expected {expected.En}, found {Describe(element)}"));
        }
    }

    private static string Describe(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String or JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False or JsonValueKind.Null => element.GetRawText(),
        JsonValueKind.Object => "{…}",
        JsonValueKind.Array => "[…]",
        _ => element.ValueKind.ToString(),
    };

    private static FormatException Error(string path, BilingualText problem) =>
        new(problem.At(new BilingualText(path, path)));
}
