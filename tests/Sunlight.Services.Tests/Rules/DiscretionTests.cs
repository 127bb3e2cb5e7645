using Sunlight.Services.Cases;

using static Sunlight.Services.Tests.Rules.RuleTestKit;

namespace Sunlight.Services.Tests.Rules;

/// <summary>Boundary tests of <see cref="Sunlight.Services.Cases.Rules.Discretion"/>: just inside (no alert) and just past (alert).</summary>
public sealed class DiscretionTests
{
    [Fact]
    public void Penalties_must_lie_inside_their_declared_tier()
    {
        Case Decide(object fields) => new Case().Submitted().Add("accepted", "2025-03-03T10:00:00").Add("decided", "2025-03-04T10:00:00", fields);
        Assert.DoesNotContain(CaseRules.Discretion, RulesOf(Decide(new { outcome = "penalty", tier = "ordinary", amount = 5000m }).Evaluate("2025-03-04T12:00:00", Penalty)));
        Assert.Contains(CaseRules.Discretion, RulesOf(Decide(new { outcome = "penalty", tier = "ordinary", amount = 5000.01m }).Evaluate("2025-03-04T12:00:00", Penalty)));
        Assert.Contains(CaseRules.Discretion, RulesOf(Decide(new { outcome = "penalty", tier = "ordinary", amount = 1000m }).Evaluate("2025-03-04T12:00:00", Penalty)));
        Assert.Contains(CaseRules.Discretion, RulesOf(Decide(new { outcome = "penalty", amount = 500m }).Evaluate("2025-03-04T12:00:00", Penalty)));
    }
}
