using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Sunlight.Core;
using Sunlight.Core.Accounts;
using Sunlight.Core.Api;
using Sunlight.Core.Calendar;
using Sunlight.Core.Ledger;
using Sunlight.Core.Storage;
using Sunlight.Core.Supervision;
using Sunlight.Trading.Experts;
using Sunlight.Trading.Ocds;
using Sunlight.Trading.Storage;

namespace Sunlight.Trading.Draws;

/// <summary>A draw request: the process and lot, when the committee sits, the groups by specialty, whether it is 异地评审.</summary>
internal sealed record DrawRequest(string? Ocid, string? Lot, DateTimeOffset? EvaluationAt, IReadOnlyList<DrawGroupRequest>? Groups, bool? Remote);

internal sealed record DrawGroupRequest(string? Specialty, int? Count, int? Alternates);

/// <summary>
/// A draw as shown: status, and once completed the codes per group as they stand after any replacement (names stay
/// sealed), with the replacements in order.
/// </summary>
internal sealed record DrawView(string DrawId, string Ocid, string Lot, string Status, DateTimeOffset EvaluationAt, string? Seed, IReadOnlyList<DrawnGroup>? Groups)
{
    public IReadOnlyList<DrawReplacement> Replacements { get; init; } = [];
}

/// <summary>A selected expert who declined, replaced by the group's next unused alternate (<c>trading.draw.replaced</c>).</summary>
internal sealed record DrawReplacement(string Specialty, string Declined, string Replacement, string Reason, string By, DateTimeOffset At);

