using Sunlight.Core.Supervision;
using Sunlight.Services.Cases;

using static Sunlight.Services.Tests.Rules.RuleTestKit;

namespace Sunlight.Services.Tests.Rules;

/// <summary>Boundary tests of <see cref="Sunlight.Services.Cases.Rules.BadRating"/>: just inside (no alert) and just past (alert).</summary>
public sealed class BadRatingTests
{
    [Fact]
    public void Ratings_of_two_or_less_ask_for_a_callback()
    {
        var two = new Case().CleanLife().Add("rated", "2025-03-12T10:00:00", new { score = 2 }).Evaluate("2025-03-12T12:00:00");
        var alert = two.Alerts.Single();
        Assert.Equal((CaseRules.BadRating, Severities.Notice), (alert.Rule, alert.Severity));
        // 15 working days after 12 March: 2 April.
        Assert.Equal(T("2025-04-03T00:00:00"), alert.DueAt);
        Assert.Empty(new Case().CleanLife().Add("rated", "2025-03-12T10:00:00", new { score = 3 }).Evaluate("2025-03-12T12:00:00").Alerts);
    }
}
