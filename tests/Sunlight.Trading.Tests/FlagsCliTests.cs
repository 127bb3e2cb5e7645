using System.Text.Json.Nodes;

namespace Sunlight.Trading.Tests;

/// <summary><c>sunlight flags ocds</c> and <c>flags init</c> through the real executable: files, settings, messages and exit codes.</summary>
public sealed class FlagsCliTests : IDisposable
{
    private readonly CliRunner _cli = new();

    public void Dispose() => _cli.Dispose();

    [Fact]
    public async Task Flags_ocds_reads_a_file_skips_bad_lines_and_refuses_what_it_cannot_read()
    {
        var folder = _cli.Folder;
        var data = Path.Combine(AppContext.BaseDirectory, "Cardinal", "indicators", "R028.jsonl");
        var file = Path.Combine(folder, "in.ndjson");
        await File.WriteAllTextAsync(file, await File.ReadAllTextAsync(data, TestContext.Current.CancellationToken) + "\n   \n{not json\n", TestContext.Current.CancellationToken);
        var settings = Path.Combine(folder, "r028.ini");
        await File.WriteAllTextAsync(settings, CardinalTests.SettingsOf("R028"), TestContext.Current.CancellationToken);
        var lines = File.ReadAllLines(file).Length;

        var run = await _cli.Run(null, "flags", "ocds", file, "--settings", settings, "--no-meta", "--count");
        Assert.True(run.Exit == 0, run.Err);
        CardinalTests.AssertSame(JsonNode.Parse(await File.ReadAllTextAsync(Path.ChangeExtension(data, ".expected"), TestContext.Current.CancellationToken)), JsonNode.Parse(run.Out), "R028");
        Assert.Contains($"Line {lines} is invalid JSON, skipping.", run.Err, StringComparison.Ordinal);
        Assert.DoesNotContain($"Line {lines - 1} ", run.Err, StringComparison.Ordinal);
        Assert.Contains("OCID: ", run.Err, StringComparison.Ordinal);

        // The built-in settings, written by flags init, are the settings used without --settings.
        var init = Path.Combine(folder, "flags.ini");
        Assert.Equal(0, (await _cli.Run(null, "flags", "init", init)).Exit);
        Assert.Equal(1, (await _cli.Run(null, "flags", "init", init)).Exit);
        var builtIn = await _cli.Run(null, "flags", "ocds", file);
        var fromInit = await _cli.Run(null, "flags", "ocds", file, "--settings", init, "--out", Path.Combine(folder, "out.json"));
        Assert.Equal(0, fromInit.Exit);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(builtIn.Out), JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(folder, "out.json"), TestContext.Current.CancellationToken))));

        var missing = await _cli.Run(null, "flags", "ocds", Path.Combine(folder, "none.ndjson"));
        Assert.Equal(1, missing.Exit);
        await File.WriteAllTextAsync(settings, "[R028]\n\n[R024]\nthreshold = lots\n", TestContext.Current.CancellationToken);
        var bad = await _cli.Run(null, "flags", "ocds", file, "--settings", settings);
        Assert.Equal(1, bad.Exit);
        Assert.Contains("line 4", bad.Err, StringComparison.Ordinal);
        var map = await _cli.Run(null, "flags", "ocds", file, "--map");
        Assert.Equal(2, map.Exit);
        Assert.Contains("--map is not supported", map.Err, StringComparison.Ordinal);
    }
}
