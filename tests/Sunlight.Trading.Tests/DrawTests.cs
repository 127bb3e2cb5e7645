using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Sunlight.Core.Ledger;
using Sunlight.Core.Storage;
using Sunlight.Trading.Draws;
using Sunlight.Trading.Experts;
using Sunlight.Trading.Storage;

namespace Sunlight.Trading.Tests;

/// <summary>The provably fair draw on a node: 回避 by coded reasons, commitment through the ledger, completion from the first checkpoint after it, visibility.</summary>
public sealed class DrawTests(SqliteNode node) : IClassFixture<SqliteNode>
{
    private async Task SeedExpertsAsync()
    {
        await using var scope = node.Services.CreateAsyncScope();
        var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<TradingDbContext>>().CreateDbContextAsync();
        if (await db.Experts.AnyAsync(e => e.Code == "E3707-0901"))
        {
            return;
        }

        for (var i = 1; i <= 12; i++)
        {
            db.Experts.Add(new Expert
            {
                Code = $"E3707-09{i:D2}", Name = $"专家{i}", IdNumber = Trades.Person(900 + i), OrganisationId = i == 1 ? Trades.Org(1) : Trades.Org(800 + i),
                OrganisationName = "单位", Specialties = "房屋建筑", RegionCode = "370781", RegionPath = "/370000/370700/370781/", Status = ExpertStatus.Active, UpdatedBy = "test",
            });
        }

        db.ExpertInterests.Add(new ExpertInterest { ExpertCode = "E3707-0902", OrganisationId = Trades.Org(10), OrganisationName = "投标人10", Relation = "shareholder" });
        await db.SaveChangesAsync();
    }

