using Sunlight.Core.Api;
using Microsoft.EntityFrameworkCore;
using Sunlight.Core.Storage;

namespace Sunlight.Core.Ledger;

/// <summary>Why a ledger question cannot be answered (a refusal of its kind with the ledger's own slug).</summary>
public sealed class LedgerRequestException : InputException
{
    public LedgerRequestException(Refusal kind, string slug, string message)
        : base(kind, message) => Slug = slug;
}

/// <summary>Reads the integrated tree: sizes, tiles, entry bundles and proofs. Everything here is public data.</summary>
public sealed class LedgerReader(CoreDbContext db, TileCache cache)
{
    public async Task<LedgerTreeState> TreeAsync(CancellationToken ct) =>
        await db.LedgerTree.AsNoTracking().SingleAsync(ct).ConfigureAwait(false);

    public async Task<LedgerCheckpoint?> LatestCheckpointAsync(CancellationToken ct) =>
        await db.LedgerCheckpoints.AsNoTracking().OrderByDescending(c => c.Size).FirstOrDefaultAsync(ct).ConfigureAwait(false);

    /// <summary>The latest checkpoint with the cosignature lines of its witnesses appended, as served at /ledger/checkpoint.</summary>
    public async Task<string?> CheckpointNoteAsync(CancellationToken ct)
    {
        var latest = await LatestCheckpointAsync(ct).ConfigureAwait(false);
        if (latest is null)
        {
            return null;
        }

        var lines = await db.LedgerCosignatures.AsNoTracking().Where(c => c.CheckpointSize == latest.Size)
            .OrderBy(c => c.Id).Select(c => c.Line).ToListAsync(ct).ConfigureAwait(false);
        return latest.Note + string.Concat(lines.Select(l => l.TrimEnd('\n') + "\n"));
    }

    /// <summary>Tile bytes (32 × width), or null when the tree does not reach that far.</summary>
    public async Task<byte[]?> TileAsync(int level, long index, int width, CancellationToken ct)
    {
        if (cache.TryGet(level, index, width, out var known))
        {
            return known.Length == width * 32 ? known : known[..(width * 32)];
        }

        var row = await db.LedgerTiles.AsNoTracking().Where(t => t.Level == level && t.Index == index)
            .Select(t => t.Hashes).FirstOrDefaultAsync(ct).ConfigureAwait(false);
        if (row is null || row.Length < width * 32)
        {
            return null;
        }

        cache.Remember(level, index, row);
        return row[..(width * 32)];
    }

    /// <summary>The leaf data of entries [index·256, index·256 + width), each behind a 2-byte big-endian length.</summary>
    public async Task<byte[]?> EntriesAsync(long index, int width, CancellationToken ct)
    {
        var tree = await TreeAsync(ct).ConfigureAwait(false);
        var first = index * TilePath.Width;
        if (first + width > tree.Size)
        {
            return null;
        }

        var rows = await db.LedgerRecords.AsNoTracking().Where(r => r.Sequence >= first && r.Sequence < first + width)
            .OrderBy(r => r.Sequence).Select(r => new { r.Sequence, r.Type, r.At, r.BodyHash }).ToListAsync(ct).ConfigureAwait(false);
        using var bundle = new MemoryStream();
        foreach (var r in rows)
        {
            var data = LedgerLeaf.Data(r.Sequence, r.Type, r.At, r.BodyHash);
            bundle.WriteByte((byte)(data.Length >> 8));
            bundle.WriteByte((byte)data.Length);
            bundle.Write(data);
        }

        return bundle.ToArray();
    }

    /// <summary>The tree size, read from the database only when <paramref name="atLeast"/> is beyond what is known.</summary>
    private async Task<long> TreeSizeAsync(long atLeast, CancellationToken ct)
    {
        if (cache.KnownTreeSize >= atLeast && atLeast > 0)
        {
            return cache.KnownTreeSize;
        }

        var size = (await TreeAsync(ct).ConfigureAwait(false)).Size;
        cache.KnownTreeSize = Math.Max(cache.KnownTreeSize, size);
        return size;
    }

    public async Task<IReadOnlyList<byte[]>> InclusionProofAsync(long index, long size, CancellationToken ct)
    {
        var treeSize = await TreeSizeAsync(size, ct).ConfigureAwait(false);
        if (size < 1 || size > treeSize)
        {
            throw new LedgerRequestException(Refusal.Invalid, "bad-size", Bilingual.Say($"size 须在 1 到 {treeSize} 之间", $"size must be between 1 and the tree size {treeSize}."));
        }

        if (index < 0 || index >= size)
        {
            throw new LedgerRequestException(Refusal.Invalid, "bad-index", Bilingual.Say($"index 须小于 size：0 ≤ index < {size}", $"index must satisfy 0 ≤ index < size."));
        }

        var source = await TileHashSource.LoadAsync(db, cache, s => Rfc9162.InclusionProof(index, size, s), ct).ConfigureAwait(false);
        return Rfc9162.InclusionProof(index, size, source);
    }

    public async Task<IReadOnlyList<byte[]>> ConsistencyProofAsync(long from, long to, CancellationToken ct)
    {
        var treeSize = await TreeSizeAsync(to, ct).ConfigureAwait(false);
        if (to > treeSize || to < 0)
        {
            throw new LedgerRequestException(Refusal.Invalid, "bad-size", Bilingual.Say($"to 须在 0 到 {treeSize} 之间", $"to must be between 0 and the tree size {treeSize}."));
        }

        if (from < 0 || from > to)
        {
            throw new LedgerRequestException(Refusal.Invalid, "bad-range", Bilingual.Say($"须 0 ≤ from ≤ to，收到 from={from}, to={to}", $"from must not exceed to."));
        }

        if (from == 0 || from == to)
        {
            return [];
        }

        var source = await TileHashSource.LoadAsync(db, cache, s => Rfc9162.ConsistencyProof(from, to, s), ct).ConfigureAwait(false);
        return Rfc9162.ConsistencyProof(from, to, source);
    }

    public async Task<byte[]> RootAsync(long size, CancellationToken ct)
    {
        if (size == 0)
        {
            return Rfc9162.EmptyRoot();
        }

        var source = await TileHashSource.LoadAsync(db, cache, s => Rfc9162.Root(size, s), ct).ConfigureAwait(false);
        return Rfc9162.Root(size, source);
    }
}
