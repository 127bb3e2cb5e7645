using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Sunlight.Core.Storage;

namespace Sunlight.Trading.Tests;

/// <summary>
/// The OCDS import and export of trading.md on a real node: per-release answers with JSON paths, good releases kept,
/// ledger records, the merge into the compiled release, what the public and the supervisors see.
/// </summary>
public sealed class OcdsImportTests(SqliteNode node) : IClassFixture<SqliteNode>
{
    private static StringContent Json(string text) => new(text, Encoding.UTF8, "application/json");

    private static async Task<JsonObject> Answer(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {text}");
        return (JsonObject)JsonNode.Parse(text)!;
    }

    [Fact]
    public async Task An_operator_records_a_trade_and_each_release_is_kept_merged_and_ledgered()
    {
        var ocid = "ocds-sl3707-370781-2026-0001";
        var client = await node.As("tradingoperator-370781");
        var answer = await Answer(await client.PostAsync("/api/v1/trading/ocds", Json(Trades.Package(Trades.Tender(ocid), Trades.Bids(ocid)))));
        Assert.Equal(2, (int)answer["accepted"]!);
        Assert.Equal("accepted", (string)answer["results"]![1]!["status"]!);
        Assert.Equal(1, (int)answer["results"]![1]!["index"]!);

        // Sent again: duplicates, nothing new.
        var again = await Answer(await client.PostAsync("/api/v1/trading/ocds", Json(Trades.Package(Trades.Tender(ocid), Trades.Bids(ocid)))));
        Assert.Equal(0, (int)again["accepted"]!);
        Assert.Equal(2, (int)again["duplicates"]!);

        var supervisor = await node.As("supervisor-370781");
        var full = JsonNode.Parse(await supervisor.GetStringAsync($"/api/v1/trading/ocds/compiled/{ocid}?full=true"))!;
        Assert.Equal("compiled", (string)full["tag"]![0]!);
        Assert.Equal("2026-03-25T10:00:00+08:00", (string)full["date"]!);
        Assert.Equal("works", (string)full["tender"]!["tradingKind"]!);
        Assert.Equal(3, full["bids"]!["details"]!.AsArray().Count);
        Assert.NotNull(full["bids"]!["details"]![0]!["fingerprint"]);

        var record = JsonNode.Parse(await node.Anonymous().GetStringAsync($"/api/v1/trading/ocds/records/{ocid}"))!["records"]![0]!;
        Assert.Equal(2, record["releases"]!.AsArray().Count);
        Assert.Equal("1", (string)record["releases"]![0]!["id"]!);

        await using var scope = node.Services.CreateAsyncScope();
        var core = scope.ServiceProvider.GetRequiredService<CoreDbContext>();
        var records = await core.LedgerRecords.Where(r => r.Type == "trading.release.accepted" && r.Subject == ocid).ToListAsync();
        Assert.Equal(2, records.Count);
        var body = JsonNode.Parse(records[0].Body)!;
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(Trades.Tender(ocid).ToJsonString()))), (string)body["sha256"]!);
        Assert.EndsWith("/370700/370781/", records[0].RegionPath, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_public_never_sees_fingerprints_deposits_or_managers_and_nobody_sees_bids_before_the_opening()
    {
        var opened = "ocds-sl3707-370781-2026-0002";
        var sealedBids = "ocds-sl3707-370781-2026-0003";
        var client = await node.As("tradingoperator-370781");
        var future = DateTimeOffset.UtcNow.AddDays(10).ToString("yyyy-MM-ddTHH:mm:ssK", System.Globalization.CultureInfo.InvariantCulture);
        await Answer(await client.PostAsync("/api/v1/trading/ocds", Json(Trades.Package(
            Trades.Tender(opened), Trades.Bids(opened), Trades.Tender(sealedBids), Trades.Bids(sealedBids, opening: future)))));

        var anonymous = node.Anonymous();
        var shown = await anonymous.GetStringAsync($"/api/v1/trading/ocds/compiled/{opened}");
        Assert.Contains("\"bids\"", shown, StringComparison.Ordinal);
        foreach (var secret in new[] { "fingerprint", "deposit", "projectManager", "6222", "aa:bb:cc", Trades.Person(10) })
        {
            Assert.DoesNotContain(secret, shown, StringComparison.Ordinal);
        }

        var records = await anonymous.GetStringAsync($"/api/v1/trading/ocds/records/{opened}");
        Assert.DoesNotContain("fingerprint", records, StringComparison.Ordinal);
        var ndjson = await anonymous.GetStringAsync("/api/v1/trading/ocds/compiled.ndjson?region=370781");
        Assert.DoesNotContain("fingerprint", ndjson, StringComparison.Ordinal);

        // Before the opening no bid is shown to anyone, the supervisor's full view included (招标投标法 §22).
        var supervisor = await node.As("supervisor-370781");
        foreach (var text in new[]
        {
            await anonymous.GetStringAsync($"/api/v1/trading/ocds/compiled/{sealedBids}"),
            await supervisor.GetStringAsync($"/api/v1/trading/ocds/compiled/{sealedBids}?full=true"),
            await supervisor.GetStringAsync($"/api/v1/trading/ocds/records/{sealedBids}?full=true"),
        })
        {
            Assert.DoesNotContain("\"bids\"", text, StringComparison.Ordinal);
            Assert.DoesNotContain("投标人", text, StringComparison.Ordinal);
        }

        // full=true is the supervisors' and inspectors', never the centre's; and a county supervisor's only for the county.
        using var refused = await client.GetAsync($"/api/v1/trading/ocds/compiled/{opened}?full=true");
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
    }

    [Fact]
    public async Task Each_bad_release_is_refused_with_its_path_and_the_good_ones_are_kept()
    {
        var client = await node.As("tradingoperator-370781");
        var good = Trades.Tender("ocds-sl3707-370781-2026-0100");
        JsonObject Spoilt(int n, Action<JsonObject> spoil)
        {
            var r = Trades.Tender($"ocds-sl3707-370781-2026-01{n:D2}");
            spoil(r);
            return r;
        }

        var cases = new (JsonObject Release, string Path)[]
        {
            (Spoilt(1, r => r["ocid"] = "sl3707-1"), "/ocid"),
            (Spoilt(2, r => r.Remove("id")), "/id"),
            (Spoilt(3, r => r["tender"]!["tenderPeriod"]!["endDate"] = "2026-03-25T09:30:00"), "/tender/tenderPeriod/endDate"),
            (Spoilt(4, r => r["tender"]!["value"]!["amount"] = -1), "/tender/value/amount"),
            (Spoilt(5, r => r["tender"]!["value"]!["amount"] = 1.234m), "/tender/value/amount"),
            (Spoilt(6, r => r["tender"]!["value"]!["currency"] = "USD"), "/tender/value/currency"),
            (Spoilt(7, r => r["tender"]!["tradingKind"] = "weapons"), "/tender/tradingKind"),
            (Spoilt(8, r => ((JsonObject)r["tender"]!).Remove("tradingKind")), "/tender/tradingKind"),
            (Spoilt(9, r => r["parties"]![1]!["id"] = "CN-SAIC-91370781MA3000002X"), "/parties/1/id"),
            (Spoilt(10, r => r["parties"]![0]!["legalRepresentative"] = new JsonObject { ["name"] = "张三", ["id"] = "370781198001010010" }), "/parties/0/legalRepresentative/id"),
            (Spoilt(11, r => r["tender"]!["status"] = "open"), "/tender/status"),
            (Spoilt(12, r => r["tender"]!["tradingCentre"]!["id"] = "370783-ggzy"), "/tender/tradingCentre/id"),
            (Spoilt(13, r => r["tender"]!["tradingCentre"]!["id"] = "370781-xzsp"), "/tender/tradingCentre/id"),
        };
        var package = Trades.Package([good, .. cases.Select(c => c.Release)]);
        var answer = await Answer(await client.PostAsync("/api/v1/trading/ocds", Json(package)));
        Assert.Equal(1, (int)answer["accepted"]!);
        var results = answer["results"]!.AsArray();
        Assert.Equal("accepted", (string)results[0]!["status"]!);
        for (var i = 0; i < cases.Length; i++)
        {
            var result = results[i + 1]!;
            Assert.True((string)result["status"]! == "rejected", $"case {i + 1} should be rejected: {result.ToJsonString()}");
            var paths = result["errors"]!.AsArray().Select(e => (string)e!["path"]!).ToList();
            Assert.True(paths.Contains(cases[i].Path), $"case {i + 1}: expected {cases[i].Path}, got {string.Join(", ", paths)}");
        }

        Assert.Equal(cases.Length, answer["rejected"]!.AsArray().Select(r => (int)r!["index"]!).Distinct().Count());

        // A re-used release id with other bytes: refused, the first kept.
        var changed = Trades.Tender("ocds-sl3707-370781-2026-0100");
        changed["tender"]!["title"] = "改过的标题";
        var reused = await Answer(await client.PostAsync("/api/v1/trading/ocds", Json(Trades.Package(changed))));
        Assert.Contains("release-id-reused", (string)reused["rejected"]![0]!["error"]!, StringComparison.Ordinal);
        var kept = JsonNode.Parse(await client.GetStringAsync("/api/v1/trading/ocds/compiled/ocds-sl3707-370781-2026-0100"))!;
        Assert.Equal("青州市第三实验小学教学楼建设工程施工", (string)kept["tender"]!["title"]!);
    }

    [Fact]
    public async Task Whole_input_problems_are_one_answer_and_nothing_is_stored()
    {
        var client = await node.As("tradingoperator-370781");
        using var notJson = await client.PostAsync("/api/v1/trading/ocds", Json("{\"releases\": [ {"));
        Assert.Equal(HttpStatusCode.BadRequest, notJson.StatusCode);

        var many = new StringBuilder();
        for (var i = 0; i < 10_001; i++)
        {
            many.Append(Trades.Tender($"ocds-sl3707-370781-2026-9{i:D5}").ToJsonString()).Append('\n');
        }

        using var tooMany = await client.PostAsync("/api/v1/trading/ocds", new StringContent(many.ToString(), Encoding.UTF8, "application/x-ndjson"));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooMany.StatusCode);
        using var none = await client.GetAsync("/api/v1/trading/ocds/compiled/ocds-sl3707-370781-2026-900000");
        Assert.Equal(HttpStatusCode.NotFound, none.StatusCode);

        // A linked release in a record package is that release's refusal alone.
        var ocid = "ocds-sl3707-370781-2026-0200";
        var recordPackage = new JsonObject
        {
            ["records"] = new JsonArray(new JsonObject
            {
                ["ocid"] = ocid,
                ["releases"] = new JsonArray(Trades.Tender(ocid), new JsonObject { ["url"] = "https://example.test/r/2", ["date"] = "2026-03-02T00:00:00Z", ["tag"] = new JsonArray("tenderUpdate") }),
            }),
        };
        var answer = await Answer(await client.PostAsync("/api/v1/trading/ocds", Json(recordPackage.ToJsonString())));
        Assert.Equal(1, (int)answer["accepted"]!);
        Assert.Equal("/records/0/releases/1", (string)answer["rejected"]![0]!["path"]!);
    }

    [Fact]
    public async Task A_centres_system_pushes_signed_ndjson_and_may_speak_only_for_its_centre()
    {
        var system = await ExchangeClient.RegisterAsync(node, "370781-ggzy");
        var ocid = "ocds-sl3707-370781-2026-0300";
        var compiled = Trades.Tender(ocid);
        compiled["tag"] = new JsonArray("compiled");
        var other = Trades.Tender("ocds-sl3707-370781-2026-0301", centre: "370700-ggzy");
        using var response = await system.SendAsync("ocds", compiled.ToJsonString() + "\n" + other.ToJsonString() + "\n");
        var answer = await Answer(response);
        Assert.Equal(1, (int)answer["accepted"]!);
        Assert.Equal(2, (int)answer["results"]![1]!["line"]!);
        Assert.Equal("/tender/tradingCentre/id", (string)answer["rejected"]![0]!["path"]!);

        // A compiled line replaces the view unless it is older; the records list it as one release tagged compiled.
        var newer = Trades.Tender(ocid, id: "c2", date: "2026-03-05T09:00:00+08:00");
        newer["tag"] = new JsonArray("compiled");
        newer["tender"]!["title"] = "新标题";
        var older = Trades.Tender(ocid, id: "c0", date: "2026-02-01T09:00:00+08:00");
        older["tag"] = new JsonArray("compiled");
        older["tender"]!["title"] = "旧标题";
        await Answer(await system.SendAsync("ocds", newer.ToJsonString() + "\n" + older.ToJsonString() + "\n"));
        var view = JsonNode.Parse(await node.Anonymous().GetStringAsync($"/api/v1/trading/ocds/compiled/{ocid}"))!;
        Assert.Equal("新标题", (string)view["tender"]!["title"]!);
        var record = JsonNode.Parse(await node.Anonymous().GetStringAsync($"/api/v1/trading/ocds/records/{ocid}"))!["records"]![0]!;
        Assert.Equal(3, record["releases"]!.AsArray().Count);
    }
}
