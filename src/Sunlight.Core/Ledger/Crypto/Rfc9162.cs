using System.Diagnostics;
using System.Numerics;
using System.Security.Cryptography;

namespace Sunlight.Core.Ledger;

/// <summary>
/// RFC 9162 §2.1 Merkle tree hashing with SHA-256: leaf and node hashes, tree roots, inclusion and
/// consistency proofs (generation over stored subtree hashes, and strict verification).
/// </summary>
/// <remarks>
/// <para>
/// Verification is strict: every hash (leaf hash, roots, proof elements) must be exactly 32 bytes, otherwise
/// the proof fails. The bare RFC loops would accept, for example, an empty leaf hash with an empty root.
/// </para>
/// <para>
/// Generation never touches all leaves: the hash of a non-complete range is folded right-to-left from its
/// complete, aligned subtrees, so <see cref="Root"/>, <see cref="InclusionProof"/> and
/// <see cref="ConsistencyProof"/> each make at most about 2·log₂(size) calls to
/// <see cref="IMerkleHashSource.Subtree"/>.
/// </para>
/// </remarks>
public static class Rfc9162
{
    /// <summary>The SHA-256 output size; every tree hash has this length.</summary>
    public const int HashSize = 32;

    private const byte LeafPrefix = 0x00;
    private const byte NodePrefix = 0x01;
    private const int StackLimit = 512;

    /// <summary>MTH({}) = SHA-256 of the empty string (not the leaf hash of an empty leaf).</summary>
    private static readonly byte[] EmptyRootHash = SHA256.HashData(ReadOnlySpan<byte>.Empty);

    /// <summary>Leaf hash: SHA-256(0x00 ‖ data).</summary>
    public static byte[] LeafHash(ReadOnlySpan<byte> data)
    {
        var result = new byte[HashSize];
        LeafHash(data, result);
        return result;
    }

    /// <summary>Leaf hash SHA-256(0x00 ‖ data) written into <paramref name="destination"/> (32 bytes).</summary>
    public static void LeafHash(ReadOnlySpan<byte> data, Span<byte> destination)
    {
        if (destination.Length < HashSize)
        {
            throw new ArgumentException("The destination must hold 32 bytes.", nameof(destination));
        }

        if (data.Length < StackLimit)
        {
            Span<byte> buffer = stackalloc byte[StackLimit];
            buffer[0] = LeafPrefix;
            data.CopyTo(buffer[1..]);
            SHA256.HashData(buffer[..(data.Length + 1)], destination);
            return;
        }

        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData([LeafPrefix]);
        hash.AppendData(data);
        hash.GetHashAndReset(destination);
    }

    /// <summary>
    /// Node hash: SHA-256(0x01 ‖ left ‖ right). The primitive accepts children of any length (the RFC 6962
    /// test vectors use 4-byte children); tree code only ever passes 32-byte hashes.
    /// </summary>
    public static byte[] NodeHash(ReadOnlySpan<byte> left, ReadOnlySpan<byte> right)
    {
        var result = new byte[HashSize];
        if (left.Length + right.Length < StackLimit)
        {
            Span<byte> buffer = stackalloc byte[StackLimit];
            buffer[0] = NodePrefix;
            left.CopyTo(buffer[1..]);
            right.CopyTo(buffer[(1 + left.Length)..]);
            SHA256.HashData(buffer[..(1 + left.Length + right.Length)], result);
            return result;
        }

        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData([NodePrefix]);
        hash.AppendData(left);
        hash.AppendData(right);
        hash.GetHashAndReset(result);
        return result;
    }

    /// <summary>The root of the empty tree, MTH({}) = SHA-256("") (a fresh array each call).</summary>
    public static byte[] EmptyRoot() => (byte[])EmptyRootHash.Clone();

    /// <summary>True when <paramref name="hash"/> is the empty-tree root SHA-256("").</summary>
    public static bool IsEmptyRoot(ReadOnlySpan<byte> hash) => hash.SequenceEqual(EmptyRootHash);

    /// <summary>
    /// Node hash of two 32-byte children into <paramref name="destination"/>; the destination may alias
    /// either input (the inputs are copied before hashing).
    /// </summary>
    internal static void NodeHash32(ReadOnlySpan<byte> left, ReadOnlySpan<byte> right, Span<byte> destination)
    {
        Debug.Assert(left.Length == HashSize && right.Length == HashSize, "tree nodes are 32 bytes");
        Span<byte> buffer = stackalloc byte[1 + (2 * HashSize)];
        buffer[0] = NodePrefix;
        left.CopyTo(buffer[1..]);
        right.CopyTo(buffer[(1 + HashSize)..]);
        SHA256.HashData(buffer, destination);
    }

