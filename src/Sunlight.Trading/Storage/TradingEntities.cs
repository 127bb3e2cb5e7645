namespace Sunlight.Trading.Storage;

/// <summary>
/// 交易项目 — one contracting process (one <c>ocid</c>): where it belongs and its compiled release as it stands. The
/// columns are read from the compiled release each time it changes (the pages and rules filter on them); the
/// compiled release is the truth.
/// </summary>
internal sealed class TradeProject
{
    public string Ocid { get; set; } = "";

    /// <summary>The directory code of the trading centre that runs it (<c>tender.tradingCentre.id</c>); empty for reference data loaded with <c>--foreign</c>.</summary>
    public string CentreCode { get; set; } = "";

    public string RegionPath { get; set; } = "";

    /// <summary>Sunlight's <c>tradingKind</c> (works, government-procurement, land, mining-rights, state-assets, medicine); empty for reference data.</summary>
    public string Kind { get; set; } = "";

    public string? Method { get; set; }

    public string? MethodDetails { get; set; }

    public string? Title { get; set; }

    /// <summary><c>planning.budget.projectID</c> (投资项目代码), trimmed and upper-cased: how Funds finds a project's tenders.</summary>
    public string? ProjectCode { get; set; }

    public string? BuyerId { get; set; }

    public string? BuyerName { get; set; }

    public string? AgencyId { get; set; }

    /// <summary>Directory code of the supervising department (<c>tender.supervisingDepartment.id</c>), when given.</summary>
    public string? SupervisingCode { get; set; }

    public string? TenderStatus { get; set; }

    /// <summary><c>tender.bidOpening.date</c>: bids are shown to nobody before it (招标投标法 §22).</summary>
    public DateTimeOffset? OpeningAt { get; set; }

    /// <summary>Whether an award is active (committee members and draws become public per lot; this is the process-level summary).</summary>
    public bool Awarded { get; set; }

    /// <summary>Distinct tenderers of the submitted bids (0 before any bid is known); counted on the dashboard only for awarded trades, never before the opening.</summary>
    public int Bidders { get; set; }

    /// <summary>The compiled release (JSON text).</summary>
    public string Compiled { get; set; } = "";

    /// <summary>The compiled release's <c>date</c>.</summary>
    public DateTimeOffset CompiledAt { get; set; }

    public int ReleaseCount { get; set; }

    /// <summary>When the first release of the process was received.</summary>
    public DateTimeOffset FirstReceivedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>The next instant a due rule could fire (an award without its contract, a contract without its notice); null: none.</summary>
    public DateTimeOffset? NextCheckAt { get; set; }

    /// <summary>Reference data of another publisher (<c>import-ocds --foreign</c>): only OCDS itself was checked.</summary>
    public bool Foreign { get; set; }
}

/// <summary>
/// A release as received (or a compiled line, tagged <c>compiled</c>): the bytes' hash, the text, and the ledger
/// record that accepted it. (ocid, id) is unique: a re-sent id with the same bytes is a duplicate, with other bytes
/// refused (<c>release-id-reused</c>), the first kept.
/// </summary>
internal sealed class TradeRelease
{
    /// <summary>Arrival order (ties of <c>date</c> merge in this order).</summary>
    public long Id { get; set; }

    public string Ocid { get; set; } = "";

    public string ReleaseId { get; set; } = "";

    /// <summary>The release's tags, comma-separated (<c>tender,tenderUpdate</c>; <c>compiled</c> for a compiled line).</summary>
    public string Tags { get; set; } = "";

    public DateTimeOffset Date { get; set; }

    public DateTimeOffset ReceivedAt { get; set; }

    /// <summary>Who sent it: a system id (<c>system:…</c>), an account (<c>user:…</c>) or <c>cli</c>/<c>demo</c>.</summary>
    public string Sender { get; set; } = "";

    /// <summary>SHA-256 of the release as received (its JSON text in UTF-8).</summary>
    public byte[] Sha256 { get; set; } = [];

    public string Json { get; set; } = "";

    public bool IsCompiled { get; set; }

    /// <summary>The sequence of its <c>trading.release.accepted</c> record.</summary>
    public long RecordSequence { get; set; }
}
