using System.Numerics;

namespace Sunlight.Core.Ledger;

/// <summary>
/// The right edge ("compact range") of an append-only RFC 9162 Merkle tree: one hash per complete subtree
/// along the right border, enough to append leaves and compute the root in O(log n) without the leaves.
/// </summary>
/// <remarks>Not thread-safe: one writer (the sequencer) owns an accumulator.</remarks>
public sealed class MerkleAccumulator
{
    private const int MaxHeight = 63;

    // _edge[0.._count) hold the complete subtrees from left (largest) to right (smallest); their heights are
    // the set bits of Size, highest first.
    private readonly byte[][] _edge = new byte[MaxHeight][];
    private int _count;

    /// <summary>The number of leaves appended so far (or resumed from).</summary>
    public long Size { get; private set; }

    /// <summary>Appends one 32-byte leaf hash.</summary>
    public void Append(ReadOnlySpan<byte> leafHash) => Append(leafHash, null);

    /// <summary>
    /// Appends one 32-byte leaf hash and reports, through <paramref name="onCompleted"/>, every subtree of
    /// height ≥ 1 that this leaf completes, as (height, index, hash) in increasing height — for example to
    /// fill higher tile levels. The callback runs after the accumulator has been updated.
    /// </summary>
    public void Append(ReadOnlySpan<byte> leafHash, Action<int, long, byte[]>? onCompleted)
    {
        if (leafHash.Length != Rfc9162.HashSize)
        {
            throw new ArgumentException($"A leaf hash is 32 bytes; got {leafHash.Length}.", nameof(leafHash));
        }

        if (Size == long.MaxValue)
        {
            throw new InvalidOperationException("The tree is full (2^63 - 1 leaves).");
        }

        var oldSize = Size;
        var merges = BitOperations.TrailingZeroCount(~(ulong)oldSize);
        var completed = onCompleted is not null && merges > 0 ? new byte[merges][] : null;

        Span<byte> current = stackalloc byte[Rfc9162.HashSize];
        leafHash.CopyTo(current);
        for (var height = 1; height <= merges; height++)
        {
            _count--;
            Rfc9162.NodeHash32(_edge[_count], current, current);
            if (completed is not null)
            {
                completed[height - 1] = current.ToArray();
            }
        }

        var slot = _edge[_count] ??= new byte[Rfc9162.HashSize];
        current.CopyTo(slot);
        _count++;
        Size = oldSize + 1;

        if (completed is not null)
        {
            for (var height = 1; height <= merges; height++)
            {
                onCompleted!(height, oldSize >> height, completed[height - 1]);
            }
        }
    }

    /// <summary>The tree root at <see cref="Size"/>: the right-edge hashes folded right-to-left; the empty root for size 0.</summary>
    public byte[] Root()
    {
        if (_count == 0)
        {
            return Rfc9162.EmptyRoot();
        }

        var root = (byte[])_edge[_count - 1].Clone();
        for (var i = _count - 2; i >= 0; i--)
        {
            Rfc9162.NodeHash32(_edge[i], root, root);
        }

        return root;
    }

    /// <summary>
    /// Resumes at tree size <paramref name="size"/> by reading the popcount(size) complete subtrees of the
    /// right edge from <paramref name="source"/>.
    /// </summary>
    public static MerkleAccumulator FromRightEdge(long size, IMerkleHashSource source)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(size);
        ArgumentNullException.ThrowIfNull(source);

        var accumulator = new MerkleAccumulator();
        long start = 0;
        for (var height = MaxHeight - 1; height >= 0; height--)
        {
            var width = 1L << height;
            if ((size & width) == 0)
            {
                continue;
            }

            accumulator._edge[accumulator._count++] = (byte[])Rfc9162.Subtree(source, height, start >> height).Clone();
            start += width;
        }

        accumulator.Size = size;
        return accumulator;
    }
}
