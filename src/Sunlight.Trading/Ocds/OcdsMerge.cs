using System.Globalization;
using System.Text.Json.Nodes;

namespace Sunlight.Trading.Ocds;

/// <summary>
/// The OCDS merge routine for compiled releases (standard: schema/merging, "Merge routine"): releases in order of
/// <c>date</c> (ties by arrival), <c>id</c>, <c>date</c> and <c>tag</c> omitted when merged, <c>null</c> removes a
/// field, literals and arrays of literals replace, arrays of objects merge by <c>id</c> unless the schema makes them
/// whole lists. The compiled release carries <c>tag</c> ["compiled"], the latest <c>date</c> and <c>id</c>
/// {ocid}-{date}.
/// </summary>
internal static class OcdsMerge
{
    /// <summary>
    /// Arrays merged as a whole, by path (property names, array levels left out). From the OCDS 1.1.5 release schema
    /// (open-contracting/standard, tag 1__1__5, schema/release-schema.json: fields with <c>"wholeListMerge": true</c>
    /// and arrays of objects whose items define no <c>id</c>), and from the Sunlight trading extension (trading.md:
    /// a fingerprint's machine codes, a bid's scores).
    /// </summary>
    private static readonly HashSet<string> WholeLists = new(StringComparer.Ordinal)
    {
        "parties/additionalIdentifiers", "buyer/additionalIdentifiers", "tender/procuringEntity/additionalIdentifiers",
        "tender/items/additionalClassifications", "tender/tenderers/additionalIdentifiers", "awards/suppliers/additionalIdentifiers",
        "awards/items/additionalClassifications", "contracts/items/additionalClassifications",
        "contracts/implementation/transactions/payer/additionalIdentifiers", "contracts/implementation/transactions/payee/additionalIdentifiers",
        "tender/amendments/changes", "tender/amendment/changes", "awards/amendments/changes", "awards/amendment/changes",
        "contracts/amendments/changes", "contracts/amendment/changes",
        "bids/details/fingerprint/machineCodes", "bids/details/scores",
    };

    /// <summary>Top-level fields that describe one release, not the process (<c>"omitWhenMerged": true</c> in 1.1.5).</summary>
    private static readonly HashSet<string> Omitted = new(StringComparer.Ordinal) { "id", "date", "tag" };

    /// <summary>
    /// The compiled release of <paramref name="releases"/> (one ocid), given in arrival order: they are applied by
    /// <c>date</c> as instants, a tie kept in arrival order. A compiled release among them (tag <c>compiled</c>, a
    /// line of a centre's NDJSON) replaces the view built so far; releases after it merge onto it (trading.md
    /// "Import": a compiled line replaces the view unless it is older than the view).
    /// </summary>
    public static JsonObject Compile(IReadOnlyList<JsonObject> releases)
    {
        ArgumentNullException.ThrowIfNull(releases);
        if (releases.Count == 0)
        {
            throw new ArgumentException("a compiled release needs at least one release.", nameof(releases));
        }

        var ordered = releases.Select((r, i) => (Release: r, Arrival: i, At: Instant(r["date"])))
            .OrderBy(x => x.At).ThenBy(x => x.Arrival).Select(x => x.Release).ToList();
        var latest = ordered[^1]["date"]?.DeepClone();
        var ocid = ordered[^1]["ocid"]?.GetValue<string>() ?? "";
        JsonObject? compiled = null;
        var mergedSince = false;
        var fromCompiled = false;
        foreach (var release in ordered)
        {
            if (IsCompiled(release))
            {
                compiled = (JsonObject)release.DeepClone();
                mergedSince = false;
                fromCompiled = true;
                continue;
            }

            compiled ??= new JsonObject
            {
                ["tag"] = new JsonArray("compiled"),
                ["id"] = $"{ocid}-{latest?.GetValue<string>()}",
                ["date"] = latest?.DeepClone(),
            };
            MergeObject(compiled, release, "", top: true);
            mergedSince = true;
        }

        if (mergedSince && fromCompiled)
        {
            // Releases merged onto a compiled line: the view is a new compiled release of the latest date.
            compiled!["tag"] = new JsonArray("compiled");
            compiled["id"] = $"{ocid}-{latest?.GetValue<string>()}";
            compiled["date"] = latest?.DeepClone();
        }

        return compiled!;
    }

    /// <summary>Whether a release is a compiled release (its <c>tag</c> holds <c>compiled</c>).</summary>
    public static bool IsCompiled(JsonObject release) =>
        release["tag"] is JsonArray tags && tags.Any(t => t is JsonValue v && v.TryGetValue<string>(out var s) && s == "compiled");

    /// <summary>The instant of a release's <c>date</c>; a date that does not parse sorts first (validation refuses it before).</summary>
    private static DateTimeOffset Instant(JsonNode? date) =>
        date is JsonValue v && v.TryGetValue<string>(out var s) && DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.None, out var at)
            ? at : DateTimeOffset.MinValue;

    private static void MergeObject(JsonObject output, JsonObject input, string path, bool top = false)
    {
        foreach (var (name, value) in input.ToList())
        {
            if (top && Omitted.Contains(name))
            {
                continue;
            }

            var child = path.Length == 0 ? name : path + "/" + name;
            if (value is null)
            {
                output.Remove(name);
            }
            else if (value is JsonObject obj)
            {
                if (output[name] is not JsonObject target)
                {
                    target = [];
                    output[name] = target;
                }

                MergeObject(target, obj, child);
            }
            else if (value is JsonArray array && array.Count > 0 && !WholeLists.Contains(child) && array.All(e => e is JsonObject o && o.ContainsKey("id")))
            {
                if (output[name] is not JsonArray target)
                {
                    target = [];
                    output[name] = target;
                }

                MergeById(target, array, child);
            }
            else if (value is JsonArray { Count: 0 } && output[name] is JsonArray { Count: > 0 } && !WholeLists.Contains(child))
            {
                // An empty array of objects merged by id changes nothing (the routine: "if the array is empty in input, do nothing").
            }
            else
            {
                output[name] = value.DeepClone();
            }
        }
    }

    private static void MergeById(JsonArray output, JsonArray input, string path)
    {
        foreach (var item in input.Cast<JsonObject>())
        {
            var id = item["id"]!.ToJsonString();
            var match = output.OfType<JsonObject>().FirstOrDefault(o => o["id"]?.ToJsonString() == id);
            if (match is null)
            {
                match = [];
                output.Add(match);
            }

            MergeObject(match, item, path);
        }
    }
}
