using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Sunlight.Core.Contracts.Integrity;
using Sunlight.Core.Storage;
using Sunlight.Trading.Draws;

namespace Sunlight.Trading.Tests;

/// <summary>
/// A node where Integrity's contracts are answered (Integrity itself is another module; here two fixed answers stand
/// in for its registries): tenderer 12 is barred from 依法必须招标 trades in 2026, and expert E3707-0905 is the kin of
/// tenderer 11's project manager.
/// </summary>
public sealed class IntegrityAnsweringNode : SqliteNode
{
    private sealed class Blacklist : IBlacklist
    {
        public Task<BlacklistAnswer> CheckAsync(string creditCodeOrIdNo, DateOnly at, CancellationToken ct) =>
            Task.FromResult(creditCodeOrIdNo == Trades.CreditCode(12) && at.Year == 2026
                ? new BlacklistAnswer(true, "HB-2025-007", ["bar-tender"], new DateOnly(2025, 6, 1), new DateOnly(2027, 5, 31))
                : BlacklistAnswer.NotListed);
    }

    private sealed class Kin : IKinFacts
    {
        public Task<IReadOnlyList<KinFact>> KinOfAsync(string idNo, DateOnly at, CancellationToken ct) =>
            Task.FromResult<IReadOnlyList<KinFact>>(idNo == Trades.Person(905) ? [new KinFact(Trades.Person(11), "项目经理", null, "sibling", "declaration", 1.0)] : []);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton<IBlacklist, Blacklist>();
            services.AddSingleton<IKinFacts, Kin>();
        });
    }
}

/// <summary>Trading consumes Integrity's contracts when they are installed (trading.md "Contracts"): a barred bid warns, kin is avoided.</summary>
public sealed class IntegrityContractsTests(IntegrityAnsweringNode node) : IClassFixture<IntegrityAnsweringNode>
{
    [Fact]
    public async Task A_barred_bid_is_kept_with_a_warning_and_an_expert_related_to_a_bidder_is_avoided_as_kin()
    {
        const string Ocid = "ocds-sl3707-370781-2026-9201";
        var op = await node.As("tradingoperator-370781");
        using var response = await op.PostAsync("/api/v1/trading/ocds", new StringContent(Trades.Package(Trades.Tender(Ocid), Trades.Bids(Ocid)), Encoding.UTF8, "application/json"));
        var answer = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal(2, (int)answer["accepted"]!);
        var warning = Assert.Single(answer["warnings"]!.AsArray());
        Assert.Contains("HB-2025-007", (string)warning!["warning"]!, StringComparison.Ordinal);
        Assert.Contains("b3", (string)warning["warning"]!, StringComparison.Ordinal);

        await Trades.SeedExpertsAsync(node.Services, "E3707-09", 9, 900, 870);

        using var created = await op.PostAsJsonAsync("/api/v1/trading/draws", new { ocid = Ocid, lot = "", evaluationAt = DateTimeOffset.UtcNow.AddDays(1), groups = new[] { new { specialty = "房屋建筑", count = 5, alternates = 1 } } });
        var drawId = (string)JsonNode.Parse(await created.Content.ReadAsStringAsync())!["drawId"]!;
        await using var check = node.Services.CreateAsyncScope();
        var committed = await check.ServiceProvider.GetRequiredService<CoreDbContext>().LedgerRecords.SingleAsync(r => r.Type == DrawService.Committed && r.Subject == drawId);
        var body = JsonNode.Parse(committed.Body)!;
        Assert.Contains(body["avoided"]!.AsArray(), a => (string)a!["expert"]! == "E3707-0905" && (string)a["reason"]! == "kin");
        Assert.DoesNotContain("E3707-0905", body["groups"]![0]!["pool"]!.AsArray().Select(c => (string)c!));
        // The reason is coded: no bidder and no person is named.
        Assert.DoesNotContain(Trades.Person(11), Encoding.UTF8.GetString(committed.Body), StringComparison.Ordinal);
    }
}
