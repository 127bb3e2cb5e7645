using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Sunlight.Core;
using Sunlight.Core.Accounts;
using Sunlight.Core.Api;
using Sunlight.Core.Ledger;
using Sunlight.Core.Storage;
using Sunlight.Core.Supervision;
using Sunlight.Trading.Draws;
using Sunlight.Trading.Ocds;
using Sunlight.Trading.Storage;

namespace Sunlight.Trading.Desk;

/// <summary>A row of the projects list.</summary>
internal sealed record TradeRow(string Ocid, string Title, string Kind, string? MethodDetails, string Centre, string Stage, DateTimeOffset UpdatedAt, int OpenAlerts);

/// <summary>A page of projects and how many match in all.</summary>
internal sealed record TradeRows(IReadOnlyList<TradeRow> Items, int Total);

/// <summary>One release of the timeline with where its ledger record stands.</summary>
internal sealed record TimelineEntry(string ReleaseId, string Tags, DateTimeOffset Date, DateTimeOffset ReceivedAt, string Sender, long Sequence, string? BodyHash, string ProofState, bool Witnessed);

/// <summary>Trading alerts counted by rule, by centre and by month (Asia/Shanghai), for the flags page.</summary>
internal sealed record FlagFigures(
    IReadOnlyList<(string Rule, string Severity, int All, int Open)> ByRule, IReadOnlyList<(string Centre, int All, int Red)> ByCentre,
    IReadOnlyList<(string Month, int Red, int Yellow, int Notice)> ByMonth, int Total);

/// <summary>A trade as a person may see it on its page.</summary>
internal sealed record TradeSheet(
    string Ocid, string CentreCode, string RegionPath, string Stage, JsonObject Shown, bool Operator, bool Full, bool NamesShown,
    IReadOnlyList<TimelineEntry> Timeline, IReadOnlyList<AlertView> Alerts, IReadOnlyList<DrawView> Draws);

