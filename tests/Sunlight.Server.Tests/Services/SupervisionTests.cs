using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Sunlight.Core.Storage;
using Sunlight.Server.Tests.Infrastructure;
using Sunlight.Services.Cases;

namespace Sunlight.Server.Tests.Services;

/// <summary>
/// The rule host end to end: alerts raised by intake and by due instants, once each, scoped by jurisdiction, never
/// changed by departments, dismissed only with a reason; parameters per region.
/// </summary>
public abstract class SupervisionTests(SunlightNode node)
{
    private const string Item = "370781-XK-XZSP-003";

    private async Task<(string Id, string Secret)> RegisterAsync()
    {
        var id = "sup-" + Guid.NewGuid().ToString("N")[..8];
        var created = await (await (await node.As("admin-370781")).PostJson("/api/v1/exchange/systems", new { id, organisation = "370781-xzsp" })).Expect(HttpStatusCode.Created);
        return (id, created.GetProperty("secret").GetString()!);
    }

    private async Task<JsonElement> SendAsync((string Id, string Secret) system, IEnumerable<object> events)
    {
        var body = string.Join("\n", events.Select(e => JsonSerializer.Serialize(e))) + "\n";
        var ts = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/exchange/case-events") { Content = new StringContent(body, Encoding.UTF8, "application/x-ndjson") };
        request.Headers.Add("X-Sunlight-System", system.Id);
        request.Headers.Add("X-Sunlight-Timestamp", ts);
        request.Headers.Add("X-Sunlight-Signature", Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(system.Secret), Encoding.UTF8.GetBytes(ts + "\n" + body))));
        return await (await node.Anonymous().SendAsync(request)).Expect(HttpStatusCode.OK);
    }

    /// <summary>A case handled entirely off-system in March 2025 and sent now: backfilled, and every event late.</summary>
    private static object[] OffSystemCase(string caseNo) =>
    [
        new { id = caseNo + "-1", caseNo, type = "submitted", at = "2025-03-03T09:00:00+08:00", itemCode = Item, channel = "system", applicant = new { name = "李四", idType = "id-card", idNo = "11010519491231002X" } },
        new { id = caseNo + "-2", caseNo, type = "accepted", at = "2025-03-03T10:00:00+08:00", actor = "370781-xzsp-01" },
        new { id = caseNo + "-3", caseNo, type = "decided", at = "2025-03-04T10:00:00+08:00", actor = "370781-xzsp-01", outcome = "approved" },
        new { id = caseNo + "-4", caseNo, type = "concluded", at = "2025-03-04T11:00:00+08:00", actor = "370781-xzsp-01" },
    ];

    private async Task<JsonElement> AlertsAsync(string user, string query) =>
        await (await (await node.As(user)).GetAsync("/api/v1/alerts?" + query)).Expect(HttpStatusCode.OK);

    [Fact]
    public async Task Intake_raises_each_alert_once_with_its_evidence_and_record()
    {
        var system = await RegisterAsync();
        var caseNo = "SUP" + Guid.NewGuid().ToString("N")[..10];
        await SendAsync(system, OffSystemCase(caseNo));
        var alerts = await AlertsAsync("supervisor-370781", $"subject={caseNo}");
        var rules = alerts.GetProperty("items").Strings("rule").ToList();
        Assert.Contains("SVC-BACKFILL", rules);
        Assert.Contains("SVC-LATE-REPORT", rules);
        Assert.Contains("SVC-PROCESS-ORDER", rules);
        Assert.Equal(rules.Count, rules.Distinct().Count());
        var backfill = alerts.GetProperty("items").EnumerateArray().Single(a => a.GetProperty("rule").GetString() == "SVC-BACKFILL");
        Assert.Equal("red", backfill.GetProperty("severity").GetString());
        Assert.Contains(caseNo + "-4", backfill.GetProperty("evidence").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("370781", backfill.GetProperty("region").GetString());

        // Re-sent: duplicates, and no second alert.
        var again = await SendAsync(system, OffSystemCase(caseNo));
        Assert.Equal(4, again.GetProperty("duplicates").GetInt32());
        Assert.Equal(alerts.GetProperty("total").GetInt32(), (await AlertsAsync("supervisor-370781", $"subject={caseNo}")).GetProperty("total").GetInt32());

        using var scope = node.Services.CreateScope();
        var core = scope.ServiceProvider.GetRequiredService<CoreDbContext>();
        var recorded = await core.LedgerRecords.AsNoTracking().CountAsync(r => r.Subject == caseNo && r.Type == "supervision.alert.raised");
        Assert.Equal(rules.Count, recorded);
        var sequence = backfill.GetProperty("recordSequence").GetInt64();
        Assert.Equal("supervision.alert.raised", (await core.LedgerRecords.AsNoTracking().SingleAsync(r => r.Sequence == sequence)).Type);
    }

    [Fact]
    public async Task Alerts_are_scoped_and_departments_cannot_change_them_and_dismissal_needs_a_reason()
    {
        var system = await RegisterAsync();
        var caseNo = "SUP" + Guid.NewGuid().ToString("N")[..10];
        await SendAsync(system, OffSystemCase(caseNo));
        var id = (await AlertsAsync("supervisor-370781", $"subject={caseNo}&rule=SVC-BACKFILL")).GetProperty("items")[0].GetProperty("id").GetInt64();

        Assert.Equal(1, (await AlertsAsync("clerk-370781", $"subject={caseNo}&rule=SVC-BACKFILL")).GetProperty("total").GetInt32());
        Assert.Equal(1, (await AlertsAsync("supervisor", $"subject={caseNo}&rule=SVC-BACKFILL")).GetProperty("total").GetInt32());
        Assert.Equal(0, (await AlertsAsync("clerk", $"subject={caseNo}")).GetProperty("total").GetInt32());
        Assert.Equal(0, (await AlertsAsync("supervisor-370781", $"subject={caseNo}&severity=notice")).GetProperty("total").GetInt32());

        // No route edits or deletes an alert; departments and inspectors cannot dismiss.
        var clerk = await node.As("clerk-370781");
        Assert.Equal(HttpStatusCode.MethodNotAllowed, (await clerk.DeleteAsync($"/api/v1/alerts/{id}/dismiss")).StatusCode);
        Assert.True((await clerk.DeleteAsync($"/api/v1/alerts/{id}")).StatusCode is HttpStatusCode.NotFound or HttpStatusCode.MethodNotAllowed);
        Assert.Equal(HttpStatusCode.Forbidden, (await clerk.PostJson($"/api/v1/alerts/{id}/dismiss", new { reason = "不是问题，已处理" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await (await node.As("inspector-370781")).PostJson($"/api/v1/alerts/{id}/dismiss", new { reason = "不是问题，已处理" })).StatusCode);

        var supervisor = await node.As("supervisor-370781");
        await (await supervisor.PostJson($"/api/v1/alerts/{id}/dismiss", new { reason = "" })).Expect(HttpStatusCode.BadRequest);
        await (await (await node.As("supervisor")).PostJson("/api/v1/alerts/999999999/dismiss", new { reason = "核实无误，撤销" })).Expect(HttpStatusCode.NotFound);
        var dismissed = await (await supervisor.PostJson($"/api/v1/alerts/{id}/dismiss", new { reason = "系统迁移补录，已核实" })).Expect(HttpStatusCode.OK);
        Assert.Equal("dismissed", dismissed.GetProperty("status").GetString());
        await (await supervisor.PostJson($"/api/v1/alerts/{id}/dismiss", new { reason = "再次撤销" })).Expect(HttpStatusCode.Conflict);
        // Still visible above, with its reason.
        var above = (await AlertsAsync("supervisor", $"subject={caseNo}&status=dismissed")).GetProperty("items")[0];
        Assert.Equal("系统迁移补录，已核实", above.GetProperty("statusReason").GetString());

        var csv = await (await node.As("inspector-370781")).GetAsync($"/api/v1/alerts/export.csv?subject={caseNo}");
        var bytes = await csv.Content.ReadAsByteArrayAsync();
        Assert.Equal(Encoding.UTF8.GetPreamble(), bytes[..3]);
        Assert.Contains(caseNo, Encoding.UTF8.GetString(bytes), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_passing_due_instant_raises_acceptance_late_without_any_new_event()
    {
        var system = await RegisterAsync();
        var caseNo = "SUP" + Guid.NewGuid().ToString("N")[..10];
        var now = DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(8));
        await SendAsync(system,
        [
            new { id = caseNo + "-1", caseNo, type = "submitted", at = now.AddMinutes(-1).ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture), itemCode = Item, channel = "system", applicant = new { name = "李四", idType = "id-card", idNo = "11010519491231002X" } },
        ]);
        Assert.Equal(0, (await AlertsAsync("supervisor-370781", $"subject={caseNo}")).GetProperty("total").GetInt32());

        using var scope = node.Services.CreateScope();
        var calendar = scope.ServiceProvider.GetRequiredService<Sunlight.Core.Calendar.CalendarService>().Current;
        if (!calendar.Table.Covers(DateOnly.FromDateTime(now.AddDays(20).DateTime)))
        {
            Assert.Skip("the next weeks fall in a year without a holiday notice loaded; add it on /calendar to run this check");
        }

        var services = scope.ServiceProvider.GetRequiredService<IDbContextFactory<Sunlight.Services.Storage.ServicesDbContext>>();
        await using (var db = await services.CreateDbContextAsync())
        {
            var next = (await db.Cases.AsNoTracking().SingleAsync(c => c.CaseNo == caseNo)).NextCheckAt;
            Assert.NotNull(next);
            Assert.True(next > now, "the index holds the next due instant");
        }

        var supervisor = scope.ServiceProvider.GetRequiredService<CaseSupervisor>();
        await supervisor.RunDueAsync(now.AddDays(20), CancellationToken.None);
        var alerts = await AlertsAsync("supervisor-370781", $"subject={caseNo}");
        var late = alerts.GetProperty("items").EnumerateArray().Single(a => a.GetProperty("rule").GetString() == "SVC-ACCEPT-LATE");
        Assert.Equal(JsonValueKind.String, late.GetProperty("dueAt").ValueKind);
        // Running the same instant again raises nothing new.
        await supervisor.RunDueAsync(now.AddDays(20), CancellationToken.None);
        Assert.Equal(alerts.GetProperty("total").GetInt32(), (await AlertsAsync("supervisor-370781", $"subject={caseNo}")).GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task Rule_parameters_are_set_per_region_with_checks()
    {
        var rules = await (await (await node.As("supervisor")).GetAsync("/api/v1/supervision/rules")).Expect(HttpStatusCode.OK);
        Assert.Equal(15, rules.EnumerateArray().Count(r => r.GetProperty("code").GetString()!.StartsWith("SVC-", StringComparison.Ordinal)));

        var admin = await node.As("admin-370781");
        Assert.Equal(HttpStatusCode.NoContent, (await admin.PutAsJsonAsync("/api/v1/supervision/rules/SVC-ACCEPT-LATE/parameters/days", new { value = "7" })).StatusCode);
        await (await admin.PutAsJsonAsync("/api/v1/supervision/rules/SVC-ACCEPT-LATE/parameters/days", new { value = "seven" })).Expect(HttpStatusCode.BadRequest);
        await (await admin.PutAsJsonAsync("/api/v1/supervision/rules/SVC-DEADLINE-WARN/parameters/share", new { value = "1.5" })).Expect(HttpStatusCode.BadRequest);
        await (await admin.PutAsJsonAsync("/api/v1/supervision/rules/SVC-NONE/parameters/days", new { value = "1" })).Expect(HttpStatusCode.NotFound);
        await (await admin.PutAsJsonAsync("/api/v1/supervision/rules/SVC-ACCEPT-LATE/parameters/weeks", new { value = "1" })).Expect(HttpStatusCode.NotFound);

        static string Days(JsonElement rules) => rules.EnumerateArray().Single(r => r.GetProperty("code").GetString() == "SVC-ACCEPT-LATE")
            .GetProperty("parameters")[0].GetProperty("value").GetString()!;
        Assert.Equal("7", Days(await (await admin.GetAsync("/api/v1/supervision/rules")).Expect(HttpStatusCode.OK)));
        Assert.Equal("5", Days(await (await (await node.As("admin")).GetAsync("/api/v1/supervision/rules")).Expect(HttpStatusCode.OK)));
    }
}

public sealed class SupervisionTestsOnSqlite(SqliteNode node) : SupervisionTests(node), IClassFixture<SqliteNode>;

public sealed class SupervisionTestsOnPostgres(PostgresNode node) : SupervisionTests(node), IClassFixture<PostgresNode>;
