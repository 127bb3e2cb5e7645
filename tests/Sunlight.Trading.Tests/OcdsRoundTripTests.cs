using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Sunlight.Core.Accounts;
using Sunlight.Trading.Ocds;

namespace Sunlight.Trading.Tests;

/// <summary>A second node with its own empty trading tables, to import another node's export into.</summary>
public sealed class SecondNode : SqliteNode;

/// <summary>
/// The real OCDS files of ../shared/data/ocds (Colombia, Mexico City, Mexico federal) through import and export:
/// imported as another publisher's reference data, the compiled release equals the publisher's own, and a full
/// export imported into an empty node gives equal compiled releases.
/// </summary>
public sealed class OcdsRoundTripTests(SqliteNode first, SecondNode second) : IClassFixture<SqliteNode>, IClassFixture<SecondNode>
{
    private static readonly Jurisdiction Everywhere = new("", "/", null, new HashSet<string>());

    private static async Task<OcdsAnswer> ImportAsync(SunlightNode node, IReadOnlyList<OcdsItem> items)
    {
        await using var scope = node.Services.CreateAsyncScope();
        var intake = scope.ServiceProvider.GetRequiredService<OcdsIntake>();
        return await intake.IngestAsync(items, new OcdsScope("test", OcdsProfile.Foreign, _ => true, "test") { FixedCentre = "370781-ggzy" }, CancellationToken.None);
    }

    private static async Task<Dictionary<string, JsonObject>> ExportAsync(SunlightNode node)
    {
        await using var scope = node.Services.CreateAsyncScope();
        using var stream = new MemoryStream();
        await scope.ServiceProvider.GetRequiredService<TradeReader>().WriteNdjsonAsync(stream, new TradeFilter(null, null, null, null), full: true, Everywhere, CancellationToken.None);
        return Encoding.UTF8.GetString(stream.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => (JsonObject)JsonNode.Parse(l)!).ToDictionary(c => (string)c["ocid"]!, StringComparer.Ordinal);
    }

    [Fact]
    public async Task The_real_files_round_trip_through_import_and_export()
    {
        var folder = SharedData.Find("ocds");
        if (folder is null)
        {
            Assert.Skip("../shared/data/ocds not found beside the checkout: the real OCDS files were not round-tripped.");
        }

        var imported = new HashSet<string>(StringComparer.Ordinal);
        foreach (var file in new[] { "2021-03-03.json", "release-package-1-2.json", "record-package-1-2.json" })
        {
            var (items, problem) = OcdsInput.Read(File.ReadAllBytes(Path.Combine(folder, file)), ndjson: false);
            Assert.True(items is not null, problem);
            var answer = await ImportAsync(first, items);
            // Colombia writes two award amounts as {"$numberLong": …}: not numbers, so those two releases alone are refused.
            var rejected = answer.Results.Where(r => r.Status == OcdsResult.Rejected).ToList();
            Assert.True(file == "2021-03-03.json" ? rejected.Count == 2 : rejected.Count == 0, $"{file}: {string.Join("; ", rejected.SelectMany(r => r.Errors).Select(e => $"{e.Path} {e.Message}"))}");
            Assert.All(rejected, r => Assert.Contains(r.Errors, e => e.Path.EndsWith("/value/amount", StringComparison.Ordinal)));
            imported.UnionWith(answer.Results.Where(r => r.Status == OcdsResult.Accepted).Select(r => r.Ocid!));
        }

        var exported = await ExportAsync(first);
        Assert.Equal(imported.Order(StringComparer.Ordinal), exported.Keys.Order(StringComparer.Ordinal));

        // The federal record package carries its publisher's compiled releases: ours are the same (ids aside: the
        // publisher chose its own, Sunlight writes the recommended {ocid}-{date}).
        var records = JsonNode.Parse(File.ReadAllText(Path.Combine(folder, "record-package-1-2.json")))!["records"]!.AsArray();
        foreach (var record in records)
        {
            var expected = record!["compiledRelease"]!.DeepClone().AsObject();
            var actual = exported[(string)record["ocid"]!].DeepClone().AsObject();
            expected.Remove("id");
            actual.Remove("id");
            Assert.True(JsonNode.DeepEquals(expected, actual), $"{record["ocid"]}: the exported compiled release differs from the publisher's");
        }

        // The full export into an empty node: the same compiled releases.
        var lines = exported.Values.Select((c, i) => new OcdsItem(i + 1, null, c.ToJsonString())).ToList();
        var again = await ImportAsync(second, lines);
        Assert.Equal(lines.Count, again.Accepted);
        var copied = await ExportAsync(second);
        foreach (var (ocid, compiled) in exported)
        {
            Assert.True(JsonNode.DeepEquals(compiled, copied[ocid]), $"{ocid} changed on its way through an export and an import");
        }
    }
}
