using Sunlight.Services.Cases;

using static Sunlight.Services.Tests.Rules.RuleTestKit;

namespace Sunlight.Services.Tests.Rules;

/// <summary>Boundary tests of <see cref="Sunlight.Services.Cases.Rules.Backfill"/>: just inside (no alert) and just past (alert).</summary>
public sealed class BackfillTests
{
    [Fact]
    public void Backfilled_cases_are_red()
    {
        // The decision reached Sunlight before anything else.
        Assert.Contains(CaseRules.Backfill, RulesOf(new Case().Submitted(received: "2025-03-05T12:00:00").Add("accepted", "2025-03-03T10:00:00", received: "2025-03-05T12:00:00")
            .Add("decided", "2025-03-04T10:00:00", new { outcome = "approved" }, received: "2025-03-04T10:00:00").Evaluate("2025-03-05T13:00:00")));
        // The whole life arrived after it ended (体外循环), even all on the same day.
        var offSystem = new Case().Submitted(received: "2025-03-03T18:00:00").Add("accepted", "2025-03-03T10:00:00", received: "2025-03-03T18:00:00")
            .Add("step-completed", "2025-03-03T11:00:00", new { step = "S1" }, received: "2025-03-03T18:00:00")
            .Add("step-completed", "2025-03-03T12:00:00", new { step = "S2" }, received: "2025-03-03T18:00:00")
            .Add("step-completed", "2025-03-03T13:00:00", new { step = "S3" }, actor: "head", received: "2025-03-03T18:00:00")
            .Add("decided", "2025-03-03T14:00:00", new { outcome = "approved" }, actor: "head", received: "2025-03-03T18:00:00")
            .Add("concluded", "2025-03-03T15:00:00", received: "2025-03-03T18:00:00");
        Assert.Equal([CaseRules.Backfill], RulesOf(offSystem.Evaluate("2025-03-04T00:00:00")));
    }
}
