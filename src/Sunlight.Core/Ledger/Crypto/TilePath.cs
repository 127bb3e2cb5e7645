using System.Globalization;
using System.Text;

namespace Sunlight.Core.Ledger;

/// <summary>
/// C2SP tlog-tiles resource paths: <c>tile/&lt;L&gt;/&lt;N&gt;[.p/&lt;W&gt;]</c> and
/// <c>tile/entries/&lt;N&gt;[.p/&lt;W&gt;]</c>.
/// </summary>
/// <remarks>
/// Paths are relative, without a leading slash; the HTTP layer strips its own prefix (for example
/// <c>/ledger/</c>) before calling <see cref="TryParse"/>. <c>&lt;N&gt;</c> is written in zero-padded 3-digit
/// groups, all but the last prefixed with <c>x</c> (1234067 → <c>x001/x234/067</c>).
/// </remarks>
public static class TilePath
{
    /// <summary>Hashes (or entries) in a full tile.</summary>
    public const int Width = 256;

    /// <summary>The highest tile level the specification allows.</summary>
    public const int MaxLevel = 63;

    /// <summary>
    /// The path of Merkle tile <paramref name="index"/> at <paramref name="level"/>, e.g.
    /// <c>tile/0/x001/x234/067</c>, or <c>tile/0/x001/x234/067.p/12</c> for a partial tile of width 12.
    /// </summary>
    public static string Tile(int level, long index, int partialWidth = Width)
    {
        if (level is < 0 or > MaxLevel)
        {
            throw new ArgumentOutOfRangeException(nameof(level), level, $"A tile level is between 0 and {MaxLevel}.");
        }

        return Build(level.ToString(CultureInfo.InvariantCulture), index, partialWidth);
    }

    /// <summary>The path of entry bundle <paramref name="index"/>, e.g. <c>tile/entries/x001/067</c> or <c>tile/entries/000.p/8</c>.</summary>
    public static string Entries(long index, int partialWidth = Width) => Build("entries", index, partialWidth);

    /// <summary>
    /// Parses a tile or entry-bundle path. Only the canonical encoding is accepted: the level is 0–63 without
    /// leading zeros; every index group is exactly three ASCII digits, all but the last prefixed with
    /// <c>x</c>, and the first group is not <c>x000</c> (no redundant zero groups); a partial width is 1–255
    /// without leading zeros (<c>.p/0</c>, <c>.p/256</c>, <c>.p/08</c> are rejected). For entry bundles
    /// <see cref="TileAddress.Level"/> is 0.
    /// </summary>
    public static bool TryParse(string? path, out TileAddress address)
    {
        address = default;
        if (path is null || !path.StartsWith("tile/", StringComparison.Ordinal))
        {
            return false;
        }

        var rest = path.AsSpan("tile/".Length);
        var slash = rest.IndexOf('/');
        if (slash <= 0)
        {
            return false;
        }

        var head = rest[..slash];
        rest = rest[(slash + 1)..];
        var isEntries = head.SequenceEqual("entries");
        var level = 0;
        if (!isEntries && !TryParseSmall(head, MaxLevel, out level))
        {
            return false;
        }

        var width = Width;
        var partial = rest.IndexOf(".p/", StringComparison.Ordinal);
        if (partial >= 0)
        {
            if (!TryParseSmall(rest[(partial + 3)..], Width - 1, out width) || width == 0)
            {
                return false;
            }

            rest = rest[..partial];
        }

        if (!TryParseIndex(rest, out var index))
        {
            return false;
        }

        address = new TileAddress(isEntries, level, index, width);
        return true;
    }

