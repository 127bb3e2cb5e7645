using System.Text.Json;
using Sunlight.Core.Ledger;
using Xunit;

namespace Sunlight.Core.Tests.Ledger;

/// <summary>Every vector of vectors.json (transparency-dev/merkle, RFC 6962/9162).</summary>
public sealed class Rfc9162VectorTests
{
    public static TheoryData<string> InclusionIds => MerkleVectors.Ids("vectors.json", "inclusion_proofs");

    public static TheoryData<string> ConsistencyIds => MerkleVectors.Ids("vectors.json", "consistency_proofs");

    public static TheoryData<string> PrimitiveIds => MerkleVectors.Ids("vectors.json", "hash_primitives");

    [Fact]
    public void Tree8LeafHashesNodeHashesAndRootsForEverySize()
    {
        var tree = MerkleVectors.Tree.GetProperty("tree");
        var leaves = tree.GetProperty("leaves_hex").EnumerateArray().Select(MerkleVectors.Hex).ToList();
        var leafHashes = tree.GetProperty("leaf_hashes_hex").EnumerateArray().Select(MerkleVectors.Hex).ToList();
        Assert.Equal(8, leaves.Count);

        var memory = new InMemoryMerkleTree();
        var accumulator = new MerkleAccumulator();
        for (var i = 0; i < leaves.Count; i++)
        {
            Assert.Equal(leafHashes[i], Rfc9162.LeafHash(leaves[i]));
            memory.AppendData(leaves[i]);
            accumulator.Append(leafHashes[i]);
        }

        var level = 0;
        foreach (var hashes in tree.GetProperty("node_hashes_hex_by_level").EnumerateArray())
        {
            var index = 0;
            foreach (var hash in hashes.EnumerateArray())
            {
                Assert.Equal(MerkleVectors.Hex(hash), memory.Subtree(level, index));
                index++;
            }

            level++;
        }

        Assert.Equal(4, level);
        var checkedRoots = 0;
        foreach (var root in tree.GetProperty("roots").EnumerateArray())
        {
            var size = root.GetProperty("tree_size").GetInt64();
            var expected = MerkleVectors.Hex(root.GetProperty("root_hex"));
            Assert.Equal(expected, Rfc9162.Root(size, memory));
            Assert.Equal(expected, MerkleAccumulator.FromRightEdge(size, memory).Root());
            checkedRoots++;
        }

        Assert.Equal(9, checkedRoots);
        Assert.Equal(MerkleVectors.Hex(tree.GetProperty("roots")[8].GetProperty("root_hex")), accumulator.Root());
    }

    [Theory]
    [MemberData(nameof(PrimitiveIds))]
    public void HashPrimitive(string id)
    {
        var vector = MerkleVectors.Entry(MerkleVectors.Tree, "hash_primitives", id);
        var expected = MerkleVectors.Hex(vector.GetProperty("expected_hex"));
        var actual = MerkleVectors.Text(vector, "kind") switch
        {
            "empty_root" => Rfc9162.EmptyRoot(),
            "leaf_hash" => Rfc9162.LeafHash(MerkleVectors.Hex(vector.GetProperty("input_hex"))),
            "node_hash" => Rfc9162.NodeHash(MerkleVectors.Hex(vector.GetProperty("left_hex")), MerkleVectors.Hex(vector.GetProperty("right_hex"))),
            var kind => throw new InvalidOperationException($"unknown primitive kind {kind}"),
        };
        Assert.Equal(expected, actual);
    }

    [Fact]
    public void EmptyRootIsNotTheLeafHashOfAnEmptyLeaf()
    {
        Assert.NotEqual(Rfc9162.EmptyRoot(), Rfc9162.LeafHash([]));
        Assert.True(Rfc9162.IsEmptyRoot(Rfc9162.EmptyRoot()));
    }

    [Theory]
    [MemberData(nameof(InclusionIds))]
    public void InclusionProbeGivesTheStrictVerdict(string id)
    {
        var probe = MerkleVectors.Entry(MerkleVectors.Tree, "inclusion_proofs", id);
        var proof = Proof(probe);
        var leafIndex = probe.GetProperty("leaf_index").GetUInt64();
        if (leafIndex > long.MaxValue)
        {
            // Upstream's "leafIdx sub 1" on index 0 wraps to 2^64 - 1, which a signed index cannot express;
            // the same 64 bits read as a long are -1, which must fail too.
            Assert.False(probe.GetProperty("expect_valid_strict").GetBoolean());
        }

        var valid = Rfc9162.VerifyInclusion(
            unchecked((long)leafIndex),
            probe.GetProperty("tree_size").GetInt64(),
            MerkleVectors.Hex(probe.GetProperty("leaf_hash_hex")),
            proof,
            MerkleVectors.Hex(probe.GetProperty("root_hex")));

        Assert.Equal(probe.GetProperty("expect_valid_strict").GetBoolean(), valid);
    }

