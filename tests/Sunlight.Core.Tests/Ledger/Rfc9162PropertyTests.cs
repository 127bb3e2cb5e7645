using System.Numerics;
using System.Security.Cryptography;
using Sunlight.Core.Ledger;
using Xunit;

namespace Sunlight.Core.Tests.Ledger;

/// <summary>Seeded random round trips, mutations, the accumulator and the O(log n) cost of proof generation.</summary>
public sealed class Rfc9162PropertyTests
{
    private const int MaxLeaves = 2048;

    private static readonly Lazy<(List<byte[]> Leaves, InMemoryMerkleTree Tree)> Shared = new(() =>
    {
        var random = new Random(9162);
        var leaves = new List<byte[]>(MaxLeaves);
        var tree = new InMemoryMerkleTree();
        for (var i = 0; i < MaxLeaves; i++)
        {
            var data = new byte[random.Next(0, 64)];
            random.NextBytes(data);
            var hash = Rfc9162.LeafHash(data);
            leaves.Add(hash);
            tree.Append(hash);
        }

        return (leaves, tree);
    });

    private static readonly Lazy<List<byte[]>> SharedRoots = new(() =>
        Enumerable.Range(0, MaxLeaves + 1).Select(n => Rfc9162.Root(n, Shared.Value.Tree)).ToList());

    public static TheoryData<int> Sizes()
    {
        var sizes = new SortedSet<int> { 1, 2, 3, 4, 5, 6, 7, 8, 9, 15, 16, 17, 31, 32, 33, 255, 256, 257, 1023, 1024, 1025, 2000, MaxLeaves };
        var random = new Random(20260101);
        while (sizes.Count < 35)
        {
            sizes.Add(random.Next(1, MaxLeaves + 1));
        }

        var data = new TheoryData<int>();
        foreach (var size in sizes)
        {
            data.Add(size);
        }

        return data;
    }

    [Fact]
    public void RootProofsAndAccumulatorMatchTheRecursiveDefinitionForSmallTrees()
    {
        var (leaves, tree) = Shared.Value;
        var accumulator = new MerkleAccumulator();
        Assert.Equal(ReferenceMerkle.Mth(leaves, 0, 0), accumulator.Root());
        for (var n = 1; n <= 70; n++)
        {
            accumulator.Append(leaves[n - 1]);
            var root = ReferenceMerkle.Mth(leaves, 0, n);
            Assert.Equal(root, Rfc9162.Root(n, tree));
            Assert.Equal(root, accumulator.Root());
            for (var m = 0; m < n; m++)
            {
                Assert.Equal(ReferenceMerkle.Path(leaves, m, 0, n), Rfc9162.InclusionProof(m, n, tree));
            }

            for (var m = 1; m < n; m++)
            {
                Assert.Equal(ReferenceMerkle.Proof(leaves, m, n), Rfc9162.ConsistencyProof(m, n, tree));
            }
        }
    }

    [Theory]
    [MemberData(nameof(Sizes))]
    public void EveryInclusionProofVerifiesAndEveryMutationFails(int size)
    {
        var (leaves, tree) = Shared.Value;
        var root = Rfc9162.Root(size, tree);
        for (var index = 0; index < size; index++)
        {
            var proof = Rfc9162.InclusionProof(index, size, tree);
            Assert.True(Rfc9162.VerifyInclusion(index, size, leaves[index], proof, root), $"index {index} of {size}");
            Assert.False(Rfc9162.VerifyInclusion(index, size, leaves[(index + 1) % MaxLeaves], proof, root));
            foreach (var other in new long[] { index - 1, index + 1, index ^ 1, index ^ 2, size })
            {
                if (other != index)
                {
                    Assert.False(Rfc9162.VerifyInclusion(other, size, leaves[index], proof, root), $"index {index} claimed as {other}, size {size}");
                }
            }

            // The size is authenticated through the root (a checkpoint signs both), so a changed size is
            // checked against the root of that size.
            foreach (var otherSize in new long[] { size - 1, size + 1, size * 2L, size / 2 })
            {
                if (otherSize != size && index < otherSize && otherSize <= MaxLeaves)
                {
                    Assert.False(Rfc9162.VerifyInclusion(index, otherSize, leaves[index], proof, Rfc9162.Root(otherSize, tree)), $"index {index}, size {size} claimed as {otherSize}");
                }
            }

            if (proof.Count > 0)
            {
                Assert.False(Rfc9162.VerifyInclusion(index, size, leaves[index], proof.Take(proof.Count - 1).ToList(), root));
                Assert.False(Rfc9162.VerifyInclusion(index, size, leaves[index], proof.Append(root).ToList(), root));
                Assert.False(Rfc9162.VerifyInclusion(index, size, leaves[index], proof.Prepend(leaves[index]).ToList(), root));
            }
        }

        var random = new Random(size);
        foreach (var index in new[] { 0, size - 1, random.Next(size) })
        {
            var proof = Rfc9162.InclusionProof(index, size, tree);
            ForEveryBitFlip(proof, mutated => Assert.False(Rfc9162.VerifyInclusion(index, size, leaves[index], mutated, root)));
            ForEveryBitFlip([leaves[index]], mutated => Assert.False(Rfc9162.VerifyInclusion(index, size, mutated[0], proof, root)));
            ForEveryBitFlip([root], mutated => Assert.False(Rfc9162.VerifyInclusion(index, size, leaves[index], proof, mutated[0])));
        }
    }

