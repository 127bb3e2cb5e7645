using Sunlight.Services.Cases;

using static Sunlight.Services.Tests.Rules.RuleTestKit;

namespace Sunlight.Services.Tests.Rules;

/// <summary>Boundary tests of <see cref="Sunlight.Services.Cases.Rules.AcceptLate"/>: just inside (no alert) and just past (alert).</summary>
public sealed class AcceptLateTests
{
    [Fact]
    public void Accept_late_fires_just_after_the_fifth_working_day()
    {
        // Fifth working day after Monday 3 March is Monday 10 March.
        Assert.DoesNotContain(CaseRules.AcceptLate, RulesOf(new Case().Submitted().Add("accepted", "2025-03-10T23:59:59").Evaluate("2025-03-12T00:00:00")));
        Assert.Contains(CaseRules.AcceptLate, RulesOf(new Case().Submitted().Add("accepted", "2025-03-11T00:00:01").Evaluate("2025-03-12T00:00:00")));
        var waiting = new Case().Submitted().Evaluate("2025-03-10T23:59:59");
        Assert.DoesNotContain(CaseRules.AcceptLate, RulesOf(waiting));
        Assert.Equal(T("2025-03-11T00:00:00"), waiting.NextCheck);
        var late = new Case().Submitted().Evaluate("2025-03-11T00:00:01").Alerts.Single(a => a.Rule == CaseRules.AcceptLate);
        Assert.Equal(T("2025-03-11T00:00:00"), late.DueAt);
        Assert.Equal(["e0"], late.Evidence);
        // A correction request answers too; a parameter of 6 days moves the boundary.
        Assert.DoesNotContain(CaseRules.AcceptLate, RulesOf(new Case().Submitted().Add("correction-requested", "2025-03-05T09:00:00", new { reason = "x" }).Evaluate("2025-03-20T00:00:00")));
        Assert.DoesNotContain(CaseRules.AcceptLate, RulesOf(new Case().Submitted().Evaluate("2025-03-11T00:00:01", parameters: Defaults.With(CaseRules.AcceptLate, "days", "6"))));
    }
}
