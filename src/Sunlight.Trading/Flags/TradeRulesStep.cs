using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using Sunlight.Core;
using Sunlight.Core.Calendar;
using Sunlight.Core.Supervision;
using Sunlight.Trading.Ocds;
using Sunlight.Trading.Storage;

namespace Sunlight.Trading.Flags;

/// <summary>A process as the record rules take it: its row and its compiled release as it now stands.</summary>
internal sealed record TradeUnderRules(TradeProject Project, JsonObject Compiled, IReadOnlyList<string> Releases);

/// <summary>
/// The record trigger of trading's rules (trading.md "Rules"): each accepted release runs the per-process flags on
/// its process's compiled release, in the import's transaction, with the region's parameters. Bids are not read
/// before <c>tender.bidOpening.date</c>, so no alert reveals a bidder earlier. The same step keeps each process's
/// next due instant (TRD-CONTRACT-LATE, TRD-GP-CONTRACT-PUBLISH) for <see cref="TradeDue"/>.
/// </summary>
internal sealed class TradeRulesStep(AlertService alerts, CalendarService calendar, IOptions<TradingOptions> options)
{
    private readonly Dictionary<string, (RuleParameters Parameters, FlagSettings Settings)> _regions = new(StringComparer.Ordinal);

    public async Task<(RuleParameters Parameters, FlagSettings Settings)> SettingsAsync(string regionPath, DateTimeOffset now, CancellationToken ct)
    {
        if (!_regions.TryGetValue(regionPath, out var found))
        {
            var parameters = await alerts.ParametersAsync(regionPath, now, ct).ConfigureAwait(false);
            found = _regions[regionPath] = (parameters, TradingRules.SettingsOf(parameters, options.Value.CentreNetworks));
        }

        return found;
    }

    /// <summary>What the per-process rules find on <paramref name="trades"/> at <paramref name="now"/>.</summary>
    public async Task<IReadOnlyList<AlertDraft>> RunAsync(IEnumerable<TradeUnderRules> trades, DateTimeOffset now, CancellationToken ct)
    {
        var found = new List<AlertDraft>();
        foreach (var trade in trades)
        {
            var (parameters, settings) = await SettingsAsync(trade.Project.RegionPath, now, ct).ConfigureAwait(false);
            trade.Project.NextCheckAt = NextCheck(trade.Compiled, parameters, calendar.Current);
            if (trade.Project.Foreign)
            {
                continue;
            }

            var shown = OcdsVisibility.Shown(trade.Compiled, trade.Compiled, full: true, now);
            var run = new FlagRun(settings, calendar.Current) { Hits = [] };
            run.Add(System.Text.Encoding.UTF8.GetBytes(shown.ToJsonString()));

            foreach (var hit in run.Hits.DistinctBy(h => (h.Code, h.Key)))
            {
                found.Add(Draft(hit.Code, trade.Project, hit.Key, [.. trade.Releases.Select(r => "release:" + r), .. hit.Bids.Where(b => b.Length > 0).Select(b => "bid:" + b)]));
            }
        }

        return found;
    }

    /// <summary>An alert on a process, to its supervising department, else its centre.</summary>
    public static AlertDraft Draft(string flag, TradeProject project, string key, IReadOnlyList<string> evidence, BilingualText? detail = null)
    {
        var code = TradingRules.Code(flag);
        var rule = TradingRules.Definitions.First(r => r.Code == code);
        var name = rule.Title;
        var zhName = name[..name.IndexOf(" (", StringComparison.Ordinal)];
        var enName = name[(zhName.Length + 2)..^1];
        var what = project.Title is { Length: > 0 } title ? title : project.Ocid;
        var at = key.Length == 0 ? "" : $"（{key}）";
        var summary = new BilingualText($"{zhName}：{what}{at}", $"{enName}: {what}{(key.Length == 0 ? "" : $" ({key})")}");
        if (detail is not null)
        {
            summary = summary.Append(detail);
        }

        return new AlertDraft(code, rule.Severity, project.Ocid, key, project.SupervisingCode ?? project.CentreCode, project.RegionPath, null, summary, evidence);
    }

    /// <summary>
    /// The next instant a due rule could fire: the end of an active award's day + <c>maximum_days</c> while no contract
    /// cites it; the end of the <c>maximum_working_days</c>-th working day after a government-procurement contract is
    /// signed while its notice is missing. Null: nothing is due.
    /// </summary>
    public static DateTimeOffset? NextCheck(JsonObject compiled, RuleParameters parameters, WorkCalendar calendar)
    {
        DateTimeOffset? next = null;
        void Keep(DateTimeOffset at) => next = next is null || at < next ? at : next;
        foreach (var (award, due) in Unsigned(compiled, parameters))
        {
            _ = award;
            Keep(due);
        }

        foreach (var (_, due) in Unpublished(compiled, parameters, calendar))
        {
            Keep(due);
        }

        return next?.ToUniversalTime();
    }

    /// <summary>Active awards no contract cites, with the instant their contract is late (end of award day + maximum_days).</summary>
    public static IEnumerable<(string Award, DateTimeOffset Due)> Unsigned(JsonObject compiled, RuleParameters parameters)
    {
        var maximum = int.Parse(parameters.Text("TRD-CONTRACT-LATE", "maximum_days"), CultureInfo.InvariantCulture);
        var contracts = compiled["contracts"] as JsonArray ?? [];
        var active = (compiled["awards"] as JsonArray ?? []).OfType<JsonObject>().Where(a => a["status"]?.ToString() == "active").ToList();
        foreach (var award in active)
        {
            var id = award["id"]?.ToString() ?? "";
            var cited = contracts.OfType<JsonObject>().Any(c => c["awardID"]?.ToString() == id || (c["awardID"] is null && active.Count == 1));
            if (!cited && OcdsCheck.Instant(award["date"]?.ToString()) is { } date)
            {
                yield return (id, ChinaTime.EndOfDay(ChinaTime.Day(date).AddDays(maximum)));
            }
        }
    }

    /// <summary>Government-procurement contracts signed without a contract notice, with the instant the notice is late.</summary>
    public static IEnumerable<(string Contract, DateTimeOffset Due)> Unpublished(JsonObject compiled, RuleParameters parameters, WorkCalendar calendar)
    {
        if (compiled["tender"]?["tradingKind"]?.ToString() != "government-procurement")
        {
            yield break;
        }

        var maximum = int.Parse(parameters.Text("TRD-GP-CONTRACT-PUBLISH", "maximum_working_days"), CultureInfo.InvariantCulture);
        foreach (var contract in (compiled["contracts"] as JsonArray ?? []).OfType<JsonObject>())
        {
            var noticed = (contract["documents"] as JsonArray ?? []).OfType<JsonObject>().Any(d => d["documentType"]?.ToString() == "contractSigned" && d["datePublished"] is not null);
            if (noticed || OcdsCheck.Instant(contract["dateSigned"]?.ToString()) is not { } signed)
            {
                continue;
            }

            DateOnly last;
            try
            {
                last = calendar.AddWorkdays(ChinaTime.Day(signed), maximum);
            }
            catch (CalendarCoverageException)
            {
                continue;
            }

            yield return (contract["id"]?.ToString() ?? "", ChinaTime.EndOfDay(last));
        }
    }
}
