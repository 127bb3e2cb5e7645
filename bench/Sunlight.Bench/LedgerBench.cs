using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Sunlight.Core.Ledger;
using Sunlight.Core.Storage;

namespace Sunlight.Bench;

/// <summary>
/// End-to-end ledger figures on a real database: batched and single-record appends, integration, proof latency on a
/// large tree, and verify throughput beside raw SHA-256 measured in the same run.
/// </summary>
public static class LedgerBench
{
    public static async Task<int> RunAsync(string[] args)
    {
        var records = Option(args, "--records", 200_000);
        if (args.Contains("--proofs-only"))
        {
            records = 1000;
        }

        var proofSize = Option(args, "--proof-size", 10_000_000);
        var folder = Directory.CreateTempSubdirectory("sunlight-bench-").FullName;
        Console.WriteLine($"# Sunlight ledger benchmark, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, .NET {Environment.Version}");
        try
        {
            await RunOnAsync("SQLite", new DatabaseOptions { Provider = DatabaseProvider.Sqlite, ConnectionString = $"Data Source={Path.Combine(folder, "bench.db")}" }, records, proofSize, folder);
            if (Environment.GetEnvironmentVariable("SUNLIGHT_BENCH_POSTGRES") is { Length: > 0 } pg)
            {
                await RunOnAsync("PostgreSQL", new DatabaseOptions { Provider = DatabaseProvider.Postgres, ConnectionString = pg }, records, proofSize: 0, folder);
            }
            else
            {
                Console.WriteLine("# PostgreSQL: skipped (set SUNLIGHT_BENCH_POSTGRES to a connection string to measure it)");
            }
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }

        return 0;
    }

    private static async Task RunOnAsync(string name, DatabaseOptions database, int records, int proofSize, string folder)
    {
        await using var provider = Services(database, folder);
        await using (var scope = provider.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CoreDbContext>();
            await db.Database.EnsureDeletedAsync();
            await db.Database.MigrateAsync();
            await SunlightStorage.PrepareAsync(db, CancellationToken.None);
        }

        var factory = provider.GetRequiredService<IDbContextFactory<CoreDbContext>>();
        var body = System.Text.Encoding.UTF8.GetBytes("{\"caseNo\":\"370781-2025-000123\",\"event\":\"accepted\",\"staff\":\"370781-xzsp-01\",\"at\":\"2025-03-04T09:15:00+08:00\",\"note\":\"材料齐全，予以受理\"}");

        // 1. Batched appends: transactions of 1,000 records.
        var clock = Stopwatch.StartNew();
        for (var done = 0; done < records; done += 1000)
        {
            await using var db = factory.CreateDbContext();
            await using var unit = await UnitOfWork.BeginAsync(db, CancellationToken.None);
            for (var i = 0; i < 1000; i++)
            {
                unit.Record(new RecordDraft("services.case.accepted", $"370781-2025-{done + i:000000}", body));
            }

            await unit.CommitAsync(CancellationToken.None);
        }

        var batched = records / clock.Elapsed.TotalSeconds;
        Console.WriteLine($"{name}: batched appends (1,000 per transaction): {records:N0} records in {clock.Elapsed.TotalSeconds:F2} s = {batched:N0} records/s");

        // 2. Integration into tiles + a signed checkpoint.
        var integrator = provider.GetRequiredService<LedgerIntegrator>();
        clock.Restart();
        var checkpoint = await integrator.CheckpointAsync(CancellationToken.None);
        Console.WriteLine($"{name}: integrate {checkpoint.Size:N0} records into tiles and sign: {clock.Elapsed.TotalSeconds:F2} s = {checkpoint.Size / clock.Elapsed.TotalSeconds:N0} records/s");

        // 3. Single-record transactions (an ordinary request).
        const int singles = 2000;
        clock.Restart();
        for (var i = 0; i < singles; i++)
        {
            await using var db = factory.CreateDbContext();
            await using var unit = await UnitOfWork.BeginAsync(db, CancellationToken.None);
            unit.Record(new RecordDraft("services.case.accepted", $"single-{i}", body));
            await unit.CommitAsync(CancellationToken.None);
        }

        Console.WriteLine($"{name}: single-record transactions: {singles / clock.Elapsed.TotalSeconds:N0} transactions/s");
        await integrator.CheckpointAsync(CancellationToken.None);

        // 4. Verify throughput beside raw SHA-256 of the same bodies (one thread, same run).
        clock.Restart();
        var hashes = 0L;
        while (clock.Elapsed.TotalSeconds < 1)
        {
            for (var i = 0; i < 10_000; i++)
            {
                SHA256.HashData(body);
            }

            hashes += 10_000;
        }

        var sha = hashes / clock.Elapsed.TotalSeconds;
        await using (var scope = provider.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CoreDbContext>();
            var keys = provider.GetRequiredService<LedgerKeys>();
            var report = await new LedgerVerifier(db, keys.Verifiers, keys.Origin).VerifyAsync(null, CancellationToken.None);
            if (!report.Intact)
            {
                throw new InvalidOperationException(report.Problem!.Message);
            }

            var rate = report.Records / report.Elapsed.TotalSeconds;
            Console.WriteLine($"{name}: ledger verify: {report.Records:N0} records in {report.Elapsed.TotalSeconds:F2} s = {rate:N0} records/s; raw SHA-256 of one body: {sha:N0}/s; ratio {rate / sha:F3} (verify does 2 hashes + a tree step per record, and reads it from the database)");
        }

        if (proofSize > 0)
        {
            await ProofLatencyAsync(name, provider, proofSize);
        }
    }

