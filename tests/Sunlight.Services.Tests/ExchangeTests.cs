using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Sunlight.Core.Storage;

namespace Sunlight.Services.Tests;

/// <summary>Signed NDJSON intake from a department's own system: exact per-line answers, nothing lost, nothing doubled.</summary>
public abstract class ExchangeTests(SunlightNode node)
{
    private const string Intake = "/api/v1/exchange/case-events";

    private Task<ExchangeClient> RegisterAsync(string organisation = "370781-scjg") => ExchangeClient.RegisterAsync(node, organisation);

    private async Task<string> ItemOfAsync(string organisation)
    {
        var items = await (await node.Anonymous().GetAsync($"/api/v1/catalogue/items?organisation={organisation}&category=licensing")).Expect(HttpStatusCode.OK);
        return items[0].GetProperty("code").GetString()!;
    }

    private static Task<HttpResponseMessage> SendAsync(ExchangeClient system, string body, long? timestamp = null, string? signature = null) =>
        system.SendAsync("case-events", body, timestamp, signature);

    private static string Line(object e) => JsonSerializer.Serialize(e);

    private static string Ndjson(params object[] events) => string.Join("\n", events.Select(Line)) + "\n";

    private static object Submitted(string id, string caseNo, string item, string at, string idNo = "11010519491231002X") => new
    {
        id, caseNo, type = "submitted", at, itemCode = item, channel = "system",
        applicant = new { name = "张三", idType = "id-card", idNo },
    };

    private static Dictionary<string, object?> Event(string id, string caseNo, string type, string at, object? extra = null)
    {
        var e = new Dictionary<string, object?> { ["id"] = id, ["caseNo"] = caseNo, ["type"] = type, ["at"] = at, ["actor"] = "370781-scjg-01" };
        foreach (var p in extra?.GetType().GetProperties() ?? [])
        {
            e[p.Name] = p.GetValue(extra);
        }

        return e;
    }

