using System.Text.Json.Nodes;
using Xunit;

namespace Sunlight.Core.Tests.Ledger;

/// <summary>
/// The derived vectors in the repository carry exactly the facts of the shared reference files: every upstream vector
/// is there with the same fields and values, and nothing else. Runs where ../shared/data is beside the checkout (CI);
/// elsewhere it says it did not run.
/// </summary>
public sealed class DerivedVectorsTests
{
    [Fact]
    public void Every_vector_of_the_shared_files_is_in_the_repository_unchanged()
    {
        var folder = SharedData.Find("merkle-vectors");
        if (folder is null)
        {
            Assert.Skip("../shared/data/merkle-vectors not found beside the checkout: the derived vectors were not compared with it (the ledger tests themselves ran on the derived copy).");
        }

        var expected = new List<string>();
        foreach (var name in new[] { "vectors.json", "tlog-vectors.json" })
        {
            var data = JsonNode.Parse(File.ReadAllText(Path.Combine(folder, name)))!.AsObject();
            foreach (var (section, value) in data)
            {
                if (section is "schema" or "title" or "conventions" or "provenance" or "sources")
                {
                    continue;
                }

                IEnumerable<JsonNode?> entries = value is JsonArray array ? array : new[] { value };
                expected.AddRange(entries.Select(e => Canonical(section, e!.AsObject())));
            }
        }

        var derived = MerkleVectors.Lines().Select(l => Canonical((string)l["set"]!, l)).ToList();
        Assert.Equal(expected.Order(StringComparer.Ordinal), derived.Order(StringComparer.Ordinal));
    }

    /// <summary>A vector as text with its keys sorted at every depth, the section named, whatever the file's layout.</summary>
    private static string Canonical(string section, JsonObject entry)
    {
        var copy = (JsonObject)Sorted(entry)!;
        copy.Remove("set");
        copy["set"] = section;
        return Sorted(copy)!.ToJsonString();
    }

    private static JsonNode? Sorted(JsonNode? node) => node switch
    {
        JsonObject o => new JsonObject(o.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => KeyValuePair.Create(p.Key, Sorted(p.Value)))),
        JsonArray a => new JsonArray([.. a.Select(Sorted)]),
        _ => node?.DeepClone(),
    };
}
