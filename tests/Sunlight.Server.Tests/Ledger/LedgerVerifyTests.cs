using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Sunlight.Core.Ledger;
using Sunlight.Core.Storage;

namespace Sunlight.Server.Tests.Ledger;

/// <summary>
/// Every kind of tampering — edit, deletion, insertion, reordering of bodies, leaves or stored hashes, a forged
/// checkpoint — is caught by the verifier, which names the first bad sequence number. Each test tampers, checks,
/// then undoes its change and checks that the ledger is intact again.
/// </summary>
public abstract class LedgerVerifyTests(SunlightNode node)
{
    private async Task<(CoreDbContext Db, AsyncServiceScope Scope)> OpenAsync()
    {
        var scope = node.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CoreDbContext>();
        await node.Services.GetRequiredService<LedgerIntegrator>().CheckpointAsync(CancellationToken.None);
        return (db, scope);
    }

    private async Task<VerifyReport> VerifyAsync()
    {
        await using var scope = node.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CoreDbContext>();
        var keys = node.Services.GetRequiredService<LedgerKeys>();
        return await new LedgerVerifier(db, keys.Verifiers, keys.Origin).VerifyAsync(null, CancellationToken.None);
    }

    private async Task ExpectBrokenAt(long sequence)
    {
        var report = await VerifyAsync();
        Assert.False(report.Intact, "tampering was not detected");
        Assert.Equal(sequence, report.Problem!.Sequence);
    }

    private async Task ExpectIntact()
    {
        var report = await VerifyAsync();
        Assert.True(report.Intact, report.Problem?.Message);
        Assert.True(report.Records > 1000, $"only {report.Records} records: the demo seed should have written over a thousand");
    }

    [Fact]
    public async Task Intact_ledger_verifies() => await ExpectIntact();

    [Fact]
    public async Task Edited_body_is_caught_at_its_sequence()
    {
        var (db, scope) = await OpenAsync();
        await using var _ = scope;
        var original = await db.LedgerRecords.AsNoTracking().SingleAsync(r => r.Sequence == 500);
        var forged = "{\"name\":\"篡改\"}"u8.ToArray();
        await db.LedgerRecords.Where(r => r.Sequence == 500).ExecuteUpdateAsync(s => s.SetProperty(r => r.Body, forged));
        await ExpectBrokenAt(500);
        // Also rewriting the stored body hash does not help: the leaf no longer matches the tree.
        await db.LedgerRecords.Where(r => r.Sequence == 500).ExecuteUpdateAsync(s => s.SetProperty(r => r.BodyHash, LedgerLeaf.BodyHash(forged)));
        await ExpectBrokenAt(500);
        await db.LedgerRecords.Where(r => r.Sequence == 500).ExecuteUpdateAsync(s => s.SetProperty(r => r.Body, original.Body).SetProperty(r => r.BodyHash, original.BodyHash));
        await ExpectIntact();
    }

    [Fact]
    public async Task Edited_type_or_instant_is_caught()
    {
        var (db, scope) = await OpenAsync();
        await using var _ = scope;
        var original = await db.LedgerRecords.AsNoTracking().SingleAsync(r => r.Sequence == 42);
        await db.LedgerRecords.Where(r => r.Sequence == 42).ExecuteUpdateAsync(s => s.SetProperty(r => r.At, original.At.AddDays(-3)));
        await ExpectBrokenAt(42);
        await db.LedgerRecords.Where(r => r.Sequence == 42).ExecuteUpdateAsync(s => s.SetProperty(r => r.At, original.At).SetProperty(r => r.Type, "directory.region.deleted"));
        await ExpectBrokenAt(42);
        await db.LedgerRecords.Where(r => r.Sequence == 42).ExecuteUpdateAsync(s => s.SetProperty(r => r.Type, original.Type));
        await ExpectIntact();
    }

    [Fact]
    public async Task Deleted_records_are_caught()
    {
        var (db, scope) = await OpenAsync();
        await using var _ = scope;
        var middle = await db.LedgerRecords.AsNoTracking().SingleAsync(r => r.Sequence == 300);
        await db.LedgerRecords.Where(r => r.Sequence == 300).ExecuteDeleteAsync();
        await ExpectBrokenAt(300);
        db.LedgerRecords.Add(middle);
        await db.SaveChangesAsync();
        db.ChangeTracker.Clear();
        await ExpectIntact();

        var last = await db.LedgerRecords.MaxAsync(r => r.Sequence);
        var tail = await db.LedgerRecords.AsNoTracking().SingleAsync(r => r.Sequence == last);
        await db.LedgerRecords.Where(r => r.Sequence == last).ExecuteDeleteAsync();
        var report = await VerifyAsync();
        Assert.False(report.Intact);
        Assert.True(report.Problem!.Sequence <= last, report.Problem.Message);
        db.LedgerRecords.Add(tail);
        await db.SaveChangesAsync();
        db.ChangeTracker.Clear();
        await ExpectIntact();
    }

