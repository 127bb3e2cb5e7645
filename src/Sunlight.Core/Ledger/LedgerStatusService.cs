using Sunlight.Core.Api;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Sunlight.Core.Accounts;
using Sunlight.Core.Storage;

namespace Sunlight.Core.Ledger;

/// <summary>What supervisors see of the ledger, and the record checks anyone may run.</summary>
public sealed class LedgerStatusService(CoreDbContext db, LedgerReader reader, LedgerKeys keys, LedgerOptions options, IEnumerable<IRecordReadGuard> guards)
{
    public sealed record Witnessing(string Witness, long Size, DateTimeOffset At);

    public sealed record Child(string Origin, long Size, DateTimeOffset UpdatedAt);

    public sealed record Incident(string Origin, DateTimeOffset At, string Kind, string Detail);

    public sealed record Status(
        string Origin, string VerifierKey, long Records, long TreeSize, string Root, long? CheckpointSize, DateTimeOffset? CheckpointAt,
        string? Checkpoint, string? Parent, IReadOnlyList<Witnessing> Cosignatures, IReadOnlyList<Child> Children, IReadOnlyList<Incident> Incidents)
    {
        /// <summary>How many incidents there are in all (<see cref="Incidents"/> holds the latest 50).</summary>
        public int IncidentTotal { get; init; }
    }

    public async Task<Status> StatusAsync(CancellationToken ct)
    {
        var tree = await reader.TreeAsync(ct).ConfigureAwait(false);
        var records = await db.LedgerCounters.AsNoTracking().Select(c => c.Next).SingleAsync(ct).ConfigureAwait(false);
        var latest = await reader.LatestCheckpointAsync(ct).ConfigureAwait(false);
        var cosignatures = await db.LedgerCosignatures.AsNoTracking().OrderByDescending(c => c.CheckpointSize).Take(20)
            .Select(c => new Witnessing(c.Witness, c.CheckpointSize, c.ReceivedAt)).ToListAsync(ct).ConfigureAwait(false);
        var children = await db.WitnessedLogs.AsNoTracking().OrderBy(w => w.Origin)
            .Select(w => new Child(w.Origin, w.Size, w.UpdatedAt)).ToListAsync(ct).ConfigureAwait(false);
        var incidents = await db.WitnessIncidents.AsNoTracking().OrderByDescending(i => i.Id).Take(50)
            .Select(i => new Incident(i.Origin, i.At, i.Kind, i.Detail)).ToListAsync(ct).ConfigureAwait(false);
        var incidentTotal = await db.WitnessIncidents.CountAsync(ct).ConfigureAwait(false);
        return new Status(keys.Origin, keys.VerifierKey, records, tree.Size, Convert.ToBase64String(tree.Root), latest?.Size, latest?.SignedAt,
            latest?.Note, options.ParentUrl, cosignatures, children, incidents) { IncidentTotal = incidentTotal };
    }

