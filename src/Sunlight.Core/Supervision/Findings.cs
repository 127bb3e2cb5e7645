using System.Text.Json;
using System.Text.Json.Serialization;

namespace Sunlight.Core.Supervision;

/// <summary>
/// One finding as every <c>replay</c>, <c>check</c> and <c>analyse</c> command writes it (CROSS-MODULE "Findings"):
/// <c>{rule, severity, subject, key, organisation, region, detectedAt, dueAt|null, summary, evidence[], extra{}}</c>;
/// <c>match</c>, <c>confidence</c>, <c>amount</c> and the like go in <see cref="Extra"/>.
/// </summary>
public sealed record Finding(
    string Rule, string Severity, string Subject, string Key, string Organisation, string Region, DateTimeOffset DetectedAt, DateTimeOffset? DueAt,
    string Summary, IReadOnlyList<string> Evidence, IReadOnlyDictionary<string, object?> Extra)
{
    public static Finding From(AlertView alert)
    {
        ArgumentNullException.ThrowIfNull(alert);
        return new(alert.Rule, alert.Severity, alert.Subject, alert.Key, alert.Organisation, alert.Region, alert.DetectedAt, alert.DueAt, alert.Summary,
            alert.Evidence, new Dictionary<string, object?>());
    }
}

/// <summary>Writes findings as JSON lines, sorted by (rule, subject, key) so two runs over the same data give the same file.</summary>
public static class FindingsWriter
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    public static async Task WriteAsync(string path, IEnumerable<Finding> findings, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(findings);
        await using var writer = new StreamWriter(path, false, new System.Text.UTF8Encoding(false));
        foreach (var f in findings.OrderBy(f => f.Rule, StringComparer.Ordinal).ThenBy(f => f.Subject, StringComparer.Ordinal).ThenBy(f => f.Key, StringComparer.Ordinal))
        {
            ct.ThrowIfCancellationRequested();
            await writer.WriteLineAsync(Line(f)).ConfigureAwait(false);
        }
    }

    public static string Line(Finding finding) => JsonSerializer.Serialize(finding, Json);
}
