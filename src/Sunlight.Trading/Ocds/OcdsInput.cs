using System.Globalization;
using System.Text;
using System.Text.Json;
using Sunlight.Core;

namespace Sunlight.Trading.Ocds;

/// <summary>
/// Cuts a request or file into releases: NDJSON (one release or compiled release per line, numbered from 1), a
/// release package or a record package (numbered from 0, a record package's releases in order), or one release.
/// The text of each release is kept exactly as sent (its SHA-256 is what the ledger commits to).
/// </summary>
internal static class OcdsInput
{
    /// <summary>The items of <paramref name="utf8"/>, or a problem with the whole input (too many releases, not JSON).</summary>
    public static (IReadOnlyList<OcdsItem>? Items, string? Problem) Read(ReadOnlySpan<byte> utf8, bool ndjson)
    {
        var text = Encoding.UTF8.GetString(utf8);
        if (ndjson)
        {
            return Lines(text);
        }

        // One JSON document is a package or a release; several documents, one per line, are NDJSON whatever the
        // content type said.
        var trimmed = text.TrimStart('\uFEFF', ' ', '\t', '\r', '\n');
        var whole = Package(text);
        return whole.Item1 is null && trimmed.Length > 0 && trimmed[0] == '{' && LooksLikeLines(trimmed) ? Lines(text) : whole;
    }

    private static bool LooksLikeLines(string text)
    {
        var firstBreak = text.IndexOf('\n', StringComparison.Ordinal);
        if (firstBreak < 0)
        {
            return false;
        }

        try
        {
            using var _ = JsonDocument.Parse(text.AsMemory(0, firstBreak));
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static (IReadOnlyList<OcdsItem>?, string?) Lines(string text)
    {
        var items = new List<OcdsItem>();
        var number = 0;
        foreach (var raw in text.Split('\n'))
        {
            number++;
            var line = raw.TrimEnd('\r');
            if (number == 1)
            {
                line = line.TrimStart('\uFEFF');
            }

            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            if (items.Count == OcdsIntake.MaxReleases)
            {
                return (null, TooMany());
            }

            items.Add(new OcdsItem(number, null, line));
        }

        return (items, null);
    }

    private static (IReadOnlyList<OcdsItem>?, string?) Package(string text)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(text.TrimStart('\uFEFF'), new JsonDocumentOptions { MaxDepth = 64 });
        }
        catch (JsonException e)
        {
            return (null, Bilingual.Say($"不是合法的 JSON（发布包、记录包，或每行一个发布的 NDJSON）：{e.Message}", $"not valid JSON (a release package, a record package, or NDJSON of one release per line): {e.Message}"));
        }

        using (doc)
        {
            var root = doc.RootElement;
            var items = new List<OcdsItem>();
            if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("releases", out var releases) && releases.ValueKind == JsonValueKind.Array)
            {
                foreach (var release in releases.EnumerateArray())
                {
                    if (items.Count == OcdsIntake.MaxReleases)
                    {
                        return (null, TooMany());
                    }

                    items.Add(new OcdsItem(null, items.Count, release.GetRawText()));
                }
            }
            else if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("records", out var records) && records.ValueKind == JsonValueKind.Array)
            {
                var r = 0;
                foreach (var record in records.EnumerateArray())
                {
                    if (record.ValueKind == JsonValueKind.Object && record.TryGetProperty("releases", out var list) && list.ValueKind == JsonValueKind.Array)
                    {
                        var j = 0;
                        foreach (var release in list.EnumerateArray())
                        {
                            if (items.Count == OcdsIntake.MaxReleases)
                            {
                                return (null, TooMany());
                            }

                            var linked = release.ValueKind == JsonValueKind.Object && release.TryGetProperty("url", out _) && !release.TryGetProperty("ocid", out _);
                            var pointer = string.Create(CultureInfo.InvariantCulture, $"/records/{r}/releases/{j}");
                            items.Add(new OcdsItem(null, items.Count, release.GetRawText())
                            {
                                Refused = linked
                                    ? new OcdsError(pointer, Bilingual.Say("记录中的发布只给了链接 url：请提供发布本身", "a record's release given only by its url: send the release itself"))
                                    : null,
                            });
                            j++;
                        }
                    }
                    else
                    {
                        items.Add(new OcdsItem(null, items.Count, record.GetRawText())
                        {
                            Refused = new OcdsError(string.Create(CultureInfo.InvariantCulture, $"/records/{r}"), Bilingual.Say("记录须为含 releases 数组的对象", "a record must be an object with a releases array")),
                        });
                    }

                    r++;
                }
            }
            else if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("ocid", out _))
            {
                items.Add(new OcdsItem(null, 0, root.GetRawText()));
            }
            else
            {
                return (null, Bilingual.Say("应为发布包（含 releases）、记录包（含 records）、单个发布，或每行一个发布的 NDJSON", "expected a release package (releases), a record package (records), one release, or NDJSON of one release per line"));
            }

            return (items, null);
        }
    }

    private static string TooMany() =>
        Bilingual.Say($"一次至多 {OcdsIntake.MaxReleases} 个发布，未作任何处理；请分批", $"at most {OcdsIntake.MaxReleases} releases per request; nothing was stored, split the file");
}
