using System.Text.Json;
using System.Text.RegularExpressions;
using Sunlight.Core.Calendar;
using Xunit;

namespace Sunlight.Core.Tests.Calendar;

/// <summary>
/// The shipped <c>holidays-cn.tsv</c> must carry exactly the facts of the upstream files kept in
/// <c>../shared/data/holiday-cn</c>. Skips, saying so, when that folder is not beside the checkout.
/// </summary>
public sealed partial class ShippedTableMatchesSharedDataTests
{
    private const string MissingFolder = "../shared/data/holiday-cn not found beside the repository; this check did not run";

    [Fact]
    public void ShippedTableHasExactlyTheDaysOfEveryUpstreamFile()
    {
        var folder = SharedData.Find("holiday-cn") ?? SkipMissing();
        var files = UpstreamFiles(folder);

        var expected = files
            .Where(static file => file.DayCount > 0)
            .SelectMany(static file => HolidayTable.ParseHolidayCnJson(file.Json))
            .OrderBy(static day => day.NoticeYear).ThenBy(static day => day.Date)
            .ToList();

        Assert.Equal(expected, HolidayTable.Shipped.Days);
        Assert.Equal(files.Where(static file => file.DayCount > 0).Select(static file => file.Year).Order(), HolidayTable.Shipped.Years);

        // An empty upstream file is a placeholder for a notice not yet issued: it must not make its year "covered".
        Assert.All(files.Where(static file => file.DayCount == 0), file => Assert.DoesNotContain(file.Year, HolidayTable.Shipped.Years));
    }

    [Fact]
    public void ShippedTableNamesTheNoticesAndTheUpstreamCommit()
    {
        var folder = SharedData.Find("holiday-cn") ?? SkipMissing();
        var tsv = ReadShippedTsv();
        var comments = tsv.Split('\n').Where(static line => line.StartsWith('#')).ToList();

        var expectedPapers = UpstreamFiles(folder)
            .Where(static file => file.DayCount > 0)
            .SelectMany(static file => file.Papers.Select(paper => $"# papers {file.Year} {paper}"))
            .Order(StringComparer.Ordinal);
        var actualPapers = comments.Where(static line => line.StartsWith("# papers ", StringComparison.Ordinal)).Order(StringComparer.Ordinal);
        Assert.Equal(expectedPapers, actualPapers);

        var commit = SnapshotCommit().Match(File.ReadAllText(Path.Combine(folder, "SOURCES.md"))).Groups[1].Value;
        Assert.Matches("^[0-9a-f]{40}$", commit);
        Assert.Contains(comments, line => line.Contains($"commit {commit}", StringComparison.Ordinal));
        Assert.Contains(comments, static line => line.Contains("NateScarlet/holiday-cn", StringComparison.Ordinal));
        Assert.Contains(comments, static line => line.Contains("Copyright (c) 2019 NateScarlet", StringComparison.Ordinal));
    }

    private static string SkipMissing()
    {
        Assert.Skip(MissingFolder);
        return string.Empty; // not reached: Assert.Skip throws
    }

    private static string ReadShippedTsv()
    {
        using var stream = typeof(HolidayTable).Assembly.GetManifestResourceStream("Sunlight.Core.Calendar.holidays-cn.tsv");
        Assert.NotNull(stream);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    private static List<UpstreamFile> UpstreamFiles(string folder)
    {
        var files = System.IO.Directory.GetFiles(folder, "*.json")
            .Order(StringComparer.Ordinal)
            .Select(static path =>
            {
                var json = File.ReadAllText(path);
                using var document = JsonDocument.Parse(json);
                var root = document.RootElement;
                return new UpstreamFile(
                    root.GetProperty("year").GetInt32(),
                    json,
                    root.GetProperty("days").GetArrayLength(),
                    [.. root.GetProperty("papers").EnumerateArray().Select(static paper => paper.GetString()!)]);
            })
            .ToList();
        Assert.NotEmpty(files);
        return files;
    }

    [GeneratedRegex("Snapshot read: commit `([0-9a-f]{40})`")]
    private static partial Regex SnapshotCommit();

    private sealed record UpstreamFile(int Year, string Json, int DayCount, IReadOnlyList<string> Papers);
}
