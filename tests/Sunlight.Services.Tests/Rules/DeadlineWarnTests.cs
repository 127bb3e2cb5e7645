using Sunlight.Services.Cases;

using static Sunlight.Services.Tests.Rules.RuleTestKit;

namespace Sunlight.Services.Tests.Rules;

/// <summary>Boundary tests of <see cref="Sunlight.Services.Cases.Rules.DeadlineWarn"/>: just inside (no alert) and just past (alert).</summary>
public sealed class DeadlineWarnTests
{
    [Fact]
    public void Deadline_warning_fires_when_eight_of_ten_working_days_are_used()
    {
        var accepted = new Case().Submitted().Add("accepted", "2025-03-03T10:00:00");
        var before = accepted.Evaluate("2025-03-12T23:59:59");
        Assert.DoesNotContain(CaseRules.DeadlineWarn, RulesOf(before));
        Assert.Contains(CaseRules.DeadlineWarn, RulesOf(accepted.Evaluate("2025-03-13T00:00:01")));
        // The next check of the day before is the start of the 8th working day (or an earlier step due).
        Assert.True(before.NextCheck <= T("2025-03-13T00:00:00"));
        // Paused working days are not counted.
        var paused = new Case().Submitted().Add("accepted", "2025-03-03T10:00:00")
            .Add("paused", "2025-03-04T09:00:00", new { reason = "expert-review" }).Add("resumed", "2025-03-06T09:00:00");
        Assert.DoesNotContain(CaseRules.DeadlineWarn, RulesOf(paused.Evaluate("2025-03-13T00:00:01")));
    }
}
