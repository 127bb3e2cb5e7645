using Sunlight.Services.Cases;

using static Sunlight.Services.Tests.Rules.RuleTestKit;

namespace Sunlight.Services.Tests.Rules;

/// <summary>Boundary tests of <see cref="Sunlight.Services.Cases.Rules.LateReport"/>: just inside (no alert) and just past (alert).</summary>
public sealed class LateReportTests
{
    [Fact]
    public void Events_arriving_more_than_one_working_day_late_are_reported()
    {
        // Friday 7 March 17:00 → Monday is one working day later, Tuesday two.
        Assert.DoesNotContain(CaseRules.LateReport, RulesOf(new Case().Submitted().Add("accepted", "2025-03-07T17:00:00", received: "2025-03-10T18:00:00").Evaluate("2025-03-10T19:00:00")));
        Assert.Contains(CaseRules.LateReport, RulesOf(new Case().Submitted().Add("accepted", "2025-03-07T17:00:00", received: "2025-03-11T08:00:00").Evaluate("2025-03-11T09:00:00")));
    }
}
