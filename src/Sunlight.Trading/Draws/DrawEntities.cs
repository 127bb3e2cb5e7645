namespace Sunlight.Trading.Draws;

/// <summary>
/// 专家抽取 — one draw of a lot's evaluation committee (trading.md "The provably fair draw"): committed through the
/// ledger with its pools and 回避, completed from the first beacon after its commitment, replacements as records.
/// </summary>
internal sealed class Draw
{
    public string Id { get; set; } = "";

    public string Ocid { get; set; } = "";

    public string Lot { get; set; } = "";

    public string CentreCode { get; set; } = "";

    public string RegionPath { get; set; } = "";

    public string BuyerId { get; set; } = "";

    public DateTimeOffset EvaluationAt { get; set; }

    public string RequestedBy { get; set; } = "";

    public DateTimeOffset RequestedAt { get; set; }

    /// <summary><c>committed</c>, then <c>completed</c> (cosigned beacon) or <c>uncosigned</c> (a node without a parent: not provably fair).</summary>
    public string Status { get; set; } = DrawStatus.Committed;

    /// <summary>The <c>trading.draw.committed</c> body exactly as recorded; C is its SHA-256.</summary>
    public string CommitBody { get; set; } = "";

    public long CommitSequence { get; set; }

    /// <summary>The <c>trading.draw.completed</c> body (selected and alternate codes per group, seed, beacon), once completed.</summary>
    public string? Result { get; set; }

    public long? CompletedSequence { get; set; }
}

internal static class DrawStatus
{
    public const string Committed = "committed";
    public const string Completed = "completed";
    public const string Uncosigned = "uncosigned";
}
