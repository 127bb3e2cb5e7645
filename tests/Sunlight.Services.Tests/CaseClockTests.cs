using Sunlight.Core.Calendar;
using Sunlight.Services.Cases;
using Sunlight.Services.Contracts;

namespace Sunlight.Services.Tests;

/// <summary>Working-day arithmetic of a case against the 2025 Spring Festival (adjusted Sunday 01-26, Saturday 02-08).</summary>
public sealed class CaseClockTests
{
    private static readonly WorkCalendar Calendar = new(HolidayTable.Shipped);

    private static readonly ItemDto Item = new("T", "测试许可", "licensing", "370781-scjg", "《行政许可法》", 20, 5,
        [new StepDto("S1", "受理", "Clerk", 1), new StepDto("S2", "审查", "Clerk", 2), new StepDto("S3", "决定", "DepartmentHead", 1)],
        [], [], [], DateTimeOffset.UnixEpoch, 1);

    private static (string, DateTimeOffset, string) E(string type, string at, string body = "{}") => (type, DateTimeOffset.Parse(at, System.Globalization.CultureInfo.InvariantCulture), body);

    private static DateTimeOffset EndOf(string day) => CaseClock.EndOfDay(DateOnly.Parse(day, System.Globalization.CultureInfo.InvariantCulture));

    [Fact]
    public void A_case_without_pauses_counts_working_days_and_dues_cross_the_holiday()
    {
        var clock = CaseClock.Compute(Item, [E("submitted", "2025-01-20T09:00:00+08:00"), E("accepted", "2025-01-20T10:00:00+08:00"), E("concluded", "2025-02-07T16:00:00+08:00")],
            Calendar, DateTimeOffset.Parse("2025-03-01T00:00:00+08:00", System.Globalization.CultureInfo.InvariantCulture));
        // Working days after 01-20 up to 02-07: 21 22 23 24, 26 (adjusted Sunday), 27, 02-05 06 07 = 9.
        Assert.Equal(9, clock.CountedWorkdays);
        Assert.Equal(EndOf("2025-01-26"), clock.CommittedDue);     // 5th working day after 01-20
        Assert.Equal(EndOf("2025-02-21"), clock.StatutoryDue);     // 20th working day after 01-20
        Assert.Equal(EndOf("2025-01-26"), clock.AcceptanceDue);
        Assert.Null(clock.RemainingWorkdays);
        Assert.Equal(EndOf("2025-01-21"), clock.Steps[0].Due);
        Assert.True(clock.CalendarCovered);
    }

    [Fact]
    public void Pauses_are_not_counted_and_extensions_move_the_statutory_due()
    {
        var clock = CaseClock.Compute(Item,
        [
            E("submitted", "2025-01-20T09:00:00+08:00"),
            E("correction-requested", "2025-01-21T10:00:00+08:00"),
            E("corrected", "2025-01-24T10:00:00+08:00"),
            E("extended", "2025-01-27T10:00:00+08:00", "{\"days\":10}"),
            E("fee-charged", "2025-02-05T10:00:00+08:00", "{\"amount\":80.00}"),
            E("decided", "2025-02-06T10:00:00+08:00", "{\"outcome\":\"approved\"}"),
            E("concluded", "2025-02-07T16:00:00+08:00"),
        ], Calendar, DateTimeOffset.Parse("2025-03-01T00:00:00+08:00", System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(3, clock.PausedWorkdays);                     // 22, 23, 24
        Assert.Equal(6, clock.CountedWorkdays);                    // 9 − 3
        Assert.Equal(10, clock.ExtensionDays);
        Assert.Equal(EndOf("2025-02-06"), clock.CommittedDue);     // 5 + 3 working days after 01-20
        Assert.Equal(Calendar.AddWorkdays(new DateOnly(2025, 1, 20), 33), DateOnly.FromDateTime(clock.StatutoryDue!.Value.AddHours(8).AddDays(-1).DateTime));
        Assert.Equal(80.00m, clock.FeesCharged);
        Assert.Equal("approved", clock.Outcome);
    }

    [Fact]
    public void An_open_pause_runs_until_now_and_the_remaining_days_are_shown()
    {
        var clock = CaseClock.Compute(Item, [E("submitted", "2025-03-03T09:00:00+08:00"), E("paused", "2025-03-04T09:00:00+08:00", "{\"reason\":\"hearing\"}")],
            Calendar, DateTimeOffset.Parse("2025-03-07T12:00:00+08:00", System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(3, clock.PausedWorkdays);                     // 05, 06, 07
        Assert.Equal(1, clock.CountedWorkdays);                    // 04 only
        Assert.Equal(4, clock.RemainingWorkdays);
    }

    [Fact]
    public void A_due_date_in_a_year_without_a_notice_is_unknown_not_guessed()
    {
        var clock = CaseClock.Compute(Item, [E("submitted", "2026-12-28T09:00:00+08:00")], Calendar,
            DateTimeOffset.Parse("2026-12-29T09:00:00+08:00", System.Globalization.CultureInfo.InvariantCulture));
        Assert.Null(clock.CommittedDue);
        Assert.False(clock.CalendarCovered);
    }
}