    [Fact]
    public async Task Bug_11_9_a_feed_takes_only_ndjson_and_a_line_past_its_limit_is_that_lines_rejection()
    {
        var system = await RegisterAsync();
        var item = await ItemOfAsync("370781-scjg");
        var c = "QZ-" + Guid.NewGuid().ToString("N")[..10];
        var body = Ndjson(Submitted("t1", c, item, "2025-04-01T09:00:00+08:00"));
        foreach (var type in new[] { "text/plain", "application/json", "application/x-ndjson; charset=gb18030" })
        {
            var ts = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
            using var request = new HttpRequestMessage(HttpMethod.Post, Intake) { Content = new StringContent(body, Encoding.UTF8) };
            request.Content.Headers.Remove("Content-Type");
            request.Content.Headers.TryAddWithoutValidation("Content-Type", type);
            request.Headers.Add("X-Sunlight-System", system.Id);
            request.Headers.Add("X-Sunlight-Timestamp", ts);
            request.Headers.Add("X-Sunlight-Signature", Convert.ToHexStringLower(System.Security.Cryptography.HMACSHA256.HashData(Encoding.UTF8.GetBytes(system.Secret), Encoding.UTF8.GetBytes(ts + "\n" + body))));
            Assert.Contains("application/x-ndjson", (await (await node.Anonymous().SendAsync(request)).Expect(HttpStatusCode.UnsupportedMediaType)).Messages(), StringComparison.Ordinal);
        }

        await (await (await node.As("supervisor-370781")).GetAsync($"/api/v1/cases/{c}")).Expect(HttpStatusCode.NotFound);
        var c2 = "QZ-" + Guid.NewGuid().ToString("N")[..10];
        var longLine = JsonSerializer.Serialize(new { id = "t2", caseNo = c2, type = "submitted", at = "2025-04-01T09:00:00+08:00", itemCode = item, channel = "system", note = new string('x', 70_000) });
        var answer = await (await SendAsync(system, longLine + "\n" + Ndjson(Submitted("t3", c2 + "b", item, "2025-04-01T09:00:00+08:00")))).Expect(HttpStatusCode.OK);
        Assert.Equal(1, answer.GetProperty("accepted").GetInt32());
        Assert.Contains("64 KB", answer.GetProperty("rejected")[0].GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bug_11_3_a_malformed_line_is_that_lines_rejection_and_the_good_lines_are_kept_without_leaking_anything()
    {
        var system = await RegisterAsync();
        var item = await ItemOfAsync("370781-scjg");
        var good = "QZ-" + Guid.NewGuid().ToString("N")[..10];
        // Escapes that are valid JSON syntax but no text: lone and reversed surrogates, in a name and elsewhere.
        string[] bad =
        [
            $$$"""{"id":"b1","caseNo":"QZ-B1{{{good[3..]}}}","type":"submitted","at":"2025-03-03T09:00:00+08:00","itemCode":"{{{item}}}","channel":"system","applicant":{"name":"\ud800","idType":"id-card","idNo":"11010519491231002X"}}""",
            $$$"""{"id":"b2","caseNo":"QZ-B2{{{good[3..]}}}","type":"submitted","at":"2025-03-03T09:00:00+08:00","itemCode":"{{{item}}}","channel":"system","applicant":{"name":"张\udc00\ud800三","idType":"id-card","idNo":"11010519491231002X"}}""",
            $$$"""{"id":"b3\udfff","caseNo":"{{{good}}}","type":"accepted","at":"2025-03-03T10:00:00+08:00","actor":"370781-scjg-01"}""",
            $$$"""{"id":"b4","caseNo":"{{{good}}}","type":"accepted","at":"2025-03-03T10:00:00+08:00","actor":"370781-scjg-01","note":"\ud83d"}""",
        ];
        var body = ExchangeClient.Ndjson(Submitted("g1", good, item, "2025-03-03T09:00:00+08:00")) + string.Join("\n", bad) + "\n"
            + ExchangeClient.Ndjson(Event("g2", good, "accepted", "2025-03-03T10:00:00+08:00"));
        var response = await SendAsync(system, body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("   at ", text, StringComparison.Ordinal);
        Assert.DoesNotContain("X-Sunlight-Signature", text, StringComparison.OrdinalIgnoreCase);
        var answer = await response.Expect(HttpStatusCode.OK);
        Assert.Equal(2, answer.GetProperty("accepted").GetInt32());
        var rejected = answer.GetProperty("rejected").EnumerateArray().ToList();
        Assert.Equal([2, 3, 4, 5], rejected.Select(r => r.GetProperty("line").GetInt32()).Order().ToArray());
        Assert.All(rejected, r => Assert.Contains("UTF-16", r.GetProperty("error").GetString(), StringComparison.Ordinal));
    }

    [Fact]
    public async Task Bug_11_1_a_department_system_reporting_a_clerks_decision_before_the_steps_raises_both_rules()
    {
        var system = await RegisterAsync();
        var item = await ItemOfAsync("370781-scjg");
        var caseNo = "QZ-" + Guid.NewGuid().ToString("N")[..10];
        // 370781-scjg-01 is a clerk of 市场监管; the item's deciding step is a head's, and no step is done.
        await (await SendAsync(system, Ndjson(
            Submitted("d1", caseNo, item, "2025-03-03T09:00:00+08:00"),
            Event("d2", caseNo, "accepted", "2025-03-03T10:00:00+08:00"),
            Event("d3", caseNo, "decided", "2025-03-04T15:00:00+08:00", new { outcome = "approved" })))).Expect(HttpStatusCode.OK);
        var alerts = await (await (await node.As("supervisor-370781")).GetAsync($"/api/v1/alerts?subject={caseNo}")).Expect(HttpStatusCode.OK);
        var rules = alerts.GetProperty("items").EnumerateArray().Select(a => a.GetProperty("rule").GetString()).ToList();
        Assert.Contains("SVC-UNAUTHORIZED-HANDLER", rules);
        Assert.Contains("SVC-PROCESS-ORDER", rules);
    }

    [Fact]
    public async Task A_whole_case_sent_out_of_order_is_placed_by_time_and_recorded()
    {
        var system = await RegisterAsync();
        var item = await ItemOfAsync("370781-scjg");
        var caseNo = "QZ-" + Guid.NewGuid().ToString("N")[..10];
        var body = Ndjson(
            Event("e5", caseNo, "concluded", "2025-03-10T16:00:00+08:00"),
            Submitted("e1", caseNo, item, "2025-03-03T09:00:00+08:00"),
            Event("e3", caseNo, "step-completed", "2025-03-05T10:00:00+08:00", new { step = "S2" }),
            Event("e2", caseNo, "accepted", "2025-03-03T10:00:00+08:00"),
            Event("e4", caseNo, "decided", "2025-03-07T15:00:00+08:00", new { outcome = "approved" }));
        var answer = await (await SendAsync(system, body)).Expect(HttpStatusCode.OK);
        Assert.Equal(5, answer.GetProperty("accepted").GetInt32());
        Assert.Equal(0, answer.GetProperty("rejected").GetArrayLength());

        var view = await (await (await node.As("supervisor-370781")).GetAsync($"/api/v1/cases/{caseNo}")).Expect(HttpStatusCode.OK);
        Assert.Equal("concluded", view.GetProperty("state").GetString());
        Assert.True(view.GetProperty("clock").GetProperty("countedWorkdays").GetInt32() > 0);
        Assert.Equal("approved", view.GetProperty("clock").GetProperty("outcome").GetString());
        Assert.Equal(["submitted", "accepted", "step-completed", "decided", "concluded"], view.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("type").GetString()).ToArray());
        await (await (await node.As("clerk-370781")).GetAsync($"/api/v1/cases/{caseNo}")).Expect(HttpStatusCode.NotFound);

        await using var scope = node.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CoreDbContext>();
        Assert.Equal(5, await db.LedgerRecords.CountAsync(r => r.Subject == caseNo && r.Type.StartsWith("services.case.")));

        // A replay is all duplicates; nothing doubles.
        var replay = await (await SendAsync(system, body)).Expect(HttpStatusCode.OK);
        Assert.Equal(0, replay.GetProperty("accepted").GetInt32());
        Assert.Equal(5, replay.GetProperty("duplicates").GetInt32());
        Assert.Equal(5, await db.LedgerRecords.CountAsync(r => r.Subject == caseNo && r.Type.StartsWith("services.case.")));

        // The same id with another body is refused; the original stays.
        var changed = await (await SendAsync(system, Ndjson(Event("e4", caseNo, "decided", "2025-03-07T15:00:00+08:00", new { outcome = "denied" })))).Expect(HttpStatusCode.OK);
        Assert.Contains("已以不同内容收到过", changed.GetProperty("rejected")[0].GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_bad_line_gets_its_own_answer_and_good_lines_are_kept()
    {
        var system = await RegisterAsync();
        var item = await ItemOfAsync("370781-scjg");
        var other = await ItemOfAsync("370781-zjj");
        var c = "QZ-" + Guid.NewGuid().ToString("N")[..10];
        var future = DateTimeOffset.UtcNow.AddHours(2).ToString("yyyy-MM-ddTHH:mm:sszzz", CultureInfo.InvariantCulture);
        var body = string.Join("\n",
            Line(Submitted("ok1", c, item, "2025-04-01T09:00:00+08:00")),                          // 1 good
            Line(Submitted("b2", c + "X", "370781-NO-SUCH-ITEM", "2025-04-01T09:00:00+08:00")),   // 2 unknown item
            Line(Event("b3", "QZ-NEVER-SUBMITTED", "accepted", "2025-04-01T10:00:00+08:00")),     // 3 unknown case
            Line(Event("b4", c, "concluded", "2025-03-01T10:00:00+08:00")),                       // 4 before submitted
            Line(Submitted("b5", c + "Y", item, "2025-04-01T09:00:00+08:00", "36042619910102009X")), // 5 bad ID number
            Line(Event("b6", c, "fee-charged", "2025-04-02T10:00:00+08:00", new { feeCode = "F1", amount = 10.005m })), // 6 three decimals
            Line(Event("b7", c, "accepted", future)),                                              // 7 future
            "{not json",                                                                           // 8 malformed
            Line(Event("b9", c, "teleported", "2025-04-02T10:00:00+08:00")),                       // 9 unknown type
            Line(Submitted("b10", c + "Z", other, "2025-04-01T09:00:00+08:00")),                  // 10 another department's item
            Line(Event("ok11", c, "accepted", "2025-04-01T11:00:00+08:00")));                     // 11 good
        // The system asks for English (Accept-Language): every line's answer is in English only (issue 11.4).
        var answer = await (await system.SendAsync("case-events", body, language: "en")).Expect(HttpStatusCode.OK);
        Assert.Equal(2, answer.GetProperty("accepted").GetInt32());
        var rejected = answer.GetProperty("rejected").EnumerateArray().ToDictionary(r => r.GetProperty("line").GetInt32(), r => r.GetProperty("error").GetString()!);
        Assert.Equal([2, 3, 4, 5, 6, 7, 8, 9, 10], rejected.Keys.Order().ToArray());
        Assert.Contains("unknown item", rejected[2], StringComparison.Ordinal);
        Assert.All(rejected.Values, e => Assert.DoesNotMatch("[\u4e00-\u9fff]", e.Replace("370781-scjg", "", StringComparison.Ordinal)));
        Assert.Contains("unknown case", rejected[3], StringComparison.Ordinal);
        Assert.Contains("before the case was submitted", rejected[4], StringComparison.Ordinal);
        Assert.Contains("idNo", rejected[5], StringComparison.Ordinal);
        Assert.Contains("two decimals", rejected[6], StringComparison.Ordinal);
        Assert.Contains("future", rejected[7], StringComparison.Ordinal);
        Assert.Contains("JSON", rejected[8], StringComparison.Ordinal);
        Assert.Contains("unknown type", rejected[9], StringComparison.Ordinal);
        Assert.Contains("may only send cases of 370781-scjg", rejected[10], StringComparison.Ordinal);

        var view = await (await (await node.As("supervisor-370781")).GetAsync($"/api/v1/cases/{c}")).Expect(HttpStatusCode.OK);
        Assert.Equal("accepted", view.GetProperty("state").GetString());
    }

    [Fact]
    public async Task Bad_signatures_stale_timestamps_and_unknown_systems_get_401_and_nothing_is_stored()
    {
        var system = await RegisterAsync();
        var item = await ItemOfAsync("370781-scjg");
        var c = "QZ-" + Guid.NewGuid().ToString("N")[..10];
        var body = Ndjson(Submitted("s1", c, item, "2025-04-01T09:00:00+08:00"));
        await (await SendAsync(system, body, signature: new string('0', 64))).Expect(HttpStatusCode.Unauthorized);
        await (await SendAsync(system, body, timestamp: DateTimeOffset.UtcNow.AddMinutes(-6).ToUnixTimeSeconds())).Expect(HttpStatusCode.Unauthorized);
        await (await new ExchangeClient(node, "nobody", system.Secret, TimeProvider.System).SendAsync("case-events", body)).Expect(HttpStatusCode.Unauthorized);
        await (await node.Anonymous().PostAsync(Intake, new StringContent(body, Encoding.UTF8, "application/x-ndjson"))).Expect(HttpStatusCode.Unauthorized);
        await (await (await node.As("supervisor-370781")).GetAsync($"/api/v1/cases/{c}")).Expect(HttpStatusCode.NotFound);

        // Rotation: the old secret stops working at once.
        var rotated = await (await (await node.As("admin-370781")).PostAsync($"/api/v1/exchange/systems/{system.Id}/rotate", null)).Expect(HttpStatusCode.OK);
        await (await SendAsync(system, body)).Expect(HttpStatusCode.Unauthorized);
        var ok = await (await new ExchangeClient(node, system.Id, rotated.GetProperty("secret").GetString()!, TimeProvider.System).SendAsync("case-events", body)).Expect(HttpStatusCode.OK);
        Assert.Equal(1, ok.GetProperty("accepted").GetInt32());
    }

    [Fact]
    public async Task Batches_over_ten_thousand_lines_are_refused_whole()
    {
        var system = await RegisterAsync();
        var body = string.Concat(Enumerable.Range(0, 10_001).Select(i => Line(Event($"x{i}", "QZ-BIG", "accepted", "2025-04-01T10:00:00+08:00")) + "\n"));
        await (await SendAsync(system, body)).Expect((HttpStatusCode)413);
    }

    [Fact]
    public async Task Only_administrators_register_systems_and_only_in_their_region()
    {
        await (await (await node.As("supervisor-370781")).PostJson("/api/v1/exchange/systems", new { id = "sys-nope", organisation = "370781-scjg" })).Expect(HttpStatusCode.Forbidden);
        await (await (await node.As("admin-370781")).PostJson("/api/v1/exchange/systems", new { id = "sys-far", organisation = "370782-scjg" })).Expect(HttpStatusCode.BadRequest);
    }
}

public sealed class ExchangeTestsOnSqlite(SqliteNode node) : ExchangeTests(node), IClassFixture<SqliteNode>;

public sealed class ExchangeTestsOnPostgres(PostgresNode node) : ExchangeTests(node), IClassFixture<PostgresNode>;
