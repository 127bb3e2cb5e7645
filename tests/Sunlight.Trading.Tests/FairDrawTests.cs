using System.Security.Cryptography;
using System.Text;
using Sunlight.Trading.Draws;

namespace Sunlight.Trading.Tests;

/// <summary>
/// The expert draw <c>sunlight-draw/v1</c> against the specification's vector (trading.md), and what makes it
/// provably fair: the same inputs give the same committee; a changed pool, commitment or beacon gives another.
/// </summary>
public sealed class FairDrawTests
{
    private static readonly byte[] C = Enumerable.Repeat((byte)0xaa, 32).ToArray();
    private static readonly byte[] B = Enumerable.Repeat((byte)0xbb, 32).ToArray();
    private static readonly IReadOnlyList<string> Pool = [.. Enumerable.Range(1, 12).Select(i => $"E{i:D2}")];

    [Fact]
    public void The_specifications_vector_gives_its_seed_and_committee()
    {
        var seed = FairDraw.Seed(C, B, []);
        Assert.Equal("101d315ae2e2163647171cdaace3840041190ab6e787c05313943e71f2ecfe4e", Convert.ToHexStringLower(seed));

        var group = Assert.Single(FairDraw.Select(seed, [new DrawGroup("any", 5, 2, Pool)]));
        Assert.Equal(new[] { "E05", "E10", "E08", "E04", "E07" }, group.Selected);
        Assert.Equal(new[] { "E09", "E02" }, group.Alternates);
    }

    [Fact]
    public void The_seed_is_the_hash_of_the_three_inputs_in_lowercase_hex()
    {
        var k = Enumerable.Range(0, 64).Select(i => (byte)i).ToArray();
        var expected = SHA256.HashData(Encoding.ASCII.GetBytes($"sunlight-draw/v1\n{new string('a', 64)}\n{new string('b', 64)}\n{Convert.ToHexStringLower(k)}\n"));
        Assert.Equal(expected, FairDraw.Seed(C, B, k));
    }

    [Fact]
    public void A_changed_pool_commitment_or_beacon_changes_the_draw()
    {
        var seed = FairDraw.Seed(C, B, []);
        var draw = Selected(seed, Pool);
        Assert.Equal(draw, Selected(FairDraw.Seed(C, B, []), Pool));

        var otherBeacon = (byte[])B.Clone();
        otherBeacon[31] ^= 1;
        Assert.NotEqual(draw, Selected(FairDraw.Seed(C, otherBeacon, []), Pool));
        var otherCommitment = (byte[])C.Clone();
        otherCommitment[0] ^= 1;
        Assert.NotEqual(draw, Selected(FairDraw.Seed(otherCommitment, B, []), Pool));
        Assert.NotEqual(draw, Selected(seed, [.. Pool, "E13"]));
    }

    [Fact]
    public void Later_groups_draw_from_what_earlier_groups_left()
    {
        var seed = FairDraw.Seed(C, B, []);
        var groups = FairDraw.Select(seed, [new DrawGroup("civil", 3, 1, Pool), new DrawGroup("cost", 4, 2, Pool)]);
        var all = groups.SelectMany(g => g.Selected.Concat(g.Alternates)).ToList();
        Assert.Equal(all.Count, all.Distinct().Count());
        Assert.Equal(10, all.Count);
        Assert.Throws<ArgumentException>(() => FairDraw.Select(seed, [new DrawGroup("civil", 10, 1, Pool), new DrawGroup("cost", 2, 0, Pool)]));
    }

    [Fact]
    public void Below_is_uniform_without_modulo_bias()
    {
        // m = 3·2⁶²: 2⁶⁴ mod m = 2⁶², so a quarter of all u are redrawn; every result still lies below m.
        var stream = new DrawStream(FairDraw.Seed(C, B, []));
        const ulong M = 3UL << 62;
        Assert.All(Enumerable.Range(0, 1000), _ => Assert.True(stream.Below(M) < M));
        var counts = new int[7];
        for (var i = 0; i < 70_000; i++)
        {
            counts[stream.Below(7)]++;
        }

        Assert.All(counts, c => Assert.InRange(c, 9_400, 10_600));
    }

    private static string Selected(byte[] seed, IReadOnlyList<string> pool) =>
        string.Join(" ", FairDraw.Select(seed, [new DrawGroup("any", 5, 2, pool)]).SelectMany(g => g.Selected.Concat(g.Alternates)));
}