    /// <summary>
    /// Verifies an RFC 9162 §2.1.3.2 inclusion proof (audit path, leaf level first). Strict: fails when any
    /// hash is not 32 bytes, when <paramref name="index"/> is negative or not below <paramref name="size"/>,
    /// or when the proof has too few or too many elements.
    /// </summary>
    /// <remarks>
    /// The tree size is bound only through the root: a caller must take <paramref name="root"/> and
    /// <paramref name="size"/> from the same verified checkpoint.
    /// </remarks>
    public static bool VerifyInclusion(long index, long size, ReadOnlySpan<byte> leafHash, IReadOnlyList<byte[]> proof, ReadOnlySpan<byte> root)
    {
        ArgumentNullException.ThrowIfNull(proof);
        if (index < 0 || index >= size || leafHash.Length != HashSize || root.Length != HashSize || !AllHashes(proof))
        {
            return false;
        }

        Span<byte> r = stackalloc byte[HashSize];
        leafHash.CopyTo(r);
        var fn = index;
        var sn = size - 1;
        for (var i = 0; i < proof.Count; i++)
        {
            if (sn == 0)
            {
                return false;
            }

            var p = proof[i];
            if ((fn & 1) == 1 || fn == sn)
            {
                NodeHash32(p, r, r);
                while ((fn & 1) == 0 && fn != 0)
                {
                    fn >>= 1;
                    sn >>= 1;
                }
            }
            else
            {
                NodeHash32(r, p, r);
            }

            fn >>= 1;
            sn >>= 1;
        }

        return sn == 0 && r.SequenceEqual(root);
    }

    /// <summary>
    /// Verifies an RFC 9162 §2.1.4.2 consistency proof from tree size <paramref name="size1"/> to
    /// <paramref name="size2"/>. Strict: every hash must be 32 bytes and <paramref name="size1"/> must not
    /// exceed <paramref name="size2"/>.
    /// </summary>
    /// <remarks>
    /// <para>Equal sizes: valid only with an empty proof and equal roots.</para>
    /// <para>
    /// Size 0: RFC 9162 leaves this case undefined and transparency-dev/merkle rejects it as meaningless.
    /// Here, following the C2SP tlog-witness treatment of <c>old 0</c>, a consistency check from size 0 is
    /// valid only with an EMPTY proof and only when <paramref name="root1"/> is the empty-tree root
    /// SHA-256(""); the new tree's root cannot be checked by such a proof.
    /// </para>
    /// </remarks>
    public static bool VerifyConsistency(long size1, long size2, ReadOnlySpan<byte> root1, ReadOnlySpan<byte> root2, IReadOnlyList<byte[]> proof)
    {
        ArgumentNullException.ThrowIfNull(proof);
        if (size1 < 0 || size1 > size2 || root1.Length != HashSize || root2.Length != HashSize || !AllHashes(proof))
        {
            return false;
        }

        if (size1 == 0)
        {
            return proof.Count == 0 && IsEmptyRoot(root1) && (size2 != 0 || IsEmptyRoot(root2));
        }

        if (size1 == size2)
        {
            return proof.Count == 0 && root1.SequenceEqual(root2);
        }

        if (proof.Count == 0)
        {
            return false;
        }

        // When size1 is a power of two, the proof omits root1: the path starts with it.
        var firstIsRoot1 = (size1 & (size1 - 1)) == 0;
        var fn = size1 - 1;
        var sn = size2 - 1;
        while ((fn & 1) == 1)
        {
            fn >>= 1;
            sn >>= 1;
        }

        Span<byte> fr = stackalloc byte[HashSize];
        Span<byte> sr = stackalloc byte[HashSize];
        var next = 0;
        if (firstIsRoot1)
        {
            root1.CopyTo(fr);
        }
        else
        {
            proof[0].CopyTo(fr);
            next = 1;
        }

        fr.CopyTo(sr);
        for (var i = next; i < proof.Count; i++)
        {
            if (sn == 0)
            {
                return false;
            }

            var c = proof[i];
            if ((fn & 1) == 1 || fn == sn)
            {
                NodeHash32(c, fr, fr);
                NodeHash32(c, sr, sr);
                while ((fn & 1) == 0 && fn != 0)
                {
                    fn >>= 1;
                    sn >>= 1;
                }
            }
            else
            {
                NodeHash32(sr, c, sr);
            }

            fn >>= 1;
            sn >>= 1;
        }

        return sn == 0 && fr.SequenceEqual(root1) && sr.SequenceEqual(root2);
    }

