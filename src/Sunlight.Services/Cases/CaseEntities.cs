namespace Sunlight.Services.Cases;

/// <summary>办件 — a case: one application of one power item, from submission to delivery.</summary>
internal sealed class ServiceCase
{
    public string CaseNo { get; set; } = "";

    public string ItemCode { get; set; } = "";

    /// <summary>The catalogue version the case started under; it keeps it to the end.</summary>
    public int ItemVersion { get; set; }

    public string OrganisationCode { get; set; } = "";

    public string RegionPath { get; set; } = "";

    public string Channel { get; set; } = "";

    public string ApplicantName { get; set; } = "";

    public string ApplicantIdType { get; set; } = "";

    public string ApplicantIdNo { get; set; } = "";

    /// <summary>Current state, derived from the events in <c>at</c> order (see <see cref="CaseTimeline"/>).</summary>
    public string State { get; set; } = "";

    public DateTimeOffset SubmittedAt { get; set; }

    public DateTimeOffset LastEventAt { get; set; }

    public int EventCount { get; set; }

    /// <summary>Name of the item version the case runs under (denormalised for lists; versions never change).</summary>
    public string ItemName { get; set; } = "";

    /// <summary>The Applicant account that applied online; null for window and system cases.</summary>
    public string? ApplicantUserId { get; set; }

    /// <summary>SHA-256 of the query code (查询码) given to the applicant; null when none was issued.</summary>
    public byte[]? QueryCodeHash { get; set; }

    /// <summary>Due instants kept current on every event (the index the workbench sorts by and the rules scan); null when not computable (calendar year missing).</summary>
    public DateTimeOffset? AcceptanceDueAt { get; set; }

    public DateTimeOffset? DueAt { get; set; }

    public DateTimeOffset? StatutoryDueAt { get; set; }

    /// <summary>The next instant at which a case rule could fire (the due index the rule host's timer reads); null: none.</summary>
    public DateTimeOffset? NextCheckAt { get; set; }

    /// <summary>Whether the clock has stopped (concluded or rejected).</summary>
    public bool Closed { get; set; }

    /// <summary>When the clock stopped (the first concluded or rejected event's <c>at</c>); null while open. On time when ≤ <see cref="DueAt"/>.</summary>
    public DateTimeOffset? ClosedAt { get; set; }
}

/// <summary>A file an applicant attached to a case. The bytes live outside the database (see <see cref="Sunlight.Core.Files.FileStore"/>).</summary>
internal sealed class CaseAttachment
{
    public long Id { get; set; }

    public string CaseNo { get; set; } = "";

    public string FileName { get; set; } = "";

    public string ContentType { get; set; } = "";

    public long Size { get; set; }

    public byte[] Sha256 { get; set; } = [];

    /// <summary>Path under the attachment root: <c>{caseNo}/{sha256}{ext}</c>.</summary>
    public string StoredName { get; set; } = "";

    public DateTimeOffset UploadedAt { get; set; }

    public string UploadedBy { get; set; } = "";
}

/// <summary>One case event as received: kept as sent, with when it reached Sunlight.</summary>
internal sealed class CaseEvent
{
    public long Id { get; set; }

    /// <summary>Sending system (or <c>hall</c> / <c>workbench</c> for Sunlight's own pages).</summary>
    public string SystemId { get; set; } = "";

    /// <summary>The sender's event id: the idempotency key within its system.</summary>
    public string EventId { get; set; } = "";

    public string CaseNo { get; set; } = "";

    public string Type { get; set; } = "";

    public DateTimeOffset At { get; set; }

    public DateTimeOffset ReceivedAt { get; set; }

    public string? Actor { get; set; }

    /// <summary>The event line as received (UTF-8 JSON).</summary>
    public string Body { get; set; } = "";

    /// <summary>SHA-256 of the body: a re-sent id with another body is refused, the original kept.</summary>
    public byte[] BodyHash { get; set; } = [];

    /// <summary>Ledger sequence of the <c>services.case.*</c> record written with the event (null for events stored before it was kept).</summary>
    public long? RecordSequence { get; set; }
}
