using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Sunlight.Core.Ledger;
using Sunlight.Core.Storage;
using Sunlight.Trading.Flags;
using Sunlight.Trading.Ocds;
using Sunlight.Trading.Storage;

namespace Sunlight.Trading.Demo;

/// <summary>
/// The demo city's year of trades (trading.md "Demo"): ≈300 processes of every kind for the centres of 潍坊市, 青州市
/// and 寿光市, through the import (so every release is checked, ledgered and run through the record rules), then the
/// nightly batch; the plan — every planted case — in a <c>trading.demo.year</c> record. Only into an empty module.
/// </summary>
internal static class TradeDemoYear
{
    public const int Seed = 2026;

    public const int Processes = 300;

    public const string Record = "trading.demo.year";

    public static async Task<int> SeedAsync(IServiceProvider services, CancellationToken ct)
    {
        if (services.GetRequiredService<IOptions<TradingOptions>>().Value.Demo == false)
        {
            return 0;
        }

        await using (var db = await services.GetRequiredService<IDbContextFactory<TradingDbContext>>().CreateDbContextAsync(ct).ConfigureAwait(false))
        {
            if (await db.Projects.AnyAsync(ct).ConfigureAwait(false))
            {
                return 0;
            }
        }

        // The city's expert pool first, through the administrators' import.
        await using (var work = services.CreateAsyncScope())
        {
            await TradeDemoExperts.SeedAsync(work.ServiceProvider.GetRequiredService<Experts.ExpertExcel>(), ct).ConfigureAwait(false);
        }

        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        var prefix = services.GetRequiredService<IOptions<TradingOptions>>().Value.OcidPrefix;
        var set = TradeDemo.Generate(Seed, now, Processes, plant: true, prefix);
        var scope = new OcdsScope("demo", OcdsProfile.Trade, _ => true, "the demo city");
        var lines = set.Releases.Select((r, i) => new OcdsItem(i + 1, null, r.ToJsonString(TradeReader.Compact))).ToList();
        foreach (var batch in lines.Chunk(500))
        {
            await using var work = services.CreateAsyncScope();
            var answer = await work.ServiceProvider.GetRequiredService<OcdsIntake>().IngestAsync(batch, scope, ct).ConfigureAwait(false);
            if (answer.Rejected.Count > 0)
            {
                throw new InvalidOperationException("The demo trades were refused by the import: " + string.Join("; ", answer.Rejected.Take(5).Select(r => $"{r.Line} {r.Path} {r.Error}")));
            }
        }

        await using (var work = services.CreateAsyncScope())
        {
            await work.ServiceProvider.GetRequiredService<TradeBatch>().RunAsync(now, ct).ConfigureAwait(false);
            await using var unit = await work.ServiceProvider.GetRequiredService<Units>().BeginAsync(ct).ConfigureAwait(false);
            unit.Record(RecordDraft.Json(Record, "demo", new
            {
                seed = Seed,
                processes = set.Count,
                planted = set.Planted.Select(p => new { rule = TradingRules.Code(p.Flag), subject = p.Subject }),
            }));
            await unit.CommitAsync(ct).ConfigureAwait(false);
        }

        return set.Count;
    }

    /// <summary>The plan of a <c>trading.demo.year</c> record: (rule host code, subject) of every planted case.</summary>
    public static IReadOnlyList<(string Rule, string Subject)> Plan(byte[] body)
    {
        using var doc = JsonDocument.Parse(body);
        return [.. doc.RootElement.GetProperty("planted").EnumerateArray().Select(p => (p.GetProperty("rule").GetString()!, p.GetProperty("subject").GetString()!))];
    }
}
