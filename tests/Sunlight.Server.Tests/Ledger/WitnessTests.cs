using System.Net;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Sunlight.Core.Ledger;
using Sunlight.Core.Storage;

namespace Sunlight.Server.Tests.Ledger;

/// <summary>A node on real Kestrel with a fixed ledger key, so another node can name it as parent or child.</summary>
public sealed class LedgerPeer : SqliteNode
{
    private readonly Dictionary<string, string> _settings;

    public LedgerPeer(byte[] seed, string origin, IDictionary<string, string> settings)
    {
        _settings = new Dictionary<string, string>(settings)
        {
            ["Sunlight:Ledger:Origin"] = origin,
            ["Sunlight:Ledger:Key"] = Convert.ToBase64String(seed),
        };
        UseKestrel(0);
    }

    protected override IReadOnlyDictionary<string, string> Settings => _settings;

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        StartServer();
    }

    /// <summary>Writes <paramref name="count"/> records of its own and signs a checkpoint; returns it.</summary>
    public async Task<LedgerCheckpoint> WriteAndCheckpointAsync(string subject, int count)
    {
        await using (var scope = Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CoreDbContext>();
            await using var unit = await UnitOfWork.BeginAsync(db, CancellationToken.None);
            for (var i = 0; i < count; i++)
            {
                unit.Record(RecordDraft.Json("test.witnessed", $"{subject}-{i}", new { subject, i }));
            }

            await unit.CommitAsync(CancellationToken.None);
        }

        return await Services.GetRequiredService<LedgerIntegrator>().CheckpointAsync(CancellationToken.None);
    }

    public async Task<bool> SubmitAsync(LedgerCheckpoint checkpoint) =>
        await Services.GetRequiredService<WitnessClient>().SubmitAsync(checkpoint, CancellationToken.None);
}

/// <summary>The city node witnesses a county node over loopback HTTP; a county that rewrites history is refused.</summary>
public sealed class WitnessTests : IAsyncLifetime
{
    private static readonly byte[] CitySeed = Enumerable.Range(1, 32).Select(i => (byte)i).ToArray();
    private static readonly byte[] CountySeed = Enumerable.Range(101, 32).Select(i => (byte)i).ToArray();
    private const string CityOrigin = "sunlight.test/370700";
    private const string CountyOrigin = "sunlight.test/370781";

    private LedgerPeer _city = default!;
    private LedgerPeer _county = default!;
    private string _countyVkey = "";
    private string _cityCosigner = "";

    public async ValueTask InitializeAsync()
    {
        using (var county = NoteKey.FromSeed(CountyOrigin, CountySeed))
        using (var city = NoteKey.FromSeed(CityOrigin, CitySeed))
        {
            _countyVkey = county.VerifierKey;
            _cityCosigner = Cosignature.CosignerVerifierKey(city);
        }

        _city = new LedgerPeer(CitySeed, CityOrigin, new Dictionary<string, string> { ["Sunlight:Ledger:Children"] = _countyVkey });
        await _city.InitializeAsync();
        _county = Child(CountySeed);
        await _county.InitializeAsync();
    }

    private LedgerPeer Child(byte[] seed) => new(seed, CountyOrigin, new Dictionary<string, string>
    {
        ["Sunlight:Ledger:Parent:Url"] = _city.KestrelBaseUrl,
        ["Sunlight:Ledger:Parent:Key"] = _cityCosigner,
    });

    [Fact]
    public async Task City_cosigns_each_county_checkpoint_that_extends_what_it_saw()
    {
        var first = await _county.WriteAndCheckpointAsync("a", 5);
        Assert.True(await _county.SubmitAsync(first));
        var second = await _county.WriteAndCheckpointAsync("b", 300);
        Assert.True(await _county.SubmitAsync(second));

        // The county serves its checkpoint with the city's cosignature, which verifies with the city's key.
        var note = await _county.Anonymous().GetStringAsync("/ledger/checkpoint");
        var opened = SignedNote.Open(note, [NoteVerifier.ParseVerifierKey(_countyVkey)]);
        var line = opened.Signatures.Single(s => s.Name == CityOrigin);
        Assert.True(Cosignature.Verify(NoteVerifier.ParseVerifierKey(_cityCosigner), line, opened.Text, out var timestamp));
        Assert.True(timestamp > 0);

        // The city knows the county at the new size.
        await using var scope = _city.Services.CreateAsyncScope();
        var witnessed = await scope.ServiceProvider.GetRequiredService<CoreDbContext>().WitnessedLogs.AsNoTracking().SingleAsync(w => w.Origin == CountyOrigin);
        Assert.Equal(second.Size, witnessed.Size);
    }