    [Fact]
    public async Task Inserted_record_is_caught()
    {
        var (db, scope) = await OpenAsync();
        await using var _ = scope;
        var next = await db.LedgerCounters.Select(c => c.Next).SingleAsync();
        var body = "{\"backdated\":true}"u8.ToArray();
        db.LedgerRecords.Add(new LedgerRecord { Sequence = next, Type = "directory.organisation.created", Subject = "ghost", At = LedgerLeaf.Normalise(DateTimeOffset.UtcNow.AddDays(-100)), Body = body, BodyHash = LedgerLeaf.BodyHash(body) });
        await db.SaveChangesAsync();
        db.ChangeTracker.Clear();
        await ExpectBrokenAt(next);
        await db.LedgerRecords.Where(r => r.Sequence == next).ExecuteDeleteAsync();
        await ExpectIntact();
    }

    [Fact]
    public async Task Reordered_records_are_caught_at_the_first_moved()
    {
        var (db, scope) = await OpenAsync();
        await using var _ = scope;
        var a = await db.LedgerRecords.AsNoTracking().SingleAsync(r => r.Sequence == 100);
        var b = await db.LedgerRecords.AsNoTracking().SingleAsync(r => r.Sequence == 101);
        async Task Put(long seq, LedgerRecord from) =>
            await db.LedgerRecords.Where(r => r.Sequence == seq).ExecuteUpdateAsync(s => s
                .SetProperty(r => r.Type, from.Type).SetProperty(r => r.Subject, from.Subject).SetProperty(r => r.At, from.At)
                .SetProperty(r => r.Body, from.Body).SetProperty(r => r.BodyHash, from.BodyHash));
        await Put(100, b);
        await Put(101, a);
        await ExpectBrokenAt(100);
        await Put(100, a);
        await Put(101, b);
        await ExpectIntact();
    }

    [Fact]
    public async Task Altered_tile_hash_is_caught()
    {
        var (db, scope) = await OpenAsync();
        await using var _ = scope;
        var tile = await db.LedgerTiles.AsNoTracking().SingleAsync(t => t.Level == 0 && t.Index == 2);
        var altered = tile.Hashes.ToArray();
        altered[10 * 32] ^= 0x01;
        await db.LedgerTiles.Where(t => t.Level == 0 && t.Index == 2).ExecuteUpdateAsync(s => s.SetProperty(t => t.Hashes, altered));
        await ExpectBrokenAt((2 * 256) + 10);
        await db.LedgerTiles.Where(t => t.Level == 0 && t.Index == 2).ExecuteUpdateAsync(s => s.SetProperty(t => t.Hashes, tile.Hashes));
        await ExpectIntact();
    }

    [Fact]
    public async Task Forged_checkpoint_is_caught()
    {
        var (db, scope) = await OpenAsync();
        await using var _ = scope;
        var latest = await db.LedgerCheckpoints.AsNoTracking().OrderByDescending(c => c.Size).FirstAsync();
        var lines = latest.Note.Split('\n');
        var fakeRoot = Convert.ToBase64String(new byte[32]);
        var forged = string.Join('\n', lines.Take(2).Append(fakeRoot).Concat(lines.Skip(3)));
        await db.LedgerCheckpoints.Where(c => c.Size == latest.Size).ExecuteUpdateAsync(s => s.SetProperty(c => c.Note, forged));
        await ExpectBrokenAt(latest.Size);

        // A checkpoint signed by some other key is just as forged.
        using var other = NoteKey.Generate(node.Services.GetRequiredService<LedgerKeys>().Origin);
        var resigned = SignedNote.Sign(new Checkpoint(other.Name, latest.Size, new byte[32]).Format(), other);
        await db.LedgerCheckpoints.Where(c => c.Size == latest.Size).ExecuteUpdateAsync(s => s.SetProperty(c => c.Note, resigned).SetProperty(c => c.Root, new byte[32]));
        await ExpectBrokenAt(latest.Size);
        await db.LedgerCheckpoints.Where(c => c.Size == latest.Size).ExecuteUpdateAsync(s => s.SetProperty(c => c.Note, latest.Note).SetProperty(c => c.Root, latest.Root));
        await ExpectIntact();
    }
}

public sealed class LedgerVerifyTestsOnSqlite(SqliteNode node) : LedgerVerifyTests(node), IClassFixture<SqliteNode>;

public sealed class LedgerVerifyTestsOnPostgres(PostgresNode node) : LedgerVerifyTests(node), IClassFixture<PostgresNode>;
