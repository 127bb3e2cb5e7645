using Sunlight.Services.Cases;

using static Sunlight.Services.Tests.Rules.RuleTestKit;

namespace Sunlight.Services.Tests.Rules;

/// <summary>Boundary tests of <see cref="Sunlight.Services.Cases.Rules.FeeNotAllowed"/> and <see cref="Sunlight.Services.Cases.Rules.FeeOverStandard"/>: just inside (no alert) and just past (alert).</summary>
public sealed class FeesTests
{
    [Fact]
    public void Fees_outside_the_catalogue_or_above_the_standard_are_red()
    {
        Case Fee(string code, decimal amount) => new Case().Submitted().Add("accepted", "2025-03-03T10:00:00").Add("fee-charged", "2025-03-04T10:00:00", new { feeCode = code, amount });
        Assert.DoesNotContain(Fee("F1", 50m).Evaluate("2025-03-04T12:00:00").Alerts, a => a.Rule.StartsWith("SVC-FEE", StringComparison.Ordinal));
        Assert.Contains(CaseRules.FeeOverStandard, RulesOf(Fee("F1", 50.01m).Evaluate("2025-03-04T12:00:00")));
        Assert.Contains(CaseRules.FeeNotAllowed, RulesOf(Fee("F9", 1m).Evaluate("2025-03-04T12:00:00")));
        Assert.Contains(CaseRules.FeeNotAllowed, RulesOf(Fee("F1", 0.01m).Evaluate("2025-03-04T12:00:00", Licence with { Fees = [] })));
    }
}
