using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Sunlight.Core.Accounts;
using Sunlight.Core.Storage;
using Sunlight.Core.Supervision;
using Sunlight.Services.Cases;

namespace Sunlight.Supervision.Tests;

/// <summary>
/// The rule host end to end: alerts raised by intake and by due instants, once each, scoped by jurisdiction, never
/// changed by departments, dismissed only with a reason; parameters per region.
/// </summary>
public abstract class SupervisionTests(SunlightNode node)
{
    /// <summary>11.4: the rules page says each rule's name, condition, units and parameters in the chosen language only.</summary>
    [Fact]
    public async Task Bug_11_4_the_rules_page_speaks_one_language()
    {
        foreach (var (culture, must, mustNot) in new[]
        {
            ("zh-CN", new[] { "受理超时", "提交后 <code>days</code> 个工作日内", "个工作日", "不高于此分数的评价为差评", "账本被改写" }, new[] { "working days", "acceptance late", "`", "ratings at or below" }),
            ("en", new[] { "Acceptance late", "Not accepted, rejected or sent back", "working days", "ratings at or below this score are bad", "Ledger history rewritten" }, new[] { "受理超时", "个工作日", "差评" }),
        })
        {
            var browser = node.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
            await Browserless.SignInAsync(browser, "supervisor-370781", Sunlight.Core.Directory.Demo.DemoCity.DemoPassword);
            using var request = new HttpRequestMessage(HttpMethod.Get, "/supervision/rules");
            request.Headers.Add("Cookie", $".AspNetCore.Culture=c%3D{culture}%7Cuic%3D{culture}");
            var page = await (await browser.SendAsync(request)).Content.ReadAsStringAsync();
            var table = page[page.IndexOf("<table", StringComparison.Ordinal)..];
            Assert.All(must, m => Assert.Contains(m, table, StringComparison.Ordinal));
            Assert.All(mustNot, m => Assert.DoesNotContain(m, table, StringComparison.Ordinal));
        }
    }

    private const string Item = "370781-XK-XZSP-003";

    private Task<ExchangeClient> RegisterAsync() => ExchangeClient.RegisterAsync(node, "370781-xzsp");

    private static Task<JsonElement> SendAsync(ExchangeClient system, IEnumerable<object> events) => SendRawAsync(system, ExchangeClient.Ndjson([.. events]));

    private static async Task<JsonElement> SendRawAsync(ExchangeClient system, string body) =>
        await (await system.SendAsync("case-events", body)).Expect(HttpStatusCode.OK);

    /// <summary>A case handled entirely off-system in March 2025 and sent now: backfilled, and every event late.</summary>
    private static object[] OffSystemCase(string caseNo) =>
    [
        new { id = caseNo + "-1", caseNo, type = "submitted", at = "2025-03-03T09:00:00+08:00", itemCode = Item, channel = "system", applicant = new { name = "李四", idType = "id-card", idNo = "11010519491231002X" } },
        new { id = caseNo + "-2", caseNo, type = "accepted", at = "2025-03-03T10:00:00+08:00", actor = "370781-xzsp-01" },
        new { id = caseNo + "-3", caseNo, type = "decided", at = "2025-03-04T10:00:00+08:00", actor = "370781-xzsp-03", outcome = "approved" },
        new { id = caseNo + "-4", caseNo, type = "concluded", at = "2025-03-04T11:00:00+08:00", actor = "370781-xzsp-01" },
    ];

    /// <summary>An off-system case sent through a new system, and the ids of the alerts it raised.</summary>
    private async Task<(string CaseNo, List<long> AlertIds)> OffSystemAlertsAsync()
    {
        var system = await RegisterAsync();
        var caseNo = "SUP" + Guid.NewGuid().ToString("N")[..10];
        await SendAsync(system, OffSystemCase(caseNo));
        var alerts = await AlertsAsync("supervisor-370781", $"subject={caseNo}");
        return (caseNo, alerts.GetProperty("items").EnumerateArray().Select(a => a.GetProperty("id").GetInt64()).ToList());
    }

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
        var xlsx = await (await node.As("supervisor-370781")).GetAsync($"/api/v1/alerts/export.xlsx?subject={caseNo}");
        using var workbook = new MemoryStream(await xlsx.Content.ReadAsByteArrayAsync());
        var rows = MiniExcelLibs.MiniExcel.Query(workbook, useHeaderRow: true).Cast<IDictionary<string, object>>().ToList();
        Assert.Contains(rows, r => (string)r["对象(subject)"] == caseNo && (string)r["规则(rule)"] == "SVC-BACKFILL" && (string)r["规则名称(ruleName)"] == "补录/体外循环" && (string)r["状态(status)"] == "已撤销");
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

