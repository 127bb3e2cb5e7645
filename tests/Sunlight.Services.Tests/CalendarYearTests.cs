using System.Globalization;
using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Sunlight.Core.Calendar;
using Sunlight.Core.Storage;
using Sunlight.Services.Cases;

namespace Sunlight.Services.Tests;

/// <summary>
/// A year without its State Council notice (issue 11, point 7): a deadline reckoned into it is provisional (暂定),
/// holds back its red alert, and is recomputed — raising the red alert the official dates confirm — once the notice
/// is loaded, which is a ledger record. The node runs on a fake clock set in late December 2026.
/// </summary>
public abstract class CalendarYearTests(SunlightNode node, FakeTimeProvider clock)
{
    public static FakeTimeProvider Start() => new(DateTimeOffset.Parse("2026-12-21T10:00:00+08:00", CultureInfo.InvariantCulture).ToUniversalTime());

    private const string Item = "370781-XK-XZSP-003";

    [Fact]
    public async Task Bug_11_7_a_deadline_in_a_year_without_its_notice_is_provisional_until_the_notice_confirms_it()
    {
        var system = await ExchangeClient.RegisterAsync(node, "370781-xzsp", clock: clock);
        var caseNo = "CAL" + Guid.NewGuid().ToString("N")[..10];
        var lines = ExchangeClient.Ndjson(
            new { id = caseNo + "-1", caseNo, type = "submitted", at = "2026-12-21T09:00:00+08:00", itemCode = Item, channel = "system", applicant = new { name = "李四", idType = "id-card", idNo = "11010519491231002X" } },
            new { id = caseNo + "-2", caseNo, type = "accepted", at = "2026-12-21T09:30:00+08:00", actor = "370781-xzsp-01" });
        Assert.Equal(2, (await (await system.SendAsync("case-events", lines)).Expect(HttpStatusCode.OK)).GetProperty("accepted").GetInt32());

        // Committed 10 working days from 2026-12-21 end in January 2027, whose notice is not loaded: provisional.
        var view = await (await (await node.As("supervisor-370781")).GetAsync($"/api/v1/cases/{caseNo}")).Expect(HttpStatusCode.OK);
        Assert.True(view.GetProperty("clock").GetProperty("committedDueProvisional").GetBoolean());
        Assert.Equal(ChinaTime.EndOfDay(new DateOnly(2027, 1, 5)), view.GetProperty("clock").GetProperty("committedDue").GetDateTimeOffset());

        // February 2027: both limits have passed on the provisional dates, but no red alert fires on them alone.
        clock.SetUtcNow(DateTimeOffset.Parse("2027-02-01T09:00:00+08:00", CultureInfo.InvariantCulture).ToUniversalTime());
        node.ForgetTokens();
        await DueAsync();
        Assert.DoesNotContain(await AlertsAsync(caseNo), a => a.Severity == "red");
        Assert.Contains(await AlertsAsync(caseNo), a => a.Rule == "SVC-DEADLINE-WARN");

        // The administrator loads the 2027 notice (here the statutory days and a made-up 调休 Saturday): a record, the
        // case's deadline is recomputed from the official days, and the red alerts the official dates confirm fire.
        var notice = string.Join("\n", StatutoryHolidays.For(2027).Select(d => $"{d.Date:yyyy-MM-dd} off {d.Name}").Append("2027-01-02 work 元旦"));
        await (await (await node.As("admin")).PutAsync("/api/v1/calendar/years/2027", new StringContent(notice))).Expect(HttpStatusCode.OK);
        await DueAsync();
        var alerts = await AlertsAsync(caseNo);
        Assert.Contains(alerts, a => a.Rule == "SVC-OVERDUE" && a.Severity == "red");
        Assert.Contains(alerts, a => a.Rule == "SVC-STATUTORY-OVERDUE" && a.Severity == "red");
        view = await (await (await node.As("supervisor-370781")).GetAsync($"/api/v1/cases/{caseNo}")).Expect(HttpStatusCode.OK);
        Assert.False(view.GetProperty("clock").GetProperty("committedDueProvisional").GetBoolean());
        // 12-22…12-31 give 8 working days, the 调休 Saturday 01-02 the 9th, 01-04 the 10th (provisionally it was 01-05).
        Assert.Equal(ChinaTime.EndOfDay(new DateOnly(2027, 1, 4)), view.GetProperty("clock").GetProperty("committedDue").GetDateTimeOffset());

        using var scope = node.Services.CreateScope();
        var core = scope.ServiceProvider.GetRequiredService<CoreDbContext>();
        Assert.True(await core.LedgerRecords.AsNoTracking().AnyAsync(r => r.Type == "calendar.year.loaded" && r.Subject == "2027"));
    }

    private async Task DueAsync()
    {
        using var scope = node.Services.CreateScope();
        await scope.ServiceProvider.GetRequiredService<CaseSupervisor>().RunDueAsync(clock.GetUtcNow(), CancellationToken.None);
    }

    private async Task<List<(string Rule, string Severity)>> AlertsAsync(string caseNo)
    {
        var page = await (await (await node.As("supervisor-370781")).GetAsync($"/api/v1/alerts?subject={caseNo}")).Expect(HttpStatusCode.OK);
        return page.GetProperty("items").EnumerateArray().Select(a => (a.GetProperty("rule").GetString()!, a.GetProperty("severity").GetString()!)).ToList();
    }
}

public sealed class CalendarYearClockedSqliteNode : SqliteNode
{
    public FakeTimeProvider Fake { get; } = CalendarYearTests.Start();

    protected override TimeProvider? Clock => Fake;
}

public sealed class CalendarYearClockedPostgresNode(PostgresServer server) : PostgresNode(server)
{
    public FakeTimeProvider Fake { get; } = CalendarYearTests.Start();

    protected override TimeProvider? Clock => Fake;
}

public sealed class CalendarYearTestsOnSqlite(CalendarYearClockedSqliteNode node) : CalendarYearTests(node, node.Fake), IClassFixture<CalendarYearClockedSqliteNode>;

public sealed class CalendarYearTestsOnPostgres(CalendarYearClockedPostgresNode node) : CalendarYearTests(node, node.Fake), IClassFixture<CalendarYearClockedPostgresNode>;
