using Sunlight.Services.Cases;

using static Sunlight.Services.Tests.Rules.RuleTestKit;

namespace Sunlight.Services.Tests.Rules;

/// <summary>Boundary tests of <see cref="Sunlight.Services.Cases.Rules.PauseAbuse"/>: just inside (no alert) and just past (alert).</summary>
public sealed class PauseAbuseTests
{
    [Fact]
    public void Pauses_need_an_allowed_reason_a_bounded_length_and_one_correction_only()
    {
        Case Pause(string reason, string resumed) => new Case().Submitted().Add("accepted", "2025-03-03T10:00:00")
            .Add("paused", "2025-03-03T11:00:00", new { reason }).Add("resumed", resumed);
        Assert.Contains(CaseRules.PauseAbuse, RulesOf(Pause("holiday", "2025-03-04T10:00:00").Evaluate("2025-03-04T12:00:00")));
        // expert-review allows 30 working days: from 3 March, the 30th is Tuesday 15 April (Qingming 4–6 April).
        Assert.DoesNotContain(CaseRules.PauseAbuse, RulesOf(Pause("expert-review", "2025-04-15T23:59:59").Evaluate("2025-04-16T00:00:00")));
        Assert.Contains(CaseRules.PauseAbuse, RulesOf(Pause("expert-review", "2025-04-16T00:00:01").Evaluate("2025-04-16T00:00:02")));
        Assert.Contains(CaseRules.PauseAbuse, RulesOf(new Case().Submitted().Add("correction-requested", "2025-03-03T10:00:00", new { reason = "a" })
            .Add("corrected", "2025-03-04T10:00:00").Add("correction-requested", "2025-03-05T10:00:00", new { reason = "b" }).Evaluate("2025-03-05T12:00:00")));
    }
}
