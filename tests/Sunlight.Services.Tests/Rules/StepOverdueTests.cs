using Sunlight.Services.Cases;

using static Sunlight.Services.Tests.Rules.RuleTestKit;

namespace Sunlight.Services.Tests.Rules;

/// <summary>Boundary tests of <see cref="Sunlight.Services.Cases.Rules.StepOverdue"/>: just inside (no alert) and just past (alert).</summary>
public sealed class StepOverdueTests
{
    [Fact]
    public void Step_overdue_is_raised_per_step()
    {
        Case WithS1(string at) => new Case().Submitted().Add("accepted", "2025-03-03T10:00:00").Add("step-completed", at, new { step = "S1" });
        Assert.DoesNotContain(CaseRules.StepOverdue, RulesOf(WithS1("2025-03-04T23:59:59").Evaluate("2025-03-05T00:00:01")));
        var late = WithS1("2025-03-05T00:00:01").Evaluate("2025-03-05T00:00:02");
        Assert.Equal("S1", late.Alerts.Single(a => a.Rule == CaseRules.StepOverdue).Key);
        // An open step is overdue once its due instant passes.
        var open = new Case().Submitted().Add("accepted", "2025-03-03T10:00:00").Evaluate("2025-03-05T00:00:01");
        Assert.Equal("S1", open.Alerts.Single(a => a.Rule == CaseRules.StepOverdue).Key);
    }
}
