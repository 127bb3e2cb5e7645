using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using System.Xml;
using Microsoft.EntityFrameworkCore;
using Sunlight.Trading.Storage;

namespace Sunlight.Trading.Ocds;

/// <summary>One public notice of a trade: its stage now (announced, candidates, awarded, contracted, failed), when, and where to read it.</summary>
internal sealed record TradeNotice(string Ocid, string Title, string CentreCode, string Kind, string Stage, DateTimeOffset At);

/// <summary>
/// The public side of trading (trading.md "Pages"): each trade's latest public stage, per centre, and the same list as
/// Atom 1.0 (RFC 4287) and RSS 2.0 feeds. Only what the public export shows is told: titles, stages and dates, never a
/// bid.
/// </summary>
internal sealed class TradeNotices(IDbContextFactory<TradingDbContext> contexts)
{
    public const int Size = 50;

    public async Task<IReadOnlyList<TradeNotice>> LatestAsync(string? centre, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct).ConfigureAwait(false);
        var query = db.Projects.AsNoTracking().Where(p => !p.Foreign);
        if (centre is { Length: > 0 })
        {
            query = query.Where(p => p.CentreCode == centre);
        }

        var rows = await query.OrderByDescending(p => p.CompiledAt).ThenBy(p => p.Ocid).Take(Size)
            .Select(p => new { p.Ocid, p.Title, p.CentreCode, p.Kind, p.Compiled, p.CompiledAt }).ToListAsync(ct).ConfigureAwait(false);
        return [.. rows.Select(r => new TradeNotice(r.Ocid, r.Title ?? r.Ocid, r.CentreCode, r.Kind, Stage((JsonObject)JsonNode.Parse(r.Compiled)!), r.CompiledAt))];
    }

    /// <summary>The latest public stage of a trade.</summary>
    public static string Stage(JsonObject compiled)
    {
        string? Str(JsonNode? n) => n is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
        if (Str(compiled["tender"]?["status"]) is "cancelled" or "unsuccessful")
        {
            return "failed";
        }

        if (compiled["contracts"] is JsonArray { Count: > 0 })
        {
            return "contracted";
        }

        var awards = (compiled["awards"] as JsonArray ?? []).OfType<JsonObject>().ToList();
        if (awards.Any(a => Str(a["status"]) == "active"))
        {
            return "awarded";
        }

        return awards.Any(a => Str(a["status"]) == "pending") ? "candidates" : "announced";
    }

    private static readonly Dictionary<string, string> Stages = new(StringComparer.Ordinal)
    {
        ["announced"] = "招标公告", ["candidates"] = "中标候选人公示", ["awarded"] = "中标结果公告", ["contracted"] = "合同公告", ["failed"] = "终止（流标）公告",
    };

    public static string StageName(string stage) => Stages.GetValueOrDefault(stage, stage);

    private static string Link(string baseUrl, string ocid) => $"{baseUrl}/api/v1/trading/ocds/compiled/{Uri.EscapeDataString(ocid)}";

    /// <summary>An Atom 1.0 feed of the notices (RFC 4287): feed id, title, updated, self link, author; each entry id, title, updated, link, summary.</summary>
    public static string Atom(IReadOnlyList<TradeNotice> notices, string baseUrl, string self, string title)
    {
        var text = new StringBuilder();
        using (var xml = XmlWriter.Create(text, new XmlWriterSettings { Encoding = Encoding.UTF8, Indent = false }))
        {
            const string Ns = "http://www.w3.org/2005/Atom";
            xml.WriteStartElement("feed", Ns);
            xml.WriteElementString("id", Ns, self);
            xml.WriteElementString("title", Ns, title);
            xml.WriteElementString("updated", Ns, Rfc3339(notices.Count > 0 ? notices.Max(n => n.At) : DateTimeOffset.UnixEpoch));
            xml.WriteStartElement("link", Ns);
            xml.WriteAttributeString("rel", "self");
            xml.WriteAttributeString("href", self);
            xml.WriteEndElement();
            xml.WriteStartElement("author", Ns);
            xml.WriteElementString("name", Ns, "阳光监察 Sunlight");
            xml.WriteEndElement();
            foreach (var n in notices)
            {
                xml.WriteStartElement("entry", Ns);
                xml.WriteElementString("id", Ns, $"urn:ocid:{n.Ocid}:{n.Stage}");
                xml.WriteElementString("title", Ns, $"{StageName(n.Stage)}：{n.Title}");
                xml.WriteElementString("updated", Ns, Rfc3339(n.At));
                xml.WriteStartElement("link", Ns);
                xml.WriteAttributeString("href", Link(baseUrl, n.Ocid));
                xml.WriteEndElement();
                xml.WriteElementString("summary", Ns, $"{n.CentreCode} · {n.Kind} · {n.Ocid}");
                xml.WriteEndElement();
            }

            xml.WriteEndElement();
        }

        return text.ToString();
    }

    /// <summary>An RSS 2.0 feed of the notices: channel title, link, description; each item title, link, guid, pubDate (RFC 822), description.</summary>
    public static string Rss(IReadOnlyList<TradeNotice> notices, string baseUrl, string link, string title)
    {
        var text = new StringBuilder();
        using (var xml = XmlWriter.Create(text, new XmlWriterSettings { Encoding = Encoding.UTF8, Indent = false }))
        {
            xml.WriteStartElement("rss");
            xml.WriteAttributeString("version", "2.0");
            xml.WriteStartElement("channel");
            xml.WriteElementString("title", title);
            xml.WriteElementString("link", link);
            xml.WriteElementString("description", "公共资源交易公告（招标、中标候选人公示、中标结果、合同）");
            xml.WriteElementString("language", "zh-cn");
            foreach (var n in notices)
            {
                xml.WriteStartElement("item");
                xml.WriteElementString("title", $"{StageName(n.Stage)}：{n.Title}");
                xml.WriteElementString("link", Link(baseUrl, n.Ocid));
                xml.WriteStartElement("guid");
                xml.WriteAttributeString("isPermaLink", "false");
                xml.WriteString($"urn:ocid:{n.Ocid}:{n.Stage}");
                xml.WriteEndElement();
                xml.WriteElementString("pubDate", n.At.ToUniversalTime().ToString("r", CultureInfo.InvariantCulture));
                xml.WriteElementString("description", $"{n.CentreCode} · {n.Kind} · {n.Ocid}");
                xml.WriteEndElement();
            }

            xml.WriteEndElement();
            xml.WriteEndElement();
        }

        return text.ToString();
    }

    private static string Rfc3339(DateTimeOffset at) => at.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
