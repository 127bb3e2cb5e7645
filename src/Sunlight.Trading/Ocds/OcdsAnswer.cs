using System.Text.Json.Serialization;

namespace Sunlight.Trading.Ocds;

/// <summary>
/// The answer of an OCDS import (trading.md "Import"): Core's intake shape {accepted, duplicates, rejected, warnings}
/// with one result per release. NDJSON items are numbered by <c>line</c> (1-based), a package's releases by
/// <c>index</c> (0-based; a record package's releases in order).
/// </summary>
internal sealed record OcdsAnswer(int Accepted, int Duplicates, IReadOnlyList<OcdsRejection> Rejected, IReadOnlyList<OcdsWarning> Warnings, IReadOnlyList<OcdsResult> Results);

internal sealed record OcdsRejection(
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? Line,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? Index,
    string? Id, string Path, string Error);

internal sealed record OcdsWarning(
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? Line,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? Index,
    string? Id, string Warning);

internal sealed record OcdsResult(
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? Line,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? Index,
    string? Ocid, string? Id, string Status, IReadOnlyList<OcdsError> Errors)
{
    public const string Accepted = "accepted";
    public const string Duplicate = "duplicate";
    public const string Rejected = "rejected";
}
