using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Sunlight.Core.Storage;

namespace Sunlight.Services.Tests;

/// <summary>
/// An applicant applies online with attachments, follows the case and rates it; the department handles it on the
/// workbench; anyone with the case number and query code sees its progress. Every action and every refusal.
/// </summary>
public abstract class HallAndWorkbenchTests(SunlightNode node)
{
    /// <summary>水土保持方案审批 of 青州市行政审批服务局: steps S1 Clerk, S2 Clerk, S3 DepartmentHead, S4 Clerk; no fees; pauses correction and expert-review.</summary>
    private const string Item = "370781-XK-XZSP-003";

    private static readonly byte[] Pdf = Encoding.ASCII.GetBytes("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n");

    private static MultipartFormDataContent Form(string item = Item, string idNo = "11010519491231002X", params (string Name, byte[] Bytes)[] files)
    {
        var form = new MultipartFormDataContent
        {
            { new StringContent(item), "itemCode" },
            { new StringContent("王小明"), "applicantName" },
            { new StringContent("id-card"), "idType" },
            { new StringContent(idNo), "idNo" },
            { new StringContent("13800000000"), "phone" },
        };
        foreach (var (name, bytes) in files)
        {
            var content = new ByteArrayContent(bytes);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            form.Add(content, "files", name);
        }

        return form;
    }

    private async Task<(string CaseNo, string Code)> ApplyAsync(string applicant = "applicant-370781")
    {
        var receipt = await (await (await node.As(applicant)).PostAsync("/api/v1/hall/applications", Form(files: ("申请书.pdf", Pdf)))).Expect(HttpStatusCode.Created);
        return (receipt.GetProperty("caseNo").GetString()!, receipt.GetProperty("queryCode").GetString()!);
    }

    private async Task<HttpResponseMessage> ActAsync(string user, string caseNo, object action) =>
        await (await node.As(user)).PostJson($"/api/v1/workbench/cases/{caseNo}/actions", action);

    private static string Errors(JsonElement problem) =>
        string.Join(" | ", problem.TryGetProperty("errors", out var e) ? e.EnumerateArray().Select(x => x.GetProperty("message").GetString()) : [problem.GetProperty("detail").GetString()]);