    [Fact]
    public async Task A_draw_commits_its_pool_completes_from_the_next_checkpoint_and_recomputes()
    {
        await SeedExpertsAsync();
        var ocid = "ocds-sl3707-370781-2026-9001";
        var operatorClient = await node.As("tradingoperator-370781");
        await operatorClient.PostAsync("/api/v1/trading/ocds", new StringContent(Trades.Package(Trades.Tender(ocid), Trades.Bids(ocid)), Encoding.UTF8, "application/json"));
        var evaluation = DateTimeOffset.UtcNow.AddDays(1);
        using var created = await operatorClient.PostAsJsonAsync("/api/v1/trading/draws", new { ocid, lot = "", evaluationAt = evaluation, groups = new[] { new { specialty = "房屋建筑", count = 5, alternates = 2 } } });
        Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        var drawId = (string)JsonNode.Parse(await created.Content.ReadAsStringAsync())!["drawId"]!;

        await using var scope = node.Services.CreateAsyncScope();
        var draws = scope.ServiceProvider.GetRequiredService<DrawService>();
        Assert.Equal(0, await draws.RunDueAsync(DateTimeOffset.UtcNow, CancellationToken.None));
        await scope.ServiceProvider.GetRequiredService<LedgerIntegrator>().CheckpointAsync(CancellationToken.None);
        Assert.Equal(1, await draws.RunDueAsync(DateTimeOffset.UtcNow, CancellationToken.None));

        var view = JsonNode.Parse(await operatorClient.GetStringAsync($"/api/v1/trading/draws/{drawId}"))!;
        Assert.Equal("uncosigned", (string)view["status"]!);
        var selected = view["groups"]![0]!["selected"]!.AsArray().Select(c => (string)c!).ToList();
        Assert.Equal(5, selected.Count);

        // The commitment names the pool without the buyer's own staff (own-org) and the bidder's shareholder (interest).
        var core = scope.ServiceProvider.GetRequiredService<CoreDbContext>();
        var committed = await core.LedgerRecords.SingleAsync(r => r.Type == DrawService.Committed && r.Subject == drawId);
        var body = JsonNode.Parse(committed.Body)!;
        Assert.DoesNotContain("E3707-0901", body["groups"]![0]!["pool"]!.AsArray().Select(c => (string)c!));
        Assert.Contains(body["avoided"]!.AsArray(), a => (string)a!["expert"]! == "E3707-0901" && (string)a["reason"]! == "own-org");
        Assert.Contains(body["avoided"]!.AsArray(), a => (string)a!["expert"]! == "E3707-0902" && (string)a["reason"]! == "interest");
        Assert.DoesNotContain(Trades.Org(10), Encoding.UTF8.GetString(committed.Body), StringComparison.Ordinal);

        // Anyone holding the two records and the checkpoint recomputes the committee.
        var beacon = await scope.ServiceProvider.GetRequiredService<LedgerBeacons>().AfterAsync(committed.Sequence, CancellationToken.None);
        var seed = FairDraw.Seed(SHA256.HashData(committed.Body), beacon!.Root, []);
        var pool = body["groups"]![0]!["pool"]!.AsArray().Select(c => (string)c!).ToList();
        var again = FairDraw.Select(seed, [new DrawGroup("房屋建筑", 5, 2, pool)]);
        Assert.Equal(again[0].Selected, selected);
        Assert.Equal(Convert.ToHexStringLower(seed), (string)view["seed"]!);

        // The proof verifies offline, through the real command too; a forged committee or pool does not.
        var proofText = await operatorClient.GetStringAsync($"/api/v1/trading/draws/{drawId}/proof");
        var proof = JsonNode.Parse(proofText)!;
        Assert.Null(DrawProof.Verify(proof));
        var forged = proof.DeepClone();
        var result = JsonNode.Parse(Convert.FromBase64String((string)forged["completed"]!["body"]!))!;
        var first = result["groups"]![0]!["selected"]!.AsArray();
        (first[0], first[1]) = ((string)first[1]!, (string)first[0]!);
        forged["completed"]!["body"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(result.ToJsonString()));
        Assert.Contains("recomputed", DrawProof.Verify(forged), StringComparison.Ordinal);
        var repooled = proof.DeepClone();
        var commitment = JsonNode.Parse(Convert.FromBase64String((string)repooled["committed"]!["body"]!))!;
        commitment["groups"]![0]!["pool"]!.AsArray().RemoveAt(0);
        repooled["committed"]!["body"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(commitment.ToJsonString()));
        Assert.Contains("inclusion", DrawProof.Verify(repooled), StringComparison.Ordinal);
        using (var cli = new CliRunner())
        {
            var good = Path.Combine(cli.Folder, "proof.json");
            var bad = Path.Combine(cli.Folder, "forged.json");
            await File.WriteAllTextAsync(good, proofText);
            await File.WriteAllTextAsync(bad, forged.ToJsonString());
            var ok = await cli.Run(null, "trading", "verify-draw", good);
            Assert.True(ok.Exit == 0, ok.Err);
            Assert.Equal(1, (await cli.Run(null, "trading", "verify-draw", bad)).Exit);
        }

        // Before the award nobody outside sees the codes.
        using var anonymous = await node.Anonymous().GetAsync($"/api/v1/trading/draws/{drawId}");
        Assert.Equal(HttpStatusCode.NotFound, anonymous.StatusCode);
        var clerk = JsonNode.Parse(await (await node.As("clerk-370781")).GetStringAsync($"/api/v1/trading/draws/{drawId}"))!;
        Assert.Null(clerk["groups"]);
    }

