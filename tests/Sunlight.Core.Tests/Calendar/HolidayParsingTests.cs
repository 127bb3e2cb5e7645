using Sunlight.Core.Calendar;
using Xunit;

namespace Sunlight.Core.Tests.Calendar;

public sealed class HolidayParsingTests
{
    private const string Header = "notice_year\tdate\tkind\tname";

    [Fact]
    public void TsvSkipsCommentsAndBlankLinesAndAcceptsCrLfAndBom()
    {
        var text = "\uFEFF# source: test\r\n\r\n# papers 2025 https://example.invalid\r\n" + Header + "\r\n" +
                   "2025\t2025-01-01\toff\t元旦\r\n2025\t2025-01-26\twork\t春节\r\n";

        var days = HolidayTable.ParseTsv(text);

        Assert.Equal(
            [
                new CalendarDay(new DateOnly(2025, 1, 1), true, "元旦", 2025),
                new CalendarDay(new DateOnly(2025, 1, 26), false, "春节", 2025),
            ],
            days);
    }

    [Fact]
    public void TsvInvalidDateNamesTheLine()
    {
        var ex = Assert.Throws<FormatException>(() => HolidayTable.ParseTsv($"# comment\n{Header}\n2027\t2027-02-30\toff\t春节\n"));
        Assert.StartsWith("第 3 行：日期 \"2027-02-30\" 无效", ex.Message, StringComparison.Ordinal);
        using (new English())
        {
            Assert.StartsWith("line 3: invalid date \"2027-02-30\"", Assert.Throws<FormatException>(() => HolidayTable.ParseTsv($"# comment\n{Header}\n2027\t2027-02-30\toff\t春节\n")).Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void TsvUnknownKindNamesTheLine()
    {
        var ex = Assert.Throws<FormatException>(() => HolidayTable.ParseTsv($"{Header}\n2025\t2025-01-01\toff\t元旦\n2025\t2025-01-26\tholiday\t春节\n"));
        Assert.Equal("第 3 行：类别 \"holiday\" 无效，应为 off 或 work", ex.Message);
    }

    [Fact]
    public void TsvConflictingDuplicateNamesBothLines()
    {
        var ex = Assert.Throws<FormatException>(() => HolidayTable.ParseTsv($"{Header}\n2025\t2025-01-26\twork\t春节\n2025\t2025-01-26\toff\t春节\n"));
        Assert.Equal(
            "第 3 行：日期 2025-01-26 已在第 2 行列为调休上班日，不能再列为休息日",
            ex.Message);
    }

    [Fact]
    public void TsvExactDuplicateIsKeptOnce()
    {
        var days = HolidayTable.ParseTsv($"{Header}\n2025\t2025-01-01\toff\t元旦\n2025\t2025-01-01\toff\t元旦\n");
        Assert.Single(days);
    }

    [Fact]
    public void TsvDateFarFromNoticeYearIsRejected()
    {
        var ex = Assert.Throws<FormatException>(() => HolidayTable.ParseTsv($"{Header}\n2025\t2023-12-31\toff\t元旦\n"));
        Assert.Equal("第 2 行：日期 2023-12-31 与通知年份 2025 相差超过一年", ex.Message);
    }

    [Fact]
    public void TsvDateInTheAdjacentYearIsAccepted()
    {
        var days = HolidayTable.ParseTsv($"{Header}\n2019\t2018-12-29\twork\t元旦\n");
        Assert.Equal(new CalendarDay(new DateOnly(2018, 12, 29), false, "元旦", 2019), Assert.Single(days));
    }

    [Theory]
    [InlineData("2025\t2025-01-01\toff", "第 2 行：应有 4 列（以制表符分隔），实际为 3 列")]
    [InlineData("25\t2025-01-01\toff\t元旦", "第 2 行：通知年份 \"25\" 无效，应为四位数字")]
    [InlineData("2025\t2025/01/01\toff\t元旦", "第 2 行：日期 \"2025/01/01\" 无效，应为 yyyy-MM-dd 格式的真实日期")]
    [InlineData("2025\t2025-01-01\toff\t ", "第 2 行：节日名称为空")]
    public void TsvRowProblemsAreReported(string row, string message)
    {
        var ex = Assert.Throws<FormatException>(() => HolidayTable.ParseTsv($"{Header}\n{row}\n"));
        Assert.Equal(message, ex.Message);
    }

    [Fact]
    public void TsvWithoutHeaderIsRejected()
    {
        var wrong = Assert.Throws<FormatException>(() => HolidayTable.ParseTsv("# c\n2025\t2025-01-01\toff\t元旦\n"));
        Assert.StartsWith("第 2 行：表头应为", wrong.Message, StringComparison.Ordinal);

        using var english = new English();
        var missing = Assert.Throws<FormatException>(() => HolidayTable.ParseTsv("# only comments\n"));
        Assert.Contains("header", missing.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void UpstreamJsonIsParsedWithTheNoticeYear()
    {
        const string json = """
            {
                "$schema": "https://raw.githubusercontent.com/NateScarlet/holiday-cn/master/schema.json",
                "year": 2019,
                "papers": ["http://www.gov.cn/zhengce/zhengceku/2018-12/06/content_5346276.htm"],
                "days": [
                    { "name": "元旦", "date": "2018-12-29", "isOffDay": false },
                    { "name": "元旦", "date": "2018-12-30", "isOffDay": true },
                    { "name": "元旦", "date": "2018-12-30", "isOffDay": true }
                ]
            }
            """;

        Assert.Equal(
            [
                new CalendarDay(new DateOnly(2018, 12, 29), false, "元旦", 2019),
                new CalendarDay(new DateOnly(2018, 12, 30), true, "元旦", 2019),
            ],
            HolidayTable.ParseHolidayCnJson(json));
    }

    [Theory]
    [InlineData("""{"year":2027,"days":[{"name":"元旦","date":"2027-01-01","isOffDay":true},{"name":"春节","date":"2027-02-30","isOffDay":true}]}""",
        "$.days[1].date：日期 \"2027-02-30\" 无效，应为 yyyy-MM-dd 格式的真实日期")]
    [InlineData("""{"year":2027,"days":[{"name":"元旦","date":"2027-01-01"}]}""",
        "$.days[0]：缺少属性 \"isOffDay\"")]
    [InlineData("""{"year":2027,"days":[{"name":"元旦","date":"2027-01-01","isOffDay":"yes"}]}""",
        "$.days[0].isOffDay：应为 true 或 false，实际为 \"yes\"")]
    [InlineData("""{"year":"2027","days":[]}""",
        "$.year：应为整数年份，实际为 \"2027\"")]
    [InlineData("""{"days":[]}""",
        "$：缺少属性 \"year\"")]
    [InlineData("""[]""",
        "$：应为对象，实际为 […]")]
    [InlineData("""{"year":2027,"papers":[],"days":[]}""",
        "$.days：没有列出任何日期：这是尚未发布通知的占位文件，不能当作该年没有节假日")]
    [InlineData("""{"year":2027,"days":[{"name":"元旦","date":"2027-01-01","isOffDay":true},{"name":"元旦","date":"2027-01-01","isOffDay":false}]}""",
        "$.days[1]：日期 2027-01-01 已在 $.days[0] 列为休息日，不能再列为调休上班日")]
    [InlineData("""{"year":2027,"days":[{"name":"元旦","date":"2025-12-31","isOffDay":true}]}""",
        "$.days[0]：日期 2025-12-31 与通知年份 2027 相差超过一年")]
    public void JsonProblemsNameThePath(string json, string message)
    {
        var ex = Assert.Throws<FormatException>(() => HolidayTable.ParseHolidayCnJson(json));
        Assert.Equal(message, ex.Message);
    }

    [Fact]
    public void JsonSyntaxErrorNamesTheLine()
    {
        var ex = Assert.Throws<FormatException>(() => HolidayTable.ParseHolidayCnJson("{\n  \"year\": 2027,\n  \"days\": [\n}"));
        Assert.StartsWith("JSON 第 4 行", ex.Message, StringComparison.Ordinal);
        using (new English())
        {
            Assert.StartsWith("invalid JSON at line 4", Assert.Throws<FormatException>(() => HolidayTable.ParseHolidayCnJson("{\n  \"year\": 2027,\n  \"days\": [\n}")).Message, StringComparison.Ordinal);
        }
    }
}
