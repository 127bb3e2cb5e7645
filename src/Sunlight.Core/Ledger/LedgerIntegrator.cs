using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Sunlight.Core.Storage;

namespace Sunlight.Core.Ledger;

/// <summary>
/// Folds committed records into the Merkle tree (tiles and the tree state row) and signs checkpoints. Committed
/// records always form a dense prefix (see <see cref="Recorder"/>), so the integrator takes every record at or above
/// the tree size. It holds the tree row's lock while it works, so several server instances never integrate at once;
/// writers are not blocked, since they lock the counter row, not the tree row.
/// </summary>
public sealed class LedgerIntegrator(
    IServiceScopeFactory scopes, LedgerKeys keys, TileCache cache, TimeProvider clock, ILogger<LedgerIntegrator> log) : IDisposable
{
    public const int BatchSize = 50_000;

    private readonly SemaphoreSlim _gate = new(1, 1);
    private MerkleAccumulator? _edge;

    public void Dispose() => _gate.Dispose();

    /// <summary>Integrates everything committed so far; returns the tree size and root.</summary>
    public async Task<(long Size, byte[] Root)> IntegrateAsync(CancellationToken ct)
    {
        await _gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            while (true)
            {
                var (size, root, more) = await IntegrateBatchAsync(ct).ConfigureAwait(false);
                if (!more)
                {
                    return (size, root);
                }
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Integrates, then signs a checkpoint for the new size if none exists yet. Returns the latest checkpoint.</summary>
    public async Task<LedgerCheckpoint> CheckpointAsync(CancellationToken ct)
    {
        var (size, root) = await IntegrateAsync(ct).ConfigureAwait(false);
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CoreDbContext>();
        var existing = await db.LedgerCheckpoints.AsNoTracking().FirstOrDefaultAsync(c => c.Size == size, ct).ConfigureAwait(false);
        if (existing is not null)
        {
            return existing;
        }

        var text = new Checkpoint(keys.Origin, size, root).Format();
        var checkpoint = new LedgerCheckpoint { Size = size, Root = root, Note = SignedNote.Sign(text, keys.Signer), SignedAt = clock.GetUtcNow() };
        db.LedgerCheckpoints.Add(checkpoint);
        try
        {
            await db.SaveChangesAsync(ct).ConfigureAwait(false);
        }
        catch (DbUpdateException)
        {
            // Another instance signed the same size first; keep theirs.
            db.ChangeTracker.Clear();
            return await db.LedgerCheckpoints.AsNoTracking().FirstAsync(c => c.Size == size, ct).ConfigureAwait(false);
        }

        return checkpoint;
    }

    private async Task<(long Size, byte[] Root, bool More)> IntegrateBatchAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CoreDbContext>();
        await using var tx = await db.Database.BeginTransactionAsync(ct).ConfigureAwait(false);
        if (db.Database.IsNpgsql())
        {
            // One integrator at a time across instances; record writers lock the counter row, not this one.
            // Table and schema names come from the model, not from input.
            var entity = db.Model.FindEntityType(typeof(LedgerTreeState))!;
#pragma warning disable EF1002
            await db.Database.ExecuteSqlRawAsync(
                $"SELECT 1 FROM \"{entity.GetSchema()}\".\"{entity.GetTableName()}\" WHERE \"Id\" = 1 FOR UPDATE", ct).ConfigureAwait(false);
#pragma warning restore EF1002
        }

        var state = await db.LedgerTree.SingleAsync(ct).ConfigureAwait(false);
        var records = await db.LedgerRecords.AsNoTracking()
            .Where(r => r.Sequence >= state.Size).OrderBy(r => r.Sequence).Take(BatchSize)
            .Select(r => new { r.Sequence, r.Type, r.At, r.BodyHash })
            .ToListAsync(ct).ConfigureAwait(false);
        if (records.Count == 0)
        {
            return (state.Size, state.Root, false);
        }

        var edge = _edge;
        if (edge is null || edge.Size != state.Size || !edge.Root().AsSpan().SequenceEqual(state.Root))
        {
            var size = state.Size;
            var source = await TileHashSource.LoadAsync(db, cache, s => MerkleAccumulator.FromRightEdge(size, s), ct).ConfigureAwait(false);
            edge = MerkleAccumulator.FromRightEdge(size, source);
        }

        var tiles = new Dictionary<(int Level, long Index), (LedgerTile Row, List<byte> Hashes, bool IsNew)>();
        async Task<(LedgerTile Row, List<byte> Hashes, bool IsNew)> TileAsync(int level, long index)
        {
            if (!tiles.TryGetValue((level, index), out var t))
            {
                var row = await db.LedgerTiles.FirstOrDefaultAsync(x => x.Level == level && x.Index == index, ct).ConfigureAwait(false);
                t = row is null ? (new LedgerTile { Level = level, Index = index }, new List<byte>(8192), true) : (row, [.. row.Hashes], false);
                tiles[(level, index)] = t;
            }

            return t;
        }

        var completed = new List<(int Height, long Index, byte[] Hash)>();
        var expected = state.Size;
        foreach (var r in records)
        {
            if (r.Sequence != expected)
            {
                throw new InvalidDataException($"Ledger records are not dense: expected sequence {expected}, found {r.Sequence}. Run 'sunlight ledger verify'.");
            }

            var leaf = Rfc9162.LeafHash(LedgerLeaf.Data(r.Sequence, r.Type, r.At, r.BodyHash));
            completed.Clear();
            edge.Append(leaf, (height, index, hash) => completed.Add((height, index, hash)));
            await PutAsync(0, r.Sequence, leaf).ConfigureAwait(false);
            foreach (var (height, index, hash) in completed)
            {
                if (height % 8 == 0)
                {
                    await PutAsync(height / 8, index, hash).ConfigureAwait(false);
                }
            }

            expected++;
        }

        async Task PutAsync(int level, long position, byte[] hash)
        {
            var t = await TileAsync(level, position >> 8).ConfigureAwait(false);
            if (t.Hashes.Count != (int)(position & 255) * 32)
            {
                throw new InvalidDataException($"Ledger tile {level}/{position >> 8} holds {t.Hashes.Count / 32} hashes where {position & 255} were expected. Run 'sunlight ledger verify'.");
            }

            t.Hashes.AddRange(hash);
        }

        foreach (var (row, hashes, isNew) in tiles.Values)
        {
            row.Hashes = [.. hashes];
            if (isNew)
            {
                db.LedgerTiles.Add(row);
            }
        }

        state.Size = expected;
        state.Root = edge.Root();
        state.UpdatedAt = clock.GetUtcNow();
        try
        {
            await db.SaveChangesAsync(ct).ConfigureAwait(false);
            await tx.CommitAsync(ct).ConfigureAwait(false);
        }
        catch
        {
            _edge = null;
            throw;
        }

        _edge = edge;
        if (log.IsEnabled(LogLevel.Debug))
        {
            log.LogDebug("Ledger integrated to size {Size}", state.Size);
        }

        return (state.Size, state.Root, records.Count == BatchSize);
    }
}