    [Theory]
    [MemberData(nameof(ConsistencyIds))]
    public void ConsistencyProbeGivesTheStrictVerdict(string id)
    {
        var probe = MerkleVectors.Entry(MerkleVectors.Tree, "consistency_proofs", id);
        var valid = Rfc9162.VerifyConsistency(
            probe.GetProperty("size1").GetInt64(),
            probe.GetProperty("size2").GetInt64(),
            MerkleVectors.Hex(probe.GetProperty("root1_hex")),
            MerkleVectors.Hex(probe.GetProperty("root2_hex")),
            Proof(probe));

        Assert.Equal(probe.GetProperty("expect_valid_strict").GetBoolean(), valid);
    }

    [Fact]
    public void ProbeCountsAndTheOneStrictDeviationAreAsDocumented()
    {
        var inclusion = MerkleVectors.Tree.GetProperty("inclusion_proofs").EnumerateArray().ToList();
        var consistency = MerkleVectors.Tree.GetProperty("consistency_proofs").EnumerateArray().ToList();
        Assert.Equal(98, inclusion.Count);
        Assert.Equal(98, consistency.Count);
        Assert.Equal(6, inclusion.Count(p => p.GetProperty("expect_valid").GetBoolean()));
        Assert.Equal(6, consistency.Count(p => p.GetProperty("expect_valid").GetBoolean()));
        Assert.Equal(6, inclusion.Count(p => p.GetProperty("expect_valid_strict").GetBoolean()));
        Assert.Equal(5, consistency.Count(p => p.GetProperty("expect_valid_strict").GetBoolean()));

        var deviations = inclusion.Concat(consistency)
            .Where(p => p.GetProperty("expect_valid").GetBoolean() != p.GetProperty("expect_valid_strict").GetBoolean())
            .Select(p => MerkleVectors.Text(p, "id"))
            .ToList();
        Assert.Equal(["tdmerkle-consistency:additional:sizes-are-equal-one-and-proof-is-empty"], deviations);
    }

    [Fact]
    public void ValidInclusionProofsRegenerateByteForByte()
    {
        var regenerated = 0;
        foreach (var probe in MerkleVectors.Tree.GetProperty("inclusion_proofs").EnumerateArray())
        {
            if (!probe.GetProperty("expect_valid_strict").GetBoolean())
            {
                continue;
            }

            var index = probe.GetProperty("leaf_index").GetInt64();
            var size = probe.GetProperty("tree_size").GetInt64();
            var leafHash = MerkleVectors.Hex(probe.GetProperty("leaf_hash_hex"));
            var root = MerkleVectors.Hex(probe.GetProperty("root_hex"));
            var tree = TreeFor(size, root, leafHash);

            Assert.Equal(leafHash, tree.Subtree(0, index));
            Assert.Equal(Proof(probe), Rfc9162.InclusionProof(index, size, tree));
            regenerated++;
        }

        Assert.Equal(6, regenerated);
    }

    [Fact]
    public void ValidConsistencyProofsRegenerateByteForByte()
    {
        var regenerated = 0;
        foreach (var probe in MerkleVectors.Tree.GetProperty("consistency_proofs").EnumerateArray())
        {
            if (!probe.GetProperty("expect_valid_strict").GetBoolean())
            {
                continue;
            }

            var size1 = probe.GetProperty("size1").GetInt64();
            var size2 = probe.GetProperty("size2").GetInt64();
            var tree = TreeFor(size2, MerkleVectors.Hex(probe.GetProperty("root2_hex")), null);

            Assert.Equal(MerkleVectors.Hex(probe.GetProperty("root1_hex")), Rfc9162.Root(size1, tree));
            Assert.Equal(Proof(probe), Rfc9162.ConsistencyProof(size1, size2, tree));
            regenerated++;
        }

        Assert.Equal(5, regenerated);
    }

    private static List<byte[]> Proof(JsonElement probe) =>
        probe.GetProperty("proof_hex").EnumerateArray().Select(MerkleVectors.Hex).ToList();

    /// <summary>
    /// The in-memory tree a valid probe was cut from: a prefix of the 8-leaf reference tree, or (for the
    /// single-entry probe that uses its own leaf) a one-leaf tree.
    /// </summary>
    private static InMemoryMerkleTree TreeFor(long size, byte[] root, byte[]? leafHash)
    {
        var tree = new InMemoryMerkleTree();
        foreach (var hash in MerkleVectors.Tree.GetProperty("tree").GetProperty("leaf_hashes_hex").EnumerateArray().Take((int)size))
        {
            tree.Append(MerkleVectors.Hex(hash));
        }

        if (tree.Root().AsSpan().SequenceEqual(root))
        {
            return tree;
        }

        Assert.True(size == 1 && leafHash is not null, "a valid probe should come from the 8-leaf tree or be a single leaf");
        var single = new InMemoryMerkleTree();
        single.Append(leafHash);
        Assert.Equal(root, single.Root());
        return single;
    }
}
