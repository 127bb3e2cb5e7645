using Sunlight.Core.Directory;
using System.Text.Json;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Sunlight.Core.Accounts;
using Sunlight.Core.Ledger;
using Sunlight.Services.Storage;

namespace Sunlight.Services.Cases;

/// <summary>An event of a case as shown to staff.</summary>
public sealed record CaseEventView(string Type, DateTimeOffset At, DateTimeOffset ReceivedAt, string? Actor, string System)
{
    /// <summary>The actor's name from the directory (null: not a member of staff the directory knows, e.g. the applicant).</summary>
    public string? ActorName { get; init; }

    /// <summary>For a completed step: its code and its name in the item's version.</summary>
    public string? Step { get; init; }

    public string? StepName { get; init; }

    /// <summary>The reason given (rejection, correction, pause, denial).</summary>
    public string? Reason { get; init; }

    /// <summary>For a rating: the score (1–5) and the applicant's comment.</summary>
    public int? Score { get; init; }

    public string? Comment { get; init; }
}

/// <summary>
/// Where the ledger proof of one case event stands: its record's sequence and body hash (for <c>/ledger/check</c>),
/// the record's proof state (<c>proven</c>, <c>pending</c>, <c>broken</c>, or <c>missing</c> when no record carries the
/// event as stored), and whether the level above has witnessed it.
/// </summary>
public sealed record EventProof(string Type, long? Sequence, string? BodyHash, string State, bool Witnessed)
{
    public const string Missing = "missing";
}

/// <summary>An attachment as listed with its case (download: <c>GET /api/v1/cases/{caseNo}/attachments/{id}</c>).</summary>
public sealed record AttachmentView(long Id, string FileName, string ContentType, long Size, string Sha256);

/// <summary>A case with its events in the order they happened.</summary>
public sealed record CaseView(
    string CaseNo, string ItemCode, int ItemVersion, string ItemName, string Organisation, string State, string Channel, DateTimeOffset SubmittedAt,
    string ApplicantName, IReadOnlyList<CaseEventView> Events, CaseClock Clock, IReadOnlyList<AttachmentView> Attachments)
{
    /// <summary>The applicant's phone and note as given when applying (null when the channel carried none).</summary>
    public string? ApplicantPhone { get; init; }

    public string? ApplicantNote { get; init; }
}

