using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Sunlight.Core.Accounts;
using Sunlight.Core.Calendar;
using Sunlight.Core.Storage;

namespace Sunlight.Core.Supervision;

/// <summary>
/// Says "alerts or notices changed" once the change has committed: the dashboard's cache and the open dashboards
/// and big screens listen, so they update as alerts arrive instead of polling.
/// </summary>
public sealed class SupervisionFeed(ILogger<SupervisionFeed>? log = null)
{
    private long _version;

    /// <summary>Grows by one on every committed change.</summary>
    public long Version => Interlocked.Read(ref _version);

    /// <summary>Raised after each committed change, on the committing thread: handlers must return at once.</summary>
    public event Action? Changed;

    public void Publish()
    {
        Interlocked.Increment(ref _version);
        // A listener that fails (a closed page) must not fail the intake that committed the alert.
        foreach (var handler in Changed?.GetInvocationList() ?? [])
        {
            try
            {
                ((Action)handler)();
            }
#pragma warning disable CA1031 // listeners are pages and caches; their failure is logged, never the publisher's.
            catch (Exception e)
#pragma warning restore CA1031
            {
                log?.LogWarning(e, "A supervision feed listener failed");
            }
        }
    }
}

/// <summary>
/// What a module adds to the supervision dashboard and the big screen, for one jurisdiction: named figures (tiles) and
/// series by region (a chart by county). Register one per module (<c>services.AddScoped&lt;IDashboardContribution, …&gt;()</c>);
/// the dashboard shows every contribution without knowing the module — trading's tenders and funds' payments plug in
/// the way Services' cases do.
/// </summary>
public interface IDashboardContribution
{
    Task<DashboardSection> FiguresAsync(Jurisdiction who, DateTimeOffset now, CancellationToken ct);
}

/// <summary>How a figure reads: a count, or a fraction shown as a percentage.</summary>
public enum FigureFormat
{
    Count,
    Percent,
}

/// <summary>
/// One figure: a stable key (pages mark its tile <c>data-testid="figure-{key}"</c>), its label (a key of the section's
/// resources) and its value (null: not measurable yet, shown as —).
/// </summary>
public sealed record DashboardFigure(string Key, string LabelKey, double? Value, FigureFormat Format = FigureFormat.Count);

/// <summary>Values of one region (by path) for each of a series' names.</summary>
public sealed record RegionValues(string RegionPath, IReadOnlyList<double> Values);

/// <summary>Named values per region (e.g. received and open cases); the dashboard folds the regions to the ones below the viewer.</summary>
public sealed record DashboardSeries(string Key, string TitleKey, IReadOnlyList<string> NameKeys, IReadOnlyList<RegionValues> Rows);

/// <summary>A module's part of the dashboard; its labels are keys of <paramref name="Resources"/>, the module's resource marker type.</summary>
public sealed record DashboardSection(Type Resources, IReadOnlyList<DashboardFigure> Figures, IReadOnlyList<DashboardSeries> Series);

/// <summary>One region one level below the viewer's (a city's county), named, with its values.</summary>
public sealed record RegionRow(string Code, string Name, IReadOnlyList<double> Values);

/// <summary>A series as shown: folded to the regions one level below the viewer, largest first.</summary>
public sealed record SeriesView(string Key, string TitleKey, IReadOnlyList<string> NameKeys, IReadOnlyList<RegionRow> Rows);

/// <summary>A section as shown.</summary>
public sealed record SectionView(Type Resources, IReadOnlyList<DashboardFigure> Figures, IReadOnlyList<SeriesView> Series);

/// <summary>Alert counts of one key (a rule, an organisation, a region) by severity.</summary>
public sealed record CountRow(string Key, string Name, int Red, int Yellow, int Notice)
{
    public int All => Red + Yellow + Notice;
}

/// <summary>Alerts detected in the week starting on <paramref name="Monday"/> (Asia/Shanghai).</summary>
public sealed record WeekRow(DateOnly Monday, int Red, int Yellow, int Notice);

/// <summary>Notices (督办单) by where they stand.</summary>
public sealed record NoticeFigures(int Awaiting, int Replied, int Escalated, int Closed);

