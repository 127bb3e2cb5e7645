using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Sunlight.Core.Contracts.Trading;
using Sunlight.Trading.Storage;

namespace Sunlight.Trading.Ocds;

/// <summary>
/// <see cref="ITenderFacts"/> from the compiled releases: the cursor is the sequence of the last
/// <c>trading.release.accepted</c> record read; each process touched after it gives all its submitted bids, once
/// its bids may be shown (<see cref="OcdsVisibility.Opened"/>). Reference data of other publishers is left out.
/// </summary>
internal sealed class TenderFacts(IDbContextFactory<TradingDbContext> contexts, IOptions<TradingOptions> options, TimeProvider clock) : ITenderFacts
{
    public async Task<TenderParticipations> ParticipationsSinceAsync(long cursor, int limit, CancellationToken ct)
    {
        limit = Math.Clamp(limit, 1, 10_000);
        await using var db = await contexts.CreateDbContextAsync(ct).ConfigureAwait(false);
        // The releases after the cursor, in ledger order, until `limit` distinct processes are covered.
        var recent = await db.Releases.AsNoTracking().Where(r => r.RecordSequence > cursor).OrderBy(r => r.RecordSequence)
            .Select(r => new { r.Ocid, r.RecordSequence }).Take(limit * 20).ToListAsync(ct).ConfigureAwait(false);
        var ocids = new List<string>();
        var next = cursor;
        foreach (var r in recent)
        {
            if (!ocids.Contains(r.Ocid))
            {
                if (ocids.Count == limit)
                {
                    break;
                }

                ocids.Add(r.Ocid);
            }

            next = r.RecordSequence;
        }

        var projects = await db.Projects.AsNoTracking().Where(p => ocids.Contains(p.Ocid) && !p.Foreign).ToListAsync(ct).ConfigureAwait(false);
        var now = clock.GetUtcNow();
        var items = new List<TenderParticipation>();
        foreach (var project in projects.OrderBy(p => ocids.IndexOf(p.Ocid)))
        {
            var compiled = (JsonObject)JsonNode.Parse(project.Compiled)!;
            if (!OcdsVisibility.Opened(compiled, now))
            {
                continue;
            }

            var awards = (compiled["awards"] as JsonArray ?? []).OfType<JsonObject>().Where(a => Str(a["status"]) == "active").ToList();
            var parties = (compiled["parties"] as JsonArray ?? []).OfType<JsonObject>().ToDictionary(p => Str(p["id"]) ?? "", StringComparer.Ordinal);
            var region = project.RegionPath.TrimEnd('/')[(project.RegionPath.TrimEnd('/').LastIndexOf('/') + 1)..];
            foreach (var bid in (compiled["bids"]?["details"] as JsonArray ?? []).OfType<JsonObject>())
            {
                if (Str(bid["status"]) is not { } status || status is "invited" or "withdrawn")
                {
                    continue;
                }

                foreach (var tenderer in (bid["tenderers"] as JsonArray ?? []).OfType<JsonObject>())
                {
                    var id = Str(tenderer["id"]) ?? "";
                    var won = awards.FirstOrDefault(a => (a["suppliers"] as JsonArray ?? []).Any(s => Str(s?["id"]) == id));
                    var party = parties.GetValueOrDefault(id);
                    items.Add(new TenderParticipation(project.Ocid, project.ProjectCode, Str(compiled["buyer"]?["directoryCode"]), region,
                        new TenderBidder(CreditCode(id), Str(tenderer["name"]) ?? Str(party?["name"]) ?? id, Str(party?["legalRepresentative"]?["id"])),
                        OcdsCheck.Instant(Str(bid["date"])), won is not null, OcdsCheck.Instant(Str(won?["date"]))));
                }
            }
        }

        return new TenderParticipations(items, next);
    }

    public async Task<TenderSummary?> TenderAsync(string ocid, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct).ConfigureAwait(false);
        var project = await db.Projects.AsNoTracking().FirstOrDefaultAsync(p => p.Ocid == ocid && !p.Foreign, ct).ConfigureAwait(false);
        return project is null ? null : Summary(project);
    }

    public async Task<IReadOnlyList<TenderSummary>> TendersOfProjectAsync(string projectCode, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(projectCode);
        var code = projectCode.Trim().ToUpperInvariant();
        await using var db = await contexts.CreateDbContextAsync(ct).ConfigureAwait(false);
        var projects = await db.Projects.AsNoTracking().Where(p => p.ProjectCode == code && !p.Foreign).OrderBy(p => p.Ocid).ToListAsync(ct).ConfigureAwait(false);
        return [.. projects.Select(Summary)];
    }

    private TenderSummary Summary(TradeProject project)
    {
        var compiled = (JsonObject)JsonNode.Parse(project.Compiled)!;
        var lots = (compiled["awards"] as JsonArray ?? []).OfType<JsonObject>().Where(a => Str(a["status"]) == "active").Select(a =>
        {
            var supplier = (a["suppliers"] as JsonArray ?? []).OfType<JsonObject>().Select(s => Str(s["id"])).FirstOrDefault();
            var lot = (a["relatedLots"] as JsonArray)?.FirstOrDefault()?.ToString() ?? "";
            long? fen = a["value"]?["amount"] is JsonValue v && v.TryGetValue<decimal>(out var yuan) ? (long)(yuan * 100) : null;
            return new TenderLot(lot, supplier is null ? null : CreditCode(supplier), fen);
        }).ToList();
        return new TenderSummary(project.Ocid, project.ProjectCode, project.MethodDetails, lots);
    }

    private string? CreditCode(string partyId)
    {
        var prefix = options.Value.OrgIdPrefix + "-";
        return partyId.StartsWith(prefix, StringComparison.Ordinal) ? partyId[prefix.Length..] : null;
    }

    private static string? Str(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
}
