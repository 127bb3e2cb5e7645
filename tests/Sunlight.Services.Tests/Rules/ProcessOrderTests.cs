using Sunlight.Services.Cases;

using static Sunlight.Services.Tests.Rules.RuleTestKit;

namespace Sunlight.Services.Tests.Rules;

/// <summary>Boundary tests of <see cref="Sunlight.Services.Cases.Rules.ProcessOrder"/>: just inside (no alert) and just past (alert).</summary>
public sealed class ProcessOrderTests
{
    [Fact]
    public void Process_order_catches_skipped_steps_missing_steps_and_decisions_before_acceptance()
    {
        Assert.Contains(CaseRules.ProcessOrder, RulesOf(new Case().Submitted().Add("accepted", "2025-03-03T10:00:00")
            .Add("step-completed", "2025-03-04T10:00:00", new { step = "S2" }).Evaluate("2025-03-04T12:00:00")));
        Assert.Contains(CaseRules.ProcessOrder, RulesOf(new Case().Submitted().Add("accepted", "2025-03-03T10:00:00")
            .Add("step-completed", "2025-03-04T10:00:00", new { step = "S1" }).Add("decided", "2025-03-05T10:00:00", new { outcome = "approved" })
            .Add("concluded", "2025-03-05T11:00:00").Evaluate("2025-03-06T00:00:00")));
        Assert.Contains(CaseRules.ProcessOrder, RulesOf(new Case().Submitted().Add("decided", "2025-03-03T10:00:00", new { outcome = "approved" })
            .Add("accepted", "2025-03-03T11:00:00").Evaluate("2025-03-03T12:00:00")));
        Assert.DoesNotContain(CaseRules.ProcessOrder, RulesOf(new Case().CleanLife().Evaluate("2025-03-12T00:00:00")));
    }

    [Fact]
    public void Bug_11_1_a_decision_before_the_steps_that_precede_the_deciding_step_is_out_of_order()
    {
        // S3 (the head's) decides: S1 and S2 must be done first. S3 itself may be done before or after the decision.
        var early = new Case().Submitted().Add("accepted", "2025-03-03T10:00:00").Add("step-completed", "2025-03-04T10:00:00", new { step = "S1" })
            .Add("decided", "2025-03-04T11:00:00", new { outcome = "approved" }, actor: "head");
        Assert.Contains(CaseRules.ProcessOrder, RulesOf(early.Evaluate("2025-03-04T12:00:00")));
        var inTime = new Case().Submitted().Add("accepted", "2025-03-03T10:00:00").Add("step-completed", "2025-03-04T10:00:00", new { step = "S1" })
            .Add("step-completed", "2025-03-04T10:30:00", new { step = "S2" }).Add("decided", "2025-03-04T11:00:00", new { outcome = "approved" }, actor: "head");
        Assert.DoesNotContain(CaseRules.ProcessOrder, RulesOf(inTime.Evaluate("2025-03-04T12:00:00")));
    }
}
