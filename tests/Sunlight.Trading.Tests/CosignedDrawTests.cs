using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Sunlight.Core.Ledger;
using Sunlight.Trading.Draws;

namespace Sunlight.Trading.Tests;

/// <summary>A node on real Kestrel with a fixed ledger key and origin, so that another node names it parent or child.</summary>
public sealed class WitnessedNode : SqliteNode
{
    private readonly Dictionary<string, string> _settings;

    public WitnessedNode(byte[] seed, string origin, IDictionary<string, string> settings)
    {
        _settings = new Dictionary<string, string>(settings) { ["Sunlight:Ledger:Origin"] = origin, ["Sunlight:Ledger:Key"] = Convert.ToBase64String(seed) };
        UseKestrel(0);
    }

    protected override IReadOnlyDictionary<string, string> Settings => _settings;

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        StartServer();
    }
}

/// <summary>
/// The draw's provable path across two levels (trading.md step 3): the county's draw waits for the first checkpoint
/// the city cosigned, completes as <c>completed</c> (not <c>uncosigned</c>), and its proof carries the city's
/// cosignature, which the offline check verifies — and refuses once it is forged.
/// </summary>
public sealed class CosignedDrawTests : IAsyncLifetime
{
    private static readonly byte[] CitySeed = [.. Enumerable.Range(11, 32).Select(i => (byte)i)];
    private static readonly byte[] CountySeed = [.. Enumerable.Range(111, 32).Select(i => (byte)i)];
    private const string CityOrigin = "sunlight.test/370700";
    private const string CountyOrigin = "sunlight.test/370781";

    private WitnessedNode _city = default!;
    private WitnessedNode _county = default!;

    public async ValueTask InitializeAsync()
    {
        string countyKey, cityCosigner;
        using (var county = NoteKey.FromSeed(CountyOrigin, CountySeed))
        using (var city = NoteKey.FromSeed(CityOrigin, CitySeed))
        {
            countyKey = county.VerifierKey;
            cityCosigner = Cosignature.CosignerVerifierKey(city);
        }

        _city = new WitnessedNode(CitySeed, CityOrigin, new Dictionary<string, string> { ["Sunlight:Ledger:Children"] = countyKey });
        await _city.InitializeAsync();
        _county = new WitnessedNode(CountySeed, CountyOrigin, new Dictionary<string, string>
        {
            ["Sunlight:Ledger:Parent:Url"] = _city.KestrelBaseUrl,
            ["Sunlight:Ledger:Parent:Key"] = cityCosigner,
        });
        await _county.InitializeAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await _county.DisposeAsync();
        await _city.DisposeAsync();
    }

    [Fact]
    public async Task A_county_draw_completes_from_the_city_cosigned_checkpoint_and_its_proof_verifies_offline()
    {
        await Trades.SeedExpertsAsync(_county.Services, "E3707-08", 12, 800, 850);
        const string Ocid = "ocds-sl3707-370781-2026-9101";
        var op = await _county.As("tradingoperator-370781");
        (await op.PostAsync("/api/v1/trading/ocds", new StringContent(Trades.Package(Trades.Tender(Ocid), Trades.Bids(Ocid)), Encoding.UTF8, "application/json"))).EnsureSuccessStatusCode();
        using var created = await op.PostAsJsonAsync("/api/v1/trading/draws", new { ocid = Ocid, lot = "", evaluationAt = DateTimeOffset.UtcNow.AddDays(1), groups = new[] { new { specialty = "房屋建筑", count = 5, alternates = 2 } } });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var drawId = (string)JsonNode.Parse(await created.Content.ReadAsStringAsync())!["drawId"]!;

        await using var scope = _county.Services.CreateAsyncScope();
        var draws = scope.ServiceProvider.GetRequiredService<DrawService>();
        // A checkpoint the city has not cosigned is no beacon on a node with a parent: the draw waits, never falls back.
        var checkpoint = await scope.ServiceProvider.GetRequiredService<LedgerIntegrator>().CheckpointAsync(CancellationToken.None);
        Assert.Equal(0, await draws.RunDueAsync(DateTimeOffset.UtcNow, CancellationToken.None));
        Assert.True(await scope.ServiceProvider.GetRequiredService<WitnessClient>().SubmitAsync(checkpoint, CancellationToken.None));
        Assert.Equal(1, await draws.RunDueAsync(DateTimeOffset.UtcNow, CancellationToken.None));

        var view = JsonNode.Parse(await op.GetStringAsync($"/api/v1/trading/draws/{drawId}"))!;
        Assert.Equal("completed", (string)view["status"]!);
        var proof = JsonNode.Parse(await op.GetStringAsync($"/api/v1/trading/draws/{drawId}/proof"))!;
        Assert.NotNull(proof["cosignature"]);
        Assert.Null(DrawProof.Verify(proof));

        // A cosignature that is not the city's fails the offline check.
        var forged = proof.DeepClone();
        var line = (string)forged["cosignature"]!;
        var cut = line.LastIndexOf(' ') + 1;
        var bytes = Convert.FromBase64String(line[cut..]);
        bytes[^1] ^= 0x01;
        forged["cosignature"] = line[..cut] + Convert.ToBase64String(bytes);
        Assert.NotNull(DrawProof.Verify(forged));
    }
}
