using Sunlight.Core.Calendar;
using Xunit;

namespace Sunlight.Core.Tests.Calendar;

/// <summary>What an administrator types for a new year: bare lines, errors naming the line as typed.</summary>
public sealed class TypedYearTests
{
    [Fact]
    public void Bare_lines_take_the_notice_year_and_keep_their_names()
    {
        var days = HolidayTable.ParseLines("# 2029 通知\n2029-01-01 off 元旦\n2029-02-10\twork\t春节\n2029-02-12,off,春节", 2029);
        Assert.Equal(3, days.Count);
        Assert.All(days, d => Assert.Equal(2029, d.NoticeYear));
        Assert.False(days[1].IsOffDay);
        Assert.Equal("春节", days[2].Name);
    }

    [Fact]
    public void An_error_names_the_line_as_typed_after_comments_and_blank_lines()
    {
        var e = Assert.Throws<FormatException>(() => HolidayTable.ParseLines("# 2028\n\n2028-01-01 off 元旦\n2028-02-30 off 春节", 2028));
        Assert.Contains("第 4 行", e.Message, StringComparison.Ordinal);
        Assert.Contains("2028-02-30", e.Message, StringComparison.Ordinal);
    }
}
