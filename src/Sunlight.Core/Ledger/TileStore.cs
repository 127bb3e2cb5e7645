using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Sunlight.Core.Storage;

namespace Sunlight.Core.Ledger;

/// <summary>
/// In-memory cache of what never changes once written: tiles only ever grow (a partial tile is a prefix of the full
/// one), and the hash of a complete subtree is fixed forever. Bounded; cleared wholesale when full.
/// </summary>
public sealed class TileCache
{
    public const int Capacity = 8192;
    public const int SubtreeCapacity = 200_000;

    private readonly ConcurrentDictionary<(int Level, long Index), byte[]> _tiles = new();
    private readonly ConcurrentDictionary<(int Height, long Index), byte[]> _subtrees = new();

    /// <summary>The largest tree size seen in the database; proofs below it need no look-up of the tree row.</summary>
    public long KnownTreeSize { get; set; }

    /// <summary>A cached tile holding at least <paramref name="minHashes"/> hashes.</summary>
    public bool TryGet(int level, long index, int minHashes, out byte[] hashes) =>
        _tiles.TryGetValue((level, index), out hashes!) && hashes.Length >= minHashes * 32;

    public void Remember(int level, long index, byte[] hashes)
    {
        if (_tiles.Count >= Capacity)
        {
            _tiles.Clear();
        }

        _tiles.AddOrUpdate((level, index), hashes, (_, old) => old.Length >= hashes.Length ? old : hashes);
    }

    public bool TryGetSubtree(int height, long index, out byte[] hash) => _subtrees.TryGetValue((height, index), out hash!);

    public void RememberSubtree(int height, long index, byte[] hash)
    {
        if (_subtrees.Count >= SubtreeCapacity)
        {
            _subtrees.Clear();
        }

        _subtrees[(height, index)] = hash;
    }

    public void Clear()
    {
        _tiles.Clear();
        _subtrees.Clear();
        KnownTreeSize = 0;
    }
}

/// <summary>
/// Subtree hashes of the tree read from tiles: a complete subtree of height h at index i is found in the tile of
/// level h/8 and hashed up from at most 128 of its entries. Tiles are fetched before use (see <see cref="LoadAsync"/>),
/// so the proof code itself never touches the database and stays O(log n).
/// </summary>
public sealed class TileHashSource : IMerkleHashSource
{
    private readonly Dictionary<(int Level, long Index), byte[]> _tiles;
    private readonly TileCache? _cache;

    private TileHashSource(Dictionary<(int Level, long Index), byte[]> tiles, TileCache? cache)
    {
        _tiles = tiles;
        _cache = cache;
    }

    /// <summary>Loads every tile that <paramref name="computation"/> will ask for, then returns a source over them.</summary>
    public static async Task<TileHashSource> LoadAsync(CoreDbContext db, TileCache cache, Action<IMerkleHashSource> computation, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(cache);
        ArgumentNullException.ThrowIfNull(computation);
        var wanted = new Collector(cache);
        computation(wanted);
        var tiles = new Dictionary<(int, long), byte[]>();
        var missing = new List<(int Level, long Index)>();
        foreach (var (key, needed) in wanted.Tiles)
        {
            if (cache.TryGet(key.Level, key.Index, needed, out var hashes))
            {
                tiles[key] = hashes;
            }
            else
            {
                missing.Add(key);
            }
        }

        foreach (var (key, hashes) in await ReadTilesAsync(db, missing, ct).ConfigureAwait(false))
        {
            tiles[key] = hashes;
            cache.Remember(key.Level, key.Index, hashes);
        }

        return new TileHashSource(tiles, cache);
    }