        // The next weeks may lie in a year without its holiday notice: the calendar reckons it provisionally, and the
        // acceptance deadline (yellow) fires on it all the same.
        using var scope = node.Services.CreateScope();
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
    public async Task Notice_goes_to_the_department_is_answered_returned_answered_again_and_closed_and_late_ones_escalate()
    {
        var (_, alertIds) = await OffSystemAlertsAsync();
        var supervisor = await node.As("supervisor-370781");
        var clerk = await node.As("clerk-370781");

        Assert.Equal(HttpStatusCode.Forbidden, (await clerk.PostJson("/api/v1/notices", new { alerts = alertIds, request = "请整改" })).StatusCode);
        await (await supervisor.PostJson("/api/v1/notices", new { alerts = alertIds, request = "" })).Expect(HttpStatusCode.BadRequest);
        await (await supervisor.PostJson("/api/v1/notices", new { alerts = new[] { 999_999_999L }, request = "请整改" })).Expect(HttpStatusCode.BadRequest);
        var notice = await (await supervisor.PostJson("/api/v1/notices", new { alerts = alertIds.Take(2), request = "请说明该办件为何在办结后才报送，并整改" })).Expect(HttpStatusCode.Created);
        var id = notice.GetProperty("id").GetInt64();
        Assert.StartsWith("DB-370781-", notice.GetProperty("number").GetString(), StringComparison.Ordinal);
        Assert.Equal("issued", notice.GetProperty("status").GetString());
        Assert.True(notice.GetProperty("replyDue").GetDateTimeOffset() > DateTimeOffset.UtcNow.AddDays(4));

        Assert.Contains(id, (await (await clerk.GetAsync("/api/v1/notices?pageSize=500")).Expect(HttpStatusCode.OK)).GetProperty("items").EnumerateArray().Select(n => n.GetProperty("id").GetInt64()));
        Assert.DoesNotContain(id, (await (await (await node.As("clerk")).GetAsync("/api/v1/notices?pageSize=500")).Expect(HttpStatusCode.OK)).GetProperty("items").EnumerateArray().Select(n => n.GetProperty("id").GetInt64()));
        await (await (await node.As("clerk")).PostJson($"/api/v1/notices/{id}/reply", new { text = "已整改" })).Expect(HttpStatusCode.NotFound);

        await (await clerk.PostJson($"/api/v1/notices/{id}/reply", new { text = "" })).Expect(HttpStatusCode.BadRequest);
        await (await clerk.PostJson($"/api/v1/notices/{id}/reply", new { text = "系统对接故障期间线下办理，现已补录并完成对接" })).Expect(HttpStatusCode.OK);
        await (await clerk.PostJson($"/api/v1/notices/{id}/reply", new { text = "again" })).Expect(HttpStatusCode.Conflict);
        await (await supervisor.PostJson($"/api/v1/notices/{id}/return", new { text = "" })).Expect(HttpStatusCode.BadRequest);
        var returned = await (await supervisor.PostJson($"/api/v1/notices/{id}/return", new { text = "请附对接恢复的证明" })).Expect(HttpStatusCode.OK);
        Assert.Equal("returned", returned.GetProperty("status").GetString());
        await (await clerk.PostJson($"/api/v1/notices/{id}/reply", new { text = "已附信息中心出具的对接恢复证明" })).Expect(HttpStatusCode.OK);
        Assert.Equal(HttpStatusCode.Forbidden, (await (await node.As("inspector-370781")).PostAsync($"/api/v1/notices/{id}/verify", null)).StatusCode);
        var closed = await (await supervisor.PostAsync($"/api/v1/notices/{id}/verify", null)).Expect(HttpStatusCode.OK);
        Assert.Equal("closed", closed.GetProperty("status").GetString());
        await (await supervisor.PostAsync($"/api/v1/notices/{id}/verify", null)).Expect(HttpStatusCode.Conflict);

        // An unanswered notice escalates once its deadline passes.
        var late = (await (await supervisor.PostJson("/api/v1/notices", new { alerts = alertIds.Skip(2).Take(1), request = "请说明" })).Expect(HttpStatusCode.Created)).GetProperty("id").GetInt64();
        using var scope = node.Services.CreateScope();
        Assert.True(await scope.ServiceProvider.GetRequiredService<Sunlight.Core.Supervision.NoticeService>().RunDueAsync(DateTimeOffset.UtcNow.AddDays(40), CancellationToken.None) >= 1);
        var escalated = await (await (await node.As("supervisor")).GetAsync("/api/v1/notices?status=escalated")).Expect(HttpStatusCode.OK);
        Assert.Contains(late, escalated.GetProperty("items").EnumerateArray().Select(n => n.GetProperty("id").GetInt64()));
        var core = scope.ServiceProvider.GetRequiredService<CoreDbContext>();
        var types = await core.LedgerRecords.AsNoTracking().Where(r => r.Type.StartsWith("supervision.notice.")).Select(r => r.Type).ToListAsync();
        Assert.Contains("supervision.notice.escalated", types);
        Assert.Contains("supervision.notice.closed", types);
    }

