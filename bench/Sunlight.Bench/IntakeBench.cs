using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Sunlight.Core.Accounts;
using Sunlight.Core.Exchange;
using Sunlight.Server;
using Sunlight.Services.Cases;
using Sunlight.Services.Storage;

namespace Sunlight.Bench;

/// <summary>
/// Case-event intake end to end on the real server: signed NDJSON over loopback HTTP in batches of 1,000 (events,
/// case state, due index and one ledger record per event), the file-import path in process, and the case read with
/// one million cases loaded.
/// </summary>
public static class IntakeBench
{
    private const string Item = "370781-XK-XZSP-003";
    private const string Organisation = "370781-xzsp";

    private static int FileBatch { get; set; } = 1000;

    public static async Task<int> RunAsync(string[] args)
    {
        var events = Option(args, "--events", 200_000);
        var readCases = Option(args, "--read-cases", 1_000_000);
        FileBatch = Option(args, "--file-batch", 1000);
        Console.WriteLine($"# Sunlight intake benchmark, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, .NET {Environment.Version}");
        var folder = Directory.CreateTempSubdirectory("sunlight-intake-").FullName;
        try
        {
            await RunOnAsync("SQLite", "Sqlite", $"Data Source={Path.Combine(folder, "bench.db")}", folder, events, readCases);
            if (Environment.GetEnvironmentVariable("SUNLIGHT_BENCH_POSTGRES") is { Length: > 0 } pg)
            {
                await RunOnAsync("PostgreSQL", "Postgres", pg, folder, events, readCases);
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

    private static async Task RunOnAsync(string name, string provider, string connection, string folder, int events, int readCases)
    {
        var app = Node(provider, connection, folder);
        await using var _ = app;
        if (provider == "Postgres")
        {
            // A clean database each run.
            await using var scope = app.Services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<Sunlight.Core.Storage.CoreDbContext>().Database.EnsureDeletedAsync();
        }

        await SunlightApp.InitialiseAsync(app.Services, app.Configuration, TextWriter.Null, CancellationToken.None);
        await app.StartAsync();
        var url = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        SystemSecret system;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            system = await scope.ServiceProvider.GetRequiredService<ExchangeSystems>().AddAsync(null, "bench", Organisation, null, CancellationToken.None);
        }

        // 0. Baseline, same run: the ledger records alone (what intake must write at the least per event), 1,000 per transaction.
        var recordBody = Encoding.UTF8.GetBytes("{\"system\":\"bench\",\"receivedAt\":\"2025-03-03T01:00:00.0000000+00:00\",\"event\":" + Events("B", 1).First() + "}");
        var clock = Stopwatch.StartNew();
        for (var done = 0; done < events; done += 1000)
        {
            await using var scope = app.Services.CreateAsyncScope();
            await using var unit = await Sunlight.Core.Storage.UnitOfWork.BeginAsync(scope.ServiceProvider.GetRequiredService<Sunlight.Core.Storage.CoreDbContext>(), CancellationToken.None);
            for (var i = 0; i < 1000; i++)
            {
                unit.Record(new Sunlight.Core.Ledger.RecordDraft("services.case.accepted", $"B{done + i:D8}", recordBody, "/370000/370700/370781/"));
            }

            await unit.CommitAsync(CancellationToken.None);
        }

        var baseline = events / clock.Elapsed.TotalSeconds;
        Console.WriteLine($"{name}: baseline, ledger records alone, 1,000 per transaction: {baseline:N0} records/s");

        // 1. HTTP intake: signed batches of 1,000 lines, one after another.
        using var http = new HttpClient { BaseAddress = new Uri(url), Timeout = TimeSpan.FromMinutes(5) };
        var lines = Events("H", events).ToList();
        clock.Restart();
        var accepted = 0;
        foreach (var batch in lines.Chunk(1000))
        {
            var body = string.Join("\n", batch) + "\n";
            var ts = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/exchange/case-events") { Content = new StringContent(body, Encoding.UTF8, "application/x-ndjson") };
            request.Headers.Add("X-Sunlight-System", system.Id);
            request.Headers.Add("X-Sunlight-Timestamp", ts);
            request.Headers.Add("X-Sunlight-Signature", Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(system.Secret), Encoding.UTF8.GetBytes(ts + "\n" + body))));
            using var response = await http.SendAsync(request);
            var text = await response.Content.ReadAsStringAsync();
            if (!response.IsSuccessStatusCode || !text.Contains("\"rejected\":[]", StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"intake refused a batch: {(int)response.StatusCode} {text[..Math.Min(600, text.Length)]}");
            }

            accepted += batch.Length;
        }

        var httpRate = accepted / clock.Elapsed.TotalSeconds;
        Console.WriteLine($"{name}: HTTP intake, batches of 1,000: {accepted:N0} events in {clock.Elapsed.TotalSeconds:F2} s = {httpRate:N0} events/s ({httpRate / baseline:F2} of baseline)");

        if (provider == "Postgres")
        {
            // Tables that grew from empty within a minute still carry empty-table statistics until autovacuum gets
            // to them; a running server has long since analysed them. Measure the steady state.
            await using var scope = app.Services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<Sunlight.Core.Storage.CoreDbContext>().Database.ExecuteSqlRawAsync("ANALYZE");
        }

        // 2. File import path (what `sunlight import case-events` runs per batch), in process, with the case rules on
        // and off. The two are interleaved in ten rounds (on, off, on, off …) so that both meet the same table sizes,
        // caches and background work (PostgreSQL's autovacuum in particular): run one after the other, whichever ran
        // while autovacuum analysed the grown tables looked slower, and the ratio swung from 0.42 to 0.80 between
        // runs of the same code.
        var on = Events("F", events).Chunk(FileBatch).ToList();
        var off = Events("N", events).Chunk(FileBatch).ToList();
        var onTime = TimeSpan.Zero;
        var offTime = TimeSpan.Zero;
        const int Rounds = 10;
        for (var round = 0; round < Rounds; round++)
        {
            onTime += await IngestAsync(app, system, Slice(on, round, Rounds), rules: true);
            offTime += await IngestAsync(app, system, Slice(off, round, Rounds), rules: false);
        }

        var rulesOn = events / onTime.TotalSeconds;
        var rulesOff = events / offTime.TotalSeconds;
        Console.WriteLine($"{name}: file import path (rules on), batches of {FileBatch:N0}: {events:N0} events in {onTime.TotalSeconds:F2} s = {rulesOn:N0} events/s ({rulesOn / baseline:F2} of baseline)");
        Console.WriteLine($"{name}: file import path, rules off (interleaved with rules on, {Rounds} rounds): {rulesOff:N0} events/s; rules on ÷ rules off = {rulesOn / rulesOff:F2}");

        // 3. Case read with many cases: bulk-load synthetic cases (rows only, outside the ledger) and read random ones.
        if (readCases > 0)
        {
            clock.Restart();
            var loaded = await LoadCasesAsync(app.Services, readCases);
            Console.WriteLine($"{name}: loaded {loaded:N0} more cases (3 events each) in {clock.Elapsed.TotalSeconds:F1} s");
            await ReadLatencyAsync(name, app.Services, readCases);
        }

        await app.StopAsync();
    }