    [Theory]
    [MemberData(nameof(Sizes))]
    public void EveryConsistencyProofVerifiesAndEveryMutationFails(int size2)
    {
        var (_, tree) = Shared.Value;
        var roots = SharedRoots.Value;
        var root2 = roots[size2];
        for (var size1 = 0; size1 <= size2; size1++)
        {
            var proof = Rfc9162.ConsistencyProof(size1, size2, tree);
            Assert.True(Rfc9162.VerifyConsistency(size1, size2, roots[size1], root2, proof), $"{size1} -> {size2}");
            if (size1 == 0 || size1 == size2)
            {
                Assert.Empty(proof);
                continue;
            }

            Assert.False(Rfc9162.VerifyConsistency(size1, size2, root2, roots[size1], proof), "swapped roots");
            Assert.False(Rfc9162.VerifyConsistency(size1, size2, roots[size1 - 1], root2, proof), "wrong old root");
            Assert.False(Rfc9162.VerifyConsistency(size1, size2, roots[size1], roots[size2 - 1], proof), "wrong new root");
            Assert.False(Rfc9162.VerifyConsistency(size1, size2, roots[size1], root2, []), "empty proof");
            Assert.False(Rfc9162.VerifyConsistency(size1, size2, roots[size1], root2, proof.Take(proof.Count - 1).ToList()), "truncated");
            Assert.False(Rfc9162.VerifyConsistency(size1, size2, roots[size1], root2, proof.Append(root2).ToList()), "extended");
            Assert.False(Rfc9162.VerifyConsistency(size2, size1, root2, roots[size1], proof), "size1 > size2");

            // Changed sizes are checked against the roots of those sizes (the checkpoint binds size and root).
            foreach (var (s1, s2) in new (long, long)[] { (size1 - 1, size2), (size1 + 1, size2), (size1, size2 - 1), (size1, size2 + 1), (size1 ^ 2, size2), (size1, size2 * 2L) })
            {
                if ((s1, s2) != (size1, size2) && s1 >= 0 && s1 <= s2 && s2 <= MaxLeaves)
                {
                    Assert.False(Rfc9162.VerifyConsistency(s1, s2, roots[(int)s1], roots[(int)s2], proof), $"{size1} -> {size2} claimed as {s1} -> {s2}");
                }
            }
        }

        var random = new Random(size2);
        foreach (var size1 in new[] { 1, size2 - 1, random.Next(1, size2 + 1) })
        {
            if (size1 < 1 || size1 >= size2)
            {
                continue;
            }

            var proof = Rfc9162.ConsistencyProof(size1, size2, tree);
            ForEveryBitFlip(proof, mutated => Assert.False(Rfc9162.VerifyConsistency(size1, size2, roots[size1], root2, mutated)));
            ForEveryBitFlip([roots[size1]], mutated => Assert.False(Rfc9162.VerifyConsistency(size1, size2, mutated[0], root2, proof)));
            ForEveryBitFlip([root2], mutated => Assert.False(Rfc9162.VerifyConsistency(size1, size2, roots[size1], mutated[0], proof)));
        }
    }

    [Fact]
    public void ConsistencyFromSizeZeroNeedsAnEmptyProofAndTheEmptyRoot()
    {
        var (_, tree) = Shared.Value;
        var empty = Rfc9162.EmptyRoot();
        var root5 = Rfc9162.Root(5, tree);

        Assert.True(Rfc9162.VerifyConsistency(0, 5, empty, root5, []));
        Assert.True(Rfc9162.VerifyConsistency(0, 0, empty, empty, []));
        Assert.False(Rfc9162.VerifyConsistency(0, 5, root5, root5, []), "old root must be SHA-256(\"\")");
        Assert.False(Rfc9162.VerifyConsistency(0, 0, empty, root5, []), "equal sizes need equal roots");
        Assert.False(Rfc9162.VerifyConsistency(0, 5, empty, root5, [root5]), "size 0 takes only an empty proof");
        Assert.False(Rfc9162.VerifyConsistency(-1, 5, empty, root5, []));
        Assert.Empty(Rfc9162.ConsistencyProof(0, 5, tree));
    }

