using System.Text.Json.Nodes;

namespace Sunlight.Trading.Ocds;

/// <summary>
/// What of a trade may be shown (trading.md "Export"): bids — tenderers, amounts, fingerprints, deposits — to nobody
/// before <c>tender.bidOpening.date</c> (招标投标法 §22); the public never sees fingerprints, deposits, agents,
/// project managers, scores or legal representatives' ID numbers, nor a committee's members until an award of its
/// lots is active (§37). A full view (Supervisor, Inspector; audited) keeps everything after opening.
/// </summary>
internal static class OcdsVisibility
{
    private static readonly string[] PrivateBidFields = ["fingerprint", "deposit", "agent", "projectManager", "scores"];

    /// <summary>
    /// A copy of <paramref name="release"/> (a release or a compiled release of the process whose compiled release is
    /// <paramref name="process"/>) fit for the viewer at <paramref name="now"/>.
    /// </summary>
    public static JsonObject Shown(JsonObject release, JsonObject process, bool full, DateTimeOffset now)
    {
        var copy = (JsonObject)release.DeepClone();
        if (!Opened(process, now))
        {
            copy.Remove("bids");
        }
        else if (!full && copy["bids"]?["details"] is JsonArray bids)
        {
            foreach (var bid in bids.OfType<JsonObject>())
            {
                foreach (var field in PrivateBidFields)
                {
                    bid.Remove(field);
                }
            }
        }

        if (!full)
        {
            if (copy["parties"] is JsonArray parties)
            {
                foreach (var party in parties.OfType<JsonObject>())
                {
                    (party["legalRepresentative"] as JsonObject)?.Remove("id");
                }
            }

            if (copy["tender"]?["evaluationCommittees"] is JsonArray committees)
            {
                foreach (var committee in committees.OfType<JsonObject>())
                {
                    if (!Awarded(process, Lots(committee)))
                    {
                        committee.Remove("members");
                    }
                }
            }
        }

        return copy;
    }

    /// <summary>Whether bids may be shown: the process's bid opening is recorded and has come.</summary>
    public static bool Opened(JsonObject process, DateTimeOffset now) =>
        OcdsCheck.Instant(process["tender"]?["bidOpening"]?["date"]?.ToString()) is { } opening && opening <= now;

    /// <summary>Whether every lot of <paramref name="lots"/> (empty: the whole tender) has an active award.</summary>
    public static bool Awarded(JsonObject process, IReadOnlyList<string> lots)
    {
        var active = (process["awards"] as JsonArray ?? []).OfType<JsonObject>().Where(a => a["status"]?.ToString() == "active").ToList();
        if (active.Count == 0)
        {
            return false;
        }

        if (lots.Count == 0 || active.Any(a => Lots(a).Count == 0))
        {
            return true;
        }

        var covered = active.SelectMany(Lots).ToHashSet(StringComparer.Ordinal);
        return lots.All(covered.Contains);
    }

    /// <summary>An object's <c>relatedLots</c> as strings.</summary>
    public static IReadOnlyList<string> Lots(JsonObject item) =>
        item["relatedLots"] is JsonArray lots ? [.. lots.Select(l => l?.ToString() ?? "")] : [];
}
