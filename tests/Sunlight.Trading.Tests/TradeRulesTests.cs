using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Sunlight.Core.Storage;
using Sunlight.Trading.Flags;

namespace Sunlight.Trading.Tests;

/// <summary>
/// Trading's rules in the rule host, on both databases: an import raises record rules in its own transaction (never
/// on bids before the opening), due rules fire from the index, parameters are set per region in cardinal's terms.
/// </summary>
public abstract class TradeRulesTests(SunlightNode node)
{
    private static StringContent Json(string text) => new(text, Encoding.UTF8, "application/json");

    private async Task<List<(string Rule, string Key, string Organisation)>> AlertsOf(string ocid)
    {
        await using var scope = node.Services.CreateAsyncScope();
        var core = scope.ServiceProvider.GetRequiredService<CoreDbContext>();
        return [.. (await core.Alerts.Where(a => a.Subject == ocid).ToListAsync()).Select(a => (a.Rule, a.Key, a.OrganisationCode))];
    }

    [Fact]
    public async Task An_import_raises_the_record_rules_once_bids_are_open_and_never_twice()
    {
        var ocid = $"ocds-sl3707-370781-2026-{Random.Shared.Next(100_000, 999_999)}";
        var client = await node.As("tradingoperator-370781");
        var tender = Trades.Tender(ocid);
        tender["tender"]!["supervisingDepartment"] = new JsonObject { ["id"] = "370781-zjj", ["name"] = "住房和城乡建设局" };
        var future = DateTimeOffset.UtcNow.AddDays(5).ToString("yyyy-MM-ddTHH:mm:ssK", System.Globalization.CultureInfo.InvariantCulture);
        var bids = Trades.Bids(ocid, opening: future);
        bids["bids"]!["details"]![1]!["fingerprint"]!["macs"] = new JsonArray("AA-BB-CC-DD-EE-01");
        var answer = JsonNode.Parse(await (await client.PostAsync("/api/v1/trading/ocds", Json(Trades.Package(tender, bids)))).Content.ReadAsStringAsync())!;
        Assert.Equal(2, (int)answer["accepted"]!);
        Assert.DoesNotContain(await AlertsOf(ocid), a => a.Rule == "TRD-SAME-DEVICE");

        // The opening is recorded as past: the same device is now evidence; sending it again raises nothing new.
        var opened = Trades.Bids(ocid, id: "3", date: "2026-03-25T10:05:00+08:00", opening: "2026-03-25T09:30:00+08:00");
        opened.Remove("bids");
        await client.PostAsync("/api/v1/trading/ocds", Json(Trades.Package(opened)));
        var alerts = await AlertsOf(ocid);
        var pair = Assert.Single(alerts, a => a.Rule == "TRD-SAME-DEVICE");
        Assert.Equal("|b1|b2", pair.Key);
        Assert.Equal("370781-zjj", pair.Organisation);
        var again = Trades.Bids(ocid, id: "4", date: "2026-03-25T10:06:00+08:00", opening: "2026-03-25T09:30:00+08:00");
        again.Remove("bids");
        await client.PostAsync("/api/v1/trading/ocds", Json(Trades.Package(again)));
        Assert.Single(await AlertsOf(ocid), a => a.Rule == "TRD-SAME-DEVICE");
    }

    [Fact]
    public async Task An_award_without_its_contract_falls_due()
    {
        var ocid = $"ocds-sl3707-370781-2026-{Random.Shared.Next(100_000, 999_999)}";
        var client = await node.As("tradingoperator-370781");
        var award = new JsonObject
        {
            ["ocid"] = ocid, ["id"] = "9", ["date"] = "2026-01-10T10:00:00+08:00", ["tag"] = new JsonArray("award"),
            ["awards"] = new JsonArray(new JsonObject { ["id"] = "a1", ["status"] = "active", ["date"] = "2026-01-10T10:00:00+08:00", ["value"] = Trades.Value(11_000_000m), ["suppliers"] = new JsonArray(new JsonObject { ["id"] = Trades.Org(10), ["name"] = "投标人10" }) }),
        };
        var tender = Trades.Tender(ocid, date: "2026-01-01T09:00:00+08:00", start: "2025-12-01T09:00:00+08:00", endDate: "2025-12-25T09:00:00+08:00");
        await client.PostAsync("/api/v1/trading/ocds", Json(Trades.Package(tender, award)));
        await using (var scope = node.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<TradeDue>().RunDueAsync(DateTimeOffset.UtcNow, CancellationToken.None);
        }

        Assert.Contains(await AlertsOf(ocid), a => a.Rule == "TRD-CONTRACT-LATE" && a.Key == "a1");
    }

    [Fact]
    public async Task A_region_sets_a_rules_parameters_in_cardinals_terms_and_bad_values_are_refused()
    {
        var admin = await node.As("admin-370781");
        using var map = await admin.PutAsJsonAsync("/api/v1/supervision/rules/TRD-BID-PERIOD/parameters/procurement_method_details", new { value = "{\"公开招标\": \"25\"}" });
        Assert.True(map.IsSuccessStatusCode, await map.Content.ReadAsStringAsync());
        using var list = await admin.PutAsJsonAsync("/api/v1/supervision/rules/TRD-SAME-AUTHOR/parameters/ignore_authors", new { value = "Administrator|admin|user|某公司电脑" });
        Assert.True(list.IsSuccessStatusCode, await list.Content.ReadAsStringAsync());
        using var badMap = await admin.PutAsJsonAsync("/api/v1/supervision/rules/TRD-BID-PERIOD/parameters/procurement_method_details", new { value = "{\"公开招标\": \"twenty\"}" });
        Assert.Equal(HttpStatusCode.BadRequest, badMap.StatusCode);
        using var badNumber = await admin.PutAsJsonAsync("/api/v1/supervision/rules/TRD-R031/parameters/threshold", new { value = "-1" });
        Assert.Equal(HttpStatusCode.BadRequest, badNumber.StatusCode);

        // The region's 25 days now apply: a 22-day open tender is too short there.
        var ocid = $"ocds-sl3707-370781-2026-{Random.Shared.Next(100_000, 999_999)}";
        var client = await node.As("tradingoperator-370781");
        await client.PostAsync("/api/v1/trading/ocds", Json(Trades.Package(Trades.Tender(ocid, start: "2026-03-01T09:00:00+08:00", endDate: "2026-03-23T09:00:00+08:00"))));
        Assert.Contains(await AlertsOf(ocid), a => a.Rule == "TRD-BID-PERIOD");
    }
}

public sealed class TradeRulesTestsOnSqlite(SqliteNode node) : TradeRulesTests(node), IClassFixture<SqliteNode>;

public sealed class TradeRulesTestsOnPostgres(PostgresNode node) : TradeRulesTests(node), IClassFixture<PostgresNode>;