    [Fact]
    public async Task Applicant_applies_with_an_attachment_and_only_they_and_the_department_see_the_case()
    {
        var (caseNo, code) = await ApplyAsync();
        Assert.StartsWith("370781", caseNo, StringComparison.Ordinal);
        Assert.Matches("^[2-9A-HJ-KMNP-Z]{8}$", code);

        var own = await (await (await node.As("applicant-370781")).GetAsync($"/api/v1/cases/{caseNo}")).Expect(HttpStatusCode.OK);
        Assert.Equal("submitted", own.GetProperty("state").GetString());
        Assert.Equal("online", own.GetProperty("channel").GetString());
        var attachment = own.GetProperty("attachments")[0];
        Assert.Equal("申请书.pdf", attachment.GetProperty("fileName").GetString());
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Pdf)), attachment.GetProperty("sha256").GetString());
        var download = await (await node.As("clerk-370781")).GetAsync($"/api/v1/cases/{caseNo}/attachments/{attachment.GetProperty("id").GetInt64()}");
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal(Pdf, await download.Content.ReadAsByteArrayAsync());
        // The file is outside the database, named by its hash.
        Assert.Single(Directory.GetFiles(Path.Combine(node.AttachmentRoot, caseNo)));

        var mine = (await (await (await node.As("applicant-370781")).GetAsync("/api/v1/hall/cases?pageSize=500")).Expect(HttpStatusCode.OK)).GetProperty("items");
        Assert.Contains(caseNo, mine.Strings("caseNo"));
        Assert.DoesNotContain(caseNo, (await (await (await node.As("applicant")).GetAsync("/api/v1/hall/cases?pageSize=500")).Expect(HttpStatusCode.OK)).GetProperty("items").Strings("caseNo"));

        // Someone else's data: another applicant, and staff of another organisation, get 404 for case and file.
        await (await (await node.As("applicant")).GetAsync($"/api/v1/cases/{caseNo}")).Expect(HttpStatusCode.NotFound);
        await (await (await node.As("tradingoperator-370781")).GetAsync($"/api/v1/cases/{caseNo}")).Expect(HttpStatusCode.NotFound);
        await (await (await node.As("applicant")).GetAsync($"/api/v1/cases/{caseNo}/attachments/{attachment.GetProperty("id").GetInt64()}")).Expect(HttpStatusCode.NotFound);

        // The submission is a ledger record naming the attachment's hash.
        using var scope = node.Services.CreateScope();
        var core = scope.ServiceProvider.GetRequiredService<CoreDbContext>();
        var record = await core.LedgerRecords.AsNoTracking().SingleAsync(r => r.Subject == caseNo && r.Type == "services.case.submitted");
        Assert.Contains(attachment.GetProperty("sha256").GetString()!, Encoding.UTF8.GetString(record.Body), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bad_applications_are_refused_field_by_field_and_store_nothing()
    {
        var applicant = await node.As("applicant-370781");
        var before = (await (await applicant.GetAsync("/api/v1/hall/cases")).Expect(HttpStatusCode.OK)).GetProperty("total").GetInt32();

        var badId = await (await applicant.PostAsync("/api/v1/hall/applications", Form(idNo: "110105194912310021"))).Expect(HttpStatusCode.BadRequest);
        Assert.Contains("idNo", badId.GetProperty("errors").Strings("field"));
        var unknown = await (await applicant.PostAsync("/api/v1/hall/applications", Form(item: "370781-NO-SUCH"))).Expect(HttpStatusCode.BadRequest);
        Assert.Contains("itemCode", unknown.GetProperty("errors").Strings("field"));
        var penalty = await (await applicant.PostAsync("/api/v1/hall/applications", Form(item: "370781-CF-SCJG-001"))).Expect(HttpStatusCode.BadRequest);
        Assert.Contains("依职权", Errors(penalty), StringComparison.Ordinal);
        var disguised = await (await applicant.PostAsync("/api/v1/hall/applications", Form(files: ("scan.pdf", [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 1, 2])))).Expect(HttpStatusCode.BadRequest);
        Assert.Contains("内容与扩展名不符", Errors(disguised), StringComparison.Ordinal);
        var exe = await (await applicant.PostAsync("/api/v1/hall/applications", Form(files: ("setup.exe", [0x4D, 0x5A, 0x90])))).Expect(HttpStatusCode.BadRequest);
        Assert.Contains("不支持的文件类型", Errors(exe), StringComparison.Ordinal);
        var many = Enumerable.Range(0, 11).Select(i => ($"p{i}.pdf", Pdf)).ToArray();
        await (await applicant.PostAsync("/api/v1/hall/applications", Form(files: many))).Expect(HttpStatusCode.BadRequest);
        var big = new byte[(10 * 1024 * 1024) + 1];
        Pdf.CopyTo(big, 0);
        var tooBig = await (await applicant.PostAsync("/api/v1/hall/applications", Form(files: ("big.pdf", big)))).Expect(HttpStatusCode.BadRequest);
        Assert.Contains("10 MB", Errors(tooBig), StringComparison.Ordinal);
        await (await applicant.PostJson("/api/v1/hall/applications", new { itemCode = Item })).Expect(HttpStatusCode.UnsupportedMediaType);

        Assert.Equal(before, (await (await applicant.GetAsync("/api/v1/hall/cases")).Expect(HttpStatusCode.OK)).GetProperty("total").GetInt32());
        // Staff cannot apply through the hall.
        Assert.Equal(HttpStatusCode.Forbidden, (await (await node.As("clerk-370781")).PostAsync("/api/v1/hall/applications", Form())).StatusCode);
    }

    [Fact]
    public async Task Department_handles_the_case_step_by_step_and_the_applicant_rates_it()
    {
        var (caseNo, _) = await ApplyAsync();
        var inbox = (await (await (await node.As("clerk-370781")).GetAsync("/api/v1/workbench/inbox?pageSize=500")).Expect(HttpStatusCode.OK)).GetProperty("items");
        var entry = inbox.EnumerateArray().Single(e => e.GetProperty("caseNo").GetString() == caseNo);
        Assert.Equal("王小明", entry.GetProperty("applicantName").GetString());
        Assert.Equal(JsonValueKind.String, entry.GetProperty("dueAt").ValueKind);
        // Ordered by due date.
        var dues = inbox.EnumerateArray().Where(e => e.GetProperty("dueAt").ValueKind == JsonValueKind.String && e.GetProperty("state").GetString() != "concluded")
            .Select(e => e.GetProperty("dueAt").GetDateTimeOffset()).ToList();
        Assert.Equal(dues.Order().ToList(), dues);

        // Steps before acceptance, decisions before acceptance: refused.
        Assert.Contains("受理后", Errors(await (await ActAsync("clerk-370781", caseNo, new { action = "complete-step", step = "S1" })).Expect(HttpStatusCode.BadRequest)), StringComparison.Ordinal);
        await (await ActAsync("clerk-370781", caseNo, new { action = "accept" })).Expect(HttpStatusCode.OK);
        await (await ActAsync("clerk-370781", caseNo, new { action = "accept" })).Expect(HttpStatusCode.Conflict);
        // Out of order, and the head's step by a clerk.
        Assert.Contains("S1", Errors(await (await ActAsync("clerk-370781", caseNo, new { action = "complete-step", step = "S2" })).Expect(HttpStatusCode.BadRequest)), StringComparison.Ordinal);
        await (await ActAsync("clerk-370781", caseNo, new { action = "complete-step", step = "S1" })).Expect(HttpStatusCode.OK);
        await (await ActAsync("clerk-370781", caseNo, new { action = "complete-step", step = "S2" })).Expect(HttpStatusCode.OK);
        Assert.Contains("部门负责人", Errors(await (await ActAsync("clerk-370781", caseNo, new { action = "complete-step", step = "S3" })).Expect(HttpStatusCode.BadRequest)), StringComparison.Ordinal);
        await (await ActAsync("departmenthead-370781", caseNo, new { action = "complete-step", step = "S3" })).Expect(HttpStatusCode.OK);
        await (await ActAsync("departmenthead-370781", caseNo, new { action = "decide", outcome = "approved" })).Expect(HttpStatusCode.OK);
        Assert.Contains("S4", Errors(await (await ActAsync("clerk-370781", caseNo, new { action = "conclude" })).Expect(HttpStatusCode.BadRequest)), StringComparison.Ordinal);
        await (await ActAsync("clerk-370781", caseNo, new { action = "complete-step", step = "S4" })).Expect(HttpStatusCode.OK);
        var concluded = await (await ActAsync("clerk-370781", caseNo, new { action = "conclude" })).Expect(HttpStatusCode.OK);
        Assert.Equal("concluded", concluded.GetProperty("state").GetString());
        Assert.Equal("approved", concluded.GetProperty("clock").GetProperty("outcome").GetString());
        Assert.All(concluded.GetProperty("clock").GetProperty("steps").EnumerateArray(), s => Assert.Equal(JsonValueKind.String, s.GetProperty("completedAt").ValueKind));
        // The actor is the person's staff code from the directory.
        var accepted = concluded.GetProperty("events").EnumerateArray().First(e => e.GetProperty("type").GetString() == "accepted");
        Assert.Equal("workbench", accepted.GetProperty("system").GetString());
        Assert.False(string.IsNullOrEmpty(accepted.GetProperty("actor").GetString()));
        await (await ActAsync("clerk-370781", caseNo, new { action = "deliver" })).Expect(HttpStatusCode.OK);

        // Rating: own case, once, 1–5.
        var applicant = await node.As("applicant-370781");
        await (await applicant.PostJson($"/api/v1/hall/cases/{caseNo}/rating", new { score = 6 })).Expect(HttpStatusCode.BadRequest);
        await (await (await node.As("applicant")).PostJson($"/api/v1/hall/cases/{caseNo}/rating", new { score = 5 })).Expect(HttpStatusCode.NotFound);
        Assert.Equal(HttpStatusCode.NoContent, (await applicant.PostJson($"/api/v1/hall/cases/{caseNo}/rating", new { score = 5, comment = "很快" })).StatusCode);
        await (await applicant.PostJson($"/api/v1/hall/cases/{caseNo}/rating", new { score = 1 })).Expect(HttpStatusCode.Conflict);
        var mine = (await (await applicant.GetAsync("/api/v1/hall/cases?pageSize=500")).Expect(HttpStatusCode.OK)).GetProperty("items");
        Assert.Equal(5, mine.EnumerateArray().Single(c => c.GetProperty("caseNo").GetString() == caseNo).GetProperty("score").GetInt32());

        // One ledger record per event, in order.
        using var scope = node.Services.CreateScope();
        var core = scope.ServiceProvider.GetRequiredService<CoreDbContext>();
        var types = await core.LedgerRecords.AsNoTracking().Where(r => r.Subject == caseNo).OrderBy(r => r.Sequence).Select(r => r.Type).ToListAsync();
        Assert.Equal(
            ["submitted", "accepted", "step-completed", "step-completed", "step-completed", "decided", "step-completed", "concluded", "delivered", "rated"],
            types.Select(t => t["services.case.".Length..]).ToList());
    }

    [Fact]
    public async Task Bug_11_1_a_clerk_cannot_decide_where_the_heads_step_decides_and_nobody_decides_before_the_steps()
    {
        // 370781-XK-XZSP-003: S1, S2 Clerk; S3 DepartmentHead (the deciding step); S4 Clerk.
        var (caseNo, _) = await ApplyAsync();
        await (await ActAsync("clerk-370781", caseNo, new { action = "accept" })).Expect(HttpStatusCode.OK);
        Assert.Contains("部门负责人", Errors(await (await ActAsync("clerk-370781", caseNo, new { action = "decide", outcome = "approved" })).Expect(HttpStatusCode.BadRequest)), StringComparison.Ordinal);
        Assert.Contains("S1", Errors(await (await ActAsync("departmenthead-370781", caseNo, new { action = "decide", outcome = "approved" })).Expect(HttpStatusCode.BadRequest)), StringComparison.Ordinal);
        await (await ActAsync("clerk-370781", caseNo, new { action = "complete-step", step = "S1" })).Expect(HttpStatusCode.OK);
        await (await ActAsync("clerk-370781", caseNo, new { action = "complete-step", step = "S2" })).Expect(HttpStatusCode.OK);
        Assert.Contains("部门负责人", Errors(await (await ActAsync("clerk-370781", caseNo, new { action = "decide", outcome = "approved" })).Expect(HttpStatusCode.BadRequest)), StringComparison.Ordinal);
        var decided = await (await ActAsync("departmenthead-370781", caseNo, new { action = "decide", outcome = "approved" })).Expect(HttpStatusCode.OK);
        Assert.Equal("decided", decided.GetProperty("state").GetString());
        // The refusals stored nothing: one decision, by the head.
        Assert.Single(decided.GetProperty("events").EnumerateArray(), e => e.GetProperty("type").GetString() == "decided");
    }

    [Fact]
    public async Task Bug_11_5_the_inbox_tells_the_true_total_and_pages_through_every_case()
    {
        var clerk = await node.As("clerk-370781");
        await ApplyAsync();
        var first = await (await clerk.GetAsync("/api/v1/workbench/inbox?pageSize=1")).Expect(HttpStatusCode.OK);
        var total = first.GetProperty("total").GetInt32();
        Assert.True(total >= 1);
        Assert.Single(first.GetProperty("items").EnumerateArray());
        // Every case is on some page, none twice.
        var seen = new List<string>();
        for (var page = 1; (page - 1) * 2 < total; page++)
        {
            var p = await (await clerk.GetAsync($"/api/v1/workbench/inbox?page={page}&pageSize=2")).Expect(HttpStatusCode.OK);
            Assert.Equal(total, p.GetProperty("total").GetInt32());
            seen.AddRange(p.GetProperty("items").Strings("caseNo"));
        }

        Assert.Equal(total, seen.Count);
        Assert.Equal(total, seen.Distinct().Count());
        await (await clerk.GetAsync("/api/v1/workbench/inbox?pageSize=501")).Expect(HttpStatusCode.BadRequest);
        await (await clerk.GetAsync("/api/v1/workbench/inbox?page=0")).Expect(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Workbench_refuses_what_the_rules_would_flag()
    {
        var (caseNo, _) = await ApplyAsync();
        Assert.Contains("理由", Errors(await (await ActAsync("clerk-370781", caseNo, new { action = "reject" })).Expect(HttpStatusCode.BadRequest)), StringComparison.Ordinal);
        await (await ActAsync("clerk-370781", caseNo, new { action = "request-correction", reason = "缺少水土保持方案报告书" })).Expect(HttpStatusCode.OK);
        await (await ActAsync("clerk-370781", caseNo, new { action = "corrected" })).Expect(HttpStatusCode.OK);
        Assert.Contains("只能一次", Errors(await (await ActAsync("clerk-370781", caseNo, new { action = "request-correction", reason = "again" })).Expect(HttpStatusCode.BadRequest)), StringComparison.Ordinal);
        await (await ActAsync("clerk-370781", caseNo, new { action = "accept" })).Expect(HttpStatusCode.OK);
        Assert.Contains("expert-review", Errors(await (await ActAsync("clerk-370781", caseNo, new { action = "pause", reason = "holiday" })).Expect(HttpStatusCode.BadRequest)), StringComparison.Ordinal);
        var paused = await (await ActAsync("clerk-370781", caseNo, new { action = "pause", reason = "expert-review" })).Expect(HttpStatusCode.OK);
        Assert.Equal("paused", paused.GetProperty("state").GetString());
        await (await ActAsync("clerk-370781", caseNo, new { action = "conclude" })).Expect(HttpStatusCode.BadRequest);
        await (await ActAsync("clerk-370781", caseNo, new { action = "resume" })).Expect(HttpStatusCode.OK);
        Assert.Contains("不收费", Errors(await (await ActAsync("clerk-370781", caseNo, new { action = "charge-fee", feeCode = "F1", amount = 10 })).Expect(HttpStatusCode.BadRequest)), StringComparison.Ordinal);
        Assert.Contains("裁量基准", Errors(await (await ActAsync("departmenthead-370781", caseNo, new { action = "decide", outcome = "penalty", tier = "minor", amount = 100 })).Expect(HttpStatusCode.BadRequest)), StringComparison.Ordinal);
        Assert.Contains("理由", Errors(await (await ActAsync("departmenthead-370781", caseNo, new { action = "decide", outcome = "denied" })).Expect(HttpStatusCode.BadRequest)), StringComparison.Ordinal);
        await (await ActAsync("clerk-370781", caseNo, new { action = "fly" })).Expect(HttpStatusCode.BadRequest);

        // Extensions: the head only, once, within the law's 10 working days for a licence.
        Assert.Contains("部门负责人", Errors(await (await ActAsync("clerk-370781", caseNo, new { action = "extend", days = 5, reason = "专家评审意见分歧" })).Expect(HttpStatusCode.BadRequest)), StringComparison.Ordinal);
        await (await ActAsync("departmenthead-370781", caseNo, new { action = "extend", days = 11, reason = "专家评审意见分歧" })).Expect(HttpStatusCode.BadRequest);
        var extended = await (await ActAsync("departmenthead-370781", caseNo, new { action = "extend", days = 10, reason = "专家评审意见分歧" })).Expect(HttpStatusCode.OK);
        Assert.Equal(10, extended.GetProperty("clock").GetProperty("extensionDays").GetInt32());
        await (await ActAsync("departmenthead-370781", caseNo, new { action = "extend", days = 1, reason = "again" })).Expect(HttpStatusCode.BadRequest);

        // Someone else's case: the city's clerk, another county's organisation.
        await (await ActAsync("clerk", caseNo, new { action = "accept" })).Expect(HttpStatusCode.NotFound);
        await (await ActAsync("clerk-370781", "370781NOSUCH", new { action = "accept" })).Expect(HttpStatusCode.NotFound);
        Assert.DoesNotContain(caseNo, (await (await (await node.As("clerk")).GetAsync("/api/v1/workbench/inbox")).Expect(HttpStatusCode.OK)).GetProperty("items").Strings("caseNo"));
    }

    [Fact]
    public async Task Anyone_follows_progress_with_case_number_and_query_code_and_guessing_is_stopped()
    {
        var (caseNo, code) = await ApplyAsync();
        var anonymous = node.Anonymous();
        var progress = await (await anonymous.GetAsync($"/api/v1/hall/progress?caseNo={caseNo}&code={code.ToLowerInvariant()}")).Expect(HttpStatusCode.OK);
        Assert.Equal("submitted", progress.GetProperty("state").GetString());
        var text = progress.GetRawText();
        Assert.DoesNotContain("王小明", text, StringComparison.Ordinal);
        Assert.DoesNotContain("11010519491231002X", text, StringComparison.Ordinal);
        Assert.DoesNotContain("13800000000", text, StringComparison.Ordinal);

        for (var i = 0; i < 10; i++)
        {
            await (await anonymous.GetAsync($"/api/v1/hall/progress?caseNo={caseNo}&code=AAAAAAA{i}")).Expect(HttpStatusCode.NotFound);
        }

        // Ten wrong codes lock the case's public lookup for an hour, even with the right code.
        var locked = await (await anonymous.GetAsync($"/api/v1/hall/progress?caseNo={caseNo}&code={code}")).Expect(HttpStatusCode.TooManyRequests);
        Assert.Contains("频繁", locked.GetProperty("detail").GetString() ?? locked.GetProperty("title").GetString(), StringComparison.Ordinal);
        // The applicant still sees it signed in.
        await (await (await node.As("applicant-370781")).GetAsync($"/api/v1/cases/{caseNo}")).Expect(HttpStatusCode.OK);
    }

    [Fact]
    public async Task The_public_hall_renders_on_the_server_without_a_circuit_and_its_forms_work_without_one()
    {
        // docs/adr/0010-static-public-pages.md: no interactive component marker on a public page.
        var anonymous = node.Anonymous();
        foreach (var path in new[] { "/", "/hall", $"/hall/items/{Item}", "/hall/progress" })
        {
            var html = await anonymous.GetStringAsync(path);
            Assert.False(html.Contains("\"type\":\"server\"", StringComparison.Ordinal), $"{path} starts a circuit");
        }

        // The filters are in the address: a search is a link.
        var found = await anonymous.GetStringAsync("/hall?q=" + Uri.EscapeDataString("水土保持") + "&category=&org=");
        Assert.Contains("生产建设项目水土保持方案审批", found, StringComparison.Ordinal);
        Assert.Contains("value=\"水土保持\"", found, StringComparison.Ordinal);
        Assert.DoesNotContain("建筑工程施工许可证核发", found, StringComparison.Ordinal);
        // A category or life event nobody offers is no filter, not an error page.
        Assert.Contains("hall-items", await anonymous.GetStringAsync("/hall?category=nonsense&event=nonsense&limit=-5"), StringComparison.Ordinal);

        // Progress is posted (the code never sits in an address) and answers on the page.
        var (caseNo, code) = await ApplyAsync();
        var right = await Browserless.PostFormAsync(anonymous, "/hall/progress", "progress", new Dictionary<string, string> { ["Form.CaseNo"] = caseNo, ["Form.Code"] = code });
        var page = await right.Content.ReadAsStringAsync();
        Assert.Contains("data-testid=\"progress-state\"", page, StringComparison.Ordinal);
        Assert.DoesNotContain("王小明", page, StringComparison.Ordinal);
        var wrong = await Browserless.PostFormAsync(anonymous, "/hall/progress", "progress", new Dictionary<string, string> { ["Form.CaseNo"] = caseNo, ["Form.Code"] = "WRONG00" });
        Assert.Contains("办件编号或查询码不正确", await wrong.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}

public sealed class HallAndWorkbenchTestsOnSqlite(SqliteNode node) : HallAndWorkbenchTests(node), IClassFixture<SqliteNode>;

public sealed class HallAndWorkbenchTestsOnPostgres(PostgresNode node) : HallAndWorkbenchTests(node), IClassFixture<PostgresNode>;
