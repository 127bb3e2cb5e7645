using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;

namespace Sunlight.Core.Ledger;

/// <summary>
/// C2SP signed notes: a text ending in a newline, a blank line, then one or more lines
/// <c>— &lt;name&gt; base64(keyID ‖ signature)</c>.
/// </summary>
public static class SignedNote
{
    /// <summary>
    /// The most signature lines <see cref="Open(string, IReadOnlyCollection{NoteVerifier})"/> reads; the spec
    /// requires accepting at least 16. The same limit as golang.org/x/mod/sumdb/note.
    /// </summary>
    public const int MaxSignatures = 100;

    /// <summary>Key ID = SHA-256(name ‖ 0x0A ‖ type ‖ public key)[:4], read as a big-endian uint32.</summary>
    public static uint KeyId(string name, byte signatureType, ReadOnlySpan<byte> publicKey)
    {
        ArgumentNullException.ThrowIfNull(name);
        return NoteFormat.KeyId(name, signatureType, publicKey);
    }

    /// <summary>
    /// Signs <paramref name="text"/> (which must end with a newline and contain no control characters other
    /// than newline) with each key, in order, and returns the signed note.
    /// </summary>
    /// <exception cref="ArgumentException">The text breaks the note rules, no key is given, or a key repeats.</exception>
    public static string Sign(string text, params NoteKey[] keys)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(keys);
        RequireNoteText(text, nameof(text));
        if (keys.Length == 0)
        {
            throw new ArgumentException("A signed note needs at least one signature.", nameof(keys));
        }

        var message = Encoding.UTF8.GetBytes(text);
        var builder = new StringBuilder(text.Length + (keys.Length * 128)).Append(text).Append('\n');
        var seen = new HashSet<(string, uint)>();
        foreach (var key in keys)
        {
            ArgumentNullException.ThrowIfNull(key, nameof(keys));
            if (!seen.Add((key.Name, key.KeyId)))
            {
                throw new ArgumentException($"Key {key} is given twice.", nameof(keys));
            }

            var signature = new NoteSignature(key.Name, key.KeyId, key.Sign(message));
            builder.Append(signature.ToLine()).Append('\n');
        }

