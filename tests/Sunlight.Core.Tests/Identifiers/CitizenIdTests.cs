using Sunlight.Core.Identifiers;
using Xunit;

namespace Sunlight.Core.Tests.Identifiers;

public sealed class CitizenIdTests
{
    private static readonly DateOnly Today = new(2025, 6, 1);

    [Theory]
    [InlineData("11010519491231002X")] // the widely cited GB 11643 example
    [InlineData("360426199101010071")]
    [InlineData("44011320141005001X")]
    [InlineData("110102199101010078")]
    public void SpecValidNumbersPass(string number)
    {
        var check = CitizenId.Validate(number, Today);
        Assert.Equal(new IdentifierCheck(true, check.Errors, check.Warnings, number), check);
        Assert.Empty(check.Errors);
        Assert.Empty(check.Warnings);
    }

    [Fact]
    public void SpecValidNumberBornIn1880PassesWithAWarning()
    {
        var check = CitizenId.Validate("440524188001010014", Today);
        Assert.True(check.Valid);
        Assert.Equal("440524188001010014", check.Normalized);
        Assert.Equal(
            ["第 7–14 位出生日期 1880-01-01 早于 1900-01-01，请核实"],
            check.Warnings);
    }

    [Theory]
    [InlineData("36042619910102009X", "第 18 位校验码应为 3，实际为 X")]
    [InlineData("340524198001010013", "第 18 位校验码应为 X，实际为 3")]
    public void SpecBadChecksumsAreRejected(string number, string error)
    {
        var check = CitizenId.Validate(number, Today);
        Assert.False(check.Valid);
        Assert.Null(check.Normalized);
        Assert.Equal([error], check.Errors);
    }

    [Fact]
    public void SpecBadDateIsRejected()
    {
        var check = CitizenId.Validate("360426199113010079", Today);
        Assert.False(check.Valid);
        Assert.Equal(["第 7–14 位出生日期 19911301 不是有效日期"], check.Errors);
    }

    [Fact]
    public void SpecUnknownRegionIsRejected()
    {
        var check = CitizenId.Validate("990426199112010074", Today);
        Assert.False(check.Valid);
        Assert.Equal(["第 1–2 位省级行政区划代码 99 不存在"], check.Errors);
    }

    [Fact]
    public void ResidencePermitForTaiwanResidentsPasses()
    {
        // 830000199201300022: the sample number of a residence permit for Taiwan residents (台湾居民居住证).
        Assert.True(CitizenId.Validate("830000199201300022", Today).Valid);
    }

    [Fact]
    public void BirthDateAfterTodayIsRejected()
    {
        var body = "11010520250602001";
        var check = CitizenId.Validate(body + CitizenId.ComputeCheck(body), Today);
        Assert.False(check.Valid);
        Assert.Equal(["第 7–14 位出生日期 2025-06-02 晚于今天（2025-06-01）"], check.Errors);

        var bornToday = "11010520250601001";
        Assert.True(CitizenId.Validate(bornToday + CitizenId.ComputeCheck(bornToday), Today).Valid);
    }

    [Fact]
    public void FifteenDigitNumberIsUpgradedWithAWarning()
    {
        Assert.Equal("11010519491231002X", CitizenId.Upgrade15To18("110105491231002"));

        var check = CitizenId.Validate("110105491231002", Today);
        Assert.True(check.Valid);
        Assert.Equal("11010519491231002X", check.Normalized);
        Assert.Equal(
            ["15 位旧号码（GB 11643-1989）已升级为 18 位号码 11010519491231002X"],
            check.Warnings);
    }

    [Fact]
    public void FifteenDigitNumberWithBadDateOrRegionIsRejected()
    {
        Assert.Equal(
            ["第 7–12 位出生日期 491331 不是有效日期"],
            CitizenId.Validate("110105491331002", Today).Errors);
        Assert.Equal(
            ["第 1–2 位省级行政区划代码 99 不存在"],
            CitizenId.Validate("990105491231002", Today).Errors);
    }

