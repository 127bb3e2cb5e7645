using Sunlight.Core.Calendar;
using Sunlight.Core.Supervision;
using Sunlight.Services.Cases;

using static Sunlight.Services.Tests.Rules.RuleTestKit;

namespace Sunlight.Services.Tests.Rules;

/// <summary>What holds for every case rule: a clean case raises nothing, severities are known, provisional dates hold back red alerts.</summary>
public sealed class CaseRulesTests
{
    [Fact]
    public void A_clean_case_raises_nothing_and_every_definition_has_a_known_severity()
    {
        Assert.Empty(new Case().CleanLife().Evaluate("2025-06-01T00:00:00").Alerts);
        Assert.Equal(15, CaseRules.Definitions.Count);
        Assert.All(CaseRules.Definitions, d => Assert.Contains(d.Severity, Severities.All));
    }

    [Fact]
    public void Dates_outside_the_loaded_calendar_raise_no_time_alert()
    {
        // 2027 has no holiday notice in the shipped table: the strict calendar (no provisional years) guesses nothing.
        var future = new Case().Add("submitted", "2027-03-01T09:00:00");
        Assert.DoesNotContain(future.Evaluate("2027-06-01T00:00:00").Alerts, a => a.DueAt is not null);
    }

    [Fact]
    public void Bug_11_7_a_provisional_due_date_alone_raises_no_red_alert()
    {
        // Submitted Mon 2026-12-21, committed 10 and statutory 20 working days: both reckoned into 2027, whose notice
        // is not loaded. Accepted and S1 on time; S2 (4 days from S1) is late, and by 2027-02-01 both limits passed.
        var provisional = new WorkCalendar(HolidayTable.Shipped, provisionalYears: true);
        var late = new Case().Submitted("2026-12-21T09:00:00").Add("accepted", "2026-12-21T10:00:00").Add("step-completed", "2026-12-22T10:00:00", new { step = "S1" });
        var verdict = late.Evaluate("2027-02-01T00:00:00", calendar: provisional);
        Assert.DoesNotContain(verdict.Alerts, a => a.Severity == Severities.Red);
        var steps = verdict.Alerts.Where(a => a.Rule == CaseRules.StepOverdue).ToList();
        Assert.Equal(["S2", "S3"], steps.Select(a => a.Key));
        // The steps' limits ended in December 2026 (official); the deadline warning measures against the provisional committed date.
        Assert.All(steps, a => Assert.DoesNotContain("期限暂定", a.Summary.Zh, StringComparison.Ordinal));
        Assert.Contains("期限暂定", Assert.Single(verdict.Alerts, a => a.Rule == CaseRules.DeadlineWarn).Summary.Zh, StringComparison.Ordinal);

        // With the year's notice loaded the same dates are official and the red alerts fire.
        var official = new WorkCalendar(HolidayTable.Shipped.WithYear(2027, StatutoryHolidays.For(2027)), provisionalYears: true);
        var confirmed = late.Evaluate("2027-02-01T00:00:00", calendar: official);
        Assert.Contains(CaseRules.Overdue, RulesOf(confirmed));
        Assert.Contains(CaseRules.StatutoryOverdue, RulesOf(confirmed));
        Assert.DoesNotContain(confirmed.Alerts, a => a.Summary.Zh.Contains("期限暂定", StringComparison.Ordinal));

        // A deadline wholly inside an official year is not provisional, even when the calendar reckons later years.
        Assert.Contains(CaseRules.Overdue, RulesOf(new Case().Submitted().Add("accepted", "2025-03-03T10:00:00").Evaluate("2025-06-01T00:00:00", calendar: provisional)));
    }
}