    [Fact]
    public void VerifiersRejectHashesThatAreNot32Bytes()
    {
        var (leaves, tree) = Shared.Value;
        var proof = Rfc9162.InclusionProof(3, 10, tree).ToList();
        var root = Rfc9162.Root(10, tree);
        Assert.True(Rfc9162.VerifyInclusion(3, 10, leaves[3], proof, root));
        Assert.False(Rfc9162.VerifyInclusion(3, 10, leaves[3].Append((byte)0).ToArray(), proof, root));
        Assert.False(Rfc9162.VerifyInclusion(3, 10, leaves[3], proof, root.AsSpan(0, 31)));
        proof[1] = proof[1][..31];
        Assert.False(Rfc9162.VerifyInclusion(3, 10, leaves[3], proof, root));
        Assert.False(Rfc9162.VerifyInclusion(0, 1, [], [], []), "the bare RFC loop would accept this");
        Assert.False(Rfc9162.VerifyConsistency(4, 4, new byte[12], new byte[12], []));
        Assert.False(Rfc9162.VerifyInclusion(0, 0, leaves[0], [], Rfc9162.EmptyRoot()));
        Assert.False(Rfc9162.VerifyInclusion(-1, 10, leaves[0], proof, root));
    }

    [Fact]
    public void GenerationRejectsImpossibleArgumentsClearly()
    {
        var (_, tree) = Shared.Value;
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => Rfc9162.InclusionProof(10, 10, tree));
        Assert.Contains("Leaf index 10 is outside the tree of size 10", ex.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => Rfc9162.InclusionProof(-1, 10, tree));
        Assert.Throws<ArgumentOutOfRangeException>(() => Rfc9162.InclusionProof(0, 0, tree));
        ex = Assert.Throws<ArgumentOutOfRangeException>(() => Rfc9162.ConsistencyProof(11, 10, tree));
        Assert.Contains("old tree size 11 exceeds the new tree size 10", ex.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => Rfc9162.ConsistencyProof(-1, 10, tree));
        Assert.Throws<ArgumentOutOfRangeException>(() => Rfc9162.Root(-1, tree));
        Assert.Throws<ArgumentOutOfRangeException>(() => Rfc9162.Root(MaxLeaves + 1, tree));
        Assert.Throws<InvalidOperationException>(() => Rfc9162.Root(3, new BrokenSource()));
    }

    [Fact]
    public void AccumulatorRootEqualsRootForEverySizeAndReportsEveryCompletedSubtree()
    {
        var (leaves, tree) = Shared.Value;
        var accumulator = new MerkleAccumulator();
        var completed = new List<(int Height, long Index, byte[] Hash)>();
        Assert.Equal(0, accumulator.Size);
        Assert.Equal(Rfc9162.EmptyRoot(), accumulator.Root());
        for (var n = 1; n <= MaxLeaves; n++)
        {
            var before = completed.Count;
            accumulator.Append(leaves[n - 1], (height, index, hash) => completed.Add((height, index, hash)));
            Assert.Equal(n, accumulator.Size);
            Assert.Equal(Rfc9162.Root(n, tree), accumulator.Root());

            // Leaf n-1 completes one subtree per trailing one bit of n-1, each ending at leaf n-1.
            Assert.Equal(BitOperations.TrailingZeroCount(~(ulong)(n - 1)), completed.Count - before);
            for (var i = before; i < completed.Count; i++)
            {
                var (height, index, hash) = completed[i];
                Assert.Equal(i - before + 1, height);
                Assert.Equal(n, (index + 1) << height);
                Assert.Equal(tree.Subtree(height, index), hash);
            }
        }

        // Every complete subtree of height ≥ 1 was reported exactly once.
        var expected = 0L;
        for (var height = 1; (1L << height) <= MaxLeaves; height++)
        {
            expected += MaxLeaves >> height;
        }

        Assert.Equal(expected, completed.Count);
        Assert.Equal(completed.Count, completed.Select(c => (c.Height, c.Index)).Distinct().Count());
    }

    [Fact]
    public void FromRightEdgeResumesAtAnySize()
    {
        var (leaves, tree) = Shared.Value;
        var random = new Random(7);
        foreach (var start in new long[] { 0, 1, 2, 3, 255, 256, 1000, 1024 }.Concat(Enumerable.Range(0, 20).Select(_ => (long)random.Next(0, 1500))))
        {
            var resumed = MerkleAccumulator.FromRightEdge(start, tree);
            Assert.Equal(start, resumed.Size);
            Assert.Equal(Rfc9162.Root(start, tree), resumed.Root());
            for (var n = start + 1; n <= Math.Min(start + 300, MaxLeaves); n++)
            {
                var reported = new List<(int, long, byte[])>();
                resumed.Append(leaves[(int)n - 1], (h, i, hash) => reported.Add((h, i, hash)));
                Assert.Equal(Rfc9162.Root(n, tree), resumed.Root());
                Assert.All(reported, r => Assert.Equal(tree.Subtree(r.Item1, r.Item2), r.Item3));
            }
        }
    }

    [Fact]
    public void AccumulatorRejectsLeafHashesThatAreNot32Bytes()
    {
        var accumulator = new MerkleAccumulator();
        Assert.Throws<ArgumentException>(() => accumulator.Append(new byte[31]));
        Assert.Throws<ArgumentException>(() => new InMemoryMerkleTree().Append(new byte[33]));
        Assert.Equal(0, accumulator.Size);
    }

    [Theory]
    [InlineData(10_000_000L)]
    [InlineData(16_777_215L)]
    [InlineData(16_777_216L)]
    [InlineData(4_611_686_018_427_387_905L)]
    [InlineData(long.MaxValue)]
    public void GenerationOverHugeTreesMakesLogarithmicallyManySubtreeCalls(long size)
    {
        // A tree whose leaves are all equal is consistent at every height, so its proofs verify.
        var source = new UniformTree();
        var bits = 64 - BitOperations.LeadingZeroCount((ulong)size);

        var root = Rfc9162.Root(size, source);
        Assert.True(source.Calls <= bits, $"Root: {source.Calls} calls");

        var random = new Random(1);
        foreach (var index in new[] { 0, size - 1, size / 2, random.NextInt64(size) })
        {
            source.Calls = 0;
            var proof = Rfc9162.InclusionProof(index, size, source);
            Assert.True(source.Calls <= 2 * bits, $"InclusionProof({index}, {size}): {source.Calls} calls");
            Assert.True(Rfc9162.VerifyInclusion(index, size, source.Subtree(0, index), proof, root));
        }

        foreach (var size1 in new[] { 1, size - 1, size / 3, random.NextInt64(1, size) })
        {
            source.Calls = 0;
            var proof = Rfc9162.ConsistencyProof(size1, size, source);
            Assert.True(source.Calls <= (2 * bits) + 1, $"ConsistencyProof({size1}, {size}): {source.Calls} calls");
            Assert.True(Rfc9162.VerifyConsistency(size1, size, Rfc9162.Root(size1, source), root, proof));
        }

        source.Calls = 0;
        var accumulator = MerkleAccumulator.FromRightEdge(size, source);
        Assert.True(source.Calls <= bits);
        Assert.Equal(root, accumulator.Root());
    }

    private static void ForEveryBitFlip(IReadOnlyList<byte[]> hashes, Action<List<byte[]>> check)
    {
        for (var element = 0; element < hashes.Count; element++)
        {
            for (var bit = 0; bit < hashes[element].Length * 8; bit++)
            {
                var mutated = hashes.Select(h => (byte[])h.Clone()).ToList();
                mutated[element][bit / 8] ^= (byte)(1 << (bit % 8));
                check(mutated);
            }
        }
    }

    /// <summary>Every leaf is H(0x00 ‖ "x"); subtree hashes per height are memoised. Counts calls.</summary>
    private sealed class UniformTree : IMerkleHashSource
    {
        private readonly List<byte[]> _byHeight = [SHA256.HashData("\0x"u8)];

        public int Calls { get; set; }

        public byte[] Subtree(int height, long index)
        {
            Calls++;
            Assert.InRange(height, 0, 62);
            Assert.True(index >= 0 && index < (long.MaxValue >> height), $"subtree ({height}, {index}) is not complete in any tree of at most 2^63 - 1 leaves");
            while (_byHeight.Count <= height)
            {
                _byHeight.Add(ReferenceMerkle.Node(_byHeight[^1], _byHeight[^1]));
            }

            return _byHeight[height];
        }
    }

    private sealed class BrokenSource : IMerkleHashSource
    {
        public byte[] Subtree(int height, long index) => new byte[16];
    }
}
