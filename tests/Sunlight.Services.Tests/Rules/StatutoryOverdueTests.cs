using Sunlight.Services.Cases;

using static Sunlight.Services.Tests.Rules.RuleTestKit;

namespace Sunlight.Services.Tests.Rules;

/// <summary>Boundary tests of <see cref="Sunlight.Services.Cases.Rules.StatutoryOverdue"/>: just inside (no alert) and just past (alert).</summary>
public sealed class StatutoryOverdueTests
{
    [Fact]
    public void Statutory_overdue_counts_approved_extensions_and_the_qingming_holiday()
    {
        var open = new Case().Submitted().Add("accepted", "2025-03-03T10:00:00");
        // 20th working day is Monday 31 March.
        Assert.DoesNotContain(CaseRules.StatutoryOverdue, RulesOf(open.Evaluate("2025-03-31T23:59:59")));
        Assert.Contains(CaseRules.StatutoryOverdue, RulesOf(open.Evaluate("2025-04-01T00:00:01")));
        // Five more working days: 1, 2, 3, (4–6 Qingming), 7, 8 April.
        var extended = new Case().Submitted().Add("accepted", "2025-03-03T10:00:00").Add("extended", "2025-03-20T10:00:00", new { days = 5, approver = "head" }, actor: "head");
        Assert.DoesNotContain(CaseRules.StatutoryOverdue, RulesOf(extended.Evaluate("2025-04-08T23:59:59")));
        Assert.Contains(CaseRules.StatutoryOverdue, RulesOf(extended.Evaluate("2025-04-09T00:00:01")));
    }
}