        return builder.ToString();
    }

    /// <summary>
    /// Parses and verifies a signed note against trusted keys, following C2SP signed-note: lines whose
    /// (name, key ID) matches no verifier are kept in <see cref="Note.Signatures"/> but otherwise ignored;
    /// every line from a known key must verify, or the whole note is rejected; at least one must verify.
    /// </summary>
    /// <exception cref="NoteException">The note is malformed, has too many signatures, carries a failing
    /// signature from a known key, or has no verified signature; <see cref="NoteException.Reason"/> says which.</exception>
    /// <exception cref="ArgumentException">Two different verifiers share a name and key ID.</exception>
    public static Note Open(string note, IReadOnlyCollection<NoteVerifier> verifiers)
    {
        ArgumentNullException.ThrowIfNull(note);
        ArgumentNullException.ThrowIfNull(verifiers);
        var known = IndexVerifiers(verifiers);
        var (text, signatures) = Split(note);

        var message = Encoding.UTF8.GetBytes(text);
        var verified = new List<NoteSignature>();
        var verifiedKeys = new HashSet<(string, uint)>();
        foreach (var signature in signatures)
        {
            if (!known.TryGetValue((signature.Name, signature.KeyId), out var verifier))
            {
                continue;
            }

            if (!verifier.Verify(message, signature.Blob))
            {
                throw new NoteException(
                    NoteFailure.InvalidSignature,
                    $"The signature by known key {signature.Name}+{NoteFormat.Hex8(signature.KeyId)} does not verify; the note is rejected.",
                    signature.Name,
                    signature.KeyId);
            }

            if (verifiedKeys.Add((signature.Name, signature.KeyId)))
            {
                verified.Add(signature);
            }
        }

        if (verified.Count == 0)
        {
            throw new NoteException(
                NoteFailure.Unverified,
                $"No signature from a trusted key; the note is signed by {string.Join(", ", signatures.Select(s => $"{s.Name}+{NoteFormat.Hex8(s.KeyId)}"))}.");
        }

        return new Note(text, signatures, verified);
    }

    /// <summary>Like <see cref="Open(string, IReadOnlyCollection{NoteVerifier})"/> for a UTF-8 body; invalid UTF-8 is <see cref="NoteFailure.Malformed"/>.</summary>
    public static Note Open(ReadOnlySpan<byte> utf8Note, IReadOnlyCollection<NoteVerifier> verifiers) => Open(Decode(utf8Note), verifiers);

    /// <summary>
    /// Splits a signed note into text and signature lines WITHOUT verifying anything
    /// (<see cref="Note.Verified"/> is empty). The text must not be trusted; use this only to route a note,
    /// for example to find a checkpoint's origin before choosing its verifiers.
    /// </summary>
    /// <exception cref="NoteException">The note is malformed or has too many signatures.</exception>
    public static Note ParseUnverified(string note)
    {
        ArgumentNullException.ThrowIfNull(note);
        var (text, signatures) = Split(note);
        return new Note(text, signatures, []);
    }

    /// <summary>Parses one signature line <c>— &lt;name&gt; &lt;base64&gt;</c> (without its newline).</summary>
    /// <exception cref="NoteException">The line is malformed (<see cref="NoteFailure.Malformed"/>).</exception>
    public static NoteSignature ParseSignatureLine(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        var problem = NoteFormat.FindTextProblem(line);
        if (problem is not null || line.Contains('\n', StringComparison.Ordinal))
        {
            throw Malformed($"The signature line has a {problem ?? "newline; pass one line without its newline"}.");
        }

        return ParseLine(line, 1);
    }

    /// <summary>Like <see cref="ParseSignatureLine"/>, returning false (and null) for a malformed line instead of throwing.</summary>
    public static bool TryParseSignatureLine(string? line, [NotNullWhen(true)] out NoteSignature? signature)
    {
        signature = null;
        if (line is null || NoteFormat.FindTextProblem(line) is not null || line.Contains('\n', StringComparison.Ordinal))
        {
            return false;
        }

        try
        {
            signature = ParseLine(line, 1);
            return true;
        }
        catch (NoteException)
        {
            return false;
        }
    }

    private static (string Text, List<NoteSignature> Signatures) Split(string note)
    {
        var problem = NoteFormat.FindTextProblem(note);
        if (problem is not null)
        {
            throw Malformed($"The note has a {problem}.");
        }

        var split = note.LastIndexOf("\n\n", StringComparison.Ordinal);
        if (split < 0)
        {
            throw Malformed("The note has no blank line separating the text from the signatures.");
        }

        var text = note[..(split + 1)];
        var block = note.AsSpan(split + 2);
        if (block.IsEmpty)
        {
            throw Malformed("The note has no signature lines after the blank line.");
        }

        if (block[^1] != '\n')
        {
            throw Malformed("The last signature line does not end with a newline.");
        }

        var signatures = new List<NoteSignature>();
        var number = 0;
        while (!block.IsEmpty)
        {
            var end = block.IndexOf('\n');
            var line = block[..end];
            block = block[(end + 1)..];
            number++;
            if (number > MaxSignatures)
            {
                throw new NoteException(NoteFailure.TooManySignatures, $"The note has more than {MaxSignatures} signature lines.");
            }

            signatures.Add(ParseLine(line.ToString(), number));
        }

        return (text, signatures);
    }

    private static NoteSignature ParseLine(string line, int number)
    {
        if (!line.StartsWith(NoteFormat.SignaturePrefix, StringComparison.Ordinal))
        {
            throw Malformed($"Signature line {number} does not start with an em dash (U+2014) and a space.");
        }

        var body = line[NoteFormat.SignaturePrefix.Length..];
        var space = body.IndexOf(' ', StringComparison.Ordinal);
        if (space < 0)
        {
            throw Malformed($"Signature line {number} has no space between the key name and the signature.");
        }

        var name = body[..space];
        var base64 = body[(space + 1)..];
        if (!NoteFormat.IsValidKeyName(name))
        {
            throw Malformed($"Signature line {number} has an invalid key name \"{name}\".");
        }

        if (!NoteFormat.TryDecodeBase64(base64, out var bytes))
        {
            throw Malformed($"Signature line {number} ({name}) is not canonical standard base64.");
        }

        if (bytes.Length < 5)
        {
            throw Malformed($"Signature line {number} ({name}) holds {bytes.Length} bytes; a key ID and a signature need at least 5.");
        }

        return new NoteSignature(name, BinaryPrimitives.ReadUInt32BigEndian(bytes), bytes[4..]);
    }

    private static Dictionary<(string, uint), NoteVerifier> IndexVerifiers(IReadOnlyCollection<NoteVerifier> verifiers)
    {
        var known = new Dictionary<(string, uint), NoteVerifier>(verifiers.Count);
        foreach (var verifier in verifiers)
        {
            ArgumentNullException.ThrowIfNull(verifier, nameof(verifiers));
            var id = (verifier.Name, verifier.KeyId);
            if (known.TryGetValue(id, out var existing) && !existing.Equals(verifier))
            {
                throw new ArgumentException($"Two different verifiers share the name and key ID {verifier.Name}+{NoteFormat.Hex8(verifier.KeyId)}.", nameof(verifiers));
            }

            known[id] = verifier;
        }

        return known;
    }

    internal static void RequireNoteText(string text, string parameterName)
    {
        if (!text.EndsWith('\n'))
        {
            throw new ArgumentException("Note text must end with a newline.", parameterName);
        }

        var problem = NoteFormat.FindTextProblem(text);
        if (problem is not null)
        {
            throw new ArgumentException($"Note text has a {problem}.", parameterName);
        }
    }

    private static string Decode(ReadOnlySpan<byte> utf8)
    {
        try
        {
            return NoteFormat.StrictUtf8.GetString(utf8);
        }
        catch (DecoderFallbackException e)
        {
            throw new NoteException(NoteFailure.Malformed, "The note is not valid UTF-8.", e);
        }
    }

    private static NoteException Malformed(string message) => new(NoteFailure.Malformed, message);
}