/// <summary>
/// Reads cases inside a jurisdiction (department roles: their own organisation only); an Applicant reads only the
/// cases they applied for themselves (by account id).
/// </summary>
internal sealed class CaseReader(IDbContextFactory<ServicesDbContext> services, Sunlight.Core.Calendar.CalendarService calendar, IDirectory directory, TimeProvider clock)
{
    public async Task<CaseView?> GetAsync(Jurisdiction who, string caseNo, CancellationToken ct, string? userId = null)
    {
        ArgumentNullException.ThrowIfNull(who);
        await using var db = await services.CreateDbContextAsync(ct).ConfigureAwait(false);
        var c = await db.Cases.AsNoTracking().FirstOrDefaultAsync(x => x.CaseNo == caseNo, ct).ConfigureAwait(false);
        if (c is null || !MayRead(who, userId, c))
        {
            return null;
        }

        var rows = await db.CaseEvents.AsNoTracking().Where(e => e.CaseNo == caseNo).OrderBy(e => e.At).ThenBy(e => e.Id)
            .ToListAsync(ct).ConfigureAwait(false);
        var version = await db.ItemVersions.AsNoTracking().FirstAsync(v => v.ItemCode == c.ItemCode && v.Version == c.ItemVersion, ct).ConfigureAwait(false);
        var item = Catalogue.CatalogueService.ToDto(version);
        var caseClock = CaseClock.Compute(item, rows.Select(e => (e.Type, e.At, e.Body)).ToList(), calendar.Current, clock.GetUtcNow());
        var staff = await directory.StaffAsync([c.OrganisationCode], ct).ConfigureAwait(false);
        var steps = item.Steps.ToDictionary(s => s.Code, s => s.Name, StringComparer.Ordinal);
        var events = rows.Select(e =>
        {
            using var body = Parse(e.Body);
            var json = body?.RootElement;
            var step = Text(json, "step");
            return new CaseEventView(e.Type, e.At, e.ReceivedAt, e.Actor, e.SystemId)
            {
                ActorName = e.Actor is { } actor && staff.TryGetValue(actor, out var person) && person.Name.Length > 0 ? person.Name : null,
                Step = step,
                StepName = step is null ? null : steps.GetValueOrDefault(step),
                Reason = Text(json, "reason"),
                Score = json is { } j && j.TryGetProperty("score", out var s) && s.TryGetInt32(out var score) ? score : null,
                Comment = Text(json, "comment"),
            };
        }).ToList();
        var submitted = rows.FirstOrDefault(e => e.Type == "submitted");
        using var submittedBody = submitted is null ? null : Parse(submitted.Body);
        var attachments = await db.Attachments.AsNoTracking().Where(a => a.CaseNo == caseNo).OrderBy(a => a.Id).ToListAsync(ct).ConfigureAwait(false);
        return new CaseView(c.CaseNo, c.ItemCode, c.ItemVersion, c.ItemName, c.OrganisationCode, c.State, c.Channel, c.SubmittedAt, c.ApplicantName, events, caseClock,
            attachments.Select(a => new AttachmentView(a.Id, a.FileName, a.ContentType, a.Size, Convert.ToHexStringLower(a.Sha256))).ToList())
        {
            ApplicantPhone = Text(submittedBody?.RootElement, "phone"),
            ApplicantNote = Text(submittedBody?.RootElement, "note"),
        };
    }