    /// <summary>The number of full tiles at <paramref name="level"/> in a tree of <paramref name="treeSize"/> leaves: ⌊s / 256^(l+1)⌋.</summary>
    public static long FullTileCount(int level, long treeSize)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(treeSize);
        return DivideByTileSpan(level + 1, treeSize);
    }

    /// <summary>
    /// The width of the partial tile at <paramref name="level"/> for a tree of <paramref name="treeSize"/>
    /// leaves, ⌊s / 256^l⌋ mod 256, or 0 when that level has no partial tile.
    /// </summary>
    public static int PartialTileWidth(int level, long treeSize)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(treeSize);
        return (int)(DivideByTileSpan(level, treeSize) % Width);
    }

    private static long DivideByTileSpan(int level, long treeSize)
    {
        if (level < 0 || level > MaxLevel + 1)
        {
            throw new ArgumentOutOfRangeException(nameof(level), level, $"A tile level is between 0 and {MaxLevel}.");
        }

        var shift = 8 * level;
        return shift >= 63 ? 0 : treeSize >> shift;
    }

    private static string Build(string head, long index, int partialWidth)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        if (partialWidth is < 1 or > Width)
        {
            throw new ArgumentOutOfRangeException(nameof(partialWidth), partialWidth, "A tile holds 1 to 256 hashes (256 = full tile).");
        }

        var builder = new StringBuilder("tile/", 48).Append(head).Append('/');
        Span<int> groups = stackalloc int[7];
        var count = 0;
        do
        {
            groups[count++] = (int)(index % 1000);
            index /= 1000;
        }
        while (index > 0);

        for (var i = count - 1; i >= 0; i--)
        {
            if (i > 0)
            {
                builder.Append('x');
            }

            builder.Append(groups[i].ToString("D3", CultureInfo.InvariantCulture));
            if (i > 0)
            {
                builder.Append('/');
            }
        }

        if (partialWidth < Width)
        {
            builder.Append(".p/").Append(partialWidth.ToString(CultureInfo.InvariantCulture));
        }

        return builder.ToString();
    }

    /// <summary>A decimal 0..max with no sign, no leading zeros, ASCII digits only.</summary>
    private static bool TryParseSmall(ReadOnlySpan<char> text, int max, out int value)
    {
        value = 0;
        if (text.IsEmpty || text.Length > 3 || (text.Length > 1 && text[0] == '0'))
        {
            return false;
        }

        foreach (var c in text)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }

            value = (value * 10) + (c - '0');
        }

        return value <= max;
    }

    private static bool TryParseIndex(ReadOnlySpan<char> text, out long index)
    {
        index = 0;
        var groups = 0;
        while (true)
        {
            var slash = text.IndexOf('/');
            var group = slash < 0 ? text : text[..slash];
            var last = slash < 0;
            if (!last)
            {
                if (group.Length != 4 || group[0] != 'x')
                {
                    return false;
                }

                group = group[1..];
                if (groups == 0 && group.SequenceEqual("000"))
                {
                    return false;
                }
            }

            if (group.Length != 3 || !char.IsAsciiDigit(group[0]) || !char.IsAsciiDigit(group[1]) || !char.IsAsciiDigit(group[2]))
            {
                return false;
            }

            var value = ((group[0] - '0') * 100) + ((group[1] - '0') * 10) + (group[2] - '0');
            if (index > (long.MaxValue - value) / 1000)
            {
                return false;
            }

            index = (index * 1000) + value;
            groups++;
            if (last)
            {
                return true;
            }

            text = text[(slash + 1)..];
        }
    }
}

/// <summary>A parsed tile path: a Merkle tile (level, index) or an entry bundle (index), full (width 256) or partial.</summary>
/// <param name="IsEntries">True for <c>tile/entries/…</c>; <see cref="Level"/> is then 0.</param>
/// <param name="Level">The tile level, 0–63.</param>
/// <param name="Index">The tile index within its level.</param>
/// <param name="Width">256 for a full tile, 1–255 for a partial one.</param>
public readonly record struct TileAddress(bool IsEntries, int Level, long Index, int Width)
{
    /// <summary>True for a partial tile (<c>.p/W</c>).</summary>
    public bool IsPartial => Width < TilePath.Width;

    /// <summary>The canonical path of this tile.</summary>
    public string ToPath() => IsEntries ? TilePath.Entries(Index, Width) : TilePath.Tile(Level, Index, Width);
}
