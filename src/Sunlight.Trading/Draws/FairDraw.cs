using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Sunlight.Trading.Draws;

/// <summary>One group of a draw: how many experts of a specialty, how many alternates, and its pool (codes, after 回避).</summary>
internal sealed record DrawGroup(string Specialty, int Count, int Alternates, IReadOnlyList<string> Pool);

/// <summary>What a group drew: the selected codes in draw order, then the alternates in the order they are taken.</summary>
internal sealed record DrawnGroup(string Specialty, IReadOnlyList<string> Selected, IReadOnlyList<string> Alternates);

/// <summary>
/// The provably fair expert draw <c>sunlight-draw/v1</c> (../shared/domain/trading.md, "Experts and the provably fair
/// draw"): a seed from the commitment C (SHA-256 of the committed record's body), the beacon B (root of the first
/// cosigned checkpoint after it) and K (the cosignature's 64 bytes, empty without a parent); a SHA-256 counter stream;
/// unbiased <see cref="DrawStream.Below"/> by rejection; a partial Fisher–Yates shuffle per group. Pure: anyone with
/// the two records and the checkpoint recomputes the same committee (<c>sunlight trading verify-draw</c>).
/// </summary>
internal static class FairDraw
{
    public const string Algorithm = "sunlight-draw/v1";

    /// <summary>S = SHA-256("sunlight-draw/v1\n" + hex C + "\n" + hex B + "\n" + hex K + "\n"), hex in lowercase.</summary>
    public static byte[] Seed(ReadOnlySpan<byte> commitment, ReadOnlySpan<byte> beaconRoot, ReadOnlySpan<byte> cosignature)
    {
        var text = $"{Algorithm}\n{Convert.ToHexStringLower(commitment)}\n{Convert.ToHexStringLower(beaconRoot)}\n{Convert.ToHexStringLower(cosignature)}\n";
        return SHA256.HashData(Encoding.ASCII.GetBytes(text));
    }

    /// <summary>
    /// Draws every group in order from one stream: each group's pool loses the experts selected or reserved by the
    /// groups before it; then i &lt; count + alternates swaps P[i] with P[i + below(|P| − i)].
    /// </summary>
    /// <exception cref="ArgumentException">A group asks for more experts than its pool still holds, or for a negative count.</exception>
    public static IReadOnlyList<DrawnGroup> Select(ReadOnlySpan<byte> seed, IReadOnlyList<DrawGroup> groups)
    {
        ArgumentNullException.ThrowIfNull(groups);
        var stream = new DrawStream(seed);
        var taken = new HashSet<string>(StringComparer.Ordinal);
        var drawn = new List<DrawnGroup>(groups.Count);
        foreach (var group in groups)
        {
            if (group.Count < 0 || group.Alternates < 0)
            {
                throw new ArgumentException($"group {group.Specialty}: count and alternates must not be negative.", nameof(groups));
            }

            var pool = group.Pool.Where(code => !taken.Contains(code)).ToList();
            var k = group.Count + group.Alternates;
            if (k > pool.Count)
            {
                throw new ArgumentException($"group {group.Specialty}: {k} experts asked for, {pool.Count} in the pool.", nameof(groups));
            }

            for (var i = 0; i < k; i++)
            {
                var j = i + (int)stream.Below((ulong)(pool.Count - i));
                (pool[i], pool[j]) = (pool[j], pool[i]);
            }

            drawn.Add(new DrawnGroup(group.Specialty, pool[..group.Count], pool[group.Count..k]));
            taken.UnionWith(pool[..k]);
        }

        return drawn;
    }
}

/// <summary>
/// The draw's random stream: SHA-256(S ‖ uint32-BE 0) ‖ SHA-256(S ‖ uint32-BE 1) ‖ …, read as consecutive 8-byte
/// big-endian unsigned integers (four per block).
/// </summary>
internal sealed class DrawStream
{
    private readonly byte[] _input;
    private readonly byte[] _block = new byte[32];
    private uint _counter;
    private int _offset = 32;

    public DrawStream(ReadOnlySpan<byte> seed)
    {
        if (seed.Length != 32)
        {
            throw new ArgumentException("the seed is 32 bytes.", nameof(seed));
        }

        _input = new byte[36];
        seed.CopyTo(_input);
    }

    /// <summary>The next 64-bit unsigned integer of the stream.</summary>
    public ulong Next()
    {
        if (_offset == 32)
        {
            BinaryPrimitives.WriteUInt32BigEndian(_input.AsSpan(32), _counter++);
            SHA256.HashData(_input, _block);
            _offset = 0;
        }

        var u = BinaryPrimitives.ReadUInt64BigEndian(_block.AsSpan(_offset));
        _offset += 8;
        return u;
    }

    /// <summary>A uniform integer in [0, <paramref name="m"/>): the next u, drawn again while u ≥ 2⁶⁴ − (2⁶⁴ mod m); then u mod m.</summary>
    public ulong Below(ulong m)
    {
        ArgumentOutOfRangeException.ThrowIfZero(m);
        var remainder = ((ulong.MaxValue % m) + 1) % m; // 2⁶⁴ mod m
        var u = Next();
        while (remainder != 0 && u >= 0UL - remainder)
        {
            u = Next();
        }

        return u % m;
    }
}