    [Fact]
    public async Task A_declined_expert_is_replaced_by_the_next_alternate_in_order_and_never_by_choice()
    {
        await SeedExpertsAsync();
        var ocid = "ocds-sl3707-370781-2026-9003";
        var operatorClient = await node.As("tradingoperator-370781");
        await operatorClient.PostAsync("/api/v1/trading/ocds", new StringContent(Trades.Package(Trades.Tender(ocid), Trades.Bids(ocid)), Encoding.UTF8, "application/json"));
        using var created = await operatorClient.PostAsJsonAsync("/api/v1/trading/draws", new { ocid, lot = "", evaluationAt = DateTimeOffset.UtcNow.AddDays(1), groups = new[] { new { specialty = "房屋建筑", count = 5, alternates = 2 } } });
        var drawId = (string)JsonNode.Parse(await created.Content.ReadAsStringAsync())!["drawId"]!;
        await using (var scope = node.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<LedgerIntegrator>().CheckpointAsync(CancellationToken.None);
            await scope.ServiceProvider.GetRequiredService<DrawService>().RunDueAsync(DateTimeOffset.UtcNow, CancellationToken.None);
        }

        var drawn = JsonNode.Parse(await operatorClient.GetStringAsync($"/api/v1/trading/draws/{drawId}"))!["groups"]![0]!;
        var selected = drawn["selected"]!.AsArray().Select(c => (string)c!).ToList();
        var alternates = drawn["alternates"]!.AsArray().Select(c => (string)c!).ToList();

        // A reason is required; only the centre replaces (a supervisor may not, 管办分离).
        using var noReason = await operatorClient.PostAsJsonAsync($"/api/v1/trading/draws/{drawId}/replacements", new { expert = selected[2] });
        Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
        using var supervisor = await (await node.As("supervisor-370781")).PostAsJsonAsync($"/api/v1/trading/draws/{drawId}/replacements", new { expert = selected[2], reason = "生病" });
        Assert.Equal(HttpStatusCode.Forbidden, supervisor.StatusCode);

        using var first = await operatorClient.PostAsJsonAsync($"/api/v1/trading/draws/{drawId}/replacements", new { expert = selected[2], reason = "生病住院" });
        Assert.True(first.IsSuccessStatusCode, await first.Content.ReadAsStringAsync());
        var after = JsonNode.Parse(await first.Content.ReadAsStringAsync())!;
        var seats = after["groups"]![0]!["selected"]!.AsArray().Select(c => (string)c!).ToList();
        Assert.Equal(alternates[0], seats[2]);
        Assert.Equal([alternates[1]], after["groups"]![0]!["alternates"]!.AsArray().Select(c => (string)c!));
        Assert.Equal("生病住院", (string)after["replacements"]![0]!["reason"]!);

        // A declined expert no longer sits; the last alternate goes next, then there is none left.
        using var gone = await operatorClient.PostAsJsonAsync($"/api/v1/trading/draws/{drawId}/replacements", new { expert = selected[2], reason = "再次" });
        Assert.Equal(HttpStatusCode.BadRequest, gone.StatusCode);
        using var second = await operatorClient.PostAsJsonAsync($"/api/v1/trading/draws/{drawId}/replacements", new { expert = selected[0], reason = "出差" });
        Assert.Equal(alternates[1], (string)JsonNode.Parse(await second.Content.ReadAsStringAsync())!["groups"]![0]!["selected"]![0]!);
        using var none = await operatorClient.PostAsJsonAsync($"/api/v1/trading/draws/{drawId}/replacements", new { expert = selected[1], reason = "出差" });
        Assert.Equal(HttpStatusCode.Conflict, none.StatusCode);

        await using var check = node.Services.CreateAsyncScope();
        var core = check.ServiceProvider.GetRequiredService<CoreDbContext>();
        Assert.Equal(2, await core.LedgerRecords.CountAsync(r => r.Type == DrawService.Replaced && r.Subject == drawId));
    }

    [Fact]
    public async Task A_draw_too_early_too_late_or_from_too_small_a_pool_is_refused()
    {
        await SeedExpertsAsync();
        var ocid = "ocds-sl3707-370781-2026-9002";
        var operatorClient = await node.As("tradingoperator-370781");
        var tender = Trades.Tender(ocid);
        tender["tender"]!["tradingKind"] = "government-procurement";
        await operatorClient.PostAsync("/api/v1/trading/ocds", new StringContent(Trades.Package(tender), Encoding.UTF8, "application/json"));
        async Task<HttpStatusCode> Ask(DateTimeOffset at, int count, bool remote = false)
        {
            using var r = await operatorClient.PostAsJsonAsync("/api/v1/trading/draws", new { ocid, evaluationAt = at, remote, groups = new[] { new { specialty = "房屋建筑", count, alternates = 0 } } });
            return r.StatusCode;
        }

        Assert.Equal(HttpStatusCode.UnprocessableEntity, await Ask(DateTimeOffset.UtcNow.AddDays(-1), 3));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, await Ask(DateTimeOffset.UtcNow.AddDays(20), 3));
        Assert.Equal(HttpStatusCode.Created, await Ask(DateTimeOffset.UtcNow.AddDays(20), 3, remote: true));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, await Ask(DateTimeOffset.UtcNow.AddHours(20), 40));
        using var other = await (await node.As("tradingoperator")).PostAsJsonAsync("/api/v1/trading/draws", new { ocid, evaluationAt = DateTimeOffset.UtcNow.AddHours(20), groups = new[] { new { specialty = "房屋建筑", count = 3, alternates = 0 } } });
        Assert.Equal(HttpStatusCode.NotFound, other.StatusCode);
    }
}