    /// <summary>
    /// Reads tiles with one plain command (a proof needs a handful; going through the EF query pipeline costs more
    /// than the read itself). Table and column names come from the model.
    /// </summary>
    public static async Task<List<((int Level, long Index) Key, byte[] Hashes)>> ReadTilesAsync(
        CoreDbContext db, IReadOnlyList<(int Level, long Index)> keys, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(keys);
        var result = new List<((int, long), byte[])>(keys.Count);
        if (keys.Count == 0)
        {
            return result;
        }

        var entity = db.Model.FindEntityType(typeof(LedgerTile))!;
        var table = entity.GetSchema() is { } schema ? $"\"{schema}\".\"{entity.GetTableName()}\"" : $"\"{entity.GetTableName()}\"";
        var store = Microsoft.EntityFrameworkCore.Metadata.StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
        string Column(string property) => "\"" + entity.FindProperty(property)!.GetColumnName(store) + "\"";
        var (level, index, hashesColumn) = (Column(nameof(LedgerTile.Level)), Column(nameof(LedgerTile.Index)), Column(nameof(LedgerTile.Hashes)));
        var connection = db.Database.GetDbConnection();
        var opened = connection.State != System.Data.ConnectionState.Open;
        if (opened)
        {
            await connection.OpenAsync(ct).ConfigureAwait(false);
        }

        try
        {
            var command = connection.CreateCommand();
            await using (command.ConfigureAwait(false))
            {
                command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
                var where = new System.Text.StringBuilder();
                for (var i = 0; i < keys.Count; i++)
                {
                    where.Append(i == 0 ? "" : " OR ").Append(System.Globalization.CultureInfo.InvariantCulture, $"({level} = @l{i} AND {index} = @i{i})");
                    var l = command.CreateParameter();
                    l.ParameterName = $"@l{i}";
                    l.Value = keys[i].Level;
                    command.Parameters.Add(l);
                    var x = command.CreateParameter();
                    x.ParameterName = $"@i{i}";
                    x.Value = keys[i].Index;
                    command.Parameters.Add(x);
                }

#pragma warning disable CA2100 // Only model names and parameter placeholders are put into the text.
                command.CommandText = $"SELECT {level}, {index}, {hashesColumn} FROM {table} WHERE {where}";
#pragma warning restore CA2100
                var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
                await using (reader.ConfigureAwait(false))
                {
                    while (await reader.ReadAsync(ct).ConfigureAwait(false))
                    {
                        result.Add(((reader.GetInt32(0), reader.GetInt64(1)), (byte[])reader.GetValue(2)));
                    }
                }
            }
        }
        finally
        {
            if (opened)
            {
                await connection.CloseAsync().ConfigureAwait(false);
            }
        }

        return result;
    }

    public byte[] Subtree(int height, long index)
    {
        if (_cache is not null && _cache.TryGetSubtree(height, index, out var known))
        {
            return known;
        }

        var (level, tile, offset, count) = Locate(height, index);
        if (!_tiles.TryGetValue((level, tile), out var hashes) || hashes.Length < (offset + count) * 32)
        {
            throw new InvalidDataException($"Ledger tile {level}/{tile} is missing or shorter than {offset + count} hashes: the tree is not integrated that far, or the tiles were damaged (run 'sunlight ledger verify').");
        }

        var hash = Fold(hashes.AsSpan(offset * 32, count * 32));
        if (count > 1)
        {
            _cache?.RememberSubtree(height, index, hash);
        }

        return hash;
    }

    /// <summary>Which tile holds the level-(8·L) hashes under subtree (height, index): (L, tile, offset, count).</summary>
    public static (int Level, long Tile, int Offset, int Count) Locate(int height, long index)
    {
        var level = height / 8;
        var within = height % 8;
        var start = index << within;
        return (level, start >> 8, (int)(start & 255), 1 << within);
    }

    /// <summary>Hashes 2^k consecutive 32-byte hashes up to their subtree root (RFC 9162 node hashes, in place).</summary>
    public static byte[] Fold(ReadOnlySpan<byte> hashes)
    {
        var count = hashes.Length / 32;
        var level = hashes.ToArray();
        Span<byte> pair = stackalloc byte[65];
        pair[0] = 0x01;
        while (count > 1)
        {
            for (var i = 0; i < count / 2; i++)
            {
                level.AsSpan(i * 64, 64).CopyTo(pair[1..]);
                System.Security.Cryptography.SHA256.HashData(pair, level.AsSpan(i * 32, 32));
            }

            count /= 2;
        }

        return level[..32];
    }

    /// <summary>Runs a computation without hashes to learn which tiles (and how much of each) it needs.</summary>
    private sealed class Collector(TileCache cache) : IMerkleHashSource
    {
        private static readonly byte[] Zero = new byte[32];

        public Dictionary<(int Level, long Index), int> Tiles { get; } = [];

        public byte[] Subtree(int height, long index)
        {
            if (cache.TryGetSubtree(height, index, out _))
            {
                return Zero;
            }

            var (level, tile, offset, count) = Locate(height, index);
            Tiles[(level, tile)] = Math.Max(Tiles.GetValueOrDefault((level, tile)), offset + count);
            return Zero;
        }
    }
}
