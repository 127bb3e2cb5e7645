using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Sunlight.Core;
using Sunlight.Core.Calendar;
using Sunlight.Core.Directory;
using Sunlight.Core.Ledger;
using Sunlight.Core.Storage;
using Sunlight.Core.Supervision;
using Sunlight.Trading.Flags;
using Sunlight.Trading.Storage;

namespace Sunlight.Trading.Ocds;

/// <summary>One release to take: its place in the request (NDJSON line or package index) and its JSON text as received.</summary>
internal sealed record OcdsItem(int? Line, int? Index, string Text)
{
    /// <summary>Set when the item could not even be cut out of its package (a record's release given only by URL).</summary>
    public OcdsError? Refused { get; init; }
}

/// <summary>
/// Who sends and which centres they may speak for: a system of a centre, an operator (own centre), an administrator
/// (the centres of the region), the command line (any centre of the node) — and how strictly releases are checked.
/// </summary>
internal sealed record OcdsScope(string Sender, OcdsProfile Profile, Func<OrganisationFacts, bool> MayUse, string Describe)
{
    /// <summary>For <see cref="OcdsProfile.Foreign"/>: the centre every process is filed under.</summary>
    public string? FixedCentre { get; init; }

    /// <summary>A person's scope: an operator speaks for their own centre, an administrator for the centres of their region.</summary>
    public static OcdsScope Of(Sunlight.Core.Accounts.Jurisdiction who, string userName)
    {
        ArgumentNullException.ThrowIfNull(who);
        var admin = who.IsInRole(Sunlight.Core.Accounts.SunlightRoles.Admin);
        return who.IsInRole(Sunlight.Core.Accounts.SunlightRoles.TradingOperator) && who.OrganisationCode is { } own
            ? new OcdsScope($"user:{userName}", OcdsProfile.Trade, c => c.Code == own || (admin && who.CoversRegionPath(c.RegionPath)), $"operator of {own}")
            : new OcdsScope($"user:{userName}", OcdsProfile.Trade, c => admin && who.CoversRegionPath(c.RegionPath), $"administrator of {who.RegionCode}");
    }
}

