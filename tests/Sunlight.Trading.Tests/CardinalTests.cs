using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Sunlight.Core.Calendar;
using Sunlight.Trading.Flags;

namespace Sunlight.Trading.Tests;

/// <summary>
/// <c>sunlight flags ocds</c> against cardinal-rs 0.0.8's own fixtures and documented examples (copied, MIT, in
/// Cardinal/ with its README): the results must equal cardinal's as JSON, numbers by value.
/// </summary>
public sealed class CardinalTests
{
    private static readonly string Folder = Path.Combine(AppContext.BaseDirectory, "Cardinal");

    public static TheoryData<string> Fixtures() =>
        [.. Directory.EnumerateFiles(Path.Combine(Folder, "indicators"), "*.jsonl").Select(f => Path.GetFileNameWithoutExtension(f)!).Order(StringComparer.Ordinal)];

    /// <summary>The settings upstream's build.rs derives from a fixture's name (Cardinal/README.md).</summary>
    internal static string SettingsOf(string name)
    {
        var parts = name.Replace('+', '|').Split('-');
        var code = parts[0];
        var ini = new StringBuilder("no_price_comparison_procurement_methods = NPC\n[exclusions]\nprocurement_method_details = EXC\n");
        if (parts.Length == 3)
        {
            ini.Append(CultureInfo.InvariantCulture, $"[{code}]\n{parts[1]} = {parts[2]}\n");
        }
        else if (parts.Length > 3)
        {
            ini.Append(CultureInfo.InvariantCulture, $"[{code}.{parts[1]}]\n");
            for (var i = 2; i + 1 < parts.Length; i += 2)
            {
                ini.Append(CultureInfo.InvariantCulture, $"{parts[i]} = {parts[i + 1]}\n");
            }
        }
        else
        {
            ini.Append(CultureInfo.InvariantCulture, $"[{code}]\n");
        }

        return ini.ToString();
    }

    /// <summary>The command's output for a file, on one thread; the same run on two threads must give the same bytes.</summary>
    private static (JsonObject Output, string Errors) Flag(string file, string settings, bool noMeta = true)
    {
        var (one, errors) = Bytes(file, settings, noMeta, threads: 1);
        var (two, errorsTwo) = Bytes(file, settings, noMeta, threads: 2);
        Assert.Equal(System.Text.Encoding.UTF8.GetString(one), System.Text.Encoding.UTF8.GetString(two));
        Assert.Equal(errors, errorsTwo);
        return ((JsonObject)JsonNode.Parse(one)!, errors);
    }

    private static (byte[] Output, string Errors) Bytes(string file, string settings, bool noMeta, int threads)
    {
        using var input = File.OpenRead(file);
        var errors = new StringWriter();
        var run = FlagFile.Run(input, FlagSettings.Parse(settings), new WorkCalendar(HolidayTable.Shipped), errors, threads: threads);
        using var output = new MemoryStream();
        FlagFile.Write(output, run, noMeta);
        return (output.ToArray(), errors.ToString());
    }

    /// <summary>JSON equality with numbers compared by value (1 equals 1.0).</summary>
    internal static void AssertSame(JsonNode? expected, JsonNode? actual, string where)
    {
        switch (expected)
        {
            case JsonObject e:
                var a = Assert.IsType<JsonObject>(actual);
                Assert.True(e.Select(p => p.Key).Order(StringComparer.Ordinal).SequenceEqual(a.Select(p => p.Key).Order(StringComparer.Ordinal)),
                    $"{where}: keys {string.Join(",", e.Select(p => p.Key))} expected, got {string.Join(",", a.Select(p => p.Key))}");
                foreach (var (key, value) in e)
                {
                    AssertSame(value, a[key], $"{where}/{key}");
                }

                break;
            case JsonValue v when v.GetValueKind() == System.Text.Json.JsonValueKind.Number:
                Assert.True(actual is JsonValue n && n.GetValueKind() == System.Text.Json.JsonValueKind.Number && n.GetValue<double>() == v.GetValue<double>(),
                    $"{where}: {v.ToJsonString()} expected, got {actual?.ToJsonString() ?? "nothing"}");
                break;
            default:
                Assert.True(JsonNode.DeepEquals(expected, actual), $"{where}: {expected?.ToJsonString()} expected, got {actual?.ToJsonString()}");
                break;
        }
    }

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Each_fixture_of_cardinal_gives_cardinals_results(string name)
    {
        var (output, _) = Flag(Path.Combine(Folder, "indicators", name + ".jsonl"), SettingsOf(name));
        var expected = JsonNode.Parse(File.ReadAllText(Path.Combine(Folder, "indicators", name + ".expected")))!;
        AssertSame(expected, output, name);
    }

    public static TheoryData<int> Examples() => [.. Enumerable.Range(0, JsonNode.Parse(File.ReadAllText(Path.Combine(Folder, "examples", "cases.json")))!.AsArray().Count)];

    [Theory]
    [MemberData(nameof(Examples))]
    public void Each_documented_example_of_cardinal_prints_what_its_documentation_shows(int index)
    {
        var example = JsonNode.Parse(File.ReadAllText(Path.Combine(Folder, "examples", "cases.json")))!.AsArray()[index]!;
        var args = example["args"]!.AsArray().Select(a => (string)a!).ToList();
        string Local(string path) => Path.Combine(Folder, "examples", Path.GetFileName(path).Replace("settings.ini", "settings.ini", StringComparison.Ordinal));
        var settings = args.IndexOf("--settings") is var s and >= 0 ? File.ReadAllText(Local(args[s + 1])) : null;
        var file = Local(args[^1]);
        Assert.NotNull(settings);
        var (output, _) = Flag(file, settings, noMeta: args.Contains("--no-meta"));
        AssertSame(JsonNode.Parse((string)example["stdout"]!), output, (string)example["page"]!);
    }

    [Fact]
    public void The_statistics_of_a_fixture_are_cardinals_rounded_to_four_decimals()
    {
        // Cardinal's documentation of R024 shows these Meta values for its fixture.
        var (output, _) = Flag(Path.Combine(Folder, "indicators", "R024.jsonl"), SettingsOf("R024"), noMeta: false);
        AssertSame(JsonNode.Parse("""{"q1": 66.6667, "q3": 100.0, "lower_fence": 16.6667}"""), output["Meta"]!["R024"], "Meta/R024");
    }
}
