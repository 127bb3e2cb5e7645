using System.Globalization;
using System.Text;

namespace Sunlight.Core.Ledger;

/// <summary>
/// A C2SP tlog-checkpoint note body: origin, tree size and root hash, plus optional extension lines.
/// </summary>
/// <remarks>
/// <para>
/// Extension lines are kept (in <see cref="Extensions"/>) and written back by <see cref="Format"/>, because
/// Ed25519 signatures and cosignatures cover them; they carry no meaning here and the spec calls them NOT
/// RECOMMENDED. A checkpoint of size 0 must carry the empty-tree root SHA-256("").
/// </para>
/// <para>Equality compares the root bytes and extension lines, not array references.</para>
/// </remarks>
/// <param name="Origin">The log identity, e.g. <c>sunlight.example/370781</c>.</param>
/// <param name="Size">The tree size.</param>
/// <param name="Root">The 32-byte RFC 9162 root at <paramref name="Size"/>.</param>
public sealed record Checkpoint(string Origin, long Size, byte[] Root)
{
    /// <summary>Extension lines after the root line, each non-empty; empty for a plain checkpoint.</summary>
    public IReadOnlyList<string> Extensions { get; init; } = [];

    /// <summary>The note text <c>origin\nsize\nbase64(root)\n</c> (then any extension lines, each ending in a newline).</summary>
    /// <exception cref="InvalidOperationException">The values cannot form a valid checkpoint.</exception>
    public string Format()
    {
        var problem = Validate();
        if (problem is not null)
        {
            throw new InvalidOperationException($"Cannot format the checkpoint: {problem}.");
        }

        var builder = new StringBuilder(Origin.Length + 80)
            .Append(Origin).Append('\n')
            .Append(Size.ToString(CultureInfo.InvariantCulture)).Append('\n')
            .Append(Convert.ToBase64String(Root)).Append('\n');
        foreach (var line in Extensions)
        {
            builder.Append(line).Append('\n');
        }

        return builder.ToString();
    }

    /// <summary>
    /// Parses a checkpoint note TEXT (not the signed note: open it with <see cref="SignedNote"/> first and
    /// pass <see cref="Note.Text"/>). Strict: the text ends with a newline and has no control characters but
    /// newlines; the origin is non-empty; the size is ASCII decimal without sign or leading zeros and fits in
    /// a signed 64-bit integer; the root is canonical base64 of exactly 32 bytes (SHA-256("") when the size
    /// is 0); extension lines are non-empty.
    /// </summary>
    /// <exception cref="FormatException">Says which rule the text breaks.</exception>
    public static Checkpoint Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!text.EndsWith('\n'))
        {
            throw new FormatException("A checkpoint text ends with a newline.");
        }

        var problem = NoteFormat.FindTextProblem(text);
        if (problem is not null)
        {
            throw new FormatException($"The checkpoint text has a {problem}.");
        }

        var lines = text[..^1].Split('\n');
        if (lines.Length < 3)
        {
            throw new FormatException($"A checkpoint has at least three lines (origin, size, root); this one has {lines.Length}.");
        }

        var origin = lines[0];
        if (origin.Length == 0)
        {
            throw new FormatException("The checkpoint origin (line 1) is empty.");
        }

        var size = ParseSize(lines[1]);
        if (!NoteFormat.TryDecodeBase64(lines[2], out var root))
        {
            throw new FormatException("The checkpoint root (line 3) is not canonical standard base64.");
        }

        if (root.Length != Rfc9162.HashSize)
        {
            throw new FormatException($"The checkpoint root (line 3) is {root.Length} bytes; a SHA-256 root is 32.");
        }

        if (size == 0 && !Rfc9162.IsEmptyRoot(root))
        {
            throw new FormatException("A checkpoint of size 0 must carry the empty-tree root SHA-256(\"\").");
        }

        for (var i = 3; i < lines.Length; i++)
        {
            if (lines[i].Length == 0)
            {
                throw new FormatException($"Checkpoint extension line {i + 1} is empty (was a whole signed note passed instead of its text?).");
            }
        }

        return new Checkpoint(origin, size, root) { Extensions = lines[3..] };
    }

    /// <inheritdoc />
    public bool Equals(Checkpoint? other) =>
        other is not null
        && string.Equals(Origin, other.Origin, StringComparison.Ordinal)
        && Size == other.Size
        && Root.AsSpan().SequenceEqual(other.Root)
        && Extensions.SequenceEqual(other.Extensions, StringComparer.Ordinal);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(StringComparer.Ordinal.GetHashCode(Origin), Size);

    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append(CultureInfo.InvariantCulture, $"Origin = {Origin}, Size = {Size}, Root = {(Root is null ? "null" : Convert.ToBase64String(Root))}, Extensions = {Extensions.Count}");
        return true;
    }

    private static long ParseSize(string line)
    {
        const string Prefix = "The checkpoint tree size (line 2)";
        if (line.Length == 0)
        {
            throw new FormatException($"{Prefix} is empty.");
        }

        long size = 0;
        foreach (var c in line)
        {
            if (!char.IsAsciiDigit(c))
            {
                throw new FormatException($"{Prefix} \"{line}\" is not plain ASCII decimal digits.");
            }

            if (size > (long.MaxValue - (c - '0')) / 10)
            {
                throw new FormatException($"{Prefix} \"{line}\" is not below 2^63.");
            }

            size = (size * 10) + (c - '0');
        }

        if (line.Length > 1 && line[0] == '0')
        {
            throw new FormatException($"{Prefix} \"{line}\" has a leading zero.");
        }

        return size;
    }

    private string? Validate()
    {
        if (string.IsNullOrEmpty(Origin))
        {
            return "the origin is empty";
        }

        if (NoteFormat.FindTextProblem(Origin) is not null || Origin.Contains('\n', StringComparison.Ordinal))
        {
            return "the origin must be one line without control characters";
        }

        if (Size < 0)
        {
            return $"the size {Size} is negative";
        }

        if (Root is not { Length: Rfc9162.HashSize })
        {
            return "the root must be 32 bytes";
        }

        if (Size == 0 && !Rfc9162.IsEmptyRoot(Root))
        {
            return "a checkpoint of size 0 must carry the empty-tree root SHA-256(\"\")";
        }

        foreach (var line in Extensions)
        {
            if (string.IsNullOrEmpty(line) || line.Contains('\n', StringComparison.Ordinal) || NoteFormat.FindTextProblem(line) is not null)
            {
                return "extension lines must be non-empty single lines without control characters";
            }
        }

        return null;
    }
}
