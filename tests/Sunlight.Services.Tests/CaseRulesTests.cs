using System.Globalization;
using System.Text.Json;
using Sunlight.Core.Calendar;
using Sunlight.Core.Directory;
using Sunlight.Core.Supervision;
using Sunlight.Services.Cases;
using Sunlight.Services.Contracts;

namespace Sunlight.Services.Tests;

/// <summary>
/// Every case rule of services.md at its boundaries: just inside (no alert) and just past (alert), on the 2025
/// official calendar. Submission is Monday 2025-03-03 09:00 in Shanghai; March 2025 has no holidays, Qingming is
/// 4–6 April.
/// </summary>
public sealed class CaseRulesTests
{
    private static readonly WorkCalendar Calendar = new(HolidayTable.Shipped);
    private static readonly RuleParameters Defaults = RuleParameters.Defaults(CaseRules.Definitions);

    /// <summary>Committed 10, statutory 20; steps S1 Clerk 1, S2 Clerk 4, S3 DepartmentHead 2; fee F1 10–50 yuan; pauses correction 20, expert-review 30.</summary>
    private static readonly ItemDto Licence = new(
        "370781-XK-T-001", "测试许可", "licensing", "org", "《行政许可法》", 20, 10,
        [new("S1", "受理", "Clerk", 1), new("S2", "审查", "Clerk", 4), new("S3", "决定", "DepartmentHead", 2)],
        [new("F1", "工本费", 10, 50)], [new("correction", "补正", 20, "§32"), new("expert-review", "专家评审", 30, "§45")], [],
        DateTimeOffset.Parse("2025-01-01T00:00:00+08:00", CultureInfo.InvariantCulture), 1);

    private static readonly ItemDto Penalty = Licence with
    {
        Code = "370781-CF-T-001", Category = "penalty", Fees = [], Tiers = [new("minor", 0, 1000), new("ordinary", 1000.01m, 5000)],
    };

    private static readonly Dictionary<string, StaffFacts> Staff = new(StringComparer.Ordinal)
    {
        ["clerk"] = new("org", ["Clerk"]),
        ["head"] = new("org", ["DepartmentHead"]),
        ["outsider"] = new("other-org", ["Clerk", "DepartmentHead"]),
    };

    private static DateTimeOffset T(string local) => DateTimeOffset.Parse(local + "+08:00", CultureInfo.InvariantCulture);

    private sealed class Case
    {
        private readonly List<RuleEvent> _events = [];

        public Case Add(string type, string at, object? fields = null, string? actor = "clerk", string? received = null)
        {
            var body = new Dictionary<string, object?>();
            foreach (var p in fields?.GetType().GetProperties() ?? [])
            {
                body[p.Name] = p.GetValue(fields);
            }

            _events.Add(new RuleEvent($"e{_events.Count}", type, T(at), T(received ?? at), type is "submitted" or "rated" or "corrected" ? null : actor, JsonSerializer.Serialize(body)));
            return this;
        }

        public Case Submitted(string at = "2025-03-03T09:00:00", string? received = null) => Add("submitted", at, received: received);

        /// <summary>A clean life: accepted at once, the three steps on time, approved, concluded on day 7.</summary>
        public Case CleanLife() => Submitted()
            .Add("accepted", "2025-03-03T10:00:00")
            .Add("step-completed", "2025-03-04T10:00:00", new { step = "S1" })
            .Add("step-completed", "2025-03-07T10:00:00", new { step = "S2" })
            .Add("step-completed", "2025-03-10T10:00:00", new { step = "S3" }, actor: "head")
            .Add("decided", "2025-03-11T10:00:00", new { outcome = "approved" })
            .Add("concluded", "2025-03-11T11:00:00");

        public CaseVerdict Evaluate(string now, ItemDto? item = null, RuleParameters? parameters = null, WorkCalendar? calendar = null) =>
            CaseRules.Evaluate(new CaseFacts("C1", "org", "/370000/370700/370781/", item ?? Licence, _events, Staff), parameters ?? Defaults, calendar ?? Calendar, T(now));
    }

    private static List<string> Rules(CaseVerdict v) => v.Alerts.Select(a => a.Rule).ToList();

