using System.Text.Json;
using System.Text.Json.Nodes;
using Xunit;

namespace Sunlight.Core.Tests.Ledger;

/// <summary>
/// The public Merkle / C2SP conformance vectors, derived into the repository (<c>Ledger/Vectors/ledger-vectors.ndjson</c>,
/// one vector per line with its upstream <c>source</c>; the first line names the repositories, commits and licences)
/// by <c>scripts/derive-ledger-vectors.py</c> from <c>../shared/data/merkle-vectors</c>. Always present: nothing skips.
/// <see cref="DerivedVectorsTests"/> checks the derived file against the shared data when that is beside the checkout.
/// </summary>
internal static class MerkleVectors
{
    public static readonly string File = Path.Combine(AppContext.BaseDirectory, "Ledger", "Vectors", "ledger-vectors.ndjson");

    /// <summary>Sections of the first upstream file (RFC 9162 tree and proof probes); the rest are the C2SP file's.</summary>
    private static readonly string[] TreeSections = ["tree", "hash_primitives", "inclusion_proofs", "consistency_proofs"];

    private static readonly string[] SingleObjects = ["tree", "tile_paths"];

    private static readonly Lazy<(JsonElement Tree, JsonElement Tlog)> Loaded = new(Load);

    /// <summary>The RFC 9162 tree and proof vectors, shaped as their upstream sections.</summary>
    public static JsonElement Tree => Loaded.Value.Tree;

    /// <summary>The C2SP notes, checkpoints, cosignatures and tiles, shaped as their upstream sections.</summary>
    public static JsonElement Tlog => Loaded.Value.Tlog;

    /// <summary>The ids of a section's vectors, for theory data.</summary>
    public static TheoryData<string> Ids(string file, string arrayName)
    {
        var data = new TheoryData<string>();
        var root = file == "vectors.json" ? Tree : Tlog;
        foreach (var entry in root.GetProperty(arrayName).EnumerateArray())
        {
            data.Add(entry.GetProperty("id").GetString()!);
        }

        return data;
    }

    /// <summary>The vector with <paramref name="id"/> in a section.</summary>
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

    public static byte[] Hex(JsonElement element) => Convert.FromHexString(element.GetString()!);

    public static string Text(JsonElement element, string property) => element.GetProperty(property).GetString()!;

    /// <summary>Every derived vector line but the first ("about"), as written.</summary>
    public static IEnumerable<JsonObject> Lines() =>
        System.IO.File.ReadLines(File).Select(l => JsonNode.Parse(l)!.AsObject()).Where(o => (string?)o["set"] != "about");

    private static (JsonElement, JsonElement) Load()
    {
        var tree = new JsonObject();
        var tlog = new JsonObject();
        foreach (var line in Lines())
        {
            var set = (string)line["set"]!;
            line.Remove("set");
            var root = TreeSections.Contains(set) ? tree : tlog;
            if (SingleObjects.Contains(set))
            {
                root[set] = line;
            }
            else
            {
                if (root[set] is not JsonArray array)
                {
                    root[set] = array = [];
                }

                array.Add(line);
            }
        }

        return (JsonDocument.Parse(tree.ToJsonString()).RootElement.Clone(), JsonDocument.Parse(tlog.ToJsonString()).RootElement.Clone());
    }
}
