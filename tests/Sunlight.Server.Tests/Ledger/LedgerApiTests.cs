using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Sunlight.Core.Ledger;
using Sunlight.Core.Storage;

namespace Sunlight.Server.Tests.Ledger;

/// <summary>Records written with the state they describe; proofs, tiles and checkpoints as outside tools read them.</summary>
public abstract class LedgerApiTests(SunlightNode node)
{
    private async Task<LedgerCheckpoint> CheckpointAsync()
    {
        var json = await (await (await node.As("supervisor")).PostAsync("/api/v1/ledger/checkpoint", null)).Expect(HttpStatusCode.OK);
        await using var scope = node.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CoreDbContext>();
        var size = json.GetProperty("size").GetInt64();
        return await db.LedgerCheckpoints.AsNoTracking().SingleAsync(c => c.Size == size);
    }

    private async Task<long> SequenceOfAsync(string type, string subject)
    {
        await using var scope = node.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CoreDbContext>();
        return await db.LedgerRecords.Where(r => r.Type == type && r.Subject == subject).Select(r => r.Sequence).SingleAsync();
    }

    [Fact]
    public async Task A_directory_change_and_its_record_commit_together_and_a_refused_change_records_nothing()
    {
        var admin = await node.As("admin-370781");
        await (await admin.PostJson("/api/v1/directory/organisations", new { code = "370781-ledger-a", name = "青州市账本测试局", kind = "Department", region = "370781" }))
            .Expect(HttpStatusCode.Created);
        var seq = await SequenceOfAsync("directory.organisation.created", "370781-ledger-a");
        await CheckpointAsync();
        var record = await (await (await node.As("supervisor-370781")).GetAsync($"/api/v1/ledger/records/{seq}")).Expect(HttpStatusCode.OK);
        Assert.True(record.GetProperty("included").GetBoolean());
        Assert.Equal("青州市账本测试局", record.GetProperty("body").GetProperty("name").GetString());

        await using var scope = node.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CoreDbContext>();
        var before = await db.LedgerRecords.CountAsync();
        await (await admin.PostJson("/api/v1/directory/organisations", new { code = "370781-ledger-a", name = "重复", kind = "Department", region = "370781" }))
            .Expect(HttpStatusCode.Conflict);
        await (await admin.PostJson("/api/v1/directory/organisations", new { code = "370781-ledger-b", name = "坏", kind = "Nope", region = "370781" }))
            .Expect(HttpStatusCode.BadRequest);
        Assert.Equal(before, await db.LedgerRecords.CountAsync());
    }

