using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Sunlight.Core;
using Sunlight.Core.Calendar;
using Sunlight.Core.Storage;
using Sunlight.Core.Supervision;
using Sunlight.Trading.Ocds;
using Sunlight.Trading.Storage;

namespace Sunlight.Trading.Flags;

/// <summary>What one batch run saw and raised.</summary>
internal sealed record TradeBatchResult(long Processes, long Counted, int Alerts);

/// <summary>
/// The batch trigger of trading's rules (trading.md "Rules"): the cross-process rules (R024 R025 R038 R048 R058 R034
/// R053 R057, TRD-EXPERT-REPEAT) once per node over every counted process of the last <c>batch_window_days</c>, with the
/// node region's parameters, through the same code as <c>sunlight flags ocds</c>. Process alerts go where record alerts
/// go; tenderer, buyer and agency alerts (subjects <c>tenderer:&lt;id&gt;</c>, <c>buyer:&lt;id&gt;</c>, <c>agency:&lt;id&gt;</c>)
/// to the node region's trading centre. Runs nightly from the host's timer (after 02:00 Asia/Shanghai, once a day).
/// </summary>
internal sealed class TradeBatch(Units units, IDbContextFactory<TradingDbContext> contexts, TradeRulesStep step, AlertService alerts, CalendarService calendar, TradeBatchDay day)
    : IDueSource
{
    public static readonly IReadOnlySet<string> Rules = new HashSet<string>(StringComparer.Ordinal)
    {
        "R024", "R025", "R038", "R048", "R058", "R034", "R053", "R057", "TRD-EXPERT-REPEAT",
    };

    /// <summary>Rules whose finding is a party (tenderer, buyer, agency); the others' party values only name who took part.</summary>
    public static readonly IReadOnlySet<string> PartyRules = new HashSet<string>(StringComparer.Ordinal) { "R025", "R038", "R048", "R053" };

    public async Task<int> RunDueAsync(DateTimeOffset now, CancellationToken ct)
    {
        var today = ChinaTime.Day(now);
        if (TimeZoneInfo.ConvertTime(now, ChinaTime.Zone).Hour < 2 || !day.Claim(today))
        {
            return 0;
        }

        return (await RunAsync(now, ct).ConfigureAwait(false)).Alerts;
    }

    public async Task<TradeBatchResult> RunAsync(DateTimeOffset now, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct).ConfigureAwait(false);
        var regions = await db.Projects.AsNoTracking().Where(p => !p.Foreign).Select(p => p.RegionPath).Distinct().ToListAsync(ct).ConfigureAwait(false);
        if (regions.Count == 0)
        {
            return new(0, 0, 0);
        }

        // The node's region: the deepest path every process lies under.
        var node = regions.Aggregate((a, b) =>
        {
            var n = 0;
            while (n < a.Length && n < b.Length && a[n] == b[n])
            {
                n++;
            }

            return a[..(a.LastIndexOf('/', Math.Max(0, n - 1)) + 1)];
        });
        var (parameters, settings) = await step.SettingsAsync(node, now, ct).ConfigureAwait(false);
        var window = int.Parse(parameters.Text(TradingRules.Settings, "batch_window_days"), System.Globalization.CultureInfo.InvariantCulture);
        var since = now.AddDays(-window).ToUniversalTime();
        var run = new FlagRun(settings.Only(Rules), calendar.Current) { Hits = [] };
        var query = db.Projects.AsNoTracking().Where(p => !p.Foreign && p.CompiledAt >= since);
        string? after = null;
        while (true)
        {
            var page = after is null ? query : query.Where(p => p.Ocid.CompareTo(after) > 0);
            var rows = await page.OrderBy(p => p.Ocid).Take(500).Select(p => new { p.Ocid, p.Compiled }).ToListAsync(ct).ConfigureAwait(false);
            if (rows.Count == 0)
            {
                break;
            }

            foreach (var row in rows)
            {
                var compiled = (JsonObject)JsonNode.Parse(row.Compiled)!;
                run.Add(System.Text.Encoding.UTF8.GetBytes(OcdsVisibility.Shown(compiled, compiled, full: true, now).ToJsonString()));
            }

            after = rows[^1].Ocid;
        }

        run.Finish();
        var flagged = run.Hits!.Select(h => h.Ocid).Distinct().ToList();
        var projects = new Dictionary<string, TradeProject>(StringComparer.Ordinal);
        foreach (var chunk in flagged.Chunk(500))
        {
            foreach (var p in await db.Projects.AsNoTracking().Where(p => EF.Parameter(chunk).Contains(p.Ocid)).ToListAsync(ct).ConfigureAwait(false))
            {
                projects[p.Ocid] = p;
            }
        }

        var drafts = run.Hits!.Where(h => projects.ContainsKey(h.Ocid)).DistinctBy(h => (h.Code, h.Ocid, h.Key))
            .Select(h => TradeRulesStep.Draft(h.Code, projects[h.Ocid], h.Key, [])).ToList();

        // Parties: to the node region's trading centre (the centre nearest the top, lowest code).
        var centre = await db.Projects.AsNoTracking().Where(p => !p.Foreign).Select(p => new { p.CentreCode, p.RegionPath }).Distinct().ToListAsync(ct).ConfigureAwait(false);
        var home = centre.OrderBy(c => c.RegionPath.Length).ThenBy(c => c.CentreCode, StringComparer.Ordinal).First();
        foreach (var (group, prefix) in new[] { (FlagRun.Tenderer, "tenderer:"), (FlagRun.Buyer, "buyer:"), (FlagRun.ProcuringEntity, "agency:") })
        {
            foreach (var (id, codes) in run.Results.GetValueOrDefault(group) ?? [])
            {
                foreach (var (code, value) in codes.Where(c => PartyRules.Contains(c.Key)))
                {
                    var rule = TradingRules.Definitions.First(r => r.Code == TradingRules.Code(code));
                    var zh = rule.Title[..rule.Title.IndexOf(" (", StringComparison.Ordinal)];
                    var en = rule.Title[(zh.Length + 2)..^1];
                    var shown = value.ToString("0.####", System.Globalization.CultureInfo.InvariantCulture);
                    drafts.Add(new AlertDraft(rule.Code, rule.Severity, prefix + id, "", home.CentreCode, home.RegionPath, null,
                        new BilingualText($"{zh}：{id}（指标值 {shown}，近 {window} 天）", $"{en}: {id} (value {shown}, last {window} days)"), []));
                }
            }
        }

        await using var unit = await units.BeginAsync(ct).ConfigureAwait(false);
        var fresh = await alerts.StageAsync(unit, drafts, ct).ConfigureAwait(false);
        await unit.CommitAsync(ct).ConfigureAwait(false);
        return new(run.Lines, run.Counted, fresh.Count);
    }
}

/// <summary>The day the nightly batch last ran on this node (one claim per day).</summary>
internal sealed class TradeBatchDay
{
    private DateOnly _last;

    public bool Claim(DateOnly today)
    {
        lock (this)
        {
            if (_last == today)
            {
                return false;
            }

            _last = today;
            return true;
        }
    }
}
