using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Sunlight.Core.Storage;

namespace Sunlight.Core.Ledger;

/// <summary>The answer of <c>POST /ledger/witness/add-checkpoint</c> (C2SP tlog-witness).</summary>
public sealed record WitnessAnswer(int Status, string Body, string ContentType = "text/plain; charset=utf-8");

/// <summary>
/// The parent's side of witnessing (C2SP tlog-witness v1): checks a child's checkpoint against the size it last
/// cosigned, with a consistency proof, then stores the new size and cosigns. The check and the store are one
/// conditional update, so two racing submissions cannot both move the size. A child whose proof fails has rewritten
/// its history: the checkpoint is refused and a <see cref="WitnessIncident"/> is written for the supervisors.
/// </summary>
public sealed class WitnessService(CoreDbContext db, LedgerKeys keys, LedgerOptions options, Supervision.AlertService alerts, TimeProvider clock, ILogger<WitnessService> log)
{
    public const int MaxBodyBytes = 64 * 1024;
    public const int MaxProofLines = 63;

    /// <summary>A rewrite's kind in words: a fork (same size, other root) or a history that does not extend.</summary>
    private static BilingualText KindName(string kind) => kind == "fork"
        ? new("分叉：同样条数、不同的根", "a fork: same size, another root")
        : new("新检查点不能由已见证的检查点延续", "the new checkpoint does not extend the witnessed one");

    public async Task<WitnessAnswer> AddCheckpointAsync(string body, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(body);
        if (Encoding.UTF8.GetByteCount(body) > MaxBodyBytes)
        {
            return new(413, $"request body larger than {MaxBodyBytes} bytes\n");
        }

        // old <N>\n, up to 63 base64 proof lines, a blank line, then the signed checkpoint.
        var split = body.IndexOf("\n\n", StringComparison.Ordinal);
        if (split < 0)
        {
            return new(400, "malformed request: expected 'old N', proof lines, a blank line and the checkpoint\n");
        }

        var head = body[..split].Split('\n');
        var note = body[(split + 2)..];
        if (!head[0].StartsWith("old ", StringComparison.Ordinal) || !long.TryParse(head[0][4..], NumberStyles.None, CultureInfo.InvariantCulture, out var old)
            || (head[0].Length > 5 && head[0][4] == '0'))
        {
            return new(400, "malformed request: first line must be 'old N' with N in decimal\n");
        }

        if (head.Length - 1 > MaxProofLines)
        {
            return new(400, $"too many proof lines (at most {MaxProofLines})\n");
        }

        var proof = new List<byte[]>();
        foreach (var line in head.Skip(1))
        {
            try
            {
                proof.Add(Convert.FromBase64String(line));
            }
            catch (FormatException)
            {
                return new(400, "malformed proof line: not base64\n");
            }
        }

        var origin = note.Split('\n', 2)[0];
        var verifier = options.Children.Select(NoteVerifier.ParseVerifierKey).FirstOrDefault(v => v.Name == origin);
        if (verifier is null)
        {
            return new(404, $"unknown origin '{origin}'\n");
        }

        Checkpoint checkpoint;
        string text;
        try
        {
            var opened = SignedNote.Open(note, [verifier]);
            text = opened.Text;
            checkpoint = Checkpoint.Parse(text);
        }
        catch (Exception e) when (e is NoteException or FormatException)
        {
            return new(403, $"checkpoint not signed by the known key of '{origin}': {e.Message}\n");
        }

        if (checkpoint.Origin != origin)
        {
            return new(403, "checkpoint origin does not match its signer\n");
        }

        if (old > checkpoint.Size)
        {
            return new(400, $"old size {old} is larger than the checkpoint size {checkpoint.Size}\n");
        }

        var stored = await db.WitnessedLogs.AsNoTracking().FirstOrDefaultAsync(w => w.Origin == origin, ct).ConfigureAwait(false);
        var storedSize = stored?.Size ?? 0;
        if (old != storedSize)
        {
            return new(409, storedSize.ToString(CultureInfo.InvariantCulture) + "\n", "text/x.tlog.size");
        }

        var storedRoot = stored?.Root ?? Rfc9162.EmptyRoot();
        var consistent = old == checkpoint.Size
            ? proof.Count == 0 && storedRoot.AsSpan().SequenceEqual(checkpoint.Root)
            : old == 0 ? proof.Count == 0 : Rfc9162.VerifyConsistency(old, checkpoint.Size, storedRoot, checkpoint.Root, proof);
        if (!consistent)
        {
            var kind = old == checkpoint.Size ? "fork" : "inconsistent";
            var detail = $"{origin}: checkpoint of size {checkpoint.Size} (root {Convert.ToBase64String(checkpoint.Root)}) does not extend the witnessed size {storedSize} (root {Convert.ToBase64String(storedRoot)}). The log has rewritten its history.";
            db.WitnessIncidents.Add(new WitnessIncident { Origin = origin, At = clock.GetUtcNow(), Kind = kind, Detail = detail });
            await db.SaveChangesAsync(ct).ConfigureAwait(false);
            // A red alert for the supervisors of that node's region (and above), once per origin, kind and size.
            var code = origin[(origin.LastIndexOf('/') + 1)..];
            var regionPath = await db.Regions.AsNoTracking().Where(r => r.Code == code).Select(r => r.Path).FirstOrDefaultAsync(ct).ConfigureAwait(false)
                ?? await db.Regions.AsNoTracking().OrderBy(r => r.Path.Length).Select(r => r.Path).FirstAsync(ct).ConfigureAwait(false);
            await alerts.RaiseAsync([new Supervision.AlertDraft(Supervision.CoreRules.Rewrite, Supervision.Severities.Red, origin, $"{kind}@{checkpoint.Size}", "", regionPath, null,
                new BilingualText($"下级节点 {origin} 提交的检查点（{checkpoint.Size} 条）不能延续已见证的历史（{storedSize} 条）：账本被改写（{KindName(kind).Zh}）",
                    $"The checkpoint of node {origin} ({checkpoint.Size} records) does not extend the witnessed history ({storedSize} records): the log was rewritten ({KindName(kind).En})."), [note])], ct).ConfigureAwait(false);
            log.LogWarning("Witness refused a checkpoint: {Detail}", detail);
            return new(422, "consistency proof does not verify: the log's history was rewritten\n");
        }

        var now = clock.GetUtcNow();
        if (stored is null)
        {
            db.WitnessedLogs.Add(new WitnessedLog { Origin = origin, Size = checkpoint.Size, Root = checkpoint.Root, Checkpoint = note, UpdatedAt = now });
            try
            {
                await db.SaveChangesAsync(ct).ConfigureAwait(false);
            }
            catch (DbUpdateException)
            {
                db.ChangeTracker.Clear();
                var raced = await db.WitnessedLogs.AsNoTracking().FirstAsync(w => w.Origin == origin, ct).ConfigureAwait(false);
                return new(409, raced.Size.ToString(CultureInfo.InvariantCulture) + "\n", "text/x.tlog.size");
            }
        }
        else if (checkpoint.Size != storedSize)
        {
            var moved = await db.WitnessedLogs.Where(w => w.Origin == origin && w.Size == old)
                .ExecuteUpdateAsync(s => s.SetProperty(w => w.Size, checkpoint.Size).SetProperty(w => w.Root, checkpoint.Root)
                    .SetProperty(w => w.Checkpoint, note).SetProperty(w => w.UpdatedAt, now), ct).ConfigureAwait(false);
            if (moved == 0)
            {
                var raced = await db.WitnessedLogs.AsNoTracking().FirstAsync(w => w.Origin == origin, ct).ConfigureAwait(false);
                return new(409, raced.Size.ToString(CultureInfo.InvariantCulture) + "\n", "text/x.tlog.size");
            }
        }

        var cosignature = Cosignature.SignLine(keys.Signer, now.ToUnixTimeSeconds(), text);
        return new(200, cosignature.TrimEnd('\n') + "\n");
    }
}