/// <summary>
/// What the trading pages read (trading.md "Who sees what"): the projects a person may see — a centre's operators
/// their centre's, a department's staff those it supervises, supervisors, inspectors and administrators their region —
/// each trade as that person may see it, its releases with their ledger proofs, its alerts and its draws. Bids stay
/// hidden from everyone before the opening; committee members' names stay sealed until the award, except after a
/// supervisor's audited and ledgered unseal.
/// </summary>
internal sealed class TradeBoard(
    IDbContextFactory<TradingDbContext> contexts, AlertService alerts, LedgerStatusService ledger, DrawService draws, AuditLog audit, Units units, TimeProvider clock)
{
    public const string NamesUnsealed = "trading.names.unsealed";

    public async Task<TradeRows> ListAsync(Jurisdiction who, string? kind, string? stage, string? query, int page, int pageSize, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(who);
        await using var db = await contexts.CreateDbContextAsync(ct).ConfigureAwait(false);
        var projects = Visible(db.Projects.AsNoTracking(), who);
        if (kind is { Length: > 0 })
        {
            projects = projects.Where(p => p.Kind == kind);
        }

        if (query is { Length: > 0 } q)
        {
            var text = q.Trim();
            projects = projects.Where(p => p.Ocid.Contains(text) || (p.Title != null && p.Title.Contains(text)) || (p.BuyerName != null && p.BuyerName.Contains(text)));
        }

        // Stages are read from the compiled release; the few columns that decide them are filtered here.
        projects = stage switch
        {
            "failed" => projects.Where(p => p.TenderStatus == "cancelled" || p.TenderStatus == "unsuccessful"),
            "awarded" => projects.Where(p => p.Awarded),
            "open" => projects.Where(p => !p.Awarded && p.TenderStatus != "cancelled" && p.TenderStatus != "unsuccessful"),
            _ => projects,
        };
        var total = await projects.CountAsync(ct).ConfigureAwait(false);
        var rows = await projects.OrderByDescending(p => p.UpdatedAt).ThenBy(p => p.Ocid).Skip((Math.Max(1, page) - 1) * pageSize).Take(pageSize)
            .Select(p => new { p.Ocid, p.Title, p.Kind, p.MethodDetails, p.CentreCode, p.UpdatedAt, p.Compiled }).ToListAsync(ct).ConfigureAwait(false);
        var counts = await alerts.CountBySubjectAsync(who, new AlertFilter(Status: AlertStatus.Open), [.. rows.Select(r => r.Ocid)], ct).ConfigureAwait(false);
        return new TradeRows([.. rows.Select(r => new TradeRow(r.Ocid, r.Title ?? r.Ocid, r.Kind, r.MethodDetails, r.CentreCode, StageOf((JsonObject)JsonNode.Parse(r.Compiled)!), r.UpdatedAt,
            counts.GetValueOrDefault(r.Ocid)))], total);
    }

    /// <summary>The trade's page for <paramref name="who"/>, or null when they may not see it. A full view (supervisors, inspectors) is audited.</summary>
    public async Task<TradeSheet?> GetAsync(Jurisdiction who, string userName, string ocid, bool unsealed, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(who);
        await using var db = await contexts.CreateDbContextAsync(ct).ConfigureAwait(false);
        var project = await Visible(db.Projects.AsNoTracking(), who).FirstOrDefaultAsync(p => p.Ocid == ocid, ct).ConfigureAwait(false);
        if (project is null)
        {
            return null;
        }

        var isOperator = who.IsInRole(SunlightRoles.TradingOperator) && project.CentreCode == who.OrganisationCode;
        var full = isOperator || ((who.IsInRole(SunlightRoles.Supervisor) || who.IsInRole(SunlightRoles.Inspector)) && who.CoversRegionPath(project.RegionPath));
        if (full && !isOperator)
        {
            await audit.WriteAsync("trading.full", userName, project.RegionPath, null, $"page /trading/projects/{ocid}", ct).ConfigureAwait(false);
        }

        var compiled = (JsonObject)JsonNode.Parse(project.Compiled)!;
        var shown = OcdsVisibility.Shown(compiled, compiled, full, clock.GetUtcNow());
        var names = unsealed && who.IsInRole(SunlightRoles.Supervisor);
        if (!names)
        {
            // Names sealed until the award (招标投标法 §37): codes only, for every viewer.
            foreach (var committee in (shown["tender"]?["evaluationCommittees"] as JsonArray ?? []).OfType<JsonObject>())
            {
                if (!OcdsVisibility.Awarded(compiled, OcdsVisibility.Lots(committee)))
                {
                    foreach (var member in (committee["members"] as JsonArray ?? []).OfType<JsonObject>())
                    {
                        member.Remove("name");
                    }
                }
            }
        }

        var releases = await db.Releases.AsNoTracking().Where(r => r.Ocid == ocid).OrderBy(r => r.Id)
            .Select(r => new { r.ReleaseId, r.Tags, r.Date, r.ReceivedAt, r.Sender, r.RecordSequence }).ToListAsync(ct).ConfigureAwait(false);
        var records = (await ledger.RecordsAsync([.. releases.Select(r => r.RecordSequence)], ct).ConfigureAwait(false)).ToDictionary(r => r.Sequence);
        var timeline = releases.Select(r => records.TryGetValue(r.RecordSequence, out var rec) && rec.Type == OcdsIntake.ReleaseAccepted
            ? new TimelineEntry(r.ReleaseId, r.Tags, r.Date, r.ReceivedAt, r.Sender, r.RecordSequence, rec.BodyHash, rec.State, rec.Witnessed)
            : new TimelineEntry(r.ReleaseId, r.Tags, r.Date, r.ReceivedAt, r.Sender, r.RecordSequence, null, LedgerStatusService.ProofStates.Broken, false)).ToList();
        var alertList = (await alerts.ListAsync(who, new AlertFilter(Subject: ocid, PageSize: 200), ct).ConfigureAwait(false)).Items;
        var drawIds = await db.Draws.AsNoTracking().Where(d => d.Ocid == ocid).OrderBy(d => d.RequestedAt).Select(d => d.Id).ToListAsync(ct).ConfigureAwait(false);
        var drawList = new List<DrawView>();
        foreach (var id in drawIds)
        {
            if (await draws.GetAsync(who, id, ct).ConfigureAwait(false) is { } view)
            {
                drawList.Add(view);
            }
        }

        return new TradeSheet(ocid, project.CentreCode, project.RegionPath, StageOf(compiled), shown, isOperator, full, names, timeline, alertList, drawList);
    }

    /// <summary>
    /// A supervisor opens the sealed names of a trade's committee before its award (trading.md "Who sees what"): audited
    /// and ledgered as <c>trading.names.unsealed</c> with the reason; refused without a reason.
    /// </summary>
    public async Task UnsealAsync(Jurisdiction who, string userName, string ocid, string? reason, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(who);
        if (!who.IsInRole(SunlightRoles.Supervisor))
        {
            throw new InputException(Refusal.Forbidden, Bilingual.Say("只有监督人员可以启封评标专家姓名", "only supervisors unseal the experts' names"));
        }

        if (string.IsNullOrWhiteSpace(reason) || reason.Trim().Length > 500)
        {
            throw new InputException(Refusal.Invalid, Bilingual.Say("请说明启封理由", "give the reason for unsealing"), [new("reason", Bilingual.Say("启封理由为 1–500 个字符", "a reason of 1–500 characters"))]);
        }

        await using var db = await contexts.CreateDbContextAsync(ct).ConfigureAwait(false);
        var project = await Visible(db.Projects.AsNoTracking(), who).FirstOrDefaultAsync(p => p.Ocid == ocid, ct).ConfigureAwait(false)
            ?? throw new InputException(Refusal.NotFound, Bilingual.Say($"辖区内没有交易项目 {ocid}", $"no trade {ocid} in your region"));
        await audit.WriteAsync(NamesUnsealed, userName, project.RegionPath, null, $"{ocid}: {reason.Trim()}", ct).ConfigureAwait(false);
        var body = JsonSerializer.SerializeToUtf8Bytes(new { ocid, by = userName, at = clock.GetUtcNow(), reason = reason.Trim() }, TradeReader.Compact);
        await using var unit = await units.BeginAsync(ct).ConfigureAwait(false);
        unit.Record(new RecordDraft(NamesUnsealed, ocid, body, project.RegionPath));
        await unit.CommitAsync(ct).ConfigureAwait(false);
    }

    /// <summary>
    /// The trading alerts <paramref name="who"/> sees from the last <paramref name="months"/> months, by rule, by centre
    /// (the process's centre; a tenderer's, buyer's or agency's alert counts under the centre it went to) and by month.
    /// </summary>
    public async Task<FlagFigures> FlagsAsync(Jurisdiction who, int months, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(who);
        var now = clock.GetUtcNow();
        var firstDay = ChinaDay(now);
        var from = Sunlight.Core.Calendar.ChinaTime.StartOfDay(new DateOnly(firstDay.Year, firstDay.Month, 1).AddMonths(1 - months));
        var list = new List<AlertView>();
        await foreach (var a in alerts.StreamAsync(who, new AlertFilter(From: from), ct).ConfigureAwait(false))
        {
            if (a.Rule.StartsWith("TRD-", StringComparison.Ordinal))
            {
                list.Add(a);
            }
        }

        await using var db = await contexts.CreateDbContextAsync(ct).ConfigureAwait(false);
        var ocids = list.Select(a => a.Subject).Where(s => !s.Contains(':', StringComparison.Ordinal)).Distinct(StringComparer.Ordinal).ToList();
        var centres = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var chunk in ocids.Chunk(500))
        {
            foreach (var p in await db.Projects.AsNoTracking().Where(p => EF.Parameter(chunk).Contains(p.Ocid)).Select(p => new { p.Ocid, p.CentreCode }).ToListAsync(ct).ConfigureAwait(false))
            {
                centres[p.Ocid] = p.CentreCode;
            }
        }

        var byRule = list.GroupBy(a => (a.Rule, a.Severity)).Select(g => (g.Key.Rule, g.Key.Severity, g.Count(), g.Count(a => a.Status == AlertStatus.Open)))
            .OrderByDescending(g => g.Item3).ThenBy(g => g.Rule, StringComparer.Ordinal).ToList();
        var byCentre = list.GroupBy(a => centres.GetValueOrDefault(a.Subject) ?? a.Organisation).Select(g => (g.Key, g.Count(), g.Count(a => a.Severity == Severities.Red)))
            .OrderByDescending(g => g.Item2).ThenBy(g => g.Key, StringComparer.Ordinal).ToList();
        var byMonth = Enumerable.Range(0, months).Select(i => new DateOnly(firstDay.Year, firstDay.Month, 1).AddMonths(i + 1 - months)).Select(m =>
        {
            var inMonth = list.Where(a => ChinaDay(a.DetectedAt) is var d && d.Year == m.Year && d.Month == m.Month).ToList();
            return (m.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture), inMonth.Count(a => a.Severity == Severities.Red),
                inMonth.Count(a => a.Severity == Severities.Yellow), inMonth.Count(a => a.Severity == Severities.Notice));
        }).ToList();
        return new FlagFigures(byRule, byCentre, byMonth, list.Count);
    }

    private static DateOnly ChinaDay(DateTimeOffset at) => Sunlight.Core.Calendar.ChinaTime.Day(at);

    /// <summary>The specialties of the active experts of the pool, for the draw form.</summary>
    public async Task<IReadOnlyList<string>> SpecialtiesAsync(CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct).ConfigureAwait(false);
        var lists = await db.Experts.AsNoTracking().Where(e => e.Status == Experts.ExpertStatus.Active).Select(e => e.Specialties).Distinct().ToListAsync(ct).ConfigureAwait(false);
        return [.. lists.SelectMany(l => l.Split('|', StringSplitOptions.RemoveEmptyEntries)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
    }

    /// <summary>The stage a compiled release has reached (the list and the page say it in words).</summary>
    public static string StageOf(JsonObject compiled)
    {
        var status = compiled["tender"]?["status"]?.ToString();
        if (status is "cancelled" or "unsuccessful")
        {
            return "failed";
        }

        if ((compiled["contracts"] as JsonArray)?.Count > 0)
        {
            return "contracted";
        }

        var awards = (compiled["awards"] as JsonArray ?? []).OfType<JsonObject>().Select(a => a["status"]?.ToString()).ToList();
        if (awards.Contains("active"))
        {
            return "awarded";
        }

        if (awards.Contains("pending"))
        {
            return "candidates";
        }

        if (compiled["tender"]?["evaluationCommittees"] is JsonArray { Count: > 0 })
        {
            return "evaluated";
        }

        return compiled["tender"]?["bidOpening"]?["date"] is not null ? "opened" : "announced";
    }

    /// <summary>The projects <paramref name="who"/> may see (trading.md "Who sees what").</summary>
    private static IQueryable<TradeProject> Visible(IQueryable<TradeProject> projects, Jurisdiction who)
    {
        var path = who.RegionPath;
        var org = who.OrganisationCode ?? "\u0000";
        if (who.IsInRole(SunlightRoles.Supervisor) || who.IsInRole(SunlightRoles.Inspector) || who.IsInRole(SunlightRoles.Admin))
        {
            return projects.Where(p => p.RegionPath.StartsWith(path));
        }

        if (who.IsInRole(SunlightRoles.TradingOperator))
        {
            return projects.Where(p => p.CentreCode == org);
        }

        if (who.IsInRole(SunlightRoles.DepartmentHead) || who.IsInRole(SunlightRoles.Clerk))
        {
            return projects.Where(p => p.SupervisingCode == org);
        }

        return projects.Where(_ => false);
    }
}
