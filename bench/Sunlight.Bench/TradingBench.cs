using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Sunlight.Core.Accounts;
using Sunlight.Core.Calendar;
using Sunlight.Server;
using Sunlight.Trading.Demo;
using Sunlight.Trading.Flags;
using Sunlight.Trading.Ocds;

namespace Sunlight.Bench;

/// <summary>
/// Trading (trading.md "Demo and benchmark"): <c>flags ocds</c> over a <c>demo-ocds</c> file against a plain parse of the
/// same file in the same run, with its peak memory; the OCDS import over HTTP, and with rules on and off.
/// </summary>
internal static class TradingBench
{
    public static async Task<int> FlagsAsync(string[] args)
    {
        var releases = Option(args, "--releases", 1_000_000);
        var file = OptionText(args, "--file") ?? Path.Combine(Path.GetTempPath(), $"sunlight-demo-ocds-{releases}.ndjson");
        Console.WriteLine($"# Sunlight flags benchmark, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, .NET {Environment.Version}");
        if (!File.Exists(file))
        {
            var made = Stopwatch.StartNew();
            var set = TradeDemo.OfSize(2026, DateTimeOffset.UtcNow, releases);
            await using (var stream = new BufferedStream(File.Create(file), 1 << 20))
            {
                foreach (var release in set.Releases)
                {
                    stream.Write(Encoding.UTF8.GetBytes(release.ToJsonString(TradeReader.Compact)));
                    stream.WriteByte((byte)'\n');
                }
            }

            Console.WriteLine($"demo-ocds: {set.Count:N0} compiled releases written in {made.Elapsed.TotalSeconds:N1} s ({new FileInfo(file).Length / 1024.0 / 1024.0:N0} MiB): {file}");
        }

        // Each measurement in a fresh process, so that its peak working set (VmHWM) is its own.
        var parse = await ChildAsync("flags-parse", file);
        var flags = await ChildAsync("flags-run", file);
        var all = await ChildAsync("flags-run-all", file);
        Console.WriteLine($"(a) read + JsonDocument.Parse: {parse.Lines:N0} lines in {parse.Seconds:N1} s = {parse.Lines / parse.Seconds:N0} lines/s, peak {parse.PeakMiB:N0} MiB");
        Console.WriteLine($"(b) flags ocds, built-in settings, one thread: {flags.Lines:N0} lines in {flags.Seconds:N1} s = {flags.Lines / flags.Seconds:N0} lines/s, peak {flags.PeakMiB:N0} MiB");
        Console.WriteLine($"(b) on all {Environment.ProcessorCount} cores: {all.Lines:N0} lines in {all.Seconds:N1} s = {all.Lines / all.Seconds:N0} lines/s, peak {all.PeakMiB:N0} MiB");
        Console.WriteLine($"b/a = {parse.Seconds / flags.Seconds:N2} (goal ≥ 0.5); on all cores {parse.Seconds / all.Seconds:N2}; peak of b {flags.PeakMiB / 1024.0:N2} GiB (goal ≤ 1.5)");
        return 0;
    }

    /// <summary>The child's side: one measurement, printed as "lines seconds peakKiB".</summary>
    public static int Child(string[] args)
    {
        var file = args[1];
        var clock = Stopwatch.StartNew();
        long lines;
        using (var input = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan))
        {
            if (args[0] == "flags-parse")
            {
                lines = FlagFile.ParseOnly(input);
            }
            else
            {
                var run = FlagFile.Run(input, FlagSettings.BuiltIn(), new WorkCalendar(HolidayTable.Shipped), TextWriter.Null, threads: args[0] == "flags-run-all" ? Environment.ProcessorCount : 1);
                using var output = Stream.Null;
                FlagFile.Write(output, run, noMeta: false);
                lines = run.Lines;
            }
        }

