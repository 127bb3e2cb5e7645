using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Sunlight.Core.Contracts.Trading;

namespace Sunlight.Trading.Tests;

/// <summary>ITenderFacts, the contract other modules read: participations by cursor (again when a bid wins), tenders by ocid and project code.</summary>
public sealed class TenderFactsTests(SqliteNode node) : IClassFixture<SqliteNode>
{
    private static StringContent Json(string text) => new(text, Encoding.UTF8, "application/json");

    [Fact]
    public async Task Participations_come_by_cursor_again_when_a_bid_wins_and_tenders_by_project_code()
    {
        var facts = node.Services.CreateScope().ServiceProvider.GetRequiredService<ITenderFacts>();
        var start = (await facts.ParticipationsSinceAsync(0, 10_000, CancellationToken.None)).NextCursor;
        var ocid = "ocds-sl3707-370781-2026-7001";
        var client = await node.As("tradingoperator-370781");
        var tender = Trades.Tender(ocid);
        tender["planning"] = new JsonObject { ["budget"] = new JsonObject { ["projectID"] = " 2026-370781-47-01-000123 " } };
        tender["parties"]![0]!["legalRepresentative"] = new JsonObject { ["name"] = "王五", ["id"] = Trades.Person(50) };
        await client.PostAsync("/api/v1/trading/ocds", Json(Trades.Package(tender, Trades.Bids(ocid))));

        var first = await facts.ParticipationsSinceAsync(start, 100, CancellationToken.None);
        var mine = first.Items.Where(p => p.TenderCode == ocid).ToList();
        Assert.Equal(3, mine.Count);
        Assert.All(mine, p => Assert.False(p.Won));
        Assert.Equal("2026-370781-47-01-000123", mine[0].ProjectCode);
        Assert.Equal(Trades.CreditCode(10), mine[0].Bidder.CreditCode);
        Assert.Equal("370781", mine[0].Region);
        Assert.True(first.NextCursor > start);

        // Nothing new: nothing comes. An award: the process's bids come again, the winner's with Won.
        Assert.Empty((await facts.ParticipationsSinceAsync(first.NextCursor, 100, CancellationToken.None)).Items);
        var award = new JsonObject
        {
            ["ocid"] = ocid, ["id"] = "3", ["date"] = "2026-04-10T10:00:00+08:00", ["tag"] = new JsonArray("award"),
            ["awards"] = new JsonArray(new JsonObject { ["id"] = "a1", ["status"] = "active", ["date"] = "2026-04-10T10:00:00+08:00", ["value"] = Trades.Value(11_000_000m), ["suppliers"] = new JsonArray(new JsonObject { ["id"] = Trades.Org(10), ["name"] = "投标人10" }) }),
        };
        await client.PostAsync("/api/v1/trading/ocds", Json(Trades.Package(award)));
        var second = await facts.ParticipationsSinceAsync(first.NextCursor, 100, CancellationToken.None);
        var winner = Assert.Single(second.Items, p => p.Won);
        Assert.Equal(Trades.CreditCode(10), winner.Bidder.CreditCode);
        Assert.NotNull(winner.AwardedAt);

        var summary = Assert.Single(await facts.TendersOfProjectAsync("2026-370781-47-01-000123 ", CancellationToken.None));
        Assert.Equal(ocid, summary.Ocid);
        var lot = Assert.Single(summary.Lots);
        Assert.Equal(1_100_000_000L, lot.AwardValueFen);
        Assert.Equal(Trades.CreditCode(10), lot.WinnerCreditCode);
        Assert.Equal("公开招标", (await facts.TenderAsync(ocid, CancellationToken.None))!.ProcurementMethodDetails);
        Assert.Null(await facts.TenderAsync("ocds-sl3707-none", CancellationToken.None));
    }

    [Fact]
    public async Task Bids_before_their_opening_are_not_told()
    {
        var facts = node.Services.CreateScope().ServiceProvider.GetRequiredService<ITenderFacts>();
        var start = (await facts.ParticipationsSinceAsync(0, 10_000, CancellationToken.None)).NextCursor;
        var ocid = "ocds-sl3707-370781-2026-7002";
        var client = await node.As("tradingoperator-370781");
        var future = DateTimeOffset.UtcNow.AddDays(3).ToString("yyyy-MM-ddTHH:mm:ssK", System.Globalization.CultureInfo.InvariantCulture);
        await client.PostAsync("/api/v1/trading/ocds", Json(Trades.Package(Trades.Tender(ocid), Trades.Bids(ocid, opening: future))));
        Assert.DoesNotContain((await facts.ParticipationsSinceAsync(start, 100, CancellationToken.None)).Items, p => p.TenderCode == ocid);
    }
}
