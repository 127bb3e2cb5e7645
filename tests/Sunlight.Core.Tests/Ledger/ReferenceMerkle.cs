using System.Security.Cryptography;

namespace Sunlight.Core.Tests.Ledger;

/// <summary>
/// A deliberately naive test oracle: RFC 9162 §2.1 MTH, PATH and PROOF written as the recursive definitions
/// over a list of leaf hashes, sharing no code with the library (SHA-256 is called directly).
/// </summary>
internal static class ReferenceMerkle
{
    public static byte[] Mth(IReadOnlyList<byte[]> leaves, int start, int end)
    {
        var n = end - start;
        if (n == 0)
        {
            return SHA256.HashData(ReadOnlySpan<byte>.Empty);
        }

        if (n == 1)
        {
            return leaves[start];
        }

        var k = LargestPowerOfTwoBelow(n);
        return Node(Mth(leaves, start, start + k), Mth(leaves, start + k, end));
    }

    public static List<byte[]> Path(IReadOnlyList<byte[]> leaves, int m, int start, int end)
    {
        var n = end - start;
        if (n == 1)
        {
            return [];
        }

        var k = LargestPowerOfTwoBelow(n);
        if (m < k)
        {
            var path = Path(leaves, m, start, start + k);
            path.Add(Mth(leaves, start + k, end));
            return path;
        }
        else
        {
            var path = Path(leaves, m - k, start + k, end);
            path.Add(Mth(leaves, start, start + k));
            return path;
        }
    }

    public static List<byte[]> Proof(IReadOnlyList<byte[]> leaves, int m, int n) => Sub(leaves, m, 0, n, true);

    public static byte[] Leaf(ReadOnlySpan<byte> data)
    {
        var buffer = new byte[data.Length + 1];
        data.CopyTo(buffer.AsSpan(1));
        return SHA256.HashData(buffer);
    }

    public static byte[] Node(byte[] left, byte[] right)
    {
        var buffer = new byte[1 + left.Length + right.Length];
        buffer[0] = 1;
        left.CopyTo(buffer, 1);
        right.CopyTo(buffer, 1 + left.Length);
        return SHA256.HashData(buffer);
    }

    private static List<byte[]> Sub(IReadOnlyList<byte[]> leaves, int m, int start, int end, bool b)
    {
        var n = end - start;
        if (m == n)
        {
            return b ? [] : [Mth(leaves, start, end)];
        }

        var k = LargestPowerOfTwoBelow(n);
        if (m <= k)
        {
            var proof = Sub(leaves, m, start, start + k, b);
            proof.Add(Mth(leaves, start + k, end));
            return proof;
        }
        else
        {
            var proof = Sub(leaves, m - k, start + k, end, false);
            proof.Add(Mth(leaves, start, start + k));
            return proof;
        }
    }

    private static int LargestPowerOfTwoBelow(int n)
    {
        var k = 1;
        while (k * 2 < n)
        {
            k *= 2;
        }

        return k;
    }
}
