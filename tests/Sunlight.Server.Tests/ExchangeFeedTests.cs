using System.Net;
using System.Text;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Sunlight.Core.Directory;
using Sunlight.Core.Exchange;

namespace Sunlight.Server.Tests;

/// <summary>
/// Core's exchange with a feed of its own (an echo feed a supervision body may push): feeds are found by name,
/// systems are scoped to feeds, limits hold, and each line's bytes are checked on their own — a line that is not
/// UTF-8 is refused alone and the rest reach the feed with their numbers as sent.
/// </summary>
public abstract class ExchangeFeedTests(SunlightNode node)
{
    [Fact]
    public async Task A_feed_gets_only_well_formed_lines_and_each_bad_line_is_answered_on_its_own()
    {
        var system = await ExchangeClient.RegisterAsync(node, "370781-jw");
        byte[] body = [.. Encoding.UTF8.GetBytes("{\"id\":\"a\"}\r\n\n"), 0xFF, 0xFE, (byte)'\n', .. Encoding.UTF8.GetBytes("{\"id\":\"b\"}\n")];
        var answer = await (await system.SendAsync(EchoFeed.FeedName, body)).Expect(HttpStatusCode.OK);
        Assert.Equal(2, answer.GetProperty("accepted").GetInt32());
        var rejected = Assert.Single(answer.GetProperty("rejected").EnumerateArray());
        Assert.Equal(3, rejected.GetProperty("line").GetInt32());
        Assert.Contains("UTF-8", rejected.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, answer.GetProperty("warnings").GetArrayLength());
        Assert.Equal([1, 4], EchoFeed.Seen[system.Id].Select(l => l.Number));
    }

    [Fact]
    public async Task Feeds_outside_a_systems_scope_unknown_feeds_and_oversized_batches_are_refused_whole()
    {
        // A supervision body's system gets the echo feed by default, not case events.
        var system = await ExchangeClient.RegisterAsync(node, "370781-jw");
        var scope = await (await system.SendAsync("case-events", "{}\n")).Expect(HttpStatusCode.Forbidden);
        Assert.Contains(EchoFeed.FeedName, scope.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var unknown = await (await system.SendAsync("no-such-feed", "{}\n")).Expect(HttpStatusCode.NotFound);
        Assert.Contains("case-events", unknown.GetProperty("detail").GetString(), StringComparison.Ordinal);
        await (await system.SendAsync(EchoFeed.FeedName, string.Concat(Enumerable.Repeat("{}\n", EchoFeed.Lines + 1)))).Expect(HttpStatusCode.RequestEntityTooLarge);
        await (await system.SendAsync(EchoFeed.FeedName, "{}\n", signature: new string('0', 64))).Expect(HttpStatusCode.Unauthorized);
        Assert.False(EchoFeed.Seen.ContainsKey(system.Id));

        // An administrator may scope a system explicitly; a feed that does not exist is named.
        var admin = await node.As("admin-370781");
        var bad = await (await admin.PostJson("/api/v1/exchange/systems", new { id = "x-" + Guid.NewGuid().ToString("N")[..6], organisation = "370781-xzsp", feeds = new[] { "no-such-feed" } })).Expect(HttpStatusCode.BadRequest);
        Assert.Contains("no-such-feed", bad.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var both = await (await admin.PostJson("/api/v1/exchange/systems", new { id = "y-" + Guid.NewGuid().ToString("N")[..6], organisation = "370781-xzsp", feeds = new[] { "case-events", EchoFeed.FeedName } })).Expect(HttpStatusCode.Created);
        Assert.Equal(["case-events", EchoFeed.FeedName], both.GetProperty("feeds").EnumerateArray().Select(f => f.GetString()));
    }
}

/// <summary>A feed that keeps what it was given, so a test sees exactly which lines passed the exchange.</summary>
internal sealed class EchoFeed : IExchangeFeed
{
    public const string FeedName = "test-echo";

    public const int Lines = 50;

    public static System.Collections.Concurrent.ConcurrentDictionary<string, IReadOnlyList<ExchangeLine>> Seen { get; } = new();

    public string Name => FeedName;

    public int MaxLines => Lines;

    public int MaxBytes => 64 * 1024;

    public IReadOnlyList<OrganisationKind> DefaultKinds { get; } = [OrganisationKind.SupervisionBody];

    public Task<IntakeAnswer> IngestAsync(ExchangeSender sender, IReadOnlyList<ExchangeLine> lines, CancellationToken ct)
    {
        Seen[sender.SystemId] = lines;
        return Task.FromResult(new IntakeAnswer(lines.Count, 0, []));
    }
}

public sealed class EchoSqliteNode : SqliteNode
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(s => s.AddScoped<IExchangeFeed, EchoFeed>());
    }
}

public sealed class EchoPostgresNode(PostgresServer server) : PostgresNode(server)
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(s => s.AddScoped<IExchangeFeed, EchoFeed>());
    }
}

public sealed class ExchangeFeedTestsOnSqlite(EchoSqliteNode node) : ExchangeFeedTests(node), IClassFixture<EchoSqliteNode>;

public sealed class ExchangeFeedTestsOnPostgres(EchoPostgresNode node) : ExchangeFeedTests(node), IClassFixture<EchoPostgresNode>;