        var seconds = clock.Elapsed.TotalSeconds;
        var peak = File.ReadLines("/proc/self/status").First(l => l.StartsWith("VmHWM:", StringComparison.Ordinal)).Split(' ', StringSplitOptions.RemoveEmptyEntries)[1];
        Console.WriteLine($"{lines} {seconds.ToString(CultureInfo.InvariantCulture)} {peak}");
        return 0;
    }

    private static async Task<(long Lines, double Seconds, double PeakMiB)> ChildAsync(string mode, string file)
    {
        var start = new ProcessStartInfo("dotnet", [typeof(TradingBench).Assembly.Location, mode, file]) { RedirectStandardOutput = true };
        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        var parts = output.Trim().Split('\n')[^1].Split(' ');
        return (long.Parse(parts[0], CultureInfo.InvariantCulture), double.Parse(parts[1], CultureInfo.InvariantCulture), double.Parse(parts[2], CultureInfo.InvariantCulture) / 1024.0);
    }

    public static async Task<int> ImportAsync(string[] args)
    {
        var releases = Option(args, "--releases", 20_000);
        Console.WriteLine($"# Sunlight OCDS import benchmark, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, .NET {Environment.Version}");
        var folder = Directory.CreateTempSubdirectory("sunlight-trading-").FullName;
        try
        {
            var app = await NodeAsync(folder);
            await using var _ = app;
            await app.StartAsync();
            var url = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();

            // Three sets of the same shape, so that no run re-sends another's processes.
            string[] Lines(int seed) => [.. TradeDemo.Generate(seed, DateTimeOffset.UtcNow, releases, plant: false, $"ocds-bnch{seed:D2}").Releases.Select(r => r.ToJsonString(TradeReader.Compact))];
            var http = Lines(1);
            var on = Lines(2);
            var off = Lines(3);
            var scope = new OcdsScope("bench", OcdsProfile.Trade, _ => true, "bench");

            async Task<double> InProcess(string[] lines, bool rules)
            {
                var clock = Stopwatch.StartNew();
                foreach (var batch in lines.Chunk(1000))
                {
                    await using var work = app.Services.CreateAsyncScope();
                    var intake = work.ServiceProvider.GetRequiredService<OcdsIntake>();
                    intake.EvaluateRules = rules;
                    var answer = await intake.IngestAsync([.. batch.Select((l, i) => new OcdsItem(i + 1, null, l))], scope, CancellationToken.None);
                    if (answer.Accepted != batch.Length)
                    {
                        throw new InvalidOperationException($"refused: {(answer.Rejected.Count > 0 ? answer.Rejected[0].Error : "")}");
                    }
                }

                return lines.Length / clock.Elapsed.TotalSeconds;
            }

            var rulesOff = await InProcess(off, rules: false);
            var rulesOn = await InProcess(on, rules: true);
            Console.WriteLine($"import in process, batches of 1,000: rules off {rulesOff:N0} releases/s, rules on {rulesOn:N0} releases/s, on/off = {rulesOn / rulesOff:N2} (goal ≥ 0.5)");

            string token;
            await using (var tokenScope = app.Services.CreateAsyncScope())
            {
                var user = await tokenScope.ServiceProvider.GetRequiredService<UserManager<SunlightUser>>().FindByNameAsync("admin");
                token = (await tokenScope.ServiceProvider.GetRequiredService<ApiTokenService>().IssueAsync(user!, "bench", TimeSpan.FromHours(1), CancellationToken.None)).Secret;
            }

            using var client = new HttpClient { BaseAddress = new Uri(url), Timeout = TimeSpan.FromMinutes(5) };
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
            var timer = Stopwatch.StartNew();
            foreach (var batch in http.Chunk(1000))
            {
                using var response = await client.PostAsync("/api/v1/trading/ocds", new StringContent(string.Join("\n", batch) + "\n", Encoding.UTF8, "application/x-ndjson"));
                response.EnsureSuccessStatusCode();
            }

            Console.WriteLine($"import over HTTP (POST /api/v1/trading/ocds, NDJSON of 1,000, rules on): {http.Length / timer.Elapsed.TotalSeconds:N0} releases/s");
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }

        return 0;
    }

    /// <summary>
    /// A node of the demo city on SQLite in <paramref name="folder"/>, initialised (migrated, the city seeded; no demo
    /// year, no trading demo, no timers): what the trading benchmarks measure against. Not started.
    /// </summary>
    public static async Task<Microsoft.AspNetCore.Builder.WebApplication> NodeAsync(string folder)
    {
        var app = SunlightApp.Build([], b =>
        {
            b.WebHost.UseUrls("http://127.0.0.1:0");
            b.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Sunlight:Database:Provider"] = "Sqlite",
                ["ConnectionStrings:Sunlight"] = $"Data Source={Path.Combine(folder, "bench.db")}",
                ["Sunlight:Demo:Enabled"] = "true",
                ["Sunlight:Demo:Year"] = "false",
                ["Sunlight:Trading:Demo"] = "false",
                ["Sunlight:Supervision:DueIntervalSeconds"] = "0",
                ["Sunlight:Ledger:KeyFile"] = Path.Combine(folder, "ledger.key"),
                ["Sunlight:Ledger:Background"] = "false",
                ["Sunlight:Files:Root"] = Path.Combine(folder, "attachments"),
                ["Logging:LogLevel:Default"] = "Warning",
            });
        });
        await SunlightApp.InitialiseAsync(app.Services, app.Configuration, TextWriter.Null, CancellationToken.None);
        return app;
    }

    private static int Option(string[] args, string name, int fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
    }

    private static string? OptionText(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }
}