    /// <summary>
    /// MTH(D[0:size]) from stored subtree hashes: the complete aligned subtrees that make up the tree,
    /// folded right-to-left (popcount(size) calls to the source). Size 0 gives <see cref="EmptyRoot"/>.
    /// </summary>
    public static byte[] Root(long size, IMerkleHashSource source)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(size);
        ArgumentNullException.ThrowIfNull(source);
        return size == 0 ? EmptyRoot() : RangeHash(0, size, source);
    }

    /// <summary>
    /// PATH(index, D[0:size]) of RFC 9162 §2.1.3.1: the inclusion proof of leaf <paramref name="index"/>,
    /// ordered from the leaf level upwards. The elements are fresh arrays, never the source's own.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The index is negative or not below the size.</exception>
    public static IReadOnlyList<byte[]> InclusionProof(long index, long size, IMerkleHashSource source)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (size <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(size), size, $"An inclusion proof needs a non-empty tree; the tree size is {size}.");
        }

        if (index < 0 || index >= size)
        {
            throw new ArgumentOutOfRangeException(nameof(index), index, $"Leaf index {index} is outside the tree of size {size} (valid: 0 to {size - 1}).");
        }

        // Walk down from the root; each step contributes the sibling of the half that holds the leaf.
        // Collected top-down, returned bottom-up.
        var path = new List<byte[]>(64);
        long start = 0;
        var n = size;
        var m = index;
        while (n > 1)
        {
            var height = SplitHeight(n);
            var k = 1L << height;
            if (m < k)
            {
                path.Add(RangeHash(start + k, n - k, source));
                n = k;
            }
            else
            {
                path.Add((byte[])Subtree(source, height, start >> height).Clone());
                start += k;
                m -= k;
                n -= k;
            }
        }

        path.Reverse();
        return path;
    }

    /// <summary>
    /// PROOF(size1, D[0:size2]) of RFC 9162 §2.1.4.1. Returns an empty proof when the sizes are equal, and
    /// also when <paramref name="size1"/> is 0 (the only proof <see cref="VerifyConsistency"/> accepts from
    /// the empty tree).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">A size is negative or size1 exceeds size2.</exception>
    public static IReadOnlyList<byte[]> ConsistencyProof(long size1, long size2, IMerkleHashSource source)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (size1 < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(size1), size1, $"The old tree size must not be negative; it is {size1}.");
        }

        if (size1 > size2)
        {
            throw new ArgumentOutOfRangeException(nameof(size1), size1, $"The old tree size {size1} exceeds the new tree size {size2}; a tree cannot shrink.");
        }

        if (size1 == 0 || size1 == size2)
        {
            return [];
        }

        var proof = new List<byte[]>(64);
        long start = 0;
        var n = size2;
        var m = size1;
        var wholeOldTree = true;
        while (m != n)
        {
            var height = SplitHeight(n);
            var k = 1L << height;
            if (m <= k)
            {
                proof.Add(RangeHash(start + k, n - k, source));
                n = k;
            }
            else
            {
                proof.Add((byte[])Subtree(source, height, start >> height).Clone());
                start += k;
                m -= k;
                n -= k;
                wholeOldTree = false;
            }
        }

        // SUB(m, D[m], b): nothing when the old tree is the whole old root, else MTH of this range, which is
        // complete here (reached only after a left step, so n is a power of two and start is aligned).
        if (!wholeOldTree)
        {
            Debug.Assert(BitOperations.IsPow2(n) && start % n == 0, "SUB reaches m == n only on a complete subtree");
            var height = BitOperations.Log2((ulong)n);
            proof.Add((byte[])Subtree(source, height, start >> height).Clone());
        }

        proof.Reverse();
        return proof;
    }

    /// <summary>log₂ of k, the largest power of two strictly below <paramref name="n"/> (n ≥ 2).</summary>
    internal static int SplitHeight(long n)
    {
        Debug.Assert(n >= 2, "a split needs at least two leaves");
        return 63 - BitOperations.LeadingZeroCount((ulong)(n - 1));
    }

    /// <summary>
    /// MTH(D[start:start+count]) for a range whose start is a multiple of a power of two ≥ count (true for
    /// every range that PATH and PROOF visit), folding its complete subtrees right-to-left.
    /// </summary>
    private static byte[] RangeHash(long start, long count, IMerkleHashSource source)
    {
        Debug.Assert(count > 0, "ranges are non-empty");
        var end = start + count;
        var remaining = count;
        Span<byte> acc = stackalloc byte[HashSize];
        var first = true;
        while (remaining != 0)
        {
            var height = BitOperations.TrailingZeroCount(remaining);
            end -= 1L << height;
            Debug.Assert((end & ((1L << height) - 1)) == 0, "subtrees of a visited range are aligned");
            var node = Subtree(source, height, end >> height);
            if (first)
            {
                node.CopyTo(acc);
                first = false;
            }
            else
            {
                NodeHash32(node, acc, acc);
            }

            remaining &= remaining - 1;
        }

        return acc.ToArray();
    }

    /// <summary>Reads one stored subtree hash and checks that the source returned 32 bytes.</summary>
    internal static byte[] Subtree(IMerkleHashSource source, int height, long index)
    {
        var hash = source.Subtree(height, index);
        if (hash is null || hash.Length != HashSize)
        {
            throw new InvalidOperationException(
                $"The Merkle hash source returned {(hash is null ? "null" : $"{hash.Length} bytes")} for the subtree at height {height}, index {index}; expected 32 bytes.");
        }

        return hash;
    }

    private static bool AllHashes(IReadOnlyList<byte[]> proof)
    {
        for (var i = 0; i < proof.Count; i++)
        {
            if (proof[i] is not { Length: HashSize })
            {
                return false;
            }
        }

        return true;
    }
}