    [Fact]
    public void A_clean_case_raises_nothing_and_every_definition_has_a_known_severity()
    {
        Assert.Empty(new Case().CleanLife().Evaluate("2025-06-01T00:00:00").Alerts);
        Assert.Equal(15, CaseRules.Definitions.Count);
        Assert.All(CaseRules.Definitions, d => Assert.Contains(d.Severity, Severities.All));
    }

    [Fact]
    public void Accept_late_fires_just_after_the_fifth_working_day()
    {
        // Fifth working day after Monday 3 March is Monday 10 March.
        Assert.DoesNotContain(CaseRules.AcceptLate, Rules(new Case().Submitted().Add("accepted", "2025-03-10T23:59:59").Evaluate("2025-03-12T00:00:00")));
        Assert.Contains(CaseRules.AcceptLate, Rules(new Case().Submitted().Add("accepted", "2025-03-11T00:00:01").Evaluate("2025-03-12T00:00:00")));
        var waiting = new Case().Submitted().Evaluate("2025-03-10T23:59:59");
        Assert.DoesNotContain(CaseRules.AcceptLate, Rules(waiting));
        Assert.Equal(T("2025-03-11T00:00:00"), waiting.NextCheck);
        var late = new Case().Submitted().Evaluate("2025-03-11T00:00:01").Alerts.Single(a => a.Rule == CaseRules.AcceptLate);
        Assert.Equal(T("2025-03-11T00:00:00"), late.DueAt);
        Assert.Equal(["e0"], late.Evidence);
        // A correction request answers too; a parameter of 6 days moves the boundary.
        Assert.DoesNotContain(CaseRules.AcceptLate, Rules(new Case().Submitted().Add("correction-requested", "2025-03-05T09:00:00", new { reason = "x" }).Evaluate("2025-03-20T00:00:00")));
        Assert.DoesNotContain(CaseRules.AcceptLate, Rules(new Case().Submitted().Evaluate("2025-03-11T00:00:01", parameters: Defaults.With(CaseRules.AcceptLate, "days", "6"))));
    }

    [Fact]
    public void Deadline_warning_fires_when_eight_of_ten_working_days_are_used()
    {
        var accepted = new Case().Submitted().Add("accepted", "2025-03-03T10:00:00");
        var before = accepted.Evaluate("2025-03-12T23:59:59");
        Assert.DoesNotContain(CaseRules.DeadlineWarn, Rules(before));
        Assert.Contains(CaseRules.DeadlineWarn, Rules(accepted.Evaluate("2025-03-13T00:00:01")));
        // The next check of the day before is the start of the 8th working day (or an earlier step due).
        Assert.True(before.NextCheck <= T("2025-03-13T00:00:00"));
        // Paused working days are not counted.
        var paused = new Case().Submitted().Add("accepted", "2025-03-03T10:00:00")
            .Add("paused", "2025-03-04T09:00:00", new { reason = "expert-review" }).Add("resumed", "2025-03-06T09:00:00");
        Assert.DoesNotContain(CaseRules.DeadlineWarn, Rules(paused.Evaluate("2025-03-13T00:00:01")));
    }

    [Fact]
    public void Overdue_fires_after_the_committed_limit_also_when_concluded_late()
    {
        Case Concluded(string at) => new Case().Submitted().Add("accepted", "2025-03-03T10:00:00")
            .Add("step-completed", "2025-03-04T10:00:00", new { step = "S1" }).Add("step-completed", "2025-03-07T10:00:00", new { step = "S2" })
            .Add("step-completed", "2025-03-10T10:00:00", new { step = "S3" }, actor: "head").Add("decided", "2025-03-11T10:00:00", new { outcome = "approved" })
            .Add("concluded", at);
        // Tenth working day after 3 March is Monday 17 March.
        Assert.DoesNotContain(CaseRules.Overdue, Rules(Concluded("2025-03-17T23:59:59").Evaluate("2025-04-30T00:00:00")));
        var late = Concluded("2025-03-18T00:00:01").Evaluate("2025-04-30T00:00:00");
        Assert.Equal(T("2025-03-18T00:00:00"), late.Alerts.Single(a => a.Rule == CaseRules.Overdue).DueAt);
        Assert.Contains(CaseRules.Overdue, Rules(new Case().Submitted().Add("accepted", "2025-03-03T10:00:00").Evaluate("2025-03-18T00:00:01")));
        Assert.DoesNotContain(CaseRules.Overdue, Rules(new Case().Submitted().Add("accepted", "2025-03-03T10:00:00").Evaluate("2025-03-17T23:59:59")));
    }

