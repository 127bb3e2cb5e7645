using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Sunlight.Core.Storage;

namespace Sunlight.Core.Ledger;

/// <summary>
/// Full tiles never change, so they are cached in memory (up to <see cref="Capacity"/> tiles, 8 KiB each);
/// partial tiles are always read from the database.
/// </summary>
public sealed class TileCache
{
    public const int Capacity = 8192;

    private readonly ConcurrentDictionary<(int Level, long Index), byte[]> _full = new();

    public bool TryGet(int level, long index, out byte[] hashes) => _full.TryGetValue((level, index), out hashes!);

    public void Remember(int level, long index, byte[] hashes)
    {
        if (hashes.Length != TilePath.Width * 32)
        {
            return;
        }

        if (_full.Count >= Capacity)
        {
            _full.Clear();
        }

        _full[(level, index)] = hashes;
    }

    public void Clear() => _full.Clear();
}

/// <summary>
/// Subtree hashes of the tree read from tiles: a complete subtree of height h at index i is found in the tile of
/// level h/8 and hashed up from at most 128 of its entries. Tiles are fetched before use (see <see cref="LoadAsync"/>),
/// so the proof code itself never touches the database and stays O(log n).
/// </summary>
public sealed class TileHashSource : IMerkleHashSource
{
    private readonly Dictionary<(int Level, long Index), byte[]> _tiles;

    private TileHashSource(Dictionary<(int Level, long Index), byte[]> tiles) => _tiles = tiles;

    /// <summary>Loads every tile that <paramref name="computation"/> will ask for, then returns a source over them.</summary>
    public static async Task<TileHashSource> LoadAsync(CoreDbContext db, TileCache cache, Action<IMerkleHashSource> computation, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(cache);
        ArgumentNullException.ThrowIfNull(computation);
        var wanted = new Collector();
        computation(wanted);
        var tiles = new Dictionary<(int, long), byte[]>();
        var missing = new List<(int Level, long Index)>();
        foreach (var key in wanted.Tiles)
        {
            if (cache.TryGet(key.Level, key.Index, out var hashes))
            {
                tiles[key] = hashes;
            }
            else
            {
                missing.Add(key);
            }
        }

        foreach (var group in missing.GroupBy(k => k.Level))
        {
            var indexes = group.Select(k => k.Index).ToList();
            var rows = await db.LedgerTiles.AsNoTracking().Where(t => t.Level == group.Key && indexes.Contains(t.Index))
                .Select(t => new { t.Index, t.Hashes }).ToListAsync(ct).ConfigureAwait(false);
            foreach (var row in rows)
            {
                tiles[(group.Key, row.Index)] = row.Hashes;
                cache.Remember(group.Key, row.Index, row.Hashes);
            }
        }

        return new TileHashSource(tiles);
    }

    public byte[] Subtree(int height, long index)
    {
        var (level, tile, offset, count) = Locate(height, index);
        if (!_tiles.TryGetValue((level, tile), out var hashes) || hashes.Length < (offset + count) * 32)
        {
            throw new InvalidDataException($"Ledger tile {level}/{tile} is missing or shorter than {offset + count} hashes: the tree is not integrated that far, or the tiles were damaged (run 'sunlight ledger verify').");
        }

        return Fold(hashes.AsSpan(offset * 32, count * 32));
    }

    /// <summary>Which tile holds the level-(8·L) hashes under subtree (height, index): (L, tile, offset, count).</summary>
    public static (int Level, long Tile, int Offset, int Count) Locate(int height, long index)
    {
        var level = height / 8;
        var within = height % 8;
        var start = index << within;
        return (level, start >> 8, (int)(start & 255), 1 << within);
    }

    /// <summary>Hashes 2^k consecutive 32-byte hashes up to their subtree root.</summary>
    public static byte[] Fold(ReadOnlySpan<byte> hashes)
    {
        var count = hashes.Length / 32;
        if (count == 1)
        {
            return hashes.ToArray();
        }

        var level = hashes.ToArray();
        while (count > 1)
        {
            for (var i = 0; i < count / 2; i++)
            {
                var parent = Rfc9162.NodeHash(level.AsSpan(i * 64, 32), level.AsSpan((i * 64) + 32, 32));
                parent.CopyTo(level.AsSpan(i * 32, 32));
            }

            count /= 2;
        }

        return level[..32];
    }

    private sealed class Collector : IMerkleHashSource
    {
        private static readonly byte[] Zero = new byte[32];

        public HashSet<(int Level, long Index)> Tiles { get; } = [];

        public byte[] Subtree(int height, long index)
        {
            var (level, tile, _, _) = Locate(height, index);
            Tiles.Add((level, tile));
            return Zero;
        }
    }
}