    [Fact]
    public async Task Records_are_readable_only_inside_the_jurisdiction()
    {
        var seq = await SequenceOfAsync("directory.organisation.created", "370782-fgw");
        await (await (await node.As("supervisor-370781")).GetAsync($"/api/v1/ledger/records/{seq}")).Expect(HttpStatusCode.Forbidden);
        await (await (await node.As("supervisor")).GetAsync($"/api/v1/ledger/records/{seq}")).Expect(HttpStatusCode.OK);
        await (await (await node.As("clerk")).GetAsync($"/api/v1/ledger/records/{seq}")).Expect(HttpStatusCode.Forbidden);
        await (await (await node.As("supervisor")).GetAsync("/api/v1/ledger/records/99999999")).Expect(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task The_checkpoint_verifies_with_the_published_key_and_the_tiles_rebuild_its_root()
    {
        var checkpoint = await CheckpointAsync();
        var anonymous = node.Anonymous();
        var vkey = (await anonymous.GetStringAsync("/ledger/key")).Trim();
        var note = await anonymous.GetStringAsync("/ledger/checkpoint");
        var opened = SignedNote.Open(note, [NoteVerifier.ParseVerifierKey(vkey)]);
        var parsed = Checkpoint.Parse(opened.Text);
        Assert.True(parsed.Size >= checkpoint.Size);

        // Rebuild the root from level-0 tiles and entry bundles alone, as an outside client would.
        var leaves = new List<byte[]>();
        for (long tile = 0; tile * 256 < parsed.Size; tile++)
        {
            var width = (int)Math.Min(256, parsed.Size - (tile * 256));
            var hashes = await anonymous.GetByteArrayAsync("/ledger/" + TilePath.Tile(0, tile, width));
            var bundle = await anonymous.GetByteArrayAsync("/ledger/" + TilePath.Entries(tile, width));
            Assert.Equal(width * 32, hashes.Length);
            var offset = 0;
            for (var i = 0; i < width; i++)
            {
                var length = (bundle[offset] << 8) | bundle[offset + 1];
                var leaf = Rfc9162.LeafHash(bundle.AsSpan(offset + 2, length));
                Assert.Equal(hashes.AsSpan(i * 32, 32).ToArray(), leaf);
                Assert.NotNull(LedgerLeaf.Parse(bundle.AsSpan(offset + 2, length)));
                offset += 2 + length;
                leaves.Add(leaf);
            }
        }

        var tree = new InMemoryMerkleTree();
        foreach (var leaf in leaves)
        {
            tree.Append(leaf);
        }

        Assert.Equal(parsed.Root, Rfc9162.Root(parsed.Size, tree));
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync("/ledger/" + TilePath.Tile(0, 100_000))).StatusCode);
        var malformed = await anonymous.GetAsync("/ledger/tile/0/x001/banana");
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        Assert.Contains("tile/<L>/<N>", await malformed.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Inclusion_and_consistency_proofs_verify_against_signed_roots()
    {
        var first = await CheckpointAsync();
        await (await (await node.As("admin")).PostJson("/api/v1/directory/organisations", new { code = "370700-ledger-c", name = "潍坊市账本测试局", kind = "Department", region = "370700" }))
            .Expect(HttpStatusCode.Created);
        var second = await CheckpointAsync();
        Assert.True(second.Size > first.Size);

        var anonymous = node.Anonymous();
        var inclusion = await (await anonymous.GetAsync($"/api/v1/ledger/proof/inclusion?index=3&size={second.Size}")).Expect(HttpStatusCode.OK);
        var proof = inclusion.GetProperty("hashes").EnumerateArray().Select(h => Convert.FromBase64String(h.GetString()!)).ToList();
        await using var scope = node.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CoreDbContext>();
        var record = await db.LedgerRecords.AsNoTracking().SingleAsync(r => r.Sequence == 3);
        Assert.True(Rfc9162.VerifyInclusion(3, second.Size, LedgerLeaf.Hash(record), proof, second.Root));

        var consistency = await (await anonymous.GetAsync($"/api/v1/ledger/proof/consistency?from={first.Size}&to={second.Size}")).Expect(HttpStatusCode.OK);
        var path = consistency.GetProperty("hashes").EnumerateArray().Select(h => Convert.FromBase64String(h.GetString()!)).ToList();
        Assert.True(Rfc9162.VerifyConsistency(first.Size, second.Size, first.Root, second.Root, path));
    }

    [Fact]
    public async Task Malformed_proof_requests_get_precise_errors()
    {
        var size = (await CheckpointAsync()).Size;
        var anonymous = node.Anonymous();
        await (await anonymous.GetAsync($"/api/v1/ledger/proof/inclusion?index={size}&size={size}")).Expect(HttpStatusCode.BadRequest);
        await (await anonymous.GetAsync($"/api/v1/ledger/proof/inclusion?index=0&size={size + 1000}")).Expect(HttpStatusCode.BadRequest);
        await (await anonymous.GetAsync("/api/v1/ledger/proof/inclusion?index=0")).Expect(HttpStatusCode.BadRequest);
        var problem = await (await anonymous.GetAsync("/api/v1/ledger/proof/consistency?from=5&to=2")).Expect(HttpStatusCode.BadRequest);
        Assert.Contains("from", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        await (await anonymous.GetAsync("/api/v1/ledger/proof/inclusion?index=x&size=1")).Expect(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Anyone_checks_a_record_by_sequence_and_body_hash()
    {
        var checkpoint = await CheckpointAsync();
        await using var scope = node.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CoreDbContext>();
        var record = await db.LedgerRecords.AsNoTracking().SingleAsync(r => r.Sequence == 7);
        var hex = Convert.ToHexStringLower(record.BodyHash);
        var check = await (await node.Anonymous().GetAsync($"/api/v1/ledger/check?seq=7&bodyHash={hex}")).Expect(HttpStatusCode.OK);
        Assert.True(check.GetProperty("included").GetBoolean());
        Assert.True(check.GetProperty("bodyHashMatches").GetBoolean());
        var wrong = await (await node.Anonymous().GetAsync($"/api/v1/ledger/check?seq=7&bodyHash={new string('0', 64)}")).Expect(HttpStatusCode.OK);
        Assert.False(wrong.GetProperty("bodyHashMatches").GetBoolean());
        await (await node.Anonymous().GetAsync($"/api/v1/ledger/check?seq={checkpoint.Size + 100}&bodyHash={hex}")).Expect(HttpStatusCode.Conflict);
        await (await node.Anonymous().GetAsync("/api/v1/ledger/check?seq=7&bodyHash=xyz")).Expect(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Concurrent_writers_get_dense_sequence_numbers()
    {
        var factory = node.Services.GetRequiredService<IDbContextFactory<CoreDbContext>>();
        long before;
        await using (var db = factory.CreateDbContext())
        {
            before = await db.LedgerCounters.Select(c => c.Next).SingleAsync();
        }

        await Parallel.ForAsync(0, 40, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, ct) =>
        {
            await using var db = factory.CreateDbContext();
            await using var unit = await UnitOfWork.BeginAsync(db, ct);
            unit.Record(RecordDraft.Json("test.concurrent", $"writer-{i}", new { i }));
            unit.Record(RecordDraft.Json("test.concurrent", $"writer-{i}-b", new { i }));
            await unit.CommitAsync(ct);
        });

        await using (var db = factory.CreateDbContext())
        {
            var seqs = await db.LedgerRecords.Where(r => r.Sequence >= before).OrderBy(r => r.Sequence).Select(r => r.Sequence).ToListAsync();
            Assert.Equal(Enumerable.Range(0, seqs.Count).Select(i => before + i), seqs);
            Assert.True(seqs.Count >= 80);
        }
    }
}

public sealed class LedgerApiTestsOnSqlite(SqliteNode node) : LedgerApiTests(node), IClassFixture<SqliteNode>;

public sealed class LedgerApiTestsOnPostgres(PostgresNode node) : LedgerApiTests(node), IClassFixture<PostgresNode>;