    [Fact]
    public void Statutory_overdue_counts_approved_extensions_and_the_qingming_holiday()
    {
        var open = new Case().Submitted().Add("accepted", "2025-03-03T10:00:00");
        // 20th working day is Monday 31 March.
        Assert.DoesNotContain(CaseRules.StatutoryOverdue, Rules(open.Evaluate("2025-03-31T23:59:59")));
        Assert.Contains(CaseRules.StatutoryOverdue, Rules(open.Evaluate("2025-04-01T00:00:01")));
        // Five more working days: 1, 2, 3, (4–6 Qingming), 7, 8 April.
        var extended = new Case().Submitted().Add("accepted", "2025-03-03T10:00:00").Add("extended", "2025-03-20T10:00:00", new { days = 5, approver = "head" }, actor: "head");
        Assert.DoesNotContain(CaseRules.StatutoryOverdue, Rules(extended.Evaluate("2025-04-08T23:59:59")));
        Assert.Contains(CaseRules.StatutoryOverdue, Rules(extended.Evaluate("2025-04-09T00:00:01")));
    }

    [Fact]
    public void Step_overdue_is_raised_per_step()
    {
        Case WithS1(string at) => new Case().Submitted().Add("accepted", "2025-03-03T10:00:00").Add("step-completed", at, new { step = "S1" });
        Assert.DoesNotContain(CaseRules.StepOverdue, Rules(WithS1("2025-03-04T23:59:59").Evaluate("2025-03-05T00:00:01")));
        var late = WithS1("2025-03-05T00:00:01").Evaluate("2025-03-05T00:00:02");
        Assert.Equal("S1", late.Alerts.Single(a => a.Rule == CaseRules.StepOverdue).Key);
        // An open step is overdue once its due instant passes.
        var open = new Case().Submitted().Add("accepted", "2025-03-03T10:00:00").Evaluate("2025-03-05T00:00:01");
        Assert.Equal("S1", open.Alerts.Single(a => a.Rule == CaseRules.StepOverdue).Key);
    }

    [Fact]
    public void Fees_outside_the_catalogue_or_above_the_standard_are_red()
    {
        Case Fee(string code, decimal amount) => new Case().Submitted().Add("accepted", "2025-03-03T10:00:00").Add("fee-charged", "2025-03-04T10:00:00", new { feeCode = code, amount });
        Assert.DoesNotContain(Fee("F1", 50m).Evaluate("2025-03-04T12:00:00").Alerts, a => a.Rule.StartsWith("SVC-FEE", StringComparison.Ordinal));
        Assert.Contains(CaseRules.FeeOverStandard, Rules(Fee("F1", 50.01m).Evaluate("2025-03-04T12:00:00")));
        Assert.Contains(CaseRules.FeeNotAllowed, Rules(Fee("F9", 1m).Evaluate("2025-03-04T12:00:00")));
        Assert.Contains(CaseRules.FeeNotAllowed, Rules(Fee("F1", 0.01m).Evaluate("2025-03-04T12:00:00", Licence with { Fees = [] })));
    }

    [Fact]
    public void Process_order_catches_skipped_steps_missing_steps_and_decisions_before_acceptance()
    {
        Assert.Contains(CaseRules.ProcessOrder, Rules(new Case().Submitted().Add("accepted", "2025-03-03T10:00:00")
            .Add("step-completed", "2025-03-04T10:00:00", new { step = "S2" }).Evaluate("2025-03-04T12:00:00")));
        Assert.Contains(CaseRules.ProcessOrder, Rules(new Case().Submitted().Add("accepted", "2025-03-03T10:00:00")
            .Add("step-completed", "2025-03-04T10:00:00", new { step = "S1" }).Add("decided", "2025-03-05T10:00:00", new { outcome = "approved" })
            .Add("concluded", "2025-03-05T11:00:00").Evaluate("2025-03-06T00:00:00")));
        Assert.Contains(CaseRules.ProcessOrder, Rules(new Case().Submitted().Add("decided", "2025-03-03T10:00:00", new { outcome = "approved" })
            .Add("accepted", "2025-03-03T11:00:00").Evaluate("2025-03-03T12:00:00")));
        Assert.DoesNotContain(CaseRules.ProcessOrder, Rules(new Case().CleanLife().Evaluate("2025-03-12T00:00:00")));
    }