/// <summary>
/// The child's side: sends each new checkpoint to the parent with a consistency proof from the size the parent last
/// cosigned, and keeps the cosignature. A 409 tells the size the parent holds; the client retries once from there.
/// </summary>
public sealed class WitnessClient(
    IServiceScopeFactory scopes, IHttpClientFactory http, LedgerOptions options, TimeProvider clock, ILogger<WitnessClient> log)
{
    private long? _parentSize;

    public bool Enabled => options.ParentUrl is not null && options.ParentKey is not null;

    /// <summary>Submits <paramref name="checkpoint"/>; true when the parent cosigned it.</summary>
    public async Task<bool> SubmitAsync(LedgerCheckpoint checkpoint, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        if (!Enabled)
        {
            return false;
        }

        var parent = NoteVerifier.ParseVerifierKey(options.ParentKey!);
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CoreDbContext>();
        if (await db.LedgerCosignatures.AnyAsync(c => c.CheckpointSize == checkpoint.Size && c.Witness == parent.Name, ct).ConfigureAwait(false))
        {
            return true;
        }

        _parentSize ??= await db.LedgerCosignatures.Where(c => c.Witness == parent.Name).MaxAsync(c => (long?)c.CheckpointSize, ct).ConfigureAwait(false) ?? 0;
        var reader = scope.ServiceProvider.GetRequiredService<LedgerReader>();
        for (var attempt = 0; attempt < 2; attempt++)
        {
            var old = Math.Min(_parentSize.Value, checkpoint.Size);
            var proof = await reader.ConsistencyProofAsync(old, checkpoint.Size, ct).ConfigureAwait(false);
            var body = new StringBuilder().Append(CultureInfo.InvariantCulture, $"old {old}\n");
            foreach (var p in proof)
            {
                body.Append(Convert.ToBase64String(p)).Append('\n');
            }

            body.Append('\n').Append(checkpoint.Note);
            using var client = http.CreateClient("ledger-witness");
            using var content = new StringContent(body.ToString(), Encoding.UTF8, "text/plain");
            using var response = await client.PostAsync(new Uri(options.ParentUrl + "/ledger/witness/add-checkpoint"), content, ct).ConfigureAwait(false);
            var answer = await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false);
            if (response.StatusCode == HttpStatusCode.Conflict && long.TryParse(answer.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var theirs))
            {
                _parentSize = theirs;
                continue;
            }

            if (!response.IsSuccessStatusCode)
            {
                log.LogWarning("Parent witness refused checkpoint {Size}: {Status} {Answer}", checkpoint.Size, (int)response.StatusCode, answer.Trim());
                return false;
            }

            var text = SignedNote.ParseUnverified(checkpoint.Note).Text;
            foreach (var cosignature in answer.Split('\n', StringSplitOptions.RemoveEmptyEntries))
            {
                if (!SignedNote.TryParseSignatureLine(cosignature, out var signature) || signature.Name != parent.Name || !Cosignature.Verify(parent, signature, text, out _))
                {
                    log.LogWarning("Parent witness answered with a cosignature that does not verify: {Line}", cosignature);
                    return false;
                }

                db.LedgerCosignatures.Add(new LedgerCosignature { CheckpointSize = checkpoint.Size, Witness = parent.Name, Line = cosignature, ReceivedAt = clock.GetUtcNow() });
            }

            await db.SaveChangesAsync(ct).ConfigureAwait(false);
            _parentSize = checkpoint.Size;
            return true;
        }

        return false;
    }
}