/// <summary>A signed note after <see cref="SignedNote.Open(string, IReadOnlyCollection{NoteVerifier})"/>.</summary>
/// <param name="Text">The note text, including its final newline (not the blank separator line).</param>
/// <param name="Signatures">Every signature line, in order, verified or not.</param>
/// <param name="Verified">The signatures that verified against a trusted key (one per key).</param>
public sealed record Note(string Text, IReadOnlyList<NoteSignature> Signatures, IReadOnlyList<NoteSignature> Verified);

/// <summary>One signature line of a note.</summary>
/// <param name="Name">The key name.</param>
/// <param name="KeyId">The 4-byte key ID.</param>
/// <param name="Blob">The signature bytes after the key ID (64 bytes for Ed25519; 72 for a cosignature: timestamp ‖ signature).</param>
public sealed record NoteSignature(string Name, uint KeyId, byte[] Blob)
{
    /// <summary>The line <c>— &lt;name&gt; base64(keyID ‖ blob)</c>, without a newline.</summary>
    public string ToLine()
    {
        var bytes = new byte[4 + Blob.Length];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, KeyId);
        Blob.CopyTo(bytes, 4);
        return $"{NoteFormat.SignaturePrefix}{Name} {Convert.ToBase64String(bytes)}";
    }

    /// <inheritdoc />
    public bool Equals(NoteSignature? other) =>
        other is not null
        && string.Equals(Name, other.Name, StringComparison.Ordinal)
        && KeyId == other.KeyId
        && Blob.AsSpan().SequenceEqual(other.Blob);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(StringComparer.Ordinal.GetHashCode(Name), KeyId);

    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append(CultureInfo.InvariantCulture, $"Name = {Name}, KeyId = {NoteFormat.Hex8(KeyId)}, Blob = {Blob.Length} bytes");
        return true;
    }
}
