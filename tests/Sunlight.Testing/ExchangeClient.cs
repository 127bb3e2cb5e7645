using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Sunlight.Testing;

/// <summary>
/// A registered system pushing to a node's exchange as a department's system would: NDJSON signed with
/// HMAC-SHA256(timestamp + "\n" + body) under its secret, the timestamp taken from the node's clock.
/// </summary>
public sealed class ExchangeClient(SunlightNode node, string id, string secret, TimeProvider clock)
{
    public string Id => id;

    public string Secret => secret;

    /// <summary>Registers a system of <paramref name="organisation"/> through the API as <paramref name="admin"/> (feeds: its organisation kind's by default).</summary>
    public static async Task<ExchangeClient> RegisterAsync(SunlightNode node, string organisation, string admin = "admin-370781", IReadOnlyList<string>? feeds = null, TimeProvider? clock = null)
    {
        ArgumentNullException.ThrowIfNull(node);
        var id = "sys-" + Guid.NewGuid().ToString("N")[..8];
        var created = await (await (await node.As(admin)).PostJson("/api/v1/exchange/systems", new { id, organisation, feeds })).Expect(HttpStatusCode.Created);
        return new ExchangeClient(node, id, created.GetProperty("secret").GetString()!, clock ?? TimeProvider.System);
    }

    /// <summary>Items as NDJSON, one JSON object per line.</summary>
    public static string Ndjson(params object[] items) => string.Join("\n", items.Select(i => JsonSerializer.Serialize(i))) + "\n";

    public Task<HttpResponseMessage> SendAsync(string feed, string body, long? timestamp = null, string? signature = null, string? language = null) =>
        SendAsync(feed, Encoding.UTF8.GetBytes(body), timestamp, signature, language);

    /// <summary>Pushes <paramref name="body"/> as bytes (so a test can send what no string holds: invalid UTF-8).</summary>
    public Task<HttpResponseMessage> SendAsync(string feed, byte[] body, long? timestamp = null, string? signature = null, string? language = null)
    {
        ArgumentNullException.ThrowIfNull(body);
        var ts = (timestamp ?? clock.GetUtcNow().ToUnixTimeSeconds()).ToString(CultureInfo.InvariantCulture);
        var prefix = Encoding.UTF8.GetBytes(ts + "\n");
        var sig = signature ?? Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), (byte[])[.. prefix, .. body]));
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/x-ndjson") { CharSet = "utf-8" };
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/exchange/{feed}") { Content = content };
        request.Headers.Add("X-Sunlight-System", id);
        request.Headers.Add("X-Sunlight-Timestamp", ts);
        request.Headers.Add("X-Sunlight-Signature", sig);
        if (language is not null)
        {
            request.Headers.AcceptLanguage.ParseAdd(language);
        }

        return node.Anonymous().SendAsync(request);
    }
}