    [Theory]
    [InlineData("11010519491231002x")]
    [InlineData("  11010519491231002X\t")]
    [InlineData("\u300011010519491231002x ")] // ideographic space around it
    public void LowercaseXAndSurroundingWhiteSpaceAreNormalised(string input)
    {
        var check = CitizenId.Validate(input, Today);
        Assert.True(check.Valid);
        Assert.Equal("11010519491231002X", check.Normalized);
        Assert.Empty(check.Warnings);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void MissingNumberIsRejected(string? input)
    {
        var check = CitizenId.Validate(input, Today);
        Assert.False(check.Valid);
        Assert.Equal(["身份号码为空"], check.Errors);
    }

    [Theory]
    [InlineData("1101021991010100", 16)]
    [InlineData("1101021991010100780", 19)]
    [InlineData("110102 199101010078", 19)]
    public void WrongLengthIsRejected(string input, int length)
    {
        var check = CitizenId.Validate(input, Today);
        Assert.False(check.Valid);
        Assert.Equal(
            [$"身份号码应为 18 位（1989 年旧版为 15 位），实际为 {length} 位"],
            check.Errors);
    }

    [Fact]
    public void NonDigitsAreReportedByPosition()
    {
        var check = CitizenId.Validate("1101021991O1010078", Today);
        Assert.False(check.Valid);
        Assert.Contains("第 11 位应为数字，实际为 \"O\"", check.Errors);
        Assert.DoesNotContain(check.Errors, static error => error.Contains("校验码", StringComparison.Ordinal));

        var fullWidth = CitizenId.Validate("11010219910101007８", Today);
        Assert.Equal(["第 18 位校验码应为数字或 X，实际为 \"８\""], fullWidth.Errors);
        using var english = new English();
        Assert.Equal(["the check character at position 18 should be a digit or X, found \"８\""], CitizenId.Validate("11010219910101007８", Today).Errors);
    }

    [Fact]
    public void TryParseGivesBirthDateAndSex()
    {
        Assert.True(CitizenId.TryParse("11010519491231002X", Today, out var woman));
        Assert.Equal(new CitizenIdInfo("11010519491231002X", "110105", new DateOnly(1949, 12, 31), Sex.Female), woman);

        Assert.True(CitizenId.TryParse("110102199101010078", Today, out var man));
        Assert.Equal(Sex.Male, man.Sex);
        Assert.Equal(new DateOnly(1991, 1, 1), man.BirthDate);

        Assert.True(CitizenId.TryParse("110105491231002", Today, out var upgraded));
        Assert.Equal("11010519491231002X", upgraded.Number);
    }

    [Fact]
    public void TryParseRejectsInvalidNumbers()
    {
        Assert.False(CitizenId.TryParse("360426199113010079", Today, out var info));
        Assert.Null(info);
        Assert.False(CitizenId.TryParse(null, out _));
    }

    [Fact]
    public void ValidateWithoutTodayUsesTheSystemClock()
    {
        Assert.True(CitizenId.Validate("11010519491231002X").Valid);
        var farFuture = "11010530000101001";
        Assert.False(CitizenId.Validate(farFuture + CitizenId.ComputeCheck(farFuture)).Valid);
    }

    [Fact]
    public void ComputeCheckAndUpgradeRejectMalformedInput()
    {
        Assert.Equal('X', CitizenId.ComputeCheck("11010519491231002"));
        Assert.Throws<ArgumentException>(() => CitizenId.ComputeCheck("1101051949123100"));
        Assert.Throws<ArgumentException>(() => CitizenId.ComputeCheck("1101051949123100A"));
        Assert.Throws<ArgumentException>(() => CitizenId.Upgrade15To18("11010549123100X"));
        Assert.Throws<ArgumentException>(() => CitizenId.Upgrade15To18("11010519491231002X"));
    }
}
