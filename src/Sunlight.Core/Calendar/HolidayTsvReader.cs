using System.Globalization;

namespace Sunlight.Core.Calendar;

/// <summary>Reads Sunlight's own holiday table format (see <c>holidays-cn.tsv</c>).</summary>
internal static class HolidayTsvReader
{
    public const string Header = "notice_year\tdate\tkind\tname";

    private const int ColumnCount = 4;

    /// <summary>
    /// Parses the table. With <paramref name="noticeYear"/>, the header may be left out and a row may be just
    /// <c>date kind name</c> (separated by tabs, spaces or commas), as an administrator types it; line numbers in
    /// errors are always those of the text as given.
    /// </summary>
    public static IReadOnlyList<CalendarDay> Parse(string text, int? noticeYear = null)
    {
        ArgumentNullException.ThrowIfNull(text);

        var days = new List<CalendarDay>();
        var seen = new Dictionary<DateOnly, (CalendarDay Day, int Line)>();
        var headerLine = 0;
        var lines = text.Split('\n');
        for (var index = 0; index < lines.Length; index++)
        {
            var lineNumber = index + 1;
            var line = lines[index].TrimEnd('\r');
            if (index == 0)
            {
                line = line.TrimStart('\uFEFF');
            }

            if (string.IsNullOrWhiteSpace(line) || line.TrimStart().StartsWith('#'))
            {
                continue;
            }

            if (headerLine == 0 && noticeYear is { } year && !string.Equals(line.Trim(), Header, StringComparison.Ordinal))
            {
                var parts = line.Split(['\t', ' ', ','], 3, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                line = string.Join('\t', parts.Prepend(year.ToString(CultureInfo.InvariantCulture)));
                if (parts.Length == 2)
                {
                    line += "\t";
                }
            }
            else if (headerLine == 0)
            {
                if (!string.Equals(line.Trim(), Header, StringComparison.Ordinal))
                {
                    throw Error(lineNumber, new BilingualText(
                        $"表头应为 \"notice_year<TAB>date<TAB>kind<TAB>name\"，实际为 \"{line.Replace("\t", "<TAB>", StringComparison.Ordinal)}\"",
                        $"expected the header \"notice_year<TAB>date<TAB>kind<TAB>name\", found \"{line.Replace("\t", "<TAB>", StringComparison.Ordinal)}\""));
                }

                headerLine = lineNumber;
                continue;
            }

            var day = ParseRow(line, lineNumber);
            if (seen.TryGetValue(day.Date, out var earlier))
            {
                if (earlier.Day.IsOffDay != day.IsOffDay)
                {
                    throw Error(lineNumber, HolidayText.Conflict(day, earlier.Day.IsOffDay, HolidayText.Line(earlier.Line)));
                }

                if (earlier.Day.NoticeYear == day.NoticeYear)
                {
                    continue; // an exact repeat within one notice adds nothing
                }
            }
            else
            {
                seen.Add(day.Date, (day, lineNumber));
            }

            days.Add(day);
        }

        if (headerLine == 0 && noticeYear is null)
        {
            throw new FormatException(new BilingualText(
                "缺少表头 \"notice_year<TAB>date<TAB>kind<TAB>name\"",
                "the header \"notice_year<TAB>date<TAB>kind<TAB>name\" is missing").ToString());
        }

        return days.AsReadOnly();
    }

    private static CalendarDay ParseRow(string line, int lineNumber)
    {
        var fields = line.Split('\t');
        if (fields.Length != ColumnCount)
        {
            throw Error(lineNumber, new BilingualText(
                string.Create(CultureInfo.InvariantCulture, $"应有 {ColumnCount} 列（以制表符分隔），实际为 {fields.Length} 列"),
                string.Create(CultureInfo.InvariantCulture, $"expected {ColumnCount} tab-separated columns, found {fields.Length}")));
        }

        var yearText = fields[0].Trim();
        if (yearText.Length != 4 || !yearText.All(char.IsAsciiDigit))
        {
            throw Error(lineNumber, new BilingualText(
                $"通知年份 \"{yearText}\" 无效，应为四位数字",
                $"invalid notice year \"{yearText}\"; expected four digits"));
        }

        var noticeYear = int.Parse(yearText, NumberStyles.None, CultureInfo.InvariantCulture);
        if (noticeYear is < HolidayText.MinNoticeYear or > HolidayText.MaxNoticeYear)
        {
            throw Error(lineNumber, HolidayText.NoticeYearOutOfRange(noticeYear));
        }

        var dateText = fields[1].Trim();
        if (!DateOnly.TryParseExact(dateText, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            throw Error(lineNumber, HolidayText.InvalidDate(dateText));
        }

        var kind = fields[2].Trim();
        bool isOffDay = kind switch
        {
            "off" => true,
            "work" => false,
            _ => throw Error(lineNumber, new BilingualText(
                $"类别 \"{kind}\" 无效，应为 off 或 work",
                $"invalid kind \"{kind}\"; expected off or work")),
        };

        var day = new CalendarDay(date, isOffDay, fields[3].Trim(), noticeYear);
        return HolidayText.CheckDay(day) is { } problem ? throw Error(lineNumber, problem) : day;
    }

    private static FormatException Error(int lineNumber, BilingualText problem) =>
        new(problem.At(HolidayText.Line(lineNumber)));
}
