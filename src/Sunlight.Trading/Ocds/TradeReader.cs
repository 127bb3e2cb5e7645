using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Sunlight.Core.Accounts;
using Sunlight.Trading.Storage;

namespace Sunlight.Trading.Ocds;

/// <summary>Which processes an export covers (every part optional).</summary>
internal sealed record TradeFilter(string? Region, string? Kind, DateTimeOffset? From, DateTimeOffset? To);

/// <summary>
/// Reads trades out as OCDS (trading.md "Export"): a compiled release, a record package with every release
/// received, and NDJSON of compiled releases streamed — each as the viewer may see it (<see cref="OcdsVisibility"/>).
/// </summary>
internal sealed class TradeReader(IDbContextFactory<TradingDbContext> contexts, TimeProvider clock)
{
    /// <summary>The compiled release of <paramref name="ocid"/> as shown, or null. <paramref name="full"/> requires <paramref name="who"/> to cover the process.</summary>
    public async Task<JsonObject?> CompiledAsync(string ocid, bool full, Jurisdiction? who, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct).ConfigureAwait(false);
        var project = await db.Projects.AsNoTracking().FirstOrDefaultAsync(p => p.Ocid == ocid, ct).ConfigureAwait(false);
        if (project is null || (full && (who is null || !who.CoversRegionPath(project.RegionPath))))
        {
            return null;
        }

        var compiled = (JsonObject)JsonNode.Parse(project.Compiled)!;
        return OcdsVisibility.Shown(compiled, compiled, full, clock.GetUtcNow());
    }

    /// <summary>A record package of <paramref name="ocid"/>: every release as received (a compiled line as one release tagged <c>compiled</c>) and the compiled release.</summary>
    public async Task<JsonObject?> RecordAsync(string ocid, bool full, Jurisdiction? who, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct).ConfigureAwait(false);
        var project = await db.Projects.AsNoTracking().FirstOrDefaultAsync(p => p.Ocid == ocid, ct).ConfigureAwait(false);
        if (project is null || (full && (who is null || !who.CoversRegionPath(project.RegionPath))))
        {
            return null;
        }

        var now = clock.GetUtcNow();
        var compiled = (JsonObject)JsonNode.Parse(project.Compiled)!;
        var releases = await db.Releases.AsNoTracking().Where(r => r.Ocid == ocid).OrderBy(r => r.Id).Select(r => r.Json).ToListAsync(ct).ConfigureAwait(false);
        var list = new JsonArray([.. releases.Select(r => (JsonNode)OcdsVisibility.Shown((JsonObject)JsonNode.Parse(r)!, compiled, full, now))]);
        return new JsonObject
        {
            ["uri"] = $"/api/v1/trading/ocds/records/{Uri.EscapeDataString(ocid)}",
            ["version"] = "1.1",
            ["publishedDate"] = now.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
            ["publisher"] = new JsonObject { ["name"] = "Sunlight" },
            ["records"] = new JsonArray(new JsonObject
            {
                ["ocid"] = ocid,
                ["releases"] = list,
                ["compiledRelease"] = OcdsVisibility.Shown(compiled, compiled, full, now),
            }),
        };
    }

    /// <summary>
    /// Writes the compiled releases matching <paramref name="filter"/> as NDJSON to <paramref name="output"/>, in
    /// pages of 500 (never the whole set in memory); with <paramref name="full"/>, only processes <paramref name="who"/> covers.
    /// </summary>
    public async Task<long> WriteNdjsonAsync(Stream output, TradeFilter filter, bool full, Jurisdiction? who, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct).ConfigureAwait(false);
        var query = db.Projects.AsNoTracking();
        if (filter.Region is { Length: > 0 } region)
        {
            query = query.Where(p => p.RegionPath.Contains("/" + region + "/"));
        }

        if (filter.Kind is { Length: > 0 } kind)
        {
            query = query.Where(p => p.Kind == kind);
        }

        if (filter.From is { } from)
        {
            var fromUtc = from.ToUniversalTime();
            query = query.Where(p => p.CompiledAt >= fromUtc);
        }

        if (filter.To is { } to)
        {
            var toUtc = to.ToUniversalTime();
            query = query.Where(p => p.CompiledAt < toUtc);
        }

        if (full)
        {
            var path = who?.RegionPath ?? "\u0000";
            query = query.Where(p => p.RegionPath.StartsWith(path));
        }

        var now = clock.GetUtcNow();
        long written = 0;
        string? after = null;
        while (true)
        {
            var page = query;
            if (after is not null)
            {
#pragma warning disable CA1309 // EF translates string.Compare to SQL ">" on the key, in the same collation as the ORDER BY beside it (keyset paging).
                page = page.Where(p => string.Compare(p.Ocid, after) > 0);
#pragma warning restore CA1309
            }

            var rows = await page.OrderBy(p => p.Ocid).Take(500).Select(p => new { p.Ocid, p.Compiled }).ToListAsync(ct).ConfigureAwait(false);
            if (rows.Count == 0)
            {
                return written;
            }

            foreach (var row in rows)
            {
                var compiled = (JsonObject)JsonNode.Parse(row.Compiled)!;
                var bytes = Encoding.UTF8.GetBytes(OcdsVisibility.Shown(compiled, compiled, full, now).ToJsonString(Compact));
                await output.WriteAsync(bytes, ct).ConfigureAwait(false);
                await output.WriteAsync(NewLine, ct).ConfigureAwait(false);
                written++;
            }

            after = rows[^1].Ocid;
            await output.FlushAsync(ct).ConfigureAwait(false);
        }
    }

    private static readonly ReadOnlyMemory<byte> NewLine = "\n"u8.ToArray();

    /// <summary>Chinese and every other character as themselves (the export is UTF-8).</summary>
    public static readonly JsonSerializerOptions Compact = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
}
