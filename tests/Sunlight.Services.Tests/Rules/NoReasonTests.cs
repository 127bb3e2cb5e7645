using Sunlight.Services.Cases;

using static Sunlight.Services.Tests.Rules.RuleTestKit;

namespace Sunlight.Services.Tests.Rules;

/// <summary>Boundary tests of <see cref="Sunlight.Services.Cases.Rules.NoReason"/>: just inside (no alert) and just past (alert).</summary>
public sealed class NoReasonTests
{
    [Fact]
    public void Rejections_and_denials_need_a_reason()
    {
        Assert.Contains(CaseRules.NoReason, RulesOf(new Case().Submitted().Add("rejected", "2025-03-03T10:00:00").Evaluate("2025-03-03T12:00:00")));
        Assert.DoesNotContain(CaseRules.NoReason, RulesOf(new Case().Submitted().Add("rejected", "2025-03-03T10:00:00", new { reason = "材料不属于本机关职权范围" }).Evaluate("2025-03-03T12:00:00")));
        Assert.Contains(CaseRules.NoReason, RulesOf(new Case().Submitted().Add("accepted", "2025-03-03T10:00:00")
            .Add("decided", "2025-03-04T10:00:00", new { outcome = "denied" }).Evaluate("2025-03-04T12:00:00")));
    }
}