    [Fact]
    public async Task A_county_that_rewrites_its_history_is_refused_and_the_city_raises_an_incident()
    {
        var honest = await _county.WriteAndCheckpointAsync("honest", 10);
        Assert.True(await _county.SubmitAsync(honest));

        // Same key, same origin, a different history of the same and of greater length.
        await using var forked = Child(CountySeed);
        await forked.InitializeAsync();
        var rewritten = await forked.WriteAndCheckpointAsync("rewritten", 10);
        Assert.Equal(honest.Size, rewritten.Size);
        Assert.False(await forked.SubmitAsync(rewritten));
        var longer = await forked.WriteAndCheckpointAsync("more", 50);
        Assert.False(await forked.SubmitAsync(longer));

        await using var scope = _city.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CoreDbContext>();
        var incidents = await db.WitnessIncidents.AsNoTracking().Where(i => i.Origin == CountyOrigin).ToListAsync();
        Assert.Contains(incidents, i => i.Kind == "fork");
        Assert.Contains(incidents, i => i.Kind == "inconsistent");
        Assert.Equal(honest.Size, (await db.WitnessedLogs.AsNoTracking().SingleAsync(w => w.Origin == CountyOrigin)).Size);
        var status = await (await (await _city.As("supervisor")).GetAsync("/api/v1/ledger/status")).Expect(HttpStatusCode.OK);
        Assert.True(status.GetProperty("incidents").GetArrayLength() >= 2);
        // And red alerts for the supervisors, once per kind and size.
        var alerts = await (await (await _city.As("supervisor")).GetAsync("/api/v1/alerts?rule=LEDGER-REWRITE")).Expect(HttpStatusCode.OK);
        Assert.True(alerts.GetProperty("total").GetInt32() >= 2);
        Assert.All(alerts.GetProperty("items").EnumerateArray(), a => Assert.Equal("red", a.GetProperty("severity").GetString()));
    }

    [Fact]
    public async Task Bad_witness_requests_get_the_c2sp_status_codes_and_store_nothing()
    {
        Assert.True(await _county.SubmitAsync(await _county.WriteAndCheckpointAsync("first", 3)));
        var checkpoint = await _county.WriteAndCheckpointAsync("probe", 5);
        var client = _city.Anonymous();
        async Task<HttpStatusCode> Post(string body) =>
            (await client.PostAsync("/ledger/witness/add-checkpoint", new StringContent(body, Encoding.UTF8, "text/plain"))).StatusCode;

        // Unknown origin.
        using (var stranger = NoteKey.Generate("sunlight.test/999999"))
        {
            var note = SignedNote.Sign(new Checkpoint(stranger.Name, 1, new byte[32]).Format(), stranger);
            Assert.Equal(HttpStatusCode.NotFound, await Post($"old 0\n\n{note}"));
        }

        // Known origin, signed by another key.
        using (var impostor = NoteKey.Generate(CountyOrigin))
        {
            var note = SignedNote.Sign(new Checkpoint(CountyOrigin, checkpoint.Size, checkpoint.Root).Format(), impostor);
            Assert.Equal(HttpStatusCode.Forbidden, await Post($"old 0\n\n{note}"));
        }

        // old > new; malformed; oversize.
        Assert.Equal(HttpStatusCode.BadRequest, await Post($"old {checkpoint.Size + 1}\n\n{checkpoint.Note}"));
        Assert.Equal(HttpStatusCode.BadRequest, await Post("hello"));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, await Post("old 0\n" + new string('A', 70_000) + "\n\n" + checkpoint.Note));

        // A wrong consistency proof from the size the city holds.
        await using var scope = _city.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CoreDbContext>();
        var held = (await db.WitnessedLogs.AsNoTracking().SingleAsync(w => w.Origin == CountyOrigin)).Size;
        Assert.True(held > 0 && held < checkpoint.Size);

        // Not the size the city holds: 409 with the size it holds.
        var response = await client.PostAsync("/ledger/witness/add-checkpoint", new StringContent($"old {held - 1}\n\n{checkpoint.Note}", Encoding.UTF8, "text/plain"));
        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal(held.ToString(System.Globalization.CultureInfo.InvariantCulture), (await response.Content.ReadAsStringAsync()).Trim());

        // The right old size with a proof that does not verify: 422.
        var bogus = Convert.ToBase64String(new byte[32]);
        Assert.Equal((HttpStatusCode)422, await Post($"old {held}\n{bogus}\n\n{checkpoint.Note}"));
        Assert.Equal(held, (await db.WitnessedLogs.AsNoTracking().SingleAsync(w => w.Origin == CountyOrigin)).Size);
    }

    public async ValueTask DisposeAsync()
    {
        await _county.DisposeAsync();
        await _city.DisposeAsync();
    }
}
