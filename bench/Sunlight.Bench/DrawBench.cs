using System.Diagnostics;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Sunlight.Core.Accounts;
using Sunlight.Core.Ledger;
using Sunlight.Trading.Demo;
using Sunlight.Trading.Draws;
using Sunlight.Trading.Experts;
using Sunlight.Trading.Ocds;
using Sunlight.Trading.Storage;

namespace Sunlight.Bench;

/// <summary>
/// The expert draw (trading.md "Demo and benchmark" (c)): a pool of 10,000 experts, one draw per trade; per draw the
/// time from the request to <c>completed</c> without the beacon's wait (the request with its 回避 and commitment, then
/// the completion once the beacon exists), and the wait — here the node signing its next checkpoint; with a parent
/// it is the cosignature's round trip — reported apart.
/// </summary>
internal static class DrawBench
{
    public static async Task<int> RunAsync(string[] args)
    {
        var experts = Option(args, "--experts", 10_000);
        var draws = Option(args, "--draws", 200);
        Console.WriteLine($"# Sunlight draw benchmark, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, .NET {Environment.Version}");
        var folder = Directory.CreateTempSubdirectory("sunlight-draw-").FullName;
        try
        {
            var app = await TradingBench.NodeAsync(folder);
            await using var _ = app;

            // The pool: every expert of the specialty drawn (some also of another), in the county of the centre.
            await using (var seed = app.Services.CreateAsyncScope())
            {
                await using var db = await seed.ServiceProvider.GetRequiredService<IDbContextFactory<TradingDbContext>>().CreateDbContextAsync();
                for (var i = 1; i <= experts; i++)
                {
                    db.Experts.Add(new Expert
                    {
                        Code = $"E3707-{i:D5}", Name = $"专家{i}", IdNumber = "", OrganisationId = $"CN-SAIC-{TradeDemo.Code(600_000 + (i % 2_000))}", OrganisationName = "单位",
                        Specialties = i % 3 == 0 ? "房屋建筑|市政工程" : "房屋建筑", RegionCode = "370781", RegionPath = "/370000/370700/370781/", Status = ExpertStatus.Active, UpdatedBy = "bench",
                    });
                }

                await db.SaveChangesAsync();
            }

            // One trade per draw, through the import.
            var trades = TradeDemo.Generate(7, DateTimeOffset.UtcNow, draws, plant: false, "ocds-drawbn").Releases.Select(r => r.ToJsonString(TradeReader.Compact)).ToList();
            await using (var import = app.Services.CreateAsyncScope())
            {
                var answer = await import.ServiceProvider.GetRequiredService<OcdsIntake>().IngestAsync([.. trades.Select((l, i) => new OcdsItem(i + 1, null, l))],
                    new OcdsScope("bench", OcdsProfile.Trade, _ => true, "bench"), CancellationToken.None);
                if (answer.Accepted != trades.Count)
                {
                    throw new InvalidOperationException("the trades were not all accepted");
                }
            }

            List<(string Ocid, string Centre, string Region)> projects;
            await using (var read = app.Services.CreateAsyncScope())
            {
                await using var db = await read.ServiceProvider.GetRequiredService<IDbContextFactory<TradingDbContext>>().CreateDbContextAsync();
                projects = [.. (await db.Projects.AsNoTracking().OrderBy(p => p.Ocid).Select(p => new { p.Ocid, p.CentreCode, p.RegionPath }).ToListAsync())
                    .Select(p => (p.Ocid, p.CentreCode, p.RegionPath))];
            }

            var requestAndComplete = new List<double>();
            var waits = new List<double>();
            var evaluationAt = DateTimeOffset.UtcNow.AddDays(1);
            foreach (var (ocid, centre, regionPath) in projects)
            {
                var region = regionPath.TrimEnd('/').Split('/')[^1];
                var who = new Jurisdiction(region, regionPath, centre, new HashSet<string>(StringComparer.Ordinal) { SunlightRoles.TradingOperator });
                await using var scope = app.Services.CreateAsyncScope();
                var service = scope.ServiceProvider.GetRequiredService<DrawService>();
                var clock = Stopwatch.StartNew();
                var draw = await service.RequestAsync(who, "bench", new DrawRequest(ocid, "", evaluationAt, [new DrawGroupRequest("房屋建筑", 7, 2)], true), CancellationToken.None);
                var requested = clock.Elapsed.TotalMilliseconds;
                clock.Restart();
                await scope.ServiceProvider.GetRequiredService<LedgerIntegrator>().CheckpointAsync(CancellationToken.None);
                waits.Add(clock.Elapsed.TotalMilliseconds);
                clock.Restart();
                if (await service.RunDueAsync(DateTimeOffset.UtcNow, CancellationToken.None) != 1)
                {
                    throw new InvalidOperationException($"draw {draw.DrawId} did not complete");
                }

                requestAndComplete.Add(requested + clock.Elapsed.TotalMilliseconds);
            }

            static double P(List<double> values, double q)
            {
                var sorted = values.Order().ToList();
                return sorted[(int)Math.Ceiling(q * sorted.Count) - 1];
            }

            Console.WriteLine($"{projects.Count} draws of 7 + 2 alternates from a pool of {experts:N0} experts (SQLite):");
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"request → completed, without the beacon's wait: p50 {P(requestAndComplete, 0.5):N1} ms, p95 {P(requestAndComplete, 0.95):N1} ms, max {requestAndComplete.Max():N1} ms"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"the beacon's wait (signing the next checkpoint here): p50 {P(waits, 0.5):N1} ms, p95 {P(waits, 0.95):N1} ms"));
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }

        return 0;
    }

    private static int Option(string[] args, string name, int fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
    }
}
