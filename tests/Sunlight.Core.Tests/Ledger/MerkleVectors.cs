using System.Text.Json;
using Xunit;

namespace Sunlight.Core.Tests.Ledger;

/// <summary>
/// Locates and loads the public Merkle / C2SP vectors kept beside the checkout
/// (repository at X/main or X/scratch/ledger, vectors at X/shared/data/merkle-vectors). Tests that need
/// them skip, saying so, when the folder is absent; they never pass silently.
/// </summary>
internal static class MerkleVectors
{
    /// <summary>The theory row used when the folder is absent, so the theory reports a skip instead of no cases.</summary>
    public const string Missing = "(merkle-vectors not found)";

    private static readonly Lazy<string?> FolderPath = new(Locate);
    private static readonly Lazy<JsonDocument?> TreeVectors = new(() => Load("vectors.json"));
    private static readonly Lazy<JsonDocument?> TlogVectors = new(() => Load("tlog-vectors.json"));

    /// <summary>The folder, or null when no ancestor of the test binaries has a child shared/data/merkle-vectors.</summary>
    public static string? Folder => FolderPath.Value;

    /// <summary>vectors.json (RFC 9162 tree and proof probes); skips the calling test when absent.</summary>
    public static JsonElement Tree => Require(TreeVectors.Value);

    /// <summary>tlog-vectors.json (C2SP notes, checkpoints, cosignatures, tiles); skips the calling test when absent.</summary>
    public static JsonElement Tlog => Require(TlogVectors.Value);

    /// <summary>The ids of the entries of a top-level array, for theory data; one <see cref="Missing"/> row when absent.</summary>
    public static TheoryData<string> Ids(string file, string arrayName)
    {
        var data = new TheoryData<string>();
        var document = file == "vectors.json" ? TreeVectors.Value : TlogVectors.Value;
        if (document is null)
        {
            data.Add(Missing);
            return data;
        }

        foreach (var entry in document.RootElement.GetProperty(arrayName).EnumerateArray())
        {
            data.Add(entry.GetProperty("id").GetString()!);
        }

        return data;
    }

    /// <summary>The entry with <paramref name="id"/> in a top-level array; skips when the vectors are absent.</summary>
    public static JsonElement Entry(JsonElement root, string arrayName, string id)
    {
        foreach (var entry in root.GetProperty(arrayName).EnumerateArray())
        {
            if (entry.GetProperty("id").GetString() == id)
            {
                return entry;
            }
        }

        throw new InvalidOperationException($"No vector {id} in {arrayName}.");
    }

    /// <summary>Skips the calling theory case when it is the <see cref="Missing"/> placeholder.</summary>
    public static void SkipIfMissing(string id)
    {
        if (id == Missing)
        {
            Assert.Skip("../shared/data/merkle-vectors not found beside the checkout; this check did not run.");
        }
    }

    public static byte[] Hex(JsonElement element) => Convert.FromHexString(element.GetString()!);

    public static string Text(JsonElement element, string property) => element.GetProperty(property).GetString()!;

    private static JsonElement Require(JsonDocument? document)
    {
        if (document is null)
        {
            Assert.Skip("../shared/data/merkle-vectors not found beside the checkout; this check did not run.");
        }

        return document.RootElement;
    }

    private static JsonDocument? Load(string name)
    {
        var folder = FolderPath.Value;
        if (folder is null)
        {
            return null;
        }

        return JsonDocument.Parse(System.IO.File.ReadAllBytes(Path.Combine(folder, name)));
    }

    private static string? Locate()
    {
        for (var directory = new System.IO.DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "shared", "data", "merkle-vectors");
            if (System.IO.Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }
}
