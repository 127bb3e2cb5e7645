namespace Sunlight.Core.Ledger;

/// <summary>
/// Every complete subtree hash of a small tree, kept in memory (level by level). Meant for tests and tools:
/// it holds at most 2^31 − 1 leaves and grows with the tree.
/// </summary>
public sealed class InMemoryMerkleTree : IMerkleHashSource
{
    // _levels[h][i] = hash of the complete subtree of height h with index i.
    private readonly List<List<byte[]>> _levels = [[]];

    /// <summary>The number of leaves.</summary>
    public long Size => _levels[0].Count;

    /// <summary>Appends a 32-byte leaf hash and hashes every subtree it completes.</summary>
    public void Append(ReadOnlySpan<byte> leafHash)
    {
        if (leafHash.Length != Rfc9162.HashSize)
        {
            throw new ArgumentException($"A leaf hash is 32 bytes; got {leafHash.Length}.", nameof(leafHash));
        }

        _levels[0].Add(leafHash.ToArray());
        for (var height = 0; _levels[height].Count % 2 == 0; height++)
        {
            if (height + 1 == _levels.Count)
            {
                _levels.Add([]);
            }

            var level = _levels[height];
            _levels[height + 1].Add(Rfc9162.NodeHash(level[^2], level[^1]));
        }
    }

    /// <summary>Appends the leaf hash of <paramref name="data"/>.</summary>
    public void AppendData(ReadOnlySpan<byte> data) => Append(Rfc9162.LeafHash(data));

    /// <inheritdoc />
    /// <exception cref="ArgumentOutOfRangeException">That subtree is not complete in this tree.</exception>
    public byte[] Subtree(int height, long index)
    {
        if (height < 0 || height >= _levels.Count || index < 0 || index >= _levels[height].Count)
        {
            throw new ArgumentOutOfRangeException(
                nameof(index), index, $"The subtree at height {height}, index {index} is not complete in a tree of size {Size}.");
        }

        return (byte[])_levels[height][(int)index].Clone();
    }

    /// <summary>The current root.</summary>
    public byte[] Root() => Rfc9162.Root(Size, this);
}