    [Fact]
    public void Handlers_must_be_staff_of_the_organisation_with_the_steps_role()
    {
        Assert.Contains(CaseRules.UnauthorizedHandler, Rules(new Case().Submitted().Add("accepted", "2025-03-03T10:00:00", actor: "outsider").Evaluate("2025-03-03T12:00:00")));
        Assert.Contains(CaseRules.UnauthorizedHandler, Rules(new Case().Submitted().Add("accepted", "2025-03-03T10:00:00", actor: "nobody").Evaluate("2025-03-03T12:00:00")));
        Assert.Contains(CaseRules.UnauthorizedHandler, Rules(new Case().Submitted().Add("accepted", "2025-03-03T10:00:00", actor: null).Evaluate("2025-03-03T12:00:00")));
        var headStepByClerk = new Case().Submitted().Add("accepted", "2025-03-03T10:00:00").Add("step-completed", "2025-03-04T10:00:00", new { step = "S1" })
            .Add("step-completed", "2025-03-05T10:00:00", new { step = "S2" }).Add("step-completed", "2025-03-06T10:00:00", new { step = "S3" }, actor: "clerk");
        Assert.Contains(CaseRules.UnauthorizedHandler, Rules(headStepByClerk.Evaluate("2025-03-06T12:00:00")));
        Assert.Contains(CaseRules.UnauthorizedHandler, Rules(new Case().Submitted().Add("accepted", "2025-03-03T10:00:00")
            .Add("extended", "2025-03-04T10:00:00", new { days = 5, approver = "clerk" }).Evaluate("2025-03-04T12:00:00")));
        Assert.DoesNotContain(CaseRules.UnauthorizedHandler, Rules(new Case().CleanLife().Evaluate("2025-03-12T00:00:00")));
    }

    [Fact]
    public void Pauses_need_an_allowed_reason_a_bounded_length_and_one_correction_only()
    {
        Case Pause(string reason, string resumed) => new Case().Submitted().Add("accepted", "2025-03-03T10:00:00")
            .Add("paused", "2025-03-03T11:00:00", new { reason }).Add("resumed", resumed);
        Assert.Contains(CaseRules.PauseAbuse, Rules(Pause("holiday", "2025-03-04T10:00:00").Evaluate("2025-03-04T12:00:00")));
        // expert-review allows 30 working days: from 3 March, the 30th is Tuesday 15 April (Qingming 4–6 April).
        Assert.DoesNotContain(CaseRules.PauseAbuse, Rules(Pause("expert-review", "2025-04-15T23:59:59").Evaluate("2025-04-16T00:00:00")));
        Assert.Contains(CaseRules.PauseAbuse, Rules(Pause("expert-review", "2025-04-16T00:00:01").Evaluate("2025-04-16T00:00:02")));
        Assert.Contains(CaseRules.PauseAbuse, Rules(new Case().Submitted().Add("correction-requested", "2025-03-03T10:00:00", new { reason = "a" })
            .Add("corrected", "2025-03-04T10:00:00").Add("correction-requested", "2025-03-05T10:00:00", new { reason = "b" }).Evaluate("2025-03-05T12:00:00")));
    }

    [Fact]
    public void Rejections_and_denials_need_a_reason()
    {
        Assert.Contains(CaseRules.NoReason, Rules(new Case().Submitted().Add("rejected", "2025-03-03T10:00:00").Evaluate("2025-03-03T12:00:00")));
        Assert.DoesNotContain(CaseRules.NoReason, Rules(new Case().Submitted().Add("rejected", "2025-03-03T10:00:00", new { reason = "材料不属于本机关职权范围" }).Evaluate("2025-03-03T12:00:00")));
        Assert.Contains(CaseRules.NoReason, Rules(new Case().Submitted().Add("accepted", "2025-03-03T10:00:00")
            .Add("decided", "2025-03-04T10:00:00", new { outcome = "denied" }).Evaluate("2025-03-04T12:00:00")));
    }