/// <summary>
/// The provably fair draw (trading.md "Experts and the provably fair draw"): the pool per group with 回避 by coded
/// reasons that never name a bidder, committed as <c>trading.draw.committed</c>; completed from the ledger's first
/// beacon after the commitment by <see cref="FairDraw"/>, recorded as <c>trading.draw.completed</c>. The draw never
/// falls back: it waits for its beacon.
/// </summary>
internal sealed class DrawService(
    Units units, IDbContextFactory<TradingDbContext> contexts, LedgerBeacons beacons, AlertService alerts, CalendarService calendar, TimeProvider clock,
    LedgerStatusService ledger, LedgerReader reader, LedgerKeys keys, LedgerOptions ledgerOptions, IEnumerable<Sunlight.Core.Contracts.Integrity.IKinFacts> kinFacts) : IDueSource
{
    public const string Committed = "trading.draw.committed";
    public const string CompletedRecord = "trading.draw.completed";
    public const string Replaced = "trading.draw.replaced";

    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web) { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public async Task<DrawView> RequestAsync(Jurisdiction who, string userName, DrawRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        var errors = new List<Sunlight.Core.Directory.Contracts.InputError>();
        if (request.Groups is not { Count: > 0 and <= 10 } || request.Groups.Any(g => string.IsNullOrWhiteSpace(g.Specialty) || g.Count is not (>= 1 and <= 50) || g.Alternates is not (null or (>= 0 and <= 50))))
        {
            errors.Add(new("groups", Bilingual.Say("groups 须为 1–10 组，每组有评标专业、人数 1–50、候补 0–50", "groups: 1–10 groups, each with a specialty, a count of 1–50 and 0–50 alternates")));
        }

        if (request.EvaluationAt is not { } evaluationAt)
        {
            errors.Add(new("evaluationAt", Bilingual.Say("缺少评标时间 evaluationAt（带时区）", "evaluationAt is required (with its offset)")));
        }

        if (errors.Count > 0)
        {
            throw new InputException(Refusal.Invalid, Bilingual.Say("抽取请求无效", "invalid draw request"), errors);
        }

        await using var db = await contexts.CreateDbContextAsync(ct).ConfigureAwait(false);
        var project = await db.Projects.AsNoTracking().FirstOrDefaultAsync(p => p.Ocid == request.Ocid, ct).ConfigureAwait(false);
        if (project is null || project.Foreign || project.CentreCode != who.OrganisationCode)
        {
            throw new InputException(Refusal.NotFound, Bilingual.Say($"您的交易中心没有交易项目 {request.Ocid}", $"no process {request.Ocid} of your centre"));
        }

        var now = clock.GetUtcNow();
        var at = request.EvaluationAt!.Value;
        if (at <= now)
        {
            throw new InputException(Refusal.Unprocessable, Bilingual.Say("评标时间已过", "evaluationAt is past"), [new("evaluationAt", Bilingual.Say("评标时间须在将来", "evaluationAt must be in the future"))]);
        }

        // Lead time (财库〔2016〕198号: government procurement draws at most 2 working days ahead, except 竞争性谈判/磋商 and 异地评审).
        var parameters = await alerts.ParametersAsync(project.RegionPath, now, ct).ConfigureAwait(false);
        var leads = JsonSerializer.Deserialize<Dictionary<string, string>>(parameters.Text(Flags.TradingRules.Settings, "draw_max_lead_working_days")) ?? [];
        if (leads.TryGetValue(project.Kind, out var lead) && request.Remote != true && project.MethodDetails is not ("竞争性谈判" or "竞争性磋商")
            && int.TryParse(lead, NumberStyles.None, CultureInfo.InvariantCulture, out var maxLead))
        {
            DateOnly earliest;
            try
            {
                earliest = calendar.Current.AddWorkdays(ChinaTime.Day(at), -maxLead);
            }
            catch (CalendarCoverageException)
            {
                throw new InputException(Refusal.Unprocessable, Bilingual.Say($"{ChinaTime.Day(at):yyyy} 年的节假日安排尚未载入，无法计算抽取的提前期", $"the holidays of {ChinaTime.Day(at):yyyy} are not loaded; the lead time cannot be counted"),
                    [new("evaluationAt", Bilingual.Say("评标日期所在年份的节假日通知尚未载入", "the year of evaluationAt has no holiday notice loaded yet"))]);
            }

            if (ChinaTime.Day(now) < earliest)
            {
                throw new InputException(Refusal.Unprocessable, Bilingual.Say($"抽取过早：{project.Kind} 至多提前 {maxLead} 个工作日抽取，最早 {earliest:yyyy-MM-dd}", $"too early: at most {maxLead} working days ahead, from {earliest:yyyy-MM-dd}"),
                    [new("evaluationAt", Bilingual.Say($"最早可于 {earliest:yyyy-MM-dd} 抽取", $"the draw may be requested from {earliest:yyyy-MM-dd}"))]);
            }
        }

        // 回避: the parties of the process — buyer, agency, every known bidder — by organisation or declared interest;
        // staff of the supervising department; a buyer's experts of max_panels panels within window_days.
        var compiled = (JsonObject)JsonNode.Parse(project.Compiled)!;
        var parties = new HashSet<string>(StringComparer.Ordinal);
        void Add(JsonNode? id)
        {
            if (id is JsonValue v && v.TryGetValue<string>(out var s))
            {
                parties.Add(s);
            }
        }

        Add(compiled["buyer"]?["id"]);
        Add(compiled["tender"]?["procuringEntity"]?["id"]);
        foreach (var bid in (compiled["bids"]?["details"] as JsonArray ?? []).OfType<JsonObject>())
        {
            foreach (var t in (bid["tenderers"] as JsonArray ?? []).OfType<JsonObject>())
            {
                Add(t["id"]);
            }
        }

        var maxPanels = int.Parse(parameters.Text("TRD-EXPERT-REPEAT", "max_panels"), CultureInfo.InvariantCulture);
        var window = int.Parse(parameters.Text("TRD-EXPERT-REPEAT", "window_days"), CultureInfo.InvariantCulture);
        var since = at.AddDays(-window).ToUniversalTime();
        var recent = await db.Draws.AsNoTracking().Where(d => d.BuyerId == (project.BuyerId ?? "") && d.Result != null && d.EvaluationAt >= since).Select(d => d.Result!).ToListAsync(ct).ConfigureAwait(false);
        var panels = recent.SelectMany(r => JsonNode.Parse(r)!["groups"]!.AsArray().SelectMany(g => g!["selected"]!.AsArray().Select(c => c!.ToString())))
            .GroupBy(c => c).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var evaluationDay = ChinaTime.Day(at);
        var experts = await db.Experts.AsNoTracking().Where(e => e.Status == ExpertStatus.Active || (e.Status == ExpertStatus.Suspended && e.SuspendedUntil < evaluationDay))
            .ToListAsync(ct).ConfigureAwait(false);
        var interests = await db.ExpertInterests.AsNoTracking().Where(i => parties.Contains(i.OrganisationId) && (i.Until == null || i.Until >= evaluationDay))
            .Select(i => i.ExpertCode).ToListAsync(ct).ConfigureAwait(false);
        // Kin (Integrity's IKinFacts, when installed): an expert related to the legal representative of the buyer, the
        // agency or a known bidder, or to a bidder's project manager or agent (their staff in the bid).
        var people = new HashSet<string>(StringComparer.Ordinal);
        foreach (var party in (compiled["parties"] as JsonArray ?? []).OfType<JsonObject>())
        {
            if (party["id"]?.ToString() is { } pid && parties.Contains(pid) && party["legalRepresentative"]?["id"]?.ToString() is { Length: > 0 } rep)
            {
                people.Add(rep.Trim().ToUpperInvariant());
            }
        }

        foreach (var bid in (compiled["bids"]?["details"] as JsonArray ?? []).OfType<JsonObject>())
        {
            foreach (var role in new[] { "projectManager", "agent" })
            {
                if (bid[role]?["id"]?.ToString() is { Length: > 0 } person)
                {
                    people.Add(person.Trim().ToUpperInvariant());
                }
            }
        }

        var kin = new HashSet<string>(StringComparer.Ordinal);
        if (kinFacts.FirstOrDefault() is { } kinSource && people.Count > 0)
        {
            var wanted = request.Groups!.Select(g => g.Specialty!.Trim()).ToHashSet(StringComparer.Ordinal);
            foreach (var e in experts.Where(e => e.IdNumber.Length > 0 && e.Specialties.Split('|').Any(wanted.Contains)))
            {
                if ((await kinSource.KinOfAsync(e.IdNumber, evaluationDay, ct).ConfigureAwait(false)).Any(k => k.IdNo is { } id && people.Contains(id.Trim().ToUpperInvariant())))
                {
                    kin.Add(e.Code);
                }
            }
        }

        var avoided = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var e in experts)
        {
            var reason = parties.Contains(e.OrganisationId) ? "own-org"
                : interests.Contains(e.Code) ? "interest"
                : e.DirectoryCode is { } dc && dc == project.SupervisingCode ? "supervisor-staff"
                : kin.Contains(e.Code) ? "kin"
                : panels.GetValueOrDefault(e.Code) >= maxPanels ? "recent-panels" : null;
            if (reason is not null)
            {
                avoided[e.Code] = reason;
            }
        }

        var groups = new List<object>();
        foreach (var g in request.Groups!)
        {
            var pool = experts.Where(e => !avoided.ContainsKey(e.Code) && e.Specialties.Split('|').Contains(g.Specialty!.Trim())).Select(e => e.Code).Order(StringComparer.Ordinal).ToList();
            if (pool.Count < g.Count!.Value + (g.Alternates ?? 0))
            {
                throw new InputException(Refusal.Unprocessable, Bilingual.Say($"专业“{g.Specialty}”可抽取的专家只有 {pool.Count} 人，少于所需 {g.Count + (g.Alternates ?? 0)} 人", $"too small a pool for {g.Specialty}: {pool.Count}"),
                    [new("groups", Bilingual.Say("专家库中该专业人数不足（已除去回避）", "not enough experts of the specialty after 回避"))]);
            }

            groups.Add(new { specialty = g.Specialty!.Trim(), count = g.Count, alternates = g.Alternates ?? 0, pool });
        }

        // Unique even for two requests of one trade in the same millisecond.
        var drawId = $"D-{project.Ocid[^Math.Min(project.Ocid.Length, 17)..]}-{now:yyyyMMddHHmmssfff}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(2))}";
        var body = JsonSerializer.Serialize(new
        {
            algorithm = FairDraw.Algorithm, drawId, ocid = project.Ocid, lot = request.Lot ?? "", evaluationAt = at, requestedBy = userName, groups,
            avoided = avoided.Select(a => new { expert = a.Key, reason = a.Value }),
        }, Web);
        var draw = new Draw
        {
            Id = drawId, Ocid = project.Ocid, Lot = request.Lot ?? "", CentreCode = project.CentreCode, RegionPath = project.RegionPath, BuyerId = project.BuyerId ?? "",
            EvaluationAt = at.ToUniversalTime(), RequestedBy = userName, RequestedAt = now, CommitBody = body,
        };
        await using var unit = await units.BeginAsync(ct).ConfigureAwait(false);
        unit.Enlist(db);
        var index = unit.QueuedRecords;
        unit.Record(new RecordDraft(Committed, drawId, Encoding.UTF8.GetBytes(body), project.RegionPath));
        unit.AfterRecords(async (first, token) =>
        {
            draw.CommitSequence = first + index;
            db.Draws.Add(draw);
            await db.SaveChangesAsync(token).ConfigureAwait(false);
        });
        await unit.CommitAsync(ct).ConfigureAwait(false);
        return View(draw);
    }

    /// <summary>Completes every committed draw whose beacon exists (the host's timer; tests call it).</summary>
    public async Task<int> RunDueAsync(DateTimeOffset now, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct).ConfigureAwait(false);
        var waiting = await db.Draws.Where(d => d.Status == DrawStatus.Committed).OrderBy(d => d.CommitSequence).Take(100).ToListAsync(ct).ConfigureAwait(false);
        var done = 0;
        foreach (var draw in waiting)
        {
            if (await beacons.AfterAsync(draw.CommitSequence, ct).ConfigureAwait(false) is not { } beacon)
            {
                continue;
            }

            var commit = JsonNode.Parse(draw.CommitBody)!;
            var groups = commit["groups"]!.AsArray().Select(g => new DrawGroup(g!["specialty"]!.ToString(), (int)g["count"]!, (int)g["alternates"]!,
                [.. g["pool"]!.AsArray().Select(c => c!.ToString())])).ToList();
            var seed = FairDraw.Seed(SHA256.HashData(Encoding.UTF8.GetBytes(draw.CommitBody)), beacon.Root, beacon.CosignatureBytes);
            var drawn = FairDraw.Select(seed, groups);
            var result = JsonSerializer.Serialize(new
            {
                drawId = draw.Id, commitSeq = draw.CommitSequence,
                beacon = new { size = beacon.Size, root = Convert.ToHexStringLower(beacon.Root), cosignature = beacon.Cosignature },
                seed = Convert.ToHexStringLower(seed),
                groups = drawn.Select(g => new { specialty = g.Specialty, selected = g.Selected, alternates = g.Alternates }),
            }, Web);
            await using var unit = await units.BeginAsync(ct).ConfigureAwait(false);
            unit.Enlist(db);
            var index = unit.QueuedRecords;
            unit.Record(new RecordDraft(CompletedRecord, draw.Id, Encoding.UTF8.GetBytes(result), draw.RegionPath));
            draw.Result = result;
            draw.Status = beacon.Cosignature is null ? DrawStatus.Uncosigned : DrawStatus.Completed;
            // Saved again once the record has its sequence (the unit saves contexts before it appends records).
            unit.AfterRecords(async (first, token) =>
            {
                draw.CompletedSequence = first + index;
                await db.SaveChangesAsync(token).ConfigureAwait(false);
            });
            await unit.CommitAsync(ct).ConfigureAwait(false);
            done++;
        }

        return done;
    }

    /// <summary>
    /// A draw as <paramref name="who"/> may see it: its codes are public once an award of the lot is active; before that
    /// the requesting centre's operators and supervisors see them. Null: no such draw for this caller.
    /// </summary>
    public async Task<DrawView?> GetAsync(Jurisdiction? who, string id, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct).ConfigureAwait(false);
        var draw = await db.Draws.AsNoTracking().FirstOrDefaultAsync(d => d.Id == id, ct).ConfigureAwait(false);
        if (draw is null)
        {
            return null;
        }

        var project = await db.Projects.AsNoTracking().FirstAsync(p => p.Ocid == draw.Ocid, ct).ConfigureAwait(false);
        var compiled = (JsonObject)JsonNode.Parse(project.Compiled)!;
        var awarded = OcdsVisibility.Awarded(compiled, draw.Lot.Length == 0 ? [] : [draw.Lot]);
        var insider = who is not null && who.CoversRegionPath(draw.RegionPath)
            && (who.IsInRole(SunlightRoles.Supervisor) || (who.IsInRole(SunlightRoles.TradingOperator) && who.OrganisationCode == draw.CentreCode));
        if (!awarded && !insider)
        {
            return who is null ? null : View(draw) with { Groups = null, Seed = null };
        }

        return await WithReplacementsAsync(View(draw), ct).ConfigureAwait(false);
    }

    /// <summary>
    /// A selected expert declines (trading.md step 5): the next unused alternate of the group takes the seat — never a
    /// choice — recorded as <c>trading.draw.replaced</c> with the reason. The requesting centre's operators only, on a
    /// completed draw whose lot is not yet awarded; 409 when the group has no alternate left (a new draw is needed).
    /// </summary>
    public async Task<DrawView> ReplaceAsync(Jurisdiction who, string userName, string id, string? expert, string? reason, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(who);
        await using var db = await contexts.CreateDbContextAsync(ct).ConfigureAwait(false);
        var draw = await db.Draws.AsNoTracking().FirstOrDefaultAsync(d => d.Id == id, ct).ConfigureAwait(false);
        if (draw is null || !who.IsInRole(SunlightRoles.TradingOperator) || who.OrganisationCode != draw.CentreCode)
        {
            throw new InputException(Refusal.NotFound, Bilingual.Say($"本中心没有抽取 {id}", $"your centre has no draw {id}"));
        }

        if (string.IsNullOrWhiteSpace(reason) || reason.Trim().Length > 500)
        {
            throw new InputException(Refusal.Invalid, Bilingual.Say("请说明专家不能参加的原因", "give the reason the expert cannot sit"), [new("reason", Bilingual.Say("原因为 1–500 个字符", "a reason of 1–500 characters"))]);
        }

        var project = await db.Projects.AsNoTracking().FirstAsync(p => p.Ocid == draw.Ocid, ct).ConfigureAwait(false);
        if (draw.Result is null || OcdsVisibility.Awarded((JsonObject)JsonNode.Parse(project.Compiled)!, draw.Lot.Length == 0 ? [] : [draw.Lot]))
        {
            throw new InputException(Refusal.Conflict, Bilingual.Say("抽取尚未完成或该标段已定标，不能替补", "the draw is not complete or the lot is awarded: no replacement"));
        }

        var view = await WithReplacementsAsync(View(draw), ct).ConfigureAwait(false);
        var group = view.Groups!.FirstOrDefault(g => g.Selected.Contains(expert?.Trim() ?? "", StringComparer.Ordinal))
            ?? throw new InputException(Refusal.Invalid, Bilingual.Say($"{expert} 不是本次抽取的在席专家", $"{expert} does not sit on this draw's committee"), [new("expert", Bilingual.Say("请选择在席专家", "choose a sitting expert"))]);
        if (group.Alternates.Count == 0)
        {
            throw new InputException(Refusal.Conflict, Bilingual.Say($"专业“{group.Specialty}”的候补已用完，请重新抽取", $"no alternate left for {group.Specialty}: request a new draw"));
        }

        var replacement = new DrawReplacement(group.Specialty, expert!.Trim(), group.Alternates[0], reason.Trim(), userName, clock.GetUtcNow());
        var body = JsonSerializer.SerializeToUtf8Bytes(new
        {
            drawId = draw.Id, specialty = replacement.Specialty, declined = replacement.Declined, replacement = replacement.Replacement, reason = replacement.Reason,
            by = userName, at = replacement.At,
        }, Web);
        await using var unit = await units.BeginAsync(ct).ConfigureAwait(false);
        unit.Record(new RecordDraft(Replaced, draw.Id, body, draw.RegionPath));
        await unit.CommitAsync(ct).ConfigureAwait(false);
        return await WithReplacementsAsync(View(draw), ct).ConfigureAwait(false);
    }

    /// <summary>The draw's groups after its <c>trading.draw.replaced</c> records, in ledger order.</summary>
    private async Task<DrawView> WithReplacementsAsync(DrawView view, CancellationToken ct)
    {
        if (view.Groups is null)
        {
            return view;
        }

        var records = await ledger.SubjectRecordsAsync(view.DrawId, [Replaced], ct).ConfigureAwait(false);
        if (records.Count == 0)
        {
            return view;
        }

        var groups = view.Groups.Select(g => (g.Specialty, Selected: g.Selected.ToList(), Alternates: g.Alternates.ToList())).ToList();
        var replacements = new List<DrawReplacement>();
        foreach (var r in records.OrderBy(r => r.Sequence))
        {
            var body = JsonNode.Parse(r.Body)!;
            var replacement = new DrawReplacement(body["specialty"]!.ToString(), body["declined"]!.ToString(), body["replacement"]!.ToString(), body["reason"]!.ToString(),
                body["by"]!.ToString(), r.At);
            var group = groups.First(g => g.Specialty == replacement.Specialty);
            group.Selected[group.Selected.IndexOf(replacement.Declined)] = replacement.Replacement;
            group.Alternates.Remove(replacement.Replacement);
            replacements.Add(replacement);
        }

        return view with { Groups = [.. groups.Select(g => new DrawnGroup(g.Specialty, g.Selected, g.Alternates))], Replacements = replacements };
    }

    /// <summary>The draw's proof (codes only), visible as its codes are; null when there is none yet or the caller may not see it.</summary>
    public async Task<JsonObject?> ProofAsync(Jurisdiction? who, string id, CancellationToken ct)
    {
        if (await GetAsync(who, id, ct) is not { Groups: not null })
        {
            return null;
        }

        await using var db = await contexts.CreateDbContextAsync(ct).ConfigureAwait(false);
        var draw = await db.Draws.AsNoTracking().FirstAsync(d => d.Id == id, ct).ConfigureAwait(false);
        var records = await ledger.RecordsAsync([draw.CommitSequence, draw.CompletedSequence!.Value], ct).ConfigureAwait(false);
        var beacon = (await beacons.AfterAsync(draw.CommitSequence, ct).ConfigureAwait(false))!;
        var inclusion = await reader.InclusionProofAsync(draw.CommitSequence, beacon.Size, ct).ConfigureAwait(false);
        return DrawProof.Build(records.First(r => r.Sequence == draw.CommitSequence), records.First(r => r.Sequence == draw.CompletedSequence), beacon, inclusion,
            keys.VerifierKey, ledgerOptions.ParentKey);
    }

    private static DrawView View(Draw draw)
    {
        var result = draw.Result is null ? null : JsonNode.Parse(draw.Result);
        return new DrawView(draw.Id, draw.Ocid, draw.Lot, draw.Status, draw.EvaluationAt, result?["seed"]?.ToString(),
            result?["groups"]?.AsArray().Select(g => new DrawnGroup(g!["specialty"]!.ToString(), [.. g["selected"]!.AsArray().Select(c => c!.ToString())], [.. g["alternates"]!.AsArray().Select(c => c!.ToString())])).ToList());
    }
}