    /// <summary>The <paramref name="round"/>-th of <paramref name="rounds"/> equal parts of the batches, whole cases only (a case's 8 events stay in one batch order).</summary>
    private static IEnumerable<string[]> Slice(List<string[]> batches, int round, int rounds)
    {
        var size = (batches.Count + rounds - 1) / rounds;
        return batches.Skip(round * size).Take(size);
    }

    private static async Task<TimeSpan> IngestAsync(WebApplication app, SystemSecret system, IEnumerable<string[]> batches, bool rules)
    {
        var clock = Stopwatch.StartNew();
        foreach (var batch in batches)
        {
            await using var scope = app.Services.CreateAsyncScope();
            var intake = scope.ServiceProvider.GetRequiredService<CaseIntake>();
            intake.EvaluateRules = rules;
            var result = await intake.IngestAsync(system.Id, system.Organisation, batch, CancellationToken.None);
            if (result.Rejected.Count > 0)
            {
                throw new InvalidOperationException($"import refused: {result.Rejected[0].Error}");
            }
        }

        return clock.Elapsed;
    }

    /// <summary>Cases of 8 events each (submitted … concluded, delivered), 2025 dates inside the shipped calendar, in case order.</summary>
    private static IEnumerable<string> Events(string prefix, int count)
    {
        var start = new DateTimeOffset(2025, 3, 3, 9, 0, 0, TimeSpan.FromHours(8));
        string[] types = ["submitted", "accepted", "step-completed:S1", "step-completed:S2", "step-completed:S3", "step-completed:S4", "decided", "concluded"];
        for (var n = 0; n < count; n++)
        {
            var caseIndex = n / types.Length;
            var k = n % types.Length;
            var caseNo = $"{prefix}{caseIndex:D8}";
            var at = start.AddMinutes(caseIndex % 100_000).AddHours(k * 3).ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);
            var type = types[k];
            var id = $"{caseNo}-{k}";
            yield return type switch
            {
                "submitted" => $"{{\"id\":\"{id}\",\"caseNo\":\"{caseNo}\",\"type\":\"submitted\",\"at\":\"{at}\",\"itemCode\":\"{Item}\",\"channel\":\"system\",\"applicant\":{{\"name\":\"张三\",\"idType\":\"id-card\",\"idNo\":\"11010519491231002X\"}}}}",
                "decided" => $"{{\"id\":\"{id}\",\"caseNo\":\"{caseNo}\",\"type\":\"decided\",\"at\":\"{at}\",\"actor\":\"370781-xzsp-03\",\"outcome\":\"approved\"}}",
                _ when type.StartsWith("step-completed", StringComparison.Ordinal) => $"{{\"id\":\"{id}\",\"caseNo\":\"{caseNo}\",\"type\":\"step-completed\",\"at\":\"{at}\",\"actor\":\"370781-xzsp-01\",\"step\":\"{type[15..]}\"}}",
                _ => $"{{\"id\":\"{id}\",\"caseNo\":\"{caseNo}\",\"type\":\"{type}\",\"at\":\"{at}\",\"actor\":\"370781-xzsp-01\"}}",
            };
        }
    }

    private static async Task<int> LoadCasesAsync(IServiceProvider services, int count)
    {
        var factory = services.GetRequiredService<IDbContextFactory<ServicesDbContext>>();
        var start = new DateTimeOffset(2025, 3, 3, 1, 0, 0, TimeSpan.Zero);
        for (var done = 0; done < count; done += 20_000)
        {
            await using var db = await factory.CreateDbContextAsync();
            await using var tx = await db.Database.BeginTransactionAsync();
            var cases = new List<ServiceCase>();
            var events = new List<CaseEvent>();
            for (var i = done; i < Math.Min(count, done + 20_000); i++)
            {
                var caseNo = $"R{i:D8}";
                var at = start.AddMinutes(i % 100_000);
                cases.Add(new ServiceCase
                {
                    CaseNo = caseNo, ItemCode = Item, ItemVersion = 1, ItemName = "生产建设项目水土保持方案审批", OrganisationCode = Organisation, RegionPath = "/370000/370700/370781/",
                    Channel = "system", ApplicantName = "张三", ApplicantIdType = "id-card", ApplicantIdNo = "11010519491231002X", State = "accepted",
                    SubmittedAt = at, LastEventAt = at.AddHours(2), EventCount = 3, DueAt = at.AddDays(14),
                });
                foreach (var (type, k) in new[] { ("submitted", 0), ("accepted", 1), ("step-completed", 2) })
                {
                    events.Add(new CaseEvent
                    {
                        SystemId = "load", EventId = $"{caseNo}-{k}", CaseNo = caseNo, Type = type, At = at.AddHours(k), ReceivedAt = at.AddHours(k),
                        Actor = "370781-xzsp-01", Body = type == "step-completed" ? "{\"step\":\"S1\"}" : "{}", BodyHash = new byte[32],
                    });
                }
            }

            await Sunlight.Core.Storage.BulkInsert.RunAsync(db, cases, CancellationToken.None);
            await Sunlight.Core.Storage.BulkInsert.RunAsync(db, events, CancellationToken.None);
            await tx.CommitAsync();
        }

        return count;
    }

    private static async Task ReadLatencyAsync(string name, IServiceProvider services, int count)
    {
        var who = new Jurisdiction("370781", "/370000/370700/370781/", Organisation, new HashSet<string>(StringComparer.Ordinal) { SunlightRoles.Clerk });
        var random = new Random(7);
        var samples = new List<double>();
        for (var i = 0; i < 2_200; i++)
        {
            var caseNo = $"R{random.Next(count):D8}";
            var t = Stopwatch.GetTimestamp();
            await using var scope = services.CreateAsyncScope();
            var view = await scope.ServiceProvider.GetRequiredService<CaseReader>().GetAsync(who, caseNo, CancellationToken.None)
                ?? throw new InvalidOperationException($"case {caseNo} not found");
            if (i >= 200)
            {
                samples.Add(Stopwatch.GetElapsedTime(t).TotalMilliseconds);
            }

            GC.KeepAlive(view);
        }

        samples.Sort();
        Console.WriteLine($"{name}: case read (state, events, clock, attachments) over {count:N0}+ cases, 2,000 random: p50 {samples[samples.Count / 2]:F2} ms, p99 {samples[(int)(samples.Count * 0.99)]:F2} ms");
    }

    /// <summary>
    /// Due-instant evaluation with <c>--cases</c> cases of 10 events each loaded (SQLite): the time to evaluate one
    /// ordinary minute's due cases, and the midnight minute when a whole day's deadlines fall due at once.
    /// </summary>
    public static async Task<int> DueAsync(string[] args)
    {
        var count = Option(args, "--cases", 1_000_000);
        var midnight = Option(args, "--midnight", 4_000);
        Console.WriteLine($"# Sunlight due-instant benchmark, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, .NET {Environment.Version}");
        var folder = Directory.CreateTempSubdirectory("sunlight-due-").FullName;
        try
        {
            var app = Node("Sqlite", $"Data Source={Path.Combine(folder, "due.db")}", folder);
            await using var _ = app;
            await SunlightApp.InitialiseAsync(app.Services, app.Configuration, TextWriter.Null, CancellationToken.None);
            var factory = app.Services.GetRequiredService<IDbContextFactory<ServicesDbContext>>();
            // Open cases submitted a fortnight before "now"; due instants spread minute by minute over the next 30
            // days, except `midnight` cases that all fall due at one midnight (a day's deadlines).
            var now = new DateTimeOffset(2026, 3, 2, 10, 0, 0, TimeSpan.FromHours(8)).ToUniversalTime();
            var clock = Stopwatch.StartNew();
            for (var done = 0; done < count; done += 10_000)
            {
                await using var db = await factory.CreateDbContextAsync();
                await using var tx = await db.Database.BeginTransactionAsync();
                var cases = new List<ServiceCase>();
                var events = new List<CaseEvent>();
                for (var i = done; i < Math.Min(count, done + 10_000); i++)
                {
                    var caseNo = $"D{i:D8}";
                    var submitted = now.AddDays(-14).AddMinutes(i % 600);
                    var next = i < midnight ? new DateTimeOffset(2026, 3, 3, 0, 0, 0, TimeSpan.FromHours(8)).ToUniversalTime() : now.AddMinutes(1 + (i % (30 * 24 * 60)));
                    cases.Add(new ServiceCase
                    {
                        CaseNo = caseNo, ItemCode = Item, ItemVersion = 1, ItemName = "生产建设项目水土保持方案审批", OrganisationCode = Organisation, RegionPath = "/370000/370700/370781/",
                        Channel = "system", ApplicantName = "张三", ApplicantIdType = "id-card", ApplicantIdNo = "11010519491231002X", State = "accepted",
                        SubmittedAt = submitted, LastEventAt = submitted.AddHours(9), EventCount = 10, DueAt = submitted.AddDays(14), NextCheckAt = next,
                    });
                    for (var k = 0; k < 10; k++)
                    {
                        var (type, body) = k switch
                        {
                            0 => ("submitted", "{}"),
                            1 => ("accepted", "{}"),
                            2 or 3 => ("step-completed", $"{{\"step\":\"S{k - 1}\"}}"),
                            4 => ("paused", "{\"reason\":\"expert-review\"}"),
                            5 => ("resumed", "{}"),
                            _ => ("fee-charged", "{\"feeCode\":\"X\",\"amount\":0}"),
                        };
                        events.Add(new CaseEvent
                        {
                            SystemId = "load", EventId = $"{caseNo}-{k}", CaseNo = caseNo, Type = type, At = submitted.AddHours(k), ReceivedAt = submitted.AddHours(k),
                            Actor = "370781-xzsp-01", Body = body, BodyHash = new byte[32],
                        });
                    }
                }

                await Sunlight.Core.Storage.BulkInsert.RunAsync(db, cases, CancellationToken.None);
                await Sunlight.Core.Storage.BulkInsert.RunAsync(db, events, CancellationToken.None);
                await tx.CommitAsync();
            }

            Console.WriteLine($"loaded {count:N0} cases and {count * 10:N0} events in {clock.Elapsed.TotalSeconds:F0} s");
            foreach (var (label, at) in new[] { ("an ordinary minute", now.AddMinutes(2).AddSeconds(30)), ("an ordinary minute (again)", now.AddMinutes(3).AddSeconds(30)) })
            {
                await using var scope = app.Services.CreateAsyncScope();
                var supervisor = scope.ServiceProvider.GetRequiredService<CaseSupervisor>();
                clock.Restart();
                var evaluated = await supervisor.RunDueAsync(at, CancellationToken.None);
                Console.WriteLine($"due instants, {label}: {evaluated:N0} cases evaluated in {clock.Elapsed.TotalMilliseconds:F1} ms");
            }

            await using (var scope = app.Services.CreateAsyncScope())
            {
                var supervisor = scope.ServiceProvider.GetRequiredService<CaseSupervisor>();
                clock.Restart();
                var evaluated = await supervisor.RunDueAsync(new DateTimeOffset(2026, 3, 3, 0, 0, 30, TimeSpan.FromHours(8)), CancellationToken.None);
                Console.WriteLine($"due instants, the midnight minute: {evaluated:N0} cases evaluated in {clock.Elapsed.TotalMilliseconds:F0} ms ({clock.Elapsed.TotalMilliseconds / Math.Max(1, evaluated):F2} ms per case)");
            }
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }

        return 0;
    }

    /// <summary>
    /// The demo year through replay (events/s), then the supervision dashboard and the alerts API under
    /// <c>--users</c> concurrent signed-in clients for <c>--seconds</c> (p50/p95 latency).
    /// </summary>
    public static async Task<int> DashboardAsync(string[] args)
    {
        var users = Option(args, "--users", 50);
        var seconds = Option(args, "--seconds", 20);
        var warmup = Option(args, "--warmup", 5);
        Console.WriteLine($"# Sunlight dashboard benchmark, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, .NET {Environment.Version}");
        var folder = Directory.CreateTempSubdirectory("sunlight-dash-").FullName;
        try
        {
            var app = Node("Sqlite", $"Data Source={Path.Combine(folder, "dash.db")}", folder);
            await using var _ = app;
            await SunlightApp.InitialiseAsync(app.Services, app.Configuration, TextWriter.Null, CancellationToken.None);

            // The demo year, timed: generation plus replay through intake and rules on the simulated clock.
            var clock = Stopwatch.StartNew();
            int events;
            await using (var scope = app.Services.CreateAsyncScope())
            {
                events = await DemoYear.SeedAsync(scope.ServiceProvider, CancellationToken.None, force: true);
            }

            Console.WriteLine($"demo year through replay: {events:N0} events in {clock.Elapsed.TotalSeconds:F1} s = {events / clock.Elapsed.TotalSeconds:N0} events/s");

            await app.StartAsync();
            var url = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            string token;
            await using (var scope = app.Services.CreateAsyncScope())
            {
                var accounts = scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<SunlightUser>>();
                var supervisor = (await accounts.FindByNameAsync("supervisor"))!;
                token = (await scope.ServiceProvider.GetRequiredService<ApiTokenService>().IssueAsync(supervisor, "bench", TimeSpan.FromHours(1), CancellationToken.None)).Secret;
            }

            // Pages as a browser fetches them: signed in through the login form, so the cookie carries the person
            // (a bearer token costs two database reads per request that no browser pays). The API with a token, as systems call it.
            using var pageHandler = new SocketsHttpHandler { MaxConnectionsPerServer = users, UseCookies = true, CookieContainer = new System.Net.CookieContainer() };
            using var pages = new HttpClient(pageHandler) { BaseAddress = new Uri(url) };
            await SignInAsync(pages, "supervisor", Sunlight.Core.Directory.Demo.DemoCity.DemoPassword);
            using var apiHandler = new SocketsHttpHandler { MaxConnectionsPerServer = users };
            using var api = new HttpClient(apiHandler) { BaseAddress = new Uri(url) };
            api.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
            // "/" and "/workspace" are the baseline of the same run: what any prerendered page of the shell costs.
            var only = Array.IndexOf(args, "--only") is var o and >= 0 && o + 1 < args.Length ? args[o + 1].Split(',') : null;
            foreach (var path in only ?? ["/", "/workspace", "/supervision", "/supervision?severity=red", "/api/v1/alerts?pageSize=50", "/api/v1/alerts?severity=red&pageSize=50", "/supervision#token"])
            {
                var byToken = path.EndsWith("#token", StringComparison.Ordinal) || path.StartsWith("/api/", StringComparison.Ordinal);
                var http = byToken ? api : pages;
                var target = path.Replace("#token", "", StringComparison.Ordinal);
                var size = 0;
                using (var first = await http.GetAsync(target))
                {
                    first.EnsureSuccessStatusCode();
                    size = (await first.Content.ReadAsByteArrayAsync()).Length;
                    if (first.RequestMessage?.RequestUri?.AbsolutePath.StartsWith("/account", StringComparison.Ordinal) == true)
                    {
                        throw new InvalidOperationException($"{target} did not render for the signed-in supervisor");
                    }
                }

                // Warm-up, not recorded: tiered JIT and caches settle, so the order of the paths does not favour the later ones.
                await LoadAsync(http, target, users, warmup, null);
                var samples = new System.Collections.Concurrent.ConcurrentBag<double>();
                await LoadAsync(http, target, users, seconds, samples);
                var sorted = samples.Order().ToList();
                Console.WriteLine($"{target} ({(byToken ? "bearer token" : "cookie")}) ({size / 1024.0:N0} KB) with {users} concurrent users for {seconds} s: {sorted.Count / (double)seconds:N0} requests/s, p50 {sorted[sorted.Count / 2]:F1} ms, p95 {sorted[(int)(sorted.Count * 0.95)]:F1} ms");
            }

            // The figures behind the dashboard when they must be computed (after every committed alert, at most once a
            // second per jurisdiction and filter): the city's view with many alerts over a year.
            var many = Option(args, "--alerts", 200_000);
            await using (var scope = app.Services.CreateAsyncScope())
            {
                var core = scope.ServiceProvider.GetRequiredService<Sunlight.Core.Storage.CoreDbContext>();
                var organisations = await core.Organisations.AsNoTracking().Select(o => new { o.Code, o.RegionPath }).ToListAsync();
                var rules = scope.ServiceProvider.GetRequiredService<Sunlight.Core.Supervision.AlertService>().Rules;
                var random = new Random(2026);
                var start = DateTimeOffset.UtcNow.AddDays(-365);
                var rows = Enumerable.Range(0, many).Select(i =>
                {
                    var o = organisations[random.Next(organisations.Count)];
                    var rule = rules[random.Next(rules.Count)];
                    return new Sunlight.Core.Supervision.Alert
                    {
                        Rule = rule.Code, Severity = rule.Severity, Subject = $"BENCH{i:D7}", Key = "", OrganisationCode = o.Code, RegionPath = o.RegionPath,
                        DetectedAt = start.AddSeconds(365.0 * 86400 * i / many), Summary = "bench", Evidence = "[]", Status = random.Next(20) == 0 ? "dismissed" : "open",
                    };
                }).ToList();
                await using (var tx = await core.Database.BeginTransactionAsync())
                {
                    await Sunlight.Core.Storage.BulkInsert.RunAsync(core, rows, CancellationToken.None);
                    await tx.CommitAsync();
                }

                var path = await core.Regions.AsNoTracking().Where(r => r.Code == "370700").Select(r => r.Path).SingleAsync();
                var city = new Jurisdiction("370700", path, null, new HashSet<string>(StringComparer.Ordinal) { SunlightRoles.Supervisor });
                var county = new Jurisdiction("370781", path + "370781/", null, new HashSet<string>(StringComparer.Ordinal) { SunlightRoles.Supervisor });
                var dashboard = app.Services.GetRequiredService<Sunlight.Core.Supervision.SupervisionDashboard>();
                var feed = app.Services.GetRequiredService<Sunlight.Core.Supervision.SupervisionFeed>();
                foreach (var (name, who) in new[] { ("city 370700", city), ("county 370781", county) })
                {
                    var times = new List<double>();
                    for (var i = 0; i < 6; i++)
                    {
                        feed.Publish();
                        await Task.Delay(Sunlight.Core.Supervision.SupervisionDashboard.MinAge);
                        var t = Stopwatch.GetTimestamp();
                        var figures = await dashboard.GetAsync(who, null, null);
                        times.Add(Stopwatch.GetElapsedTime(t).TotalMilliseconds);
                        if (i == 0)
                        {
                            Console.WriteLine($"dashboard figures, {name}: {figures.Total:N0} alerts in view");
                        }
                    }

                    times = times.Skip(1).Order().ToList();
                    Console.WriteLine($"dashboard figures recomputed (cache invalidated), {name}, {many:N0} extra alerts: median {times[times.Count / 2]:F0} ms, max {times[^1]:F0} ms");
                }
            }

            await app.StopAsync();
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }

        return 0;
    }

    /// <summary><paramref name="users"/> clients fetching <paramref name="target"/> back to back for <paramref name="seconds"/>; latencies into <paramref name="samples"/>.</summary>
    private static Task LoadAsync(HttpClient http, string target, int users, int seconds, System.Collections.Concurrent.ConcurrentBag<double>? samples)
    {
        var stop = DateTime.UtcNow.AddSeconds(seconds);
        return Task.WhenAll(Enumerable.Range(0, users).Select(async _ =>
        {
            while (DateTime.UtcNow < stop)
            {
                var t = Stopwatch.GetTimestamp();
                using var response = await http.GetAsync(target);
                await response.Content.ReadAsByteArrayAsync();
                response.EnsureSuccessStatusCode();
                samples?.Add(Stopwatch.GetElapsedTime(t).TotalMilliseconds);
            }
        }));
    }

    /// <summary>Signs in through the login form as a browser does (antiforgery token from the page, then the form post).</summary>
    private static async Task SignInAsync(HttpClient client, string user, string password)
    {
        var page = await client.GetStringAsync("/account/login");
        var token = System.Text.RegularExpressions.Regex.Match(page, "name=\"__RequestVerificationToken\"[^>]*?value=\"([^\"]+)\"");
        var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "login", ["__RequestVerificationToken"] = System.Net.WebUtility.HtmlDecode(token.Groups[1].Value),
            ["Input.UserName"] = user, ["Input.Password"] = password,
        });
        using var response = await client.PostAsync("/account/login", form);
        if (response.StatusCode is not (System.Net.HttpStatusCode.OK or System.Net.HttpStatusCode.Redirect or System.Net.HttpStatusCode.Found))
        {
            throw new InvalidOperationException($"sign-in failed: {(int)response.StatusCode}");
        }
    }

    /// <summary>
    /// The whole server in process on a loopback port, as the benches run it: the demo city without its year, no due
    /// timer and no background ledger work (each bench drives what it measures), files and keys in <paramref name="folder"/>.
    /// </summary>
    private static WebApplication Node(string provider, string connection, string folder) => SunlightApp.Build([], b =>
    {
        b.WebHost.UseUrls("http://127.0.0.1:0");
        b.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Sunlight:Database:Provider"] = provider,
            ["ConnectionStrings:Sunlight"] = connection,
            ["Sunlight:Demo:Enabled"] = "true",
            ["Sunlight:Demo:Year"] = "false",
            ["Sunlight:Trading:Demo"] = "false",
            ["Sunlight:Supervision:DueIntervalSeconds"] = "0",
            ["Sunlight:Ledger:KeyFile"] = Path.Combine(folder, $"ledger-{provider}.key"),
            ["Sunlight:Ledger:Background"] = "false",
            ["Sunlight:Files:Root"] = Path.Combine(folder, "attachments"),
            ["Logging:LogLevel:Default"] = "Warning",
        });
    });

    private static int Option(string[] args, string name, int fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
    }
}