    [Fact]
    public void Penalties_must_lie_inside_their_declared_tier()
    {
        Case Decide(object fields) => new Case().Submitted().Add("accepted", "2025-03-03T10:00:00").Add("decided", "2025-03-04T10:00:00", fields);
        Assert.DoesNotContain(CaseRules.Discretion, Rules(Decide(new { outcome = "penalty", tier = "ordinary", amount = 5000m }).Evaluate("2025-03-04T12:00:00", Penalty)));
        Assert.Contains(CaseRules.Discretion, Rules(Decide(new { outcome = "penalty", tier = "ordinary", amount = 5000.01m }).Evaluate("2025-03-04T12:00:00", Penalty)));
        Assert.Contains(CaseRules.Discretion, Rules(Decide(new { outcome = "penalty", tier = "ordinary", amount = 1000m }).Evaluate("2025-03-04T12:00:00", Penalty)));
        Assert.Contains(CaseRules.Discretion, Rules(Decide(new { outcome = "penalty", amount = 500m }).Evaluate("2025-03-04T12:00:00", Penalty)));
    }

    [Fact]
    public void Events_arriving_more_than_one_working_day_late_are_reported()
    {
        // Friday 7 March 17:00 → Monday is one working day later, Tuesday two.
        Assert.DoesNotContain(CaseRules.LateReport, Rules(new Case().Submitted().Add("accepted", "2025-03-07T17:00:00", received: "2025-03-10T18:00:00").Evaluate("2025-03-10T19:00:00")));
        Assert.Contains(CaseRules.LateReport, Rules(new Case().Submitted().Add("accepted", "2025-03-07T17:00:00", received: "2025-03-11T08:00:00").Evaluate("2025-03-11T09:00:00")));
    }

    [Fact]
    public void Backfilled_cases_are_red()
    {
        // The decision reached Sunlight before anything else.
        Assert.Contains(CaseRules.Backfill, Rules(new Case().Submitted(received: "2025-03-05T12:00:00").Add("accepted", "2025-03-03T10:00:00", received: "2025-03-05T12:00:00")
            .Add("decided", "2025-03-04T10:00:00", new { outcome = "approved" }, received: "2025-03-04T10:00:00").Evaluate("2025-03-05T13:00:00")));
        // The whole life arrived after it ended (体外循环), even all on the same day.
        var offSystem = new Case().Submitted(received: "2025-03-03T18:00:00").Add("accepted", "2025-03-03T10:00:00", received: "2025-03-03T18:00:00")
            .Add("step-completed", "2025-03-03T11:00:00", new { step = "S1" }, received: "2025-03-03T18:00:00")
            .Add("step-completed", "2025-03-03T12:00:00", new { step = "S2" }, received: "2025-03-03T18:00:00")
            .Add("step-completed", "2025-03-03T13:00:00", new { step = "S3" }, actor: "head", received: "2025-03-03T18:00:00")
            .Add("decided", "2025-03-03T14:00:00", new { outcome = "approved" }, received: "2025-03-03T18:00:00")
            .Add("concluded", "2025-03-03T15:00:00", received: "2025-03-03T18:00:00");
        Assert.Equal([CaseRules.Backfill], Rules(offSystem.Evaluate("2025-03-04T00:00:00")));
    }

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
        Assert.All(steps, a => Assert.DoesNotContain("期限暂定", a.Summary, StringComparison.Ordinal));
        Assert.Contains("期限暂定", Assert.Single(verdict.Alerts, a => a.Rule == CaseRules.DeadlineWarn).Summary, StringComparison.Ordinal);

        // With the year's notice loaded the same dates are official and the red alerts fire.
        var official = new WorkCalendar(HolidayTable.Shipped.WithYear(2027, StatutoryHolidays.For(2027)), provisionalYears: true);
        var confirmed = late.Evaluate("2027-02-01T00:00:00", calendar: official);
        Assert.Contains(CaseRules.Overdue, Rules(confirmed));
        Assert.Contains(CaseRules.StatutoryOverdue, Rules(confirmed));
        Assert.DoesNotContain(confirmed.Alerts, a => a.Summary.Contains("期限暂定", StringComparison.Ordinal));

        // A deadline wholly inside an official year is not provisional, even when the calendar reckons later years.
        Assert.Contains(CaseRules.Overdue, Rules(new Case().Submitted().Add("accepted", "2025-03-03T10:00:00").Evaluate("2025-06-01T00:00:00", calendar: provisional)));
    }
}