/// <summary>
/// The one import of trading (trading.md "Import"): the exchange feed <c>ocds</c>, <c>POST /api/v1/trading/ocds</c>,
/// <c>sunlight trading import-ocds</c> and the demo year all come here. Each release is checked on its own; the good
/// ones are kept whatever the others do, each with a <c>trading.release.accepted</c> record, and the compiled
/// release of every touched process is rebuilt by the OCDS merge routine — all in one transaction.
/// </summary>
internal sealed class OcdsIntake(
    Units units, IDirectory directory, IDbContextFactory<TradingDbContext> contexts, IOptions<TradingOptions> options, TradeRulesStep rules, AlertService alerts, TimeProvider clock,
    IEnumerable<Sunlight.Core.Contracts.Integrity.IBlacklist> blacklists)
{
    /// <summary>Whether the record rules run in each import's transaction (default). Off only to measure the import alone (bench).</summary>
    public bool EvaluateRules { get; set; } = true;

    public const int MaxReleases = 10_000;

    public const int MaxBytes = 64 * 1024 * 1024;

    public const string ReleaseAccepted = "trading.release.accepted";

    public const string ReleaseIdReused = "release-id-reused";

    private sealed record Parsed(OcdsItem Item, JsonObject? Release, string? Ocid, string? Id, DateTimeOffset Date, byte[] Hash, List<OcdsError> Errors);

    public async Task<OcdsAnswer> IngestAsync(IReadOnlyList<OcdsItem> items, OcdsScope scope, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(scope);
        var now = clock.GetUtcNow();
        var prefix = options.Value.OrgIdPrefix;
        var parsed = new Parsed[items.Count];
        Parallel.For(0, items.Count, new ParallelOptions { CancellationToken = ct }, i => parsed[i] = Parse(items[i], scope.Profile, prefix));

        await using var db = await contexts.CreateDbContextAsync(ct).ConfigureAwait(false);
        var ocids = parsed.Where(p => p.Errors.Count == 0).Select(p => p.Ocid!).Distinct(StringComparer.Ordinal).ToList();
        var projects = new Dictionary<string, TradeProject>(StringComparer.Ordinal);
        var known = new Dictionary<(string, string), byte[]>();
        foreach (var chunk in ocids.Chunk(500))
        {
            foreach (var p in await db.Projects.Where(p => EF.Parameter(chunk).Contains(p.Ocid)).ToListAsync(ct).ConfigureAwait(false))
            {
                projects[p.Ocid] = p;
            }

            foreach (var r in await db.Releases.AsNoTracking().Where(r => EF.Parameter(chunk).Contains(r.Ocid)).Select(r => new { r.Ocid, r.ReleaseId, r.Sha256 }).ToListAsync(ct).ConfigureAwait(false))
            {
                known[(r.Ocid, r.ReleaseId)] = r.Sha256;
            }
        }

        // The centres named, from the directory (a centre must be a trading centre the sender may speak for).
        var centreCodes = parsed.Where(p => p.Errors.Count == 0).Select(p => CentreOf(p.Release!)).OfType<string>()
            .Concat(projects.Values.Select(p => p.CentreCode)).Append(scope.FixedCentre ?? "").Where(c => c.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        var centres = await directory.OrganisationsAsync(centreCodes, ct).ConfigureAwait(false);

        var results = new OcdsResult[items.Count];
        var rejected = new List<OcdsRejection>();
        var accepted = new List<Parsed>();
        var duplicates = 0;
        var newCentre = new Dictionary<string, OrganisationFacts>(StringComparer.Ordinal);
        var started = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < parsed.Length; i++)
        {
            var p = parsed[i];
            var errors = p.Errors;
            var status = OcdsResult.Rejected;
            if (errors.Count == 0)
            {
                if (known.TryGetValue((p.Ocid!, p.Id!), out var hash))
                {
                    if (hash.AsSpan().SequenceEqual(p.Hash))
                    {
                        status = OcdsResult.Duplicate;
                        duplicates++;
                    }
                    else
                    {
                        errors.Add(new("/id", Bilingual.Say(
                            $"{ReleaseIdReused}：发布 {p.Id} 已以不同内容收到过，保留原件（更正请发新的发布）",
                            $"{ReleaseIdReused}: release {p.Id} of {p.Ocid} was already received with other bytes; the first is kept (send a correction as a new release)")));
                    }
                }
                else if (scope.Profile == OcdsProfile.Trade && !projects.ContainsKey(p.Ocid!) && !started.Contains(p.Ocid!) && !HasKind(p.Release!))
                {
                    errors.Add(new("/tender/tradingKind", Bilingual.Say("项目的第一个发布须给出交易类别 tender.tradingKind", "the first release of a process must give tender.tradingKind")));
                }
                else if (Centre(p, scope, projects, centres, newCentre) is { } centreError)
                {
                    errors.Add(centreError);
                }
                else
                {
                    status = OcdsResult.Accepted;
                    known[(p.Ocid!, p.Id!)] = p.Hash;
                    accepted.Add(p);
                    started.Add(p.Ocid!);
                }
            }

            results[i] = new(p.Item.Line, p.Item.Index, p.Ocid, p.Id, status, errors);
            if (status == OcdsResult.Rejected)
            {
                foreach (var e in errors)
                {
                    rejected.Add(new(p.Item.Line, p.Item.Index, p.Id, e.Path, e.Message));
                }
            }
        }

        if (accepted.Count > 0)
        {
            await StoreAsync(db, accepted, projects, centres, newCentre, scope, now, ct).ConfigureAwait(false);
        }

        var warnings = scope.Profile == OcdsProfile.Trade ? await BarredBidsAsync(accepted, projects, ct).ConfigureAwait(false) : [];
        return new OcdsAnswer(accepted.Count, duplicates, rejected, warnings, results);
    }

    /// <summary>
    /// Bids by a tenderer the bribery blacklist bars from this kind of trade on the bid's day (trading.md "Contracts":
    /// Integrity's <c>IBlacklist</c>, when installed): a warning each — the release is a fact and is kept; the rule
    /// host's INT-BLACKLIST-BID is the backstop. 依法必须招标 (tradingKind works or mustTender) checks
    /// <c>bar-tender</c> (招标投标法 §53), government procurement <c>bar-procurement</c> (政府采购法 §77).
    /// </summary>
    private async Task<List<OcdsWarning>> BarredBidsAsync(List<Parsed> accepted, Dictionary<string, TradeProject> projects, CancellationToken ct)
    {
        var warnings = new List<OcdsWarning>();
        var list = blacklists.FirstOrDefault();
        if (list is null)
        {
            return warnings;
        }

        // The kind of each process: from its release, else an earlier release of this request, else the stored process.
        var kinds = new Dictionary<string, (string? Kind, bool MustTender)>(StringComparer.Ordinal);
        foreach (var p in accepted)
        {
            if (p.Release!["tender"] is JsonObject t && t["tradingKind"] is not null)
            {
                kinds[p.Ocid!] = (t["tradingKind"]?.ToString(), t["mustTender"]?.GetValueKind() == JsonValueKind.True);
            }
            else if (!kinds.ContainsKey(p.Ocid!) && projects.TryGetValue(p.Ocid!, out var stored))
            {
                kinds[p.Ocid!] = (stored.Kind, JsonNode.Parse(stored.Compiled)?["tender"]?["mustTender"]?.GetValueKind() == JsonValueKind.True);
            }
        }

        var prefix = options.Value.OrgIdPrefix + "-";
        var asked = new Dictionary<(string, DateOnly), Sunlight.Core.Contracts.Integrity.BlacklistAnswer>();
        foreach (var p in accepted)
        {
            var (kind, mustTender) = kinds.GetValueOrDefault(p.Ocid!);
            var measure = kind == "government-procurement" ? "bar-procurement" : kind == "works" || mustTender ? "bar-tender" : null;
            if (measure is null || p.Release!["bids"]?["details"] is not JsonArray bids)
            {
                continue;
            }

            foreach (var bid in bids.OfType<JsonObject>())
            {
                var day = ChinaTime.Day(OcdsCheck.Instant(bid["date"]?.ToString()) ?? p.Date);
                foreach (var tenderer in (bid["tenderers"] as JsonArray ?? []).OfType<JsonObject>())
                {
                    if (tenderer["id"]?.ToString() is not { } id || !id.StartsWith(prefix, StringComparison.Ordinal))
                    {
                        continue;
                    }

                    var code = id[prefix.Length..];
                    if (!asked.TryGetValue((code, day), out var answer))
                    {
                        answer = asked[(code, day)] = await list.CheckAsync(code, day, ct).ConfigureAwait(false);
                    }

                    if (answer.Listed && answer.Measures.Contains(measure))
                    {
                        warnings.Add(new OcdsWarning(p.Item.Line, p.Item.Index, p.Id, Bilingual.Say(
                            $"barred-bidder：投标 {bid["id"]} 的投标人 {tenderer["name"]}（{code}）在行贿人档案中（{answer.EntryNo}，{measure}，{answer.From:yyyy-MM-dd} 至 {answer.To:yyyy-MM-dd}）；发布已保存",
                            $"barred-bidder: bid {bid["id"]} is by {code}, listed in the bribery blacklist ({answer.EntryNo}, {measure}, {answer.From:yyyy-MM-dd} to {answer.To:yyyy-MM-dd}); the release is kept")));
                    }
                }
            }
        }

        return warnings;
    }

    private async Task StoreAsync(TradingDbContext db, List<Parsed> accepted, Dictionary<string, TradeProject> projects, IReadOnlyDictionary<string, OrganisationFacts> centres,
        Dictionary<string, OrganisationFacts> newCentre, OcdsScope scope, DateTimeOffset now, CancellationToken ct)
    {
        await using var unit = await units.BeginAsync(ct).ConfigureAwait(false);
        unit.Enlist(db);
        var receivedAt = LedgerLeaf.Normalise(now);
        var byOcid = accepted.GroupBy(p => p.Ocid!, StringComparer.Ordinal).ToList();

        // Every release stored by a touched process that must be compiled again from the start.
        var replay = byOcid.Where(g => projects.TryGetValue(g.Key, out var project) && g.Min(p => p.Date) < project.CompiledAt).Select(g => g.Key).ToList();
        var stored = new Dictionary<string, List<JsonObject>>(StringComparer.Ordinal);
        foreach (var chunk in replay.Chunk(200))
        {
            foreach (var r in await db.Releases.AsNoTracking().Where(r => EF.Parameter(chunk).Contains(r.Ocid)).OrderBy(r => r.Id).Select(r => new { r.Ocid, r.Json }).ToListAsync(ct).ConfigureAwait(false))
            {
                (stored.TryGetValue(r.Ocid, out var list) ? list : stored[r.Ocid] = []).Add((JsonObject)JsonNode.Parse(r.Json)!);
            }
        }

        var created = new List<TradeProject>();
        var underRules = new List<TradeUnderRules>(byOcid.Count);
        foreach (var group in byOcid)
        {
            var fresh = group.Select(p => p.Release!).ToList();
            JsonObject compiled;
            if (!projects.TryGetValue(group.Key, out var project))
            {
                var centre = newCentre[group.Key];
                project = new TradeProject
                {
                    Ocid = group.Key, CentreCode = centre.Code, RegionPath = centre.RegionPath, FirstReceivedAt = receivedAt,
                    Foreign = scope.Profile == OcdsProfile.Foreign,
                };
                created.Add(project);
                compiled = OcdsMerge.Compile(fresh);
            }
            else if (stored.TryGetValue(group.Key, out var all))
            {
                compiled = OcdsMerge.Compile([.. all, .. fresh]);
            }
            else
            {
                // Every new release is as late as the view or later: they merge onto it.
                compiled = OcdsMerge.Compile([(JsonObject)JsonNode.Parse(project.Compiled)!, .. fresh]);
            }

            project.ReleaseCount += group.Count();
            project.UpdatedAt = receivedAt;
            Describe(project, compiled);
            underRules.Add(new TradeUnderRules(project, compiled, [.. group.Select(p => p.Id!)]));
        }

        // The record rules on every touched process as it now stands, in this transaction: alerts commit with their causes.
        if (EvaluateRules)
        {
            await alerts.StageAsync(unit, await rules.RunAsync(underRules, now, ct).ConfigureAwait(false), ct).ConfigureAwait(false);
        }

        var releases = new List<TradeRelease>(accepted.Count);
        var index = new List<int>(accepted.Count);
        foreach (var p in accepted)
        {
            var project = projects.TryGetValue(p.Ocid!, out var existing) ? existing : created.First(c => c.Ocid == p.Ocid);
            var tags = p.Release!["tag"] is JsonArray a ? string.Join(',', a.Select(t => t?.ToString())) : "";
            index.Add(unit.QueuedRecords);
            releases.Add(new TradeRelease
            {
                Ocid = p.Ocid!, ReleaseId = p.Id!, Tags = tags.Length > 200 ? tags[..200] : tags, Date = p.Date.ToUniversalTime(), ReceivedAt = receivedAt,
                Sender = scope.Sender, Sha256 = p.Hash, Json = p.Item.Text, IsCompiled = OcdsMerge.IsCompiled(p.Release!),
            });
            var body = new JsonObject
            {
                ["ocid"] = p.Ocid, ["id"] = p.Id, ["tag"] = p.Release!["tag"]?.DeepClone(), ["date"] = p.Release!["date"]?.DeepClone(),
                ["receivedAt"] = receivedAt.ToString("O", CultureInfo.InvariantCulture), ["sender"] = scope.Sender,
                ["sha256"] = Convert.ToHexStringLower(p.Hash),
            };
            unit.Record(new RecordDraft(ReleaseAccepted, p.Ocid!, Encoding.UTF8.GetBytes(body.ToJsonString()), project.RegionPath));
        }

        await BulkInsert.RunAsync(db, created, ct).ConfigureAwait(false);
        unit.AfterRecords(async (first, token) =>
        {
            for (var i = 0; i < releases.Count; i++)
            {
                releases[i].RecordSequence = first + index[i];
            }

            await BulkInsert.RunAsync(db, releases, token).ConfigureAwait(false);
        });
        await unit.CommitAsync(ct).ConfigureAwait(false);
    }

    /// <summary>The project's columns, read from its compiled release.</summary>
    private static void Describe(TradeProject project, JsonObject compiled)
    {
        project.Compiled = compiled.ToJsonString();
        project.CompiledAt = (OcdsCheck.Instant(compiled["date"]?.ToString()) ?? project.CompiledAt).ToUniversalTime();
        var tender = compiled["tender"] as JsonObject;
        string? Str(JsonNode? n) => n is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
        string? Cut(string? s, int max) => s is null ? null : s.Length <= max ? s : s[..max];
        project.Kind = Cut(Str(tender?["tradingKind"]), 32) ?? project.Kind;
        project.Method = Cut(Str(tender?["procurementMethod"]), 32);
        project.MethodDetails = Cut(Str(tender?["procurementMethodDetails"]), 64);
        project.Title = Cut(Str(tender?["title"]), 500);
        project.ProjectCode = Cut(Str(compiled["planning"]?["budget"]?["projectID"])?.Trim().ToUpperInvariant(), 64);
        project.TenderStatus = Cut(Str(tender?["status"]), 32);
        project.BuyerId = Cut(Str(compiled["buyer"]?["id"]), 128);
        project.BuyerName = Cut(Str(compiled["buyer"]?["name"]), 300);
        project.AgencyId = Cut(Str(tender?["procuringEntity"]?["id"]), 128);
        project.SupervisingCode = Cut(Str(tender?["supervisingDepartment"]?["id"]), 64);
        project.OpeningAt = OcdsCheck.Instant(Str(tender?["bidOpening"]?["date"]))?.ToUniversalTime();
        project.Awarded = compiled["awards"] is JsonArray awards && awards.Any(a => Str(a?["status"]) == "active");
        project.Bidders = (compiled["bids"]?["details"] as JsonArray ?? []).OfType<JsonObject>()
            .Where(b => Str(b["status"]) is { } s && s != "invited" && s != "withdrawn")
            .SelectMany(b => (b["tenderers"] as JsonArray ?? []).Select(t => Str(t?["id"]))).OfType<string>().Distinct().Count();
    }

    private static bool HasKind(JsonObject release) => release["tender"]?["tradingKind"] is JsonValue v && v.TryGetValue<string>(out _);

    /// <summary>The centre a release names (<c>tender.tradingCentre.id</c>), or null.</summary>
    private static string? CentreOf(JsonObject release) =>
        release["tender"]?["tradingCentre"]?["id"] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    /// <summary>Why the release may not be filed where it says (null: it may), recording a new process's centre.</summary>
    private static OcdsError? Centre(Parsed p, OcdsScope scope, Dictionary<string, TradeProject> projects, IReadOnlyDictionary<string, OrganisationFacts> centres,
        Dictionary<string, OrganisationFacts> newCentre)
    {
        var ocid = p.Ocid!;
        string? current = projects.TryGetValue(ocid, out var project) ? project.CentreCode : newCentre.TryGetValue(ocid, out var c) ? c.Code : null;
        if (scope.Profile == OcdsProfile.Foreign)
        {
            if (current is null)
            {
                newCentre[ocid] = centres[scope.FixedCentre!];
            }

            return null;
        }

        var named = CentreOf(p.Release!);
        if (named is null && current is null)
        {
            return new("/tender/tradingCentre/id", Bilingual.Say("项目的第一个发布须给出交易中心 tender.tradingCentre.id（目录中的机构代码）", "the first release of a process must name its centre, tender.tradingCentre.id (a directory organisation code)"));
        }

        if (named is not null && current is not null && named != current)
        {
            return new("/tender/tradingCentre/id", Bilingual.Say($"项目 {ocid} 属于交易中心 {current}，不能改为 {named}", $"process {ocid} belongs to centre {current}, not {named}"));
        }

        var code = named ?? current!;
        if (!centres.TryGetValue(code, out var centre) || centre.Kind != OrganisationKind.TradingCentre)
        {
            return new("/tender/tradingCentre/id", Bilingual.Say($"{code} 不是目录中的公共资源交易中心", $"{code} is not a trading centre of the directory"));
        }

        if (!scope.MayUse(centre))
        {
            return new("/tender/tradingCentre/id", Bilingual.Say($"交易中心 {code} 不是调用方的中心（{scope.Describe}）", $"centre {code} is not the caller's ({scope.Describe})"));
        }

        if (current is null)
        {
            newCentre[ocid] = centre;
        }

        return null;
    }

    private static Parsed Parse(OcdsItem item, OcdsProfile profile, string prefix)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(item.Text));
        if (item.Refused is { } refused)
        {
            return new(item, null, null, null, default, hash, [refused]);
        }

        JsonObject? release;
        JsonElement element;
        try
        {
            using var doc = JsonDocument.Parse(item.Text, new JsonDocumentOptions { MaxDepth = 64 });
            element = doc.RootElement.Clone();
            release = element.ValueKind == JsonValueKind.Object ? JsonObject.Create(element) : null;
        }
        catch (JsonException e)
        {
            return new(item, null, null, null, default, hash, [new("", Bilingual.Say($"不是合法的 JSON：{e.Message}", $"not valid JSON: {e.Message}"))]);
        }

        // The tradingKind of a later release may be omitted; whether the process is new is known only in order.
        var errors = OcdsCheck.Check(element, profile, prefix, kindKnown: true);
        var ocid = OcdsCheck.Text(element, "ocid");
        var id = OcdsCheck.Text(element, "id");
        var date = OcdsCheck.Instant(OcdsCheck.Text(element, "date")) ?? default;
        return new(item, release, ocid, id, date, hash, errors);
    }
}