/// <summary>Everything the supervision dashboard and the big screen show for one jurisdiction and filter.</summary>
public sealed record SupervisionFigures(
    string RegionName, int Red, int Yellow, int Notice, int Open, int Noticed, int Resolved, int Dismissed,
    IReadOnlyList<CountRow> ByRule, IReadOnlyList<CountRow> ByOrganisation, IReadOnlyList<CountRow> ByRegion, IReadOnlyList<WeekRow> Weekly,
    IReadOnlyList<AlertView> Latest, IReadOnlyDictionary<long, string> RecordHashes, NoticeFigures Notices, IReadOnlyList<SectionView> Sections,
    DateTimeOffset ComputedAt)
{
    /// <summary>The <see cref="SupervisionFeed.Version"/> these figures include every change up to; a viewer holding older figures than the feed reads again.</summary>
    public long Version { get; init; }

    public int Total => Red + Yellow + Notice;
}

/// <summary>
/// The figures behind <c>/supervision</c> and <c>/supervision/screen</c>, read with GROUP BY queries and kept per
/// jurisdiction and filter until an alert or notice changes (<see cref="SupervisionFeed"/>) or
/// <c>Sunlight:Supervision:DashboardSeconds</c> (default 10; case volumes move without alerts) pass, and for at least
/// <see cref="MinAge"/> (a burst of alerts costs one computation a second). Fifty people watching one county's
/// dashboard cost one computation, not fifty.
/// </summary>
public sealed class SupervisionDashboard(IServiceScopeFactory scopes, SupervisionFeed feed, TimeProvider clock, Microsoft.Extensions.Options.IOptions<SupervisionOptions> options)
{
    /// <summary>Rows in the latest-alerts table.</summary>
    public const int LatestRows = 20;

    /// <summary>Weeks in the trend.</summary>
    public const int Weeks = 12;

    private readonly ConcurrentDictionary<string, Entry> _cache = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private readonly TimeSpan _maxAge = TimeSpan.FromSeconds(options.Value.DashboardSeconds);

    private sealed record Entry(Task<SupervisionFigures> Figures, long Version, DateTimeOffset At);

    /// <summary>The figures for <paramref name="who"/>, with alerts filtered by severity and status when given.</summary>
    public Task<SupervisionFigures> GetAsync(Jurisdiction who, string? severity, string? status)
    {
        ArgumentNullException.ThrowIfNull(who);
        severity = string.IsNullOrWhiteSpace(severity) ? null : severity;
        status = string.IsNullOrWhiteSpace(status) ? null : status;
        // Supervisors see rules others do not (AlertVisibility): their figures are kept apart.
        var key = $"{who.RegionPath}|{(who.IsDepartmentBound ? who.OrganisationCode : "")}|{who.IsInRole(SunlightRoles.Supervisor)}|{severity}|{status}";
        var version = feed.Version;
        var now = clock.GetUtcNow();
        if (_cache.TryGetValue(key, out var hit) && Fresh(hit, version, now))
        {
            return hit.Figures;
        }

        lock (_gate)
        {
            if (_cache.TryGetValue(key, out hit) && Fresh(hit, version, now))
            {
                return hit.Figures;
            }

            if (_cache.Count > 1000)
            {
                _cache.Clear();
            }

            var entry = new Entry(Task.Run(async () => await ComputeAsync(who, severity, status, now).ConfigureAwait(false) with { Version = version }), version, now);
            _cache[key] = entry;
            return entry.Figures;
        }
    }

    /// <summary>At most one computation per second per jurisdiction and filter, however fast alerts arrive.</summary>
    public static readonly TimeSpan MinAge = TimeSpan.FromSeconds(1);

    /// <summary>
    /// An entry serves while it is being computed (one computation at a time per key), then while it is younger than
    /// <see cref="MinAge"/>, or while nothing changed and it is younger than the maximum age. Viewers compare
    /// <see cref="SupervisionFigures.Version"/> with the feed and ask again after <see cref="MinAge"/> if behind.
    /// </summary>
    private bool Fresh(Entry e, long version, DateTimeOffset now) =>
        !e.Figures.IsCompleted
        || (e.Figures.IsCompletedSuccessfully && (now - e.At < MinAge || (e.Version == version && now - e.At < _maxAge)));

