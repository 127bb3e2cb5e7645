using System.ServiceModel.Syndication;
using System.Text;
using System.Text.Json.Nodes;
using System.Xml;

namespace Sunlight.Trading.Tests;

/// <summary>The public notices: the page per centre, and Atom 1.0 and RSS 2.0 feeds read by a peer's parser (System.ServiceModel.Syndication).</summary>
public sealed class PublicNoticeTests(SqliteNode node) : IClassFixture<SqliteNode>
{
    [Fact]
    public async Task Notices_are_a_public_page_and_atom_and_rss_feeds_per_centre_and_tell_no_bid()
    {
        var client = await node.As("tradingoperator-370781");
        var announced = Trades.Tender("ocds-sl3707-370781-2026-8001");
        var awarded = Trades.Tender("ocds-sl3707-370781-2026-8002");
        awarded["tender"]!["title"] = "青州市污水管网改造工程";
        var award = new JsonObject
        {
            ["ocid"] = "ocds-sl3707-370781-2026-8002", ["id"] = "3", ["date"] = "2026-04-10T10:00:00+08:00", ["tag"] = new JsonArray("award"),
            ["awards"] = new JsonArray(new JsonObject { ["id"] = "a1", ["status"] = "active", ["date"] = "2026-04-10T10:00:00+08:00", ["value"] = Trades.Value(11_000_000m), ["suppliers"] = new JsonArray(new JsonObject { ["id"] = Trades.Org(10), ["name"] = "投标人10" }) }),
        };
        using var posted = await client.PostAsync("/api/v1/trading/ocds", new StringContent(Trades.Package(announced, awarded, Trades.Bids("ocds-sl3707-370781-2026-8002"), award), Encoding.UTF8, "application/json"));
        Assert.True(posted.IsSuccessStatusCode);

        var anonymous = node.Anonymous();
        var page = await anonymous.GetStringAsync("/trading/public?centre=370781-ggzy");
        Assert.Contains("青州市污水管网改造工程", page, StringComparison.Ordinal);
        Assert.Contains("/api/v1/trading/feed.atom?centre=370781-ggzy", page, StringComparison.Ordinal);

        using var atomResponse = await anonymous.GetAsync("/api/v1/trading/feed.atom?centre=370781-ggzy");
        Assert.Equal("application/atom+xml", atomResponse.Content.Headers.ContentType!.MediaType);
        var atomText = await atomResponse.Content.ReadAsStringAsync();
        var atom = new Atom10FeedFormatter();
        using (var reader = XmlReader.Create(new StringReader(atomText)))
        {
            Assert.True(atom.CanRead(reader));
            atom.ReadFrom(reader);
        }

        Assert.Contains(atom.Feed.Items, i => i.Title.Text == "中标结果公告：青州市污水管网改造工程" && i.Links[0].Uri.ToString().EndsWith("/api/v1/trading/ocds/compiled/ocds-sl3707-370781-2026-8002", StringComparison.Ordinal));
        Assert.Contains(atom.Feed.Items, i => i.Title.Text.StartsWith("招标公告：", StringComparison.Ordinal));
        Assert.Equal(atom.Feed.Items.Count(), atom.Feed.Items.Select(i => i.Id).Distinct().Count());

        var rssText = await anonymous.GetStringAsync("/api/v1/trading/feed.rss?centre=370781-ggzy");
        var rss = new Rss20FeedFormatter();
        using (var reader = XmlReader.Create(new StringReader(rssText)))
        {
            Assert.True(rss.CanRead(reader));
            rss.ReadFrom(reader);
        }

        Assert.Contains(rss.Feed.Items, i => i.Title.Text == "中标结果公告：青州市污水管网改造工程" && i.PublishDate.Year == 2026);
        foreach (var text in new[] { page, atomText, rssText })
        {
            Assert.DoesNotContain("投标人11", text, StringComparison.Ordinal);
            Assert.DoesNotContain("aa:bb:cc", text, StringComparison.Ordinal);
        }

        // Another centre's feed does not carry this centre's notices.
        Assert.DoesNotContain("8002", await anonymous.GetStringAsync("/api/v1/trading/feed.atom?centre=370700-ggzy"), StringComparison.Ordinal);
    }
}