    /// <summary>
    /// Each event of the case (in the order of <see cref="GetAsync"/>) with its ledger record and where that record's
    /// proof stands; null when the caller may not read the case. An event names its record by sequence number; the
    /// record must be about this case, of the event's type, and carry exactly the line the event row holds (same
    /// SHA-256): a row changed in the database after intake does not match, and shows as <c>missing</c>. Events stored
    /// before rows kept their record's number are matched among the case's records by those bytes instead.
    /// </summary>
    public async Task<IReadOnlyList<EventProof>?> ProofsAsync(Jurisdiction who, string caseNo, LedgerStatusService ledger, CancellationToken ct, string? userId = null)
    {
        ArgumentNullException.ThrowIfNull(who);
        ArgumentNullException.ThrowIfNull(ledger);
        await using var db = await services.CreateDbContextAsync(ct).ConfigureAwait(false);
        var c = await db.Cases.AsNoTracking().FirstOrDefaultAsync(x => x.CaseNo == caseNo, ct).ConfigureAwait(false);
        if (c is null || !MayRead(who, userId, c))
        {
            return null;
        }

        var rows = await db.CaseEvents.AsNoTracking().Where(e => e.CaseNo == caseNo).OrderBy(e => e.At).ThenBy(e => e.Id)
            .Select(e => new { e.Type, e.Body, e.RecordSequence }).ToListAsync(ct).ConfigureAwait(false);
        if (rows.All(r => r.RecordSequence is not null))
        {
            var numbered = (await ledger.RecordsAsync(rows.Select(r => r.RecordSequence!.Value).ToList(), ct).ConfigureAwait(false)).ToDictionary(r => r.Sequence);
            return rows.Select(e => numbered.TryGetValue(e.RecordSequence!.Value, out var r) && r.Type == $"services.case.{e.Type}" && Carries(r, caseNo, e.Body)
                ? new EventProof(e.Type, r.Sequence, r.BodyHash, r.State, r.Witnessed)
                : new EventProof(e.Type, null, null, EventProof.Missing, false)).ToList();
        }

        var types = rows.Select(r => $"services.case.{r.Type}").Distinct(StringComparer.Ordinal).ToList();
        var records = await ledger.SubjectRecordsAsync(caseNo, types, ct).ConfigureAwait(false);
        // The line each record was written from, byte for byte (the system id is JSON-escaped, so the first ,"event": is the field's).
        var byLine = new Dictionary<string, Queue<LedgerStatusService.SubjectRecord>>(StringComparer.Ordinal);
        foreach (var r in records)
        {
            if (Line(r.Body) is not { } line)
            {
                continue;
            }

            var key = r.Type + "\n" + Convert.ToHexStringLower(SHA256.HashData(line));
            if (!byLine.TryGetValue(key, out var queue))
            {
                byLine[key] = queue = new Queue<LedgerStatusService.SubjectRecord>();
            }

            queue.Enqueue(r);
        }

        return rows.Select(e =>
        {
            var key = $"services.case.{e.Type}\n" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(e.Body)));
            return byLine.TryGetValue(key, out var queue) && queue.TryDequeue(out var r)
                ? new EventProof(e.Type, r.Sequence, r.BodyHash, r.State, r.Witnessed)
                : new EventProof(e.Type, null, null, EventProof.Missing, false);
        }).ToList();
    }

    private static JsonDocument? Parse(string body)
    {
        try
        {
            return JsonDocument.Parse(body);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>A text property of an event's line, at its top or (the hall's application) under <c>data</c>.</summary>
    private static string? Text(JsonElement? json, string name)
    {
        if (json is not { ValueKind: JsonValueKind.Object } j)
        {
            return null;
        }

        var found = j.TryGetProperty(name, out var v) || (j.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Object && data.TryGetProperty(name, out v));
        return found && v.ValueKind == JsonValueKind.String && v.GetString() is { Length: > 0 } text ? text : null;
    }

    private static readonly byte[] EventField = ",\"event\":"u8.ToArray();

    /// <summary>Whether a record's body carries exactly <paramref name="line"/> as its event (and the record is about <paramref name="caseNo"/>).</summary>
    private static bool Carries(LedgerStatusService.SubjectRecord record, string caseNo, string line) =>
        record.Subject == caseNo && Line(record.Body) is { } carried && carried.SequenceEqual(Encoding.UTF8.GetBytes(line));

    /// <summary>The line a case record was written from, byte for byte: its body is {"system":…,"receivedAt":…,"event":&lt;the line&gt;}.</summary>
    private static byte[]? Line(byte[] body)
    {
        var at = body.AsSpan().IndexOf(EventField);
        return at < 0 || body.Length < at + EventField.Length + 1 || body[^1] != (byte)'}' ? null : body[(at + EventField.Length)..^1];
    }

    /// <summary>An attachment of a case the caller may read, or null.</summary>
    public async Task<CaseAttachment?> AttachmentAsync(Jurisdiction who, string caseNo, long id, CancellationToken ct, string? userId = null)
    {
        ArgumentNullException.ThrowIfNull(who);
        await using var db = await services.CreateDbContextAsync(ct).ConfigureAwait(false);
        var c = await db.Cases.AsNoTracking().FirstOrDefaultAsync(x => x.CaseNo == caseNo, ct).ConfigureAwait(false);
        return c is null || !MayRead(who, userId, c)
            ? null
            : await db.Attachments.AsNoTracking().FirstOrDefaultAsync(a => a.CaseNo == caseNo && a.Id == id, ct).ConfigureAwait(false);
    }

    /// <summary>Staff read inside their jurisdiction; an account holding only the Applicant role reads only its own cases.</summary>
    public static bool MayRead(Jurisdiction who, string? userId, ServiceCase c)
    {
        ArgumentNullException.ThrowIfNull(who);
        ArgumentNullException.ThrowIfNull(c);
        var applicantOnly = who.Roles.All(r => r == SunlightRoles.Applicant);
        return applicantOnly
            ? userId is not null && string.Equals(c.ApplicantUserId, userId, StringComparison.Ordinal)
            : who.CoversOrganisation(c.OrganisationCode, c.RegionPath) || (userId is not null && string.Equals(c.ApplicantUserId, userId, StringComparison.Ordinal));
    }
}