    [Fact]
    public async Task Bug_11_2_the_loop_closes_a_verified_notice_resolves_its_alerts_which_take_no_new_notice_until_reopened()
    {
        var (_, alertIds) = await OffSystemAlertsAsync();
        var supervisor = await node.As("supervisor-370781");
        var clerk = await node.As("clerk-370781");
        var first = alertIds[0];
        async Task<JsonElement> Alert(long id) => (await AlertsAsync("supervisor-370781", $"pageSize=200")).GetProperty("items").EnumerateArray().Single(a => a.GetProperty("id").GetInt64() == id);

        var id = (await (await supervisor.PostJson("/api/v1/notices", new { alerts = new[] { first }, request = "请说明并整改" })).Expect(HttpStatusCode.Created)).GetProperty("id").GetInt64();
        Assert.Equal("noticed", (await Alert(first)).GetProperty("status").GetString());
        // Under notice: no second notice, no dismissal.
        Assert.Contains("督办中", (await (await supervisor.PostJson("/api/v1/notices", new { alerts = new[] { first }, request = "再次督办" })).Expect(HttpStatusCode.BadRequest)).Messages(), StringComparison.Ordinal);
        await (await supervisor.PostJson($"/api/v1/alerts/{first}/dismiss", new { reason = "误报，撤销" })).Expect(HttpStatusCode.Conflict);

        await (await clerk.PostJson($"/api/v1/notices/{id}/reply", new { text = "已整改完毕，附说明" })).Expect(HttpStatusCode.OK);
        await (await supervisor.PostAsync($"/api/v1/notices/{id}/verify", null)).Expect(HttpStatusCode.OK);
        var resolved = await Alert(first);
        Assert.Equal("resolved", resolved.GetProperty("status").GetString());
        // The evidence is the closing record.
        await using (var scope = node.Services.CreateAsyncScope())
        {
            var core = scope.ServiceProvider.GetRequiredService<CoreDbContext>();
            var seq = resolved.GetProperty("resolvedByRecord").GetInt64();
            Assert.Equal("supervision.notice.closed", await core.LedgerRecords.Where(r => r.Sequence == seq).Select(r => r.Type).SingleAsync());
        }

        Assert.Contains("重新打开", (await (await supervisor.PostJson("/api/v1/notices", new { alerts = new[] { first }, request = "再次督办" })).Expect(HttpStatusCode.BadRequest)).Messages(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, (await clerk.PostJson($"/api/v1/alerts/{first}/reopen", new { reason = "情况反复" })).StatusCode);
        await (await supervisor.PostJson($"/api/v1/alerts/{first}/reopen", new { reason = "" })).Expect(HttpStatusCode.BadRequest);
        Assert.Equal("open", (await (await supervisor.PostJson($"/api/v1/alerts/{first}/reopen", new { reason = "整改后再次出现同类问题" })).Expect(HttpStatusCode.OK)).GetProperty("status").GetString());
        await (await supervisor.PostJson($"/api/v1/alerts/{first}/reopen", new { reason = "整改后再次出现同类问题" })).Expect(HttpStatusCode.Conflict);
        await (await supervisor.PostJson("/api/v1/notices", new { alerts = new[] { first }, request = "再次督办" })).Expect(HttpStatusCode.Created);

        // The dashboard counts each state as the API does (a dashboard on its own clock, so it computes afresh).
        Assert.Contains(first, (await AlertsAsync("supervisor-370781", "status=noticed&pageSize=200")).GetProperty("items").EnumerateArray().Select(a => a.GetProperty("id").GetInt64()));
        await using (var scope = node.Services.CreateAsyncScope())
        {
            var path = await scope.ServiceProvider.GetRequiredService<CoreDbContext>().Regions.AsNoTracking().Where(r => r.Code == "370781").Select(r => r.Path).SingleAsync();
            var who = new Jurisdiction("370781", path, null, new HashSet<string>(StringComparer.Ordinal) { SunlightRoles.Supervisor });
            var dashboard = new SupervisionDashboard(node.Services.GetRequiredService<IServiceScopeFactory>(), node.Services.GetRequiredService<SupervisionFeed>(),
                new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UtcNow), node.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<SupervisionOptions>>());
            var figures = await dashboard.GetAsync(who, null, null);
            foreach (var (status, count) in new[] { ("open", figures.Open), ("noticed", figures.Noticed), ("resolved", figures.Resolved), ("dismissed", figures.Dismissed) })
            {
                Assert.Equal((await AlertsAsync("supervisor-370781", $"status={status}&pageSize=1")).GetProperty("total").GetInt32(), count);
            }
        }

        await using (var scope = node.Services.CreateAsyncScope())
        {
            var core = scope.ServiceProvider.GetRequiredService<CoreDbContext>();
            Assert.True(await core.LedgerRecords.AnyAsync(r => r.Type == "supervision.alert.reopened" && r.Subject == resolved.GetProperty("subject").GetString()));
        }
    }