    /// <summary>
    /// Checks that record <paramref name="seq"/> has body hash <paramref name="bodyHash"/> (hex or base64) and is
    /// included in the latest signed checkpoint, verifying the checkpoint's signature and the proof here.
    /// </summary>
    public async Task<RecordCheck> CheckAsync(long? seq, string? bodyHash, CancellationToken ct)
    {
        if (seq is null or < 0)
        {
            throw new LedgerRequestException(Refusal.Invalid, "bad-sequence", Bilingual.Say("请给出记录序号 seq（非负整数）", "seq must be a non-negative integer."));
        }

        var expected = ParseHash(bodyHash)
            ?? throw new LedgerRequestException(Refusal.Invalid, "bad-hash", Bilingual.Say("bodyHash 应为 64 位十六进制或 base64 的 SHA-256", "bodyHash must be a SHA-256 in hex or base64."));
        var latest = await reader.LatestCheckpointAsync(ct).ConfigureAwait(false);
        if (latest is null || seq >= latest.Size)
        {
            throw new LedgerRequestException(Refusal.Conflict, "not-yet-checkpointed",
                Bilingual.Say($"记录 #{seq} 尚未进入已签名的检查点（当前 {latest?.Size ?? 0} 条），请几秒后再试", $"record #{seq} is not in a signed checkpoint yet; try again in a few seconds."));
        }

        var record = await db.LedgerRecords.AsNoTracking().Where(r => r.Sequence == seq)
            .Select(r => new { r.Sequence, r.Type, r.At, r.BodyHash }).SingleAsync(ct).ConfigureAwait(false);
        var leaf = LedgerLeaf.Data(record.Sequence, record.Type, record.At, record.BodyHash);
        var leafHash = Rfc9162.LeafHash(leaf);
        var signatureValid = false;
        try
        {
            SignedNote.Open(latest.Note, keys.Verifiers);
            signatureValid = true;
        }
        catch (NoteException)
        {
        }

        var proof = await reader.InclusionProofAsync(seq.Value, latest.Size, ct).ConfigureAwait(false);
        var included = Rfc9162.VerifyInclusion(seq.Value, latest.Size, leafHash, proof, latest.Root);
        return new RecordCheck(seq.Value, Encoding.ASCII.GetString(leaf), Convert.ToBase64String(leafHash),
            expected.AsSpan().SequenceEqual(record.BodyHash), latest.Size, latest.Note, signatureValid,
            proof.Select(Convert.ToBase64String).ToList(), included && signatureValid);
    }

    public async Task<RecordAnswer> RecordAsync(Jurisdiction who, long seq, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(who);
        var record = await db.LedgerRecords.AsNoTracking().FirstOrDefaultAsync(r => r.Sequence == seq, ct).ConfigureAwait(false)
            ?? throw new LedgerRequestException(Refusal.NotFound, "not-found", Bilingual.Say($"没有序号为 {seq} 的记录", $"no record #{seq}."));
        if ((record.RegionPath is not null && !who.CoversRegionPath(record.RegionPath)) || guards.Any(g => !g.MayRead(who, record)))
        {
            throw new LedgerRequestException(Refusal.Forbidden, "outside-jurisdiction", Bilingual.Say($"记录 #{seq} 不在您的管辖范围内", $"record #{seq} is outside your jurisdiction."));
        }

        var latest = await reader.LatestCheckpointAsync(ct).ConfigureAwait(false);
        var leafHash = LedgerLeaf.Hash(record);
        IReadOnlyList<byte[]> proof = [];
        var included = false;
        if (latest is not null && seq < latest.Size)
        {
            proof = await reader.InclusionProofAsync(seq, latest.Size, ct).ConfigureAwait(false);
            included = Rfc9162.VerifyInclusion(seq, latest.Size, leafHash, proof, latest.Root);
        }

        using var body = JsonDocument.Parse(record.Body);
        return new RecordAnswer(record.Sequence, record.Type, record.Subject, record.At, body.RootElement.Clone(),
            Convert.ToHexStringLower(record.BodyHash), Convert.ToBase64String(leafHash), latest?.Size ?? 0,
            latest is null ? "" : Convert.ToBase64String(latest.Root), proof.Select(Convert.ToBase64String).ToList(), included);
    }

    /// <summary>A subject's record with where its proof stands (see <see cref="SubjectRecordsAsync"/>).</summary>
    public sealed record SubjectRecord(long Sequence, string Type, DateTimeOffset At, byte[] Body, string BodyHash, string State, long CheckpointSize, bool Witnessed)
    {
        /// <summary>What the record is about (a case number, an alert's subject).</summary>
        public string Subject { get; init; } = "";
    }

    /// <summary>Proof states: checked here against the latest signed checkpoint.</summary>
    public static class ProofStates
    {
        /// <summary>The body matches its hash, and the leaf is proven included in the latest checkpoint, whose signature is valid.</summary>
        public const string Proven = "proven";

