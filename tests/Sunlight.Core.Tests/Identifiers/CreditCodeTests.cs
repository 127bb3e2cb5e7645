using Sunlight.Core.Identifiers;
using Xunit;

namespace Sunlight.Core.Tests.Identifiers;

public sealed class CreditCodeTests
{
    [Theory]
    [InlineData("91110000600037341L")]
    [InlineData("9144030071526726XG")]
    [InlineData("91310115MA1K3BTP2B")]
    [InlineData("121200004013590816")]
    public void SpecValidCodesPass(string code)
    {
        var check = CreditCode.Validate(code);
        Assert.True(check.Valid);
        Assert.Empty(check.Errors);
        Assert.Empty(check.Warnings);
        Assert.Equal(code, check.Normalized);
    }

    [Fact]
    public void SpecBadChecksumIsRejectedEvenThoughPosition17Holds()
    {
        var check = CreditCode.Validate("91110000600037341N");
        Assert.False(check.Valid);
        Assert.Null(check.Normalized);
        Assert.Equal(["第 18 位校验码应为 L，实际为 N"], check.Errors);
    }

    [Fact]
    public void SpecCharsetViolationsAreReportedByPosition()
    {
        var check = CreditCode.Validate("9111000060003IOZSV");
        Assert.False(check.Valid);
        int[] positions = [14, 15, 16, 17, 18];
        Assert.Equal(positions.Length, check.Errors.Count);
        Assert.Equal(
            "第 14 位字符 \"I\" 不在代码字符集中（数字及除 I、O、S、V、Z 以外的大写字母）",
            check.Errors[0]);
        Assert.All(check.Errors.Zip(positions), pair =>
            Assert.StartsWith($"第 {pair.Second} 位字符", pair.First, StringComparison.Ordinal));
        using var english = new English();
        Assert.All(CreditCode.Validate("9111000060003IOZSV").Errors.Zip(positions), pair =>
            Assert.Contains($"at position {pair.Second} is not allowed", pair.First, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("91350100M0001TGQXM", '1', 'M')]
    [InlineData("91350211M0000XUF46", 'R', '6')]
    public void SpecFujianPilotCodesPassWithAWarning(string code, char expected, char actual)
    {
        var check = CreditCode.Validate(code);
        Assert.True(check.Valid);
        Assert.Equal(code, check.Normalized);
        var warning = Assert.Single(check.Warnings);
        Assert.StartsWith($"第 18 位校验码应为 {expected}，实际为 {actual}；", warning, StringComparison.Ordinal);
        using (new English())
        {
            Assert.Contains("Fujian pilot", Assert.Single(CreditCode.Validate(code).Warnings), StringComparison.Ordinal);
        }
    }

    [Fact]
    public void FujianCodeFailingBothChecksIsRejected()
    {
        // Position 17 of a Fujian code broken too (GB 11714 gives X for M0001TGQ): no pilot excuse left.
        var body = "91350100M0001TGQ1";
        var wrong = CreditCode.ComputeCheck(body) == 'M' ? 'N' : 'M';
        var check = CreditCode.Validate(body + wrong);
        Assert.False(check.Valid);
        Assert.Empty(check.Warnings);
    }

    [Theory]
    [InlineData("91310115ma1k3btp2b")]
    [InlineData(" 91310115MA1K3BTP2B\r\n")]
    public void LowercaseAndSurroundingWhiteSpaceAreNormalised(string input)
    {
        var check = CreditCode.Validate(input);
        Assert.True(check.Valid);
        Assert.Equal("91310115MA1K3BTP2B", check.Normalized);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("\t")]
    public void MissingCodeIsRejected(string? input)
    {
        Assert.Equal(["统一社会信用代码为空"], CreditCode.Validate(input).Errors);
    }

    [Theory]
    [InlineData("91110000600037341", 17)]
    [InlineData("91110000600037341LL", 19)]
    public void WrongLengthIsRejected(string input, int length)
    {
        var check = CreditCode.Validate(input);
        Assert.False(check.Valid);
        Assert.Equal([$"统一社会信用代码应为 18 位，实际为 {length} 位"], check.Errors);
    }

    [Fact]
    public void RegionPositionsMustBeDigits()
    {
        var body = "91A10000600037341";
        var check = CreditCode.Validate(body + CreditCode.ComputeCheck(body));
        Assert.False(check.Valid);
        Assert.Equal(["第 3 位应为数字（第 3–8 位是登记管理机关行政区划码），实际为 \"A\""], check.Errors);
    }

    [Fact]
    public void UnknownRegistrationAuthorityIsOnlyAWarning()
    {
        var body = "B1110000600037341";
        var check = CreditCode.Validate(body + CreditCode.ComputeCheck(body));
        Assert.True(check.Valid);
        Assert.Equal(
            ["第 1 位登记管理部门代码 \"B\" 不在已知代码（1–9、A、N、Y）中，请核实"],
            check.Warnings);
    }

    [Fact]
    public void AuthoritiesNAndYAreAccepted()
    {
        foreach (var body in new[] { "N2110000600037341", "Y1110000600037341" })
        {
            var check = CreditCode.Validate(body + CreditCode.ComputeCheck(body));
            Assert.True(check.Valid);
            Assert.Empty(check.Warnings);
        }
    }

    [Fact]
    public void ComputeCheckMatchesTheSpecAndRejectsMalformedInput()
    {
        Assert.Equal('L', CreditCode.ComputeCheck("91110000600037341"));
        Assert.Throws<ArgumentException>(() => CreditCode.ComputeCheck("9111000060003734"));
        Assert.Throws<ArgumentException>(() => CreditCode.ComputeCheck("9111000060003734I"));
    }
}
