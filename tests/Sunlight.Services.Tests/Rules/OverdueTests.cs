using Sunlight.Services.Cases;

using static Sunlight.Services.Tests.Rules.RuleTestKit;

namespace Sunlight.Services.Tests.Rules;

/// <summary>Boundary tests of <see cref="Sunlight.Services.Cases.Rules.Overdue"/>: just inside (no alert) and just past (alert).</summary>
public sealed class OverdueTests
{
    [Fact]
    public void Overdue_fires_after_the_committed_limit_also_when_concluded_late()
    {
        Case Concluded(string at) => new Case().Submitted().Add("accepted", "2025-03-03T10:00:00")
            .Add("step-completed", "2025-03-04T10:00:00", new { step = "S1" }).Add("step-completed", "2025-03-07T10:00:00", new { step = "S2" })
            .Add("step-completed", "2025-03-10T10:00:00", new { step = "S3" }, actor: "head").Add("decided", "2025-03-11T10:00:00", new { outcome = "approved" })
            .Add("concluded", at);
        // Tenth working day after 3 March is Monday 17 March.
        Assert.DoesNotContain(CaseRules.Overdue, RulesOf(Concluded("2025-03-17T23:59:59").Evaluate("2025-04-30T00:00:00")));
        var late = Concluded("2025-03-18T00:00:01").Evaluate("2025-04-30T00:00:00");
        Assert.Equal(T("2025-03-18T00:00:00"), late.Alerts.Single(a => a.Rule == CaseRules.Overdue).DueAt);
        Assert.Contains(CaseRules.Overdue, RulesOf(new Case().Submitted().Add("accepted", "2025-03-03T10:00:00").Evaluate("2025-03-18T00:00:01")));
        Assert.DoesNotContain(CaseRules.Overdue, RulesOf(new Case().Submitted().Add("accepted", "2025-03-03T10:00:00").Evaluate("2025-03-17T23:59:59")));
    }
}