    /// <summary>Builds tiles for a tree of <paramref name="size"/> leaves directly, then times random proofs.</summary>
    private static async Task ProofLatencyAsync(string name, ServiceProvider provider, int size)
    {
        var factory = provider.GetRequiredService<IDbContextFactory<CoreDbContext>>();
        var clock = Stopwatch.StartNew();
        var accumulator = new MerkleAccumulator();
        var tiles = new Dictionary<(int, long), List<byte>>();
        void Put(int level, long position, byte[] hash)
        {
            if (!tiles.TryGetValue((level, position >> 8), out var t))
            {
                tiles[(level, position >> 8)] = t = new List<byte>(8192);
            }

            t.AddRange(hash);
        }

        var leafData = new byte[8];
        await using (var db = factory.CreateDbContext())
        {
            await db.LedgerTiles.ExecuteDeleteAsync();
            for (long i = 0; i < size; i++)
            {
                System.Buffers.Binary.BinaryPrimitives.WriteInt64BigEndian(leafData, i);
                var leaf = Rfc9162.LeafHash(leafData);
                Put(0, i, leaf);
                accumulator.Append(leaf, (height, index, hash) =>
                {
                    if (height % 8 == 0)
                    {
                        Put(height / 8, index, hash);
                    }
                });

                if (tiles.Count >= 2000)
                {
                    await FlushAsync(db, tiles, keepPartial: true);
                }
            }

            await FlushAsync(db, tiles, keepPartial: false);
            await db.LedgerTree.ExecuteUpdateAsync(s => s.SetProperty(t => t.Size, (long)size).SetProperty(t => t.Root, accumulator.Root()));
        }

        Console.WriteLine($"{name}: built tiles for a tree of {size:N0} leaves in {clock.Elapsed.TotalSeconds:F1} s");
        var random = new Random(42);
        foreach (var warm in new[] { false, true })
        {
            var cache = new TileCache();
            var inclusion = new List<double>();
            var consistency = new List<double>();
            for (var i = 0; i < 2000; i++)
            {
                if (!warm)
                {
                    cache.Clear();
                }

                await using var db = factory.CreateDbContext();
                var reader = new LedgerReader(db, cache);
                var index = random.NextInt64(size);
                var t = Stopwatch.GetTimestamp();
                var proof = await reader.InclusionProofAsync(index, size, CancellationToken.None);
                inclusion.Add(Stopwatch.GetElapsedTime(t).TotalMilliseconds);
                var from = random.NextInt64(1, size);
                t = Stopwatch.GetTimestamp();
                await reader.ConsistencyProofAsync(from, size, CancellationToken.None);
                consistency.Add(Stopwatch.GetElapsedTime(t).TotalMilliseconds);
                if (i == 0)
                {
                    System.Buffers.Binary.BinaryPrimitives.WriteInt64BigEndian(leafData, index);
                    if (!Rfc9162.VerifyInclusion(index, size, Rfc9162.LeafHash(leafData), proof, accumulator.Root()))
                    {
                        throw new InvalidOperationException("proof does not verify");
                    }
                }
            }

            Console.WriteLine($"{name}: proofs at {size:N0} leaves, tile cache {(warm ? "warm" : "cold")}: inclusion p50 {P(inclusion, 0.5):F3} ms, p99 {P(inclusion, 0.99):F3} ms; consistency p50 {P(consistency, 0.5):F3} ms, p99 {P(consistency, 0.99):F3} ms");
        }
    }

    private static async Task FlushAsync(CoreDbContext db, Dictionary<(int, long), List<byte>> tiles, bool keepPartial)
    {
        foreach (var ((level, index), hashes) in tiles.Where(t => !keepPartial || t.Value.Count == 8192).ToList())
        {
            db.LedgerTiles.Add(new LedgerTile { Level = level, Index = index, Hashes = [.. hashes] });
            tiles.Remove((level, index));
        }

        await db.SaveChangesAsync();
        db.ChangeTracker.Clear();
    }

    private static double P(List<double> values, double p)
    {
        values.Sort();
        return values[Math.Min(values.Count - 1, (int)(p * values.Count))];
    }

    private static ServiceProvider Services(DatabaseOptions database, string folder)
    {
        var services = new ServiceCollection();
        services.AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance);
        services.AddSingleton(typeof(ILogger<>), typeof(NullLogger<>));
        services.AddSingleton(TimeProvider.System);
        services.AddModuleDbContext<CoreDbContext, CoreSqliteDbContext, CorePostgresDbContext>(database, CoreDbContext.Schema);
        var options = new LedgerOptions { Origin = "sunlight.bench/370781", KeyFile = Path.Combine(folder, $"ledger-{Guid.NewGuid():N}.key"), Background = false };
        services.AddSingleton(options);
        services.AddSingleton(sp => LedgerKeys.Load(options));
        services.AddSingleton<TileCache>();
        services.AddSingleton<LedgerIntegrator>();
        return services.BuildServiceProvider();
    }

    private static int Option(string[] args, string name, int fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
    }
}