    [Fact]
    public async Task Bug_11_5_the_notice_list_tells_the_true_total_and_pages_through_every_notice()
    {
        var (_, alertIds) = await OffSystemAlertsAsync();
        var supervisor = await node.As("supervisor-370781");
        foreach (var id in alertIds.Take(2))
        {
            await (await supervisor.PostJson("/api/v1/notices", new { alerts = new[] { id }, request = "请说明" })).Expect(HttpStatusCode.Created);
        }

        var total = (await (await supervisor.GetAsync("/api/v1/notices?pageSize=1")).Expect(HttpStatusCode.OK)).GetProperty("total").GetInt32();
        Assert.True(total >= 2);
        var seen = new List<long>();
        for (var page = 1; page <= total; page++)
        {
            var p = await (await supervisor.GetAsync($"/api/v1/notices?page={page}&pageSize=1")).Expect(HttpStatusCode.OK);
            seen.AddRange(p.GetProperty("items").EnumerateArray().Select(n => n.GetProperty("id").GetInt64()));
        }

        Assert.Equal(total, seen.Distinct().Count());
        await (await supervisor.GetAsync("/api/v1/notices?pageSize=0")).Expect(HttpStatusCode.BadRequest);
        await (await supervisor.GetAsync("/api/v1/notices?status=nonsense")).Expect(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Bug_11_5_the_csv_export_holds_every_alert_the_list_counts()
    {
        await OffSystemAlertsAsync();
        var supervisor = await node.As("supervisor-370781");
        var total = (await AlertsAsync("supervisor-370781", "pageSize=1")).GetProperty("total").GetInt32();
        var response = await supervisor.GetAsync("/api/v1/alerts/export.csv");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal(System.Text.Encoding.UTF8.GetPreamble(), bytes[..3]);
        var lines = System.Text.Encoding.UTF8.GetString(bytes[3..]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("id,rule,severity,subject,key,organisation,region,detectedAt,dueAt,status,summary", lines[0]);
        Assert.Equal(total, lines.Length - 1);
    }

    [Fact]
    public async Task A_rule_drafts_notices_that_a_supervisor_issues_or_discards_and_a_copy_to_a_second_organisation_is_linked()
    {
        // Two cases accepted in March 2025 and never decided: far past their statutory limit.
        var system = await RegisterAsync();
        var overdue = new HashSet<long>();
        for (var i = 0; i < 2; i++)
        {
            var caseNo = "SOV" + Guid.NewGuid().ToString("N")[..10];
            await SendAsync(system, OffSystemCase(caseNo).Take(2));
            var raised = await AlertsAsync("supervisor-370781", $"subject={caseNo}&rule=SVC-STATUTORY-OVERDUE");
            overdue.Add(raised.GetProperty("items").EnumerateArray().Single().GetProperty("id").GetInt64());
        }

        await using (var run = node.Services.CreateAsyncScope())
        {
            var service = run.ServiceProvider.GetRequiredService<NoticeService>();
            Assert.True(await service.DraftFromRulesAsync(DateTimeOffset.UtcNow, CancellationToken.None) >= 2);
            Assert.Equal(0, await service.DraftFromRulesAsync(DateTimeOffset.UtcNow, CancellationToken.None));
        }

        // Each open alert of the drafting rule has exactly one draft, by the rule, about that alert.
        var supervisor = await node.As("supervisor-370781");
        var all = await (await supervisor.GetAsync("/api/v1/notices?pageSize=500")).Expect(HttpStatusCode.OK);
        Assert.Equal(all.GetProperty("total").GetInt32(), all.GetProperty("items").GetArrayLength());
        var open = all.GetProperty("items").EnumerateArray().Where(n => n.GetProperty("alerts").EnumerateArray().Any(a => overdue.Contains(a.GetInt64()))).ToList();
        Assert.Equal(2, open.Count);
        Assert.All(open, d => Assert.Equal(("draft", "rule:SVC-STATUTORY-OVERDUE"), (d.GetProperty("status").GetString(), d.GetProperty("origin").GetString())));
        var first = open[0];
        var id = first.GetProperty("id").GetInt64();
        Assert.StartsWith("CG-370781-", first.GetProperty("number").GetString(), StringComparison.Ordinal);
        var org = first.GetProperty("organisation").GetString()!;
        Assert.Equal("370781-xzsp", org);
        var clerk = await node.As("clerk-370781");

        // The department does not see a draft until a supervisor issues it.
        Assert.DoesNotContain(id, (await (await clerk.GetAsync("/api/v1/notices?pageSize=500")).Expect(HttpStatusCode.OK)).GetProperty("items").EnumerateArray().Select(n => n.GetProperty("id").GetInt64()));
        await (await clerk.GetAsync($"/api/v1/notices/{id}")).Expect(HttpStatusCode.NotFound);

        var issued = await (await supervisor.PostJson($"/api/v1/notices/{id}/issue", new { replyDays = 3 })).Expect(HttpStatusCode.OK);
        Assert.StartsWith("DB-", issued.GetProperty("number").GetString(), StringComparison.Ordinal);
        Assert.Equal("issued", issued.GetProperty("status").GetString());
        Assert.Equal("supervisor-370781", issued.GetProperty("issuedBy").GetString());
        Assert.Equal("rule:SVC-STATUTORY-OVERDUE", issued.GetProperty("origin").GetString());
        await (await supervisor.PostJson($"/api/v1/notices/{id}/issue", new { })).Expect(HttpStatusCode.Conflict);
        await (await clerk.GetAsync($"/api/v1/notices/{id}")).Expect(HttpStatusCode.OK);

        var second = open[1].GetProperty("id").GetInt64();
        await (await supervisor.PostJson($"/api/v1/notices/{second}/discard", new { text = "" })).Expect(HttpStatusCode.BadRequest);
        var discarded = await (await supervisor.PostJson($"/api/v1/notices/{second}/discard", new { text = "已由纪委监委另案处理" })).Expect(HttpStatusCode.OK);
        Assert.Equal("discarded", discarded.GetProperty("status").GetString());
        await (await supervisor.PostJson($"/api/v1/notices/{second}/issue", new { })).Expect(HttpStatusCode.Conflict);
        await (await supervisor.PostJson($"/api/v1/notices/{second}/copy", new { organisation = "370781-czj" })).Expect(HttpStatusCode.Conflict);

        // A copy to a second organisation of the jurisdiction is its own notice, linked to the first.
        await (await supervisor.PostJson($"/api/v1/notices/{id}/copy", new { organisation = org })).Expect(HttpStatusCode.BadRequest);
        await (await supervisor.PostJson($"/api/v1/notices/{id}/copy", new { organisation = "370700-czj" })).Expect(HttpStatusCode.BadRequest);
        const string copyTo = "370781-czj";
        var copy = await (await supervisor.PostJson($"/api/v1/notices/{id}/copy", new { organisation = copyTo })).Expect(HttpStatusCode.Created);
        Assert.Equal(id, copy.GetProperty("linkedTo").GetInt64());
        Assert.Equal(copyTo, copy.GetProperty("organisation").GetString());
        Assert.Equal(issued.GetProperty("request").GetString(), copy.GetProperty("request").GetString());

        await using var check = node.Services.CreateAsyncScope();
        var core = check.ServiceProvider.GetRequiredService<CoreDbContext>();
        var issuedRecord = await core.LedgerRecords.AsNoTracking().SingleAsync(r => r.Type == "supervision.notice.issued" && r.Subject == issued.GetProperty("number").GetString());
        var body = JsonDocument.Parse(issuedRecord.Body.AsMemory()).RootElement;
        Assert.Equal(first.GetProperty("number").GetString(), body.GetProperty("draft").GetString());
        Assert.Equal("rule:SVC-STATUTORY-OVERDUE", body.GetProperty("origin").GetString());
        var copyRecord = await core.LedgerRecords.AsNoTracking().SingleAsync(r => r.Type == "supervision.notice.issued" && r.Subject == copy.GetProperty("number").GetString());
        Assert.Equal(issued.GetProperty("number").GetString(), JsonDocument.Parse(copyRecord.Body.AsMemory()).RootElement.GetProperty("linkedTo").GetString());
        Assert.True(await core.LedgerRecords.AnyAsync(r => r.Type == "supervision.notice.drafted" && r.Subject == first.GetProperty("number").GetString()));
        Assert.True(await core.LedgerRecords.AnyAsync(r => r.Type == "supervision.notice.discarded"));
    }

    [Fact]
    public async Task The_parent_node_issues_a_notice_under_its_own_origin()
    {
        var (_, alertIds) = await OffSystemAlertsAsync();
        await using var scope = node.Services.CreateAsyncScope();
        var service = scope.ServiceProvider.GetRequiredService<NoticeService>();
        var bad = await Assert.ThrowsAsync<Sunlight.Core.Api.InputException>(() =>
            service.IssueFromNodeAsync("weifang city", "市纪委监委", new NoticeInput([alertIds[0]], "请说明", 5), CancellationToken.None));
        Assert.Equal("origin", bad.Errors.Single().Field);
        var notice = await service.IssueFromNodeAsync("sunlight.weifang.example/ledger", "市纪委监委第三监督检查室", new NoticeInput([alertIds[0]], "上级督办：请说明该办件体外循环的原因", 5), CancellationToken.None);
        Assert.Equal("node:sunlight.weifang.example/ledger", notice.Origin);
        Assert.Equal("issued", notice.Status);
        var clerk = await node.As("clerk-370781");
        var seen = await (await clerk.GetAsync($"/api/v1/notices/{notice.Id}")).Expect(HttpStatusCode.OK);
        Assert.Equal("node:sunlight.weifang.example/ledger", seen.GetProperty("origin").GetString());
    }

    [Fact]
    public async Task Department_replies_with_files_checked_by_content_kept_with_the_notice_and_named_in_the_ledger()
    {
        var (_, alertIds) = await OffSystemAlertsAsync();
        var supervisor = await node.As("supervisor-370781");
        var clerk = await node.As("clerk-370781");
        var notice = await (await supervisor.PostJson("/api/v1/notices", new { alerts = alertIds.Take(1), request = "请附整改材料" })).Expect(HttpStatusCode.Created);
        var id = notice.GetProperty("id").GetInt64();
        var number = notice.GetProperty("number").GetString()!;

        static MultipartFormDataContent Form(string text, params (string Name, byte[] Bytes)[] files)
        {
            var form = new MultipartFormDataContent { { new StringContent(text), "text" } };
            foreach (var (name, bytes) in files)
            {
                form.Add(new ByteArrayContent(bytes), "files", name);
            }

            return form;
        }

        byte[] png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 1, 2, 3, 4];
        var pdf = Encoding.ASCII.GetBytes("%PDF-1.4\n% 整改报告\n%%EOF\n");

        // A picture renamed .pdf is refused with the file named; nothing of the reply is kept.
        var refused = await (await clerk.PostAsync($"/api/v1/notices/{id}/reply", Form("已整改", ("整改报告.pdf", png)))).Expect(HttpStatusCode.BadRequest);
        Assert.Contains("整改报告.pdf", refused.GetRawText(), StringComparison.Ordinal);
        var still = await (await supervisor.GetAsync($"/api/v1/notices/{id}")).Expect(HttpStatusCode.OK);
        Assert.Equal("issued", still.GetProperty("status").GetString());
        Assert.Equal(0, still.GetProperty("files").GetArrayLength());
        Assert.False(Directory.Exists(Path.Combine(node.AttachmentRoot, "notices", number)));

        var replied = await (await clerk.PostAsync($"/api/v1/notices/{id}/reply", Form("已补录并恢复对接，附整改报告和现场照片", ("整改报告.pdf", pdf), ("现场照片.png", png))))
            .Expect(HttpStatusCode.OK);
        Assert.Equal("replied", replied.GetProperty("status").GetString());
        var files = replied.GetProperty("files").EnumerateArray().ToList();
        Assert.Equal(["整改报告.pdf", "现场照片.png"], files.Select(f => f.GetProperty("fileName").GetString()));
        var fileId = files[0].GetProperty("id").GetInt64();

        using var download = await supervisor.GetAsync($"/api/v1/notices/{id}/files/{fileId}");
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal(pdf, await download.Content.ReadAsByteArrayAsync());
        Assert.Equal("application/pdf", download.Content.Headers.ContentType?.MediaType);
        await (await (await node.As("clerk")).GetAsync($"/api/v1/notices/{id}/files/{fileId}")).Expect(HttpStatusCode.NotFound);
        await (await supervisor.GetAsync($"/api/v1/notices/{id}/files/999999")).Expect(HttpStatusCode.NotFound);

        using var scope = node.Services.CreateScope();
        var core = scope.ServiceProvider.GetRequiredService<CoreDbContext>();
        var record = await core.LedgerRecords.AsNoTracking().SingleAsync(r => r.Subject == number && r.Type == "supervision.notice.replied");
        Assert.Contains(Convert.ToHexStringLower(SHA256.HashData(pdf)), Encoding.UTF8.GetString(record.Body), StringComparison.Ordinal);

        // A file changed on disk is never served as the original.
        var stored = Directory.GetFiles(Path.Combine(node.AttachmentRoot, "notices", number)).Single(f => f.EndsWith(".pdf", StringComparison.Ordinal));
        await File.WriteAllBytesAsync(stored, Encoding.ASCII.GetBytes("%PDF-1.4 forged"));
        await (await supervisor.GetAsync($"/api/v1/notices/{id}/files/{fileId}")).Expect(HttpStatusCode.InternalServerError);

        // JSON replies keep working (after a return).
        await (await supervisor.PostJson($"/api/v1/notices/{id}/return", new { text = "照片不清晰" })).Expect(HttpStatusCode.OK);
        await (await clerk.PostJson($"/api/v1/notices/{id}/reply", new { text = "已重新拍摄" })).Expect(HttpStatusCode.OK);
        await (await clerk.PostAsync($"/api/v1/notices/{id}/reply", new StringContent("text=x", Encoding.UTF8, "text/plain"))).Expect(HttpStatusCode.UnsupportedMediaType);
    }

    [Fact]
    public async Task Dashboard_figures_match_the_alerts_api_and_follow_each_new_alert_at_once()
    {
        var system = await RegisterAsync();
        var caseNo = "SUP" + Guid.NewGuid().ToString("N")[..10];
        await SendAsync(system, OffSystemCase(caseNo));
        using var scope = node.Services.CreateScope();
        var core = scope.ServiceProvider.GetRequiredService<CoreDbContext>();
        var path = await core.Regions.AsNoTracking().Where(r => r.Code == "370781").Select(r => r.Path).SingleAsync();
        var who = new Jurisdiction("370781", path, null, new HashSet<string>(StringComparer.Ordinal) { SunlightRoles.Supervisor });
        // The dashboard on a clock of the test's own: its one-second floor passes by moving the clock, not by waiting.
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UtcNow);
        var dashboard = new SupervisionDashboard(node.Services.GetRequiredService<IServiceScopeFactory>(), node.Services.GetRequiredService<SupervisionFeed>(), clock,
            node.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<SupervisionOptions>>());

        var before = await dashboard.GetAsync(who, null, null);
        Assert.Equal((await AlertsAsync("supervisor-370781", "pageSize=1")).GetProperty("total").GetInt32(), before.Total);
        Assert.Equal((await AlertsAsync("supervisor-370781", "severity=red&pageSize=1")).GetProperty("total").GetInt32(), before.Red);
        Assert.Equal((await AlertsAsync("supervisor-370781", "status=open&pageSize=1")).GetProperty("total").GetInt32(), before.Open);
        Assert.Equal(before.Total, before.ByRule.Sum(r => r.All));
        Assert.Equal(before.Total, before.ByOrganisation.Sum(r => r.All));
        Assert.Equal(before.Total, before.ByRegion.Sum(r => r.All));
        Assert.Contains(before.ByOrganisation, o => o.Key == "370781-xzsp" && o.Name.Contains("行政审批", StringComparison.Ordinal) && o.Red > 0);
        Assert.Equal("青州市", before.RegionName);
        Assert.Equal(SupervisionDashboard.Weeks, before.Weekly.Count);
        Assert.True(before.Weekly[^1].Red > 0, "alerts detected now are in this week's column");
        Assert.Contains(before.Latest, a => a.Subject == caseNo);
        Assert.All(before.Latest, a => Assert.True(before.RecordHashes.ContainsKey(a.RecordSequence)));
        // Services' contribution: the off-system case was concluded the day after it was submitted — closed, judged
        // and on time; received and open cases come by county.
        var cases = Assert.Single(before.Sections, s => s.Resources == typeof(Sunlight.Services.ServicesResource));
        Assert.True(cases.Figures.Single(f => f.Key == "on-time-rate").Value > 0);
        var byCounty = Assert.Single(cases.Series);
        Assert.Equal(["Dashboard_Open", "Dashboard_Received"], byCounty.NameKeys);
        Assert.True(byCounty.Rows.Sum(r => r.Values[1]) >= 1);
        Assert.Contains(byCounty.Rows, r => r.Name == "青州市");

        // Kept while nothing changes; a committed alert is in the first read a second (MinAge) after the last computation.
        Assert.Same(before, await dashboard.GetAsync(who, null, null));
        var supervisor = await node.As("supervisor-370781");
        await (await supervisor.PostJson("/api/v1/alerts", new { subject = caseNo, organisation = "370781-xzsp", severity = "red", summary = "看板测试：人工红牌" })).Expect(HttpStatusCode.Created);
        clock.Advance(SupervisionDashboard.MinAge + TimeSpan.FromMilliseconds(100));
        var after = await dashboard.GetAsync(who, null, null);
        Assert.Equal(before.Red + 1, after.Red);
        Assert.Equal(before.Total + 1, after.Total);
        Assert.Equal("SUP-MANUAL", after.Latest[0].Rule);

        var red = await dashboard.GetAsync(who, "red", null);
        Assert.Equal(after.Red, red.Total);
        Assert.Equal(0, red.Yellow + red.Notice);

        // A department sees its own organisation only.
        var clerk = new Jurisdiction("370781", path, "370781-xzsp", new HashSet<string>(StringComparer.Ordinal) { SunlightRoles.Clerk });
        var department = await dashboard.GetAsync(clerk, null, null);
        Assert.All(department.ByOrganisation, o => Assert.Equal("370781-xzsp", o.Key));
        Assert.All(department.Latest, a => Assert.Equal("370781-xzsp", a.Organisation));
    }

    [Fact]
    public async Task Each_case_event_shows_its_ledger_proof_and_altered_data_shows_as_such()
    {
        var system = await RegisterAsync();
        var caseNo = "SUP" + Guid.NewGuid().ToString("N")[..10];
        await SendAsync(system, OffSystemCase(caseNo));
        var supervisor = await node.As("supervisor-370781");
        await node.Services.GetRequiredService<Sunlight.Core.Ledger.LedgerIntegrator>().CheckpointAsync(CancellationToken.None);

        async Task<List<(string Type, long? Seq, string State)>> ProofsAsync() =>
            (await (await supervisor.GetAsync($"/api/v1/cases/{caseNo}/proofs")).Expect(HttpStatusCode.OK)).EnumerateArray()
            .Select(p => (p.GetProperty("type").GetString()!, p.GetProperty("sequence").ValueKind == JsonValueKind.Null ? (long?)null : p.GetProperty("sequence").GetInt64(),
                p.GetProperty("state").GetString()!)).ToList();
        var proofs = await ProofsAsync();
        Assert.Equal(["submitted", "accepted", "decided", "concluded"], proofs.Select(p => p.Type));
        Assert.All(proofs, p => Assert.Equal("proven", p.State));
        Assert.Equal(4, proofs.Select(p => p.Seq).Distinct().Count());

        // Lines as a department's system may send them, with blanks around the JSON: matched byte for byte all the same.
        var spaced = "SUP" + Guid.NewGuid().ToString("N")[..10];
        await SendRawAsync(system, string.Join("\n", OffSystemCase(spaced).Select(e => "  " + JsonSerializer.Serialize(e) + " \t")) + "\n");
        await node.Services.GetRequiredService<Sunlight.Core.Ledger.LedgerIntegrator>().CheckpointAsync(CancellationToken.None);
        var spacedProofs = await (await supervisor.GetAsync($"/api/v1/cases/{spaced}/proofs")).Expect(HttpStatusCode.OK);
        Assert.All(spacedProofs.EnumerateArray(), p => Assert.Equal("proven", p.GetProperty("state").GetString()));

        // Someone else's case: the same 404 as an unknown one.
        await (await (await node.As("clerk")).GetAsync($"/api/v1/cases/{caseNo}/proofs")).Expect(HttpStatusCode.NotFound);
        await (await supervisor.GetAsync("/api/v1/cases/NO-SUCH-CASE/proofs")).Expect(HttpStatusCode.NotFound);

        // An event row changed in the database after intake no longer matches any record; a record whose hash was
        // changed fails its own check.
        using var scope = node.Services.CreateScope();
        var services = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<Sunlight.Services.Storage.ServicesDbContext>>().CreateDbContextAsync();
        await services.CaseEvents.Where(e => e.CaseNo == caseNo && e.Type == "decided")
            .ExecuteUpdateAsync(u => u.SetProperty(e => e.Body, e => e.Body.Replace("approved", "denied")));
        var core = scope.ServiceProvider.GetRequiredService<CoreDbContext>();
        await core.LedgerRecords.Where(r => r.Subject == caseNo && r.Type == "services.case.accepted")
            .ExecuteUpdateAsync(u => u.SetProperty(r => r.BodyHash, SHA256.HashData("forged"u8.ToArray())));
        var after = await ProofsAsync();
        Assert.Equal("proven", after[0].State);
        Assert.Equal("broken", after[1].State);
        Assert.Equal("missing", after[2].State);
        Assert.Null(after[2].Seq);
        Assert.Equal("proven", after[3].State);
    }

    [Fact]
    public async Task Supervisors_raise_manual_alerts_inside_their_jurisdiction_only()
    {
        var supervisor = await node.As("supervisor-370781");
        var raised = await (await supervisor.PostJson("/api/v1/alerts", new { subject = "群众举报-0001", organisation = "370781-xzsp", severity = "red", summary = "群众反映窗口人员索要好处费" })).Expect(HttpStatusCode.Created);
        Assert.Equal("SUP-MANUAL", raised.GetProperty("rule").GetString());
        Assert.Equal("red", raised.GetProperty("severity").GetString());
        Assert.Equal(1, (await AlertsAsync("clerk-370781", "subject=群众举报-0001")).GetProperty("total").GetInt32());
        await (await supervisor.PostJson("/api/v1/alerts", new { subject = "x", organisation = "370700-xzsp", summary = "城市部门不归县里管" })).Expect(HttpStatusCode.BadRequest);
        await (await supervisor.PostJson("/api/v1/alerts", new { subject = "x", organisation = "370781-xzsp", severity = "purple", summary = "" })).Expect(HttpStatusCode.BadRequest);
        Assert.Equal(HttpStatusCode.Forbidden, (await (await node.As("inspector-370781")).PostJson("/api/v1/alerts", new { subject = "x", organisation = "370781-xzsp", summary = "y" })).StatusCode);
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