    private async Task<SupervisionFigures> ComputeAsync(Jurisdiction who, string? severity, string? status, DateTimeOffset now)
    {
        var ct = CancellationToken.None;
        await using var scope = scopes.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var alerts = services.GetRequiredService<AlertService>();
        var db = services.GetRequiredService<CoreDbContext>();
        var scoped = alerts.Scoped(who, new AlertFilter(Severity: severity, Status: status));

        // One grouped read gives every count (a few thousand rows at most: organisation × rule × status); the
        // groupings below are folds of it in memory.
        var groups = await scoped.GroupBy(a => new { a.RegionPath, a.OrganisationCode, a.Rule, a.Severity, a.Status })
            .Select(g => new { g.Key.RegionPath, g.Key.OrganisationCode, g.Key.Rule, g.Key.Severity, g.Key.Status, N = g.Count() }).ToListAsync(ct).ConfigureAwait(false);
        var byRule = groups.GroupBy(g => (g.Rule, g.Severity)).Select(g => new { g.Key.Rule, g.Key.Severity, N = g.Sum(x => x.N) }).ToList();
        var byOrganisation = groups.GroupBy(g => (g.OrganisationCode, g.Severity)).Select(g => new { g.Key.OrganisationCode, g.Key.Severity, N = g.Sum(x => x.N) }).ToList();
        var byRegionPath = groups.GroupBy(g => (g.RegionPath, g.Severity)).Select(g => new { g.Key.RegionPath, g.Key.Severity, N = g.Sum(x => x.N) }).ToList();
        var byStatus = groups.GroupBy(g => g.Status).Select(g => new { Status = g.Key, N = g.Sum(x => x.N) }).ToList();
        var firstMonday = ChinaTime.Monday(now).AddDays(-7 * (Weeks - 1));
        var since = ChinaTime.StartOfDay(firstMonday);
        var recent = await scoped.Where(a => a.DetectedAt >= since).Select(a => new { a.DetectedAt, a.Severity }).ToListAsync(ct).ConfigureAwait(false);
        var latestRows = await scoped.OrderByDescending(a => a.Id).Take(LatestRows).ToListAsync(ct).ConfigureAwait(false);
        var latest = latestRows.Select(AlertService.View).ToList();
        var hashes = await alerts.RecordHashesAsync(latest, ct).ConfigureAwait(false);

        // Names: organisations by code; regions one level below the viewer's (a city's counties), the viewer's own level as itself.
        var codes = byOrganisation.Select(o => o.OrganisationCode).Distinct().ToList();
        var organisationNames = await db.Organisations.AsNoTracking().Where(o => EF.Parameter(codes).Contains(o.Code)).Select(o => new { o.Code, o.Name })
            .ToDictionaryAsync(o => o.Code, o => o.Name, ct).ConfigureAwait(false);
        // Contributions run one after another: each uses the scope's own contexts.
        var sections = new List<DashboardSection>();
        foreach (var contribution in services.GetServices<IDashboardContribution>())
        {
            sections.Add(await contribution.FiguresAsync(who, now, ct).ConfigureAwait(false));
        }

        var childCodes = byRegionPath.Select(r => Child(who.RegionPath, r.RegionPath))
            .Concat(sections.SelectMany(x => x.Series).SelectMany(x => x.Rows).Select(r => Child(who.RegionPath, r.RegionPath)))
            .Append(who.RegionCode).Distinct().ToList();
        var regionNames = await db.Regions.AsNoTracking().Where(r => EF.Parameter(childCodes).Contains(r.Code)).Select(r => new { r.Code, r.Name })
            .ToDictionaryAsync(r => r.Code, r => r.Name, ct).ConfigureAwait(false);

        var path = who.RegionPath;
        var notices = db.Notices.AsNoTracking().Where(n => n.RegionPath.StartsWith(path));
        if (who.IsDepartmentBound)
        {
            notices = notices.Where(n => n.OrganisationCode == who.OrganisationCode);
        }

        var noticeRows = await notices.GroupBy(n => new { n.Status, Escalated = n.EscalatedAt != null }).Select(g => new { g.Key.Status, g.Key.Escalated, N = g.Count() })
            .ToListAsync(ct).ConfigureAwait(false);

        int Count(string status) => byStatus.Where(s => s.Status == status).Sum(s => s.N);
        int Of(IEnumerable<(string Severity, int N)> rows, string s) => rows.Where(r => r.Severity == s).Sum(r => r.N);
        CountRow Row(string key, string name, IEnumerable<(string Severity, int N)> rows)
        {
            var list = rows.ToList();
            return new CountRow(key, name, Of(list, Severities.Red), Of(list, Severities.Yellow), Of(list, Severities.Notice));
        }

        var weekly = Enumerable.Range(0, Weeks).Select(i => firstMonday.AddDays(7 * i)).ToList();
        var perWeek = recent.GroupBy(a => (a.Severity, Week: ChinaTime.Monday(a.DetectedAt))).ToDictionary(g => g.Key, g => g.Count());
        return new SupervisionFigures(
            regionNames.GetValueOrDefault(who.RegionCode, who.RegionCode),
            Of(byRule.Select(r => (r.Severity, r.N)), Severities.Red), Of(byRule.Select(r => (r.Severity, r.N)), Severities.Yellow),
            Of(byRule.Select(r => (r.Severity, r.N)), Severities.Notice),
            Count(AlertStatus.Open), Count(AlertStatus.Noticed), Count(AlertStatus.Resolved), Count(AlertStatus.Dismissed),
            byRule.GroupBy(r => r.Rule).Select(g => Row(g.Key, g.Key, g.Select(r => (r.Severity, r.N)))).OrderBy(r => r.Key, StringComparer.Ordinal).ToList(),
            byOrganisation.GroupBy(r => r.OrganisationCode).Select(g => Row(g.Key, organisationNames.GetValueOrDefault(g.Key, g.Key), g.Select(r => (r.Severity, r.N))))
                .OrderByDescending(r => r.Red).ThenByDescending(r => r.All).ThenBy(r => r.Key, StringComparer.Ordinal).ToList(),
            byRegionPath.GroupBy(r => Child(who.RegionPath, r.RegionPath)).Select(g => Row(g.Key, regionNames.GetValueOrDefault(g.Key, g.Key), g.Select(r => (r.Severity, r.N))))
                .OrderByDescending(r => r.All).ThenBy(r => r.Key, StringComparer.Ordinal).ToList(),
            weekly.Select(w => new WeekRow(w, perWeek.GetValueOrDefault((Severities.Red, w)), perWeek.GetValueOrDefault((Severities.Yellow, w)), perWeek.GetValueOrDefault((Severities.Notice, w))))
                .ToList(),
            latest, hashes,
            new NoticeFigures(
                noticeRows.Where(n => n.Status is "issued" or "returned").Sum(n => n.N), noticeRows.Where(n => n.Status == "replied").Sum(n => n.N),
                noticeRows.Where(n => n.Escalated && n.Status != "closed").Sum(n => n.N), noticeRows.Where(n => n.Status == "closed").Sum(n => n.N)),
            sections.Select(x => new SectionView(x.Resources, x.Figures, x.Series.Select(series => Fold(who, series, regionNames)).ToList())).ToList(),
            now);
    }

