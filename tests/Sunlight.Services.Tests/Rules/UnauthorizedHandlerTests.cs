using Sunlight.Services.Cases;

using static Sunlight.Services.Tests.Rules.RuleTestKit;

namespace Sunlight.Services.Tests.Rules;

/// <summary>Boundary tests of <see cref="Sunlight.Services.Cases.Rules.UnauthorizedHandler"/>: just inside (no alert) and just past (alert).</summary>
public sealed class UnauthorizedHandlerTests
{
    [Fact]
    public void Handlers_must_be_staff_of_the_organisation_with_the_steps_role()
    {
        Assert.Contains(CaseRules.UnauthorizedHandler, RulesOf(new Case().Submitted().Add("accepted", "2025-03-03T10:00:00", actor: "outsider").Evaluate("2025-03-03T12:00:00")));
        Assert.Contains(CaseRules.UnauthorizedHandler, RulesOf(new Case().Submitted().Add("accepted", "2025-03-03T10:00:00", actor: "nobody").Evaluate("2025-03-03T12:00:00")));
        Assert.Contains(CaseRules.UnauthorizedHandler, RulesOf(new Case().Submitted().Add("accepted", "2025-03-03T10:00:00", actor: null).Evaluate("2025-03-03T12:00:00")));
        var headStepByClerk = new Case().Submitted().Add("accepted", "2025-03-03T10:00:00").Add("step-completed", "2025-03-04T10:00:00", new { step = "S1" })
            .Add("step-completed", "2025-03-05T10:00:00", new { step = "S2" }).Add("step-completed", "2025-03-06T10:00:00", new { step = "S3" }, actor: "clerk");
        Assert.Contains(CaseRules.UnauthorizedHandler, RulesOf(headStepByClerk.Evaluate("2025-03-06T12:00:00")));
        Assert.Contains(CaseRules.UnauthorizedHandler, RulesOf(new Case().Submitted().Add("accepted", "2025-03-03T10:00:00")
            .Add("extended", "2025-03-04T10:00:00", new { days = 5, approver = "clerk" }).Evaluate("2025-03-04T12:00:00")));
        Assert.DoesNotContain(CaseRules.UnauthorizedHandler, RulesOf(new Case().CleanLife().Evaluate("2025-03-12T00:00:00")));
    }

    [Fact]
    public void Bug_11_1_a_clerk_who_records_the_decision_of_the_heads_step_is_flagged_and_the_head_is_not()
    {
        Case Decided(string actor) => new Case().Submitted().Add("accepted", "2025-03-03T10:00:00")
            .Add("step-completed", "2025-03-04T10:00:00", new { step = "S1" }).Add("step-completed", "2025-03-05T10:00:00", new { step = "S2" })
            .Add("decided", "2025-03-06T10:00:00", new { outcome = "approved" }, actor: actor);
        Assert.Contains(CaseRules.UnauthorizedHandler, RulesOf(Decided("clerk").Evaluate("2025-03-06T12:00:00")));
        Assert.DoesNotContain(CaseRules.UnauthorizedHandler, RulesOf(Decided("head").Evaluate("2025-03-06T12:00:00")));

        // An item whose steps are all a clerk's (当场 procedures): the clerk decides.
        var onTheSpot = Licence with { Steps = [new("S1", "受理", "Clerk", 1), new("S2", "当场决定", "Clerk", 1)] };
        var clerkDecides = new Case().Submitted().Add("accepted", "2025-03-03T10:00:00").Add("step-completed", "2025-03-03T11:00:00", new { step = "S1" })
            .Add("decided", "2025-03-03T12:00:00", new { outcome = "approved" });
        Assert.DoesNotContain(CaseRules.UnauthorizedHandler, RulesOf(clerkDecides.Evaluate("2025-03-03T13:00:00", onTheSpot)));
    }
}