        /// <summary>Written after the latest checkpoint: the next one (seconds away) will cover it.</summary>
        public const string Pending = "pending";

        /// <summary>The body no longer matches its hash, or the inclusion proof fails: the stored record was altered.</summary>
        public const string Broken = "broken";
    }

    /// <summary>
    /// The records about <paramref name="subject"/> of the given types, oldest first, each checked here: body against
    /// body hash, leaf against the latest signed checkpoint by an RFC 9162 inclusion proof, the checkpoint's signature
    /// against this node's key, and whether the level above has cosigned a checkpoint that covers it. The caller has
    /// already decided that the person may see the subject.
    /// </summary>
    public async Task<IReadOnlyList<SubjectRecord>> SubjectRecordsAsync(string subject, IReadOnlyCollection<string> types, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(subject);
        ArgumentNullException.ThrowIfNull(types);
        var typeList = types.ToList();
        // (Type, Subject) is indexed: one probe per type.
        var records = await db.LedgerRecords.AsNoTracking().Where(r => EF.Parameter(typeList).Contains(r.Type) && r.Subject == subject).OrderBy(r => r.Sequence)
            .ToListAsync(ct).ConfigureAwait(false);
        return await CheckAsync(records, ct).ConfigureAwait(false);
    }

    /// <summary>
    /// The records of <paramref name="sequences"/> (those that exist), oldest first, checked as <see cref="SubjectRecordsAsync"/>
    /// checks them: for rows that name their own record, looked up by number.
    /// </summary>
    public async Task<IReadOnlyList<SubjectRecord>> RecordsAsync(IReadOnlyCollection<long> sequences, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(sequences);
        var list = sequences.Distinct().ToList();
        var records = await db.LedgerRecords.AsNoTracking().Where(r => EF.Parameter(list).Contains(r.Sequence)).OrderBy(r => r.Sequence)
            .ToListAsync(ct).ConfigureAwait(false);
        return await CheckAsync(records, ct).ConfigureAwait(false);
    }

    private async Task<IReadOnlyList<SubjectRecord>> CheckAsync(List<LedgerRecord> records, CancellationToken ct)
    {
        if (records.Count == 0)
        {
            return [];
        }

        var latest = await reader.LatestCheckpointAsync(ct).ConfigureAwait(false);
        var signed = false;
        if (latest is not null)
        {
            try
            {
                SignedNote.Open(latest.Note, keys.Verifiers);
                signed = true;
            }
            catch (NoteException)
            {
            }
        }

        var cosigned = await db.LedgerCosignatures.AsNoTracking().MaxAsync(c => (long?)c.CheckpointSize, ct).ConfigureAwait(false) ?? 0;
        var result = new List<SubjectRecord>(records.Count);
        foreach (var r in records)
        {
            var state = ProofStates.Pending;
            if (!LedgerLeaf.BodyHash(r.Body).AsSpan().SequenceEqual(r.BodyHash))
            {
                state = ProofStates.Broken;
            }
            else if (latest is not null && r.Sequence < latest.Size)
            {
                var proof = await reader.InclusionProofAsync(r.Sequence, latest.Size, ct).ConfigureAwait(false);
                state = signed && Rfc9162.VerifyInclusion(r.Sequence, latest.Size, LedgerLeaf.Hash(r), proof, latest.Root) ? ProofStates.Proven : ProofStates.Broken;
            }

            result.Add(new SubjectRecord(r.Sequence, r.Type, r.At, r.Body, Convert.ToHexStringLower(r.BodyHash), state, latest?.Size ?? 0, r.Sequence < cosigned) { Subject = r.Subject });
        }

        return result;
    }

    private static byte[]? ParseHash(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        text = text.Trim();
        try
        {
            var bytes = text.Length == 64 ? Convert.FromHexString(text) : Convert.FromBase64String(text);
            return bytes.Length == 32 ? bytes : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