    /// <summary>A series summed into the regions one level below the viewer, named, the largest (by its first name) first.</summary>
    private static SeriesView Fold(Jurisdiction who, DashboardSeries series, IReadOnlyDictionary<string, string> regionNames) =>
        new(series.Key, series.TitleKey, series.NameKeys, series.Rows.GroupBy(r => Child(who.RegionPath, r.RegionPath))
            .Select(g => new RegionRow(g.Key, regionNames.GetValueOrDefault(g.Key, g.Key),
                Enumerable.Range(0, series.NameKeys.Count).Select(i => g.Sum(r => i < r.Values.Count ? r.Values[i] : 0)).ToList()))
            .OrderByDescending(r => r.Values.Count > 0 ? r.Values[0] : 0).ThenBy(r => r.Code, StringComparer.Ordinal).ToList());

    /// <summary>The code of the region one level below <paramref name="viewer"/> that <paramref name="path"/> lies in, or the viewer's own code.</summary>
    public static string Child(string viewer, string path)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        ArgumentNullException.ThrowIfNull(path);
        var rest = path.StartsWith(viewer, StringComparison.Ordinal) ? path[viewer.Length..] : "";
        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        return slash > 0 ? rest[..slash] : viewer.TrimEnd('/').Split('/')[^1];
    }
}

/// <summary>How figures read on the dashboard and the big screen.</summary>
public static class DashboardText
{
    public static string Value(DashboardFigure figure)
    {
        ArgumentNullException.ThrowIfNull(figure);
        return figure.Value is not { } v ? "—"
            : figure.Format == FigureFormat.Percent ? v.ToString("P1", System.Globalization.CultureInfo.CurrentCulture)
            : v.ToString("N0", System.Globalization.CultureInfo.CurrentCulture);
    }
}
