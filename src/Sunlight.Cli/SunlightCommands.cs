using System.Text.Json;
using System.CommandLine;
using System.Globalization;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Sunlight.Core.Accounts;
using Sunlight.Core.Calendar;
using Sunlight.Core.Ledger;
using Sunlight.Core.Storage;
using Sunlight.Server;

namespace Sunlight.Cli;

/// <summary>
/// The <c>sunlight</c> command. It reads the same configuration as the server (appsettings.json in the current
/// folder, then environment variables such as <c>ConnectionStrings__Sunlight</c> and <c>Sunlight__Database__Provider</c>).
/// </summary>
internal static class SunlightCommands
{
    public static RootCommand Build()
    {
        var root = new RootCommand("阳光监察 Sunlight — command-line tools. Configuration: appsettings.json in the current folder and environment variables (ConnectionStrings__Sunlight, Sunlight__Database__Provider).");
        root.Subcommands.Add(Serve());
        root.Subcommands.Add(Db());
        root.Subcommands.Add(Accounts());
        root.Subcommands.Add(CalendarCommands());
        root.Subcommands.Add(LedgerCommands());
        root.Subcommands.Add(SystemsCommands());
        root.Subcommands.Add(ImportCommands());
        root.Subcommands.Add(ReplayCommands());
        return root;
    }

    private static Command Serve()
    {
        var urls = new Option<string?>("--urls") { Description = "Where to listen, e.g. http://localhost:5080 (default from appsettings.json)." };
        var command = new Command("serve", "Start the server (same as dotnet run --project src/Sunlight.Server).") { urls };
        command.SetAction(async (parse, ct) =>
        {
            var args = parse.GetValue(urls) is { } u ? new[] { "--urls", u } : [];
            var app = SunlightApp.Build(args);
            await SunlightApp.InitialiseAsync(app.Services, app.Configuration, Console.Out, ct);
            SunlightApp.PrintWelcome(app, Console.Out);
            await app.RunAsync(ct);
            return 0;
        });
        return command;
    }

    private static Command Db()
    {
        var demo = new Option<bool>("--demo") { Description = "Also seed the demo city when the database is empty." };
        var migrate = new Command("migrate", "Create or upgrade the database and load reference data (roles, calendar).") { demo };
        migrate.SetAction(async (parse, ct) =>
        {
            await using var node = await Node.OpenAsync(parse.GetValue(demo), ct);
            var options = node.Services.GetRequiredService<DatabaseOptions>();
            Console.WriteLine($"数据库已是最新 (database is up to date): {options.Provider}");
            return 0;
        });
        return new Command("db", "Database tools.") { migrate };
    }

    private static Command Accounts()
    {
        var list = new Command("list", "List accounts with their roles and jurisdiction.");
        list.SetAction(async (parse, ct) =>
        {
            await using var node = await Node.OpenAsync(false, ct);
            await using var scope = node.Services.CreateAsyncScope();
            var users = scope.ServiceProvider.GetRequiredService<UserManager<SunlightUser>>();
            foreach (var user in await users.Users.OrderBy(u => u.UserName).ToListAsync(ct))
            {
                var roles = await users.GetRolesAsync(user);
                Console.WriteLine($"{user.UserName,-28} {string.Join(",", roles),-16} region {user.RegionCode,-9} org {user.OrganisationCode ?? "-",-16} 2FA {(user.TwoFactorEnabled ? "on" : "off")}");
            }

            return 0;
        });

        var userArg = new Argument<string>("user") { Description = "User name." };
        var tokenName = new Option<string>("--name") { Description = "A label for the token.", DefaultValueFactory = _ => "CLI" };
        var days = new Option<int>("--days") { Description = "Days until it expires; 0 = never.", DefaultValueFactory = _ => 90 };
        var token = new Command("token", "Issue an API bearer token for a user; the token is printed alone on the last line.") { userArg, tokenName, days };
        token.SetAction(async (parse, ct) =>
        {
            await using var node = await Node.OpenAsync(false, ct);
            await using var scope = node.Services.CreateAsyncScope();
            var users = scope.ServiceProvider.GetRequiredService<UserManager<SunlightUser>>();
            var name = parse.GetValue(userArg)!;
            var user = await users.FindByNameAsync(name);
            if (user is null)
            {
                await Console.Error.WriteLineAsync($"没有用户 {name} (no such user: {name}). 用 'sunlight accounts list' 查看 (see 'sunlight accounts list').");
                return 2;
            }

            var d = parse.GetValue(days);
            if (d is < 0 or > 3650)
            {
                await Console.Error.WriteLineAsync("--days 须在 0 到 3650 之间 (--days must be between 0 and 3650).");
                return 2;
            }

            var issued = await scope.ServiceProvider.GetRequiredService<ApiTokenService>().IssueAsync(user, parse.GetValue(tokenName)!, d == 0 ? null : TimeSpan.FromDays(d), ct);
            await scope.ServiceProvider.GetRequiredService<AuditLog>().WriteAsync("token-created", user.UserName, null, "cli", issued.Token.Prefix, ct);
            Console.WriteLine($"# token for {user.UserName}, expires {(issued.Token.ExpiresAt is { } e ? e.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : "never")}; use as: Authorization: Bearer <token>");
            Console.WriteLine(issued.Secret);
            return 0;
        });

        var role = new Option<string>("--role") { Description = "One of " + string.Join(", ", SunlightRoles.All), Required = true };
        var region = new Option<string>("--region") { Description = "Region code of the jurisdiction, e.g. 370781.", Required = true };
        var organisation = new Option<string?>("--organisation") { Description = "Organisation code (required for Clerk, DepartmentHead, TradingOperator)." };
        var password = new Option<string>("--password") { Description = "Initial password (10+ characters, upper, lower, digit, symbol).", Required = true };
        var create = new Command("create", "Create an account.") { userArg, role, region, organisation, password };
        create.SetAction(async (parse, ct) =>
        {
            await using var node = await Node.OpenAsync(false, ct);
            await using var scope = node.Services.CreateAsyncScope();
            try
            {
                var user = await scope.ServiceProvider.GetRequiredService<AccountService>().CreateAsync(
                    parse.GetValue(userArg)!, parse.GetValue(password)!, parse.GetValue(role)!, parse.GetValue(region)!, parse.GetValue(organisation), null, ct);
                Console.WriteLine($"已创建 created {user.UserName}");
                return 0;
            }
            catch (Exception e) when (e is ArgumentException or InvalidOperationException)
            {
                await Console.Error.WriteLineAsync(e.Message);
                return 2;
            }
        });

        var unlock = new Command("unlock", "Clear a lockout after failed sign-ins.") { userArg };
        unlock.SetAction(async (parse, ct) =>
        {
            await using var node = await Node.OpenAsync(false, ct);
            await using var scope = node.Services.CreateAsyncScope();
            var users = scope.ServiceProvider.GetRequiredService<UserManager<SunlightUser>>();
            var user = await users.FindByNameAsync(parse.GetValue(userArg)!);
            if (user is null)
            {
                await Console.Error.WriteLineAsync($"没有用户 {parse.GetValue(userArg)} (no such user).");
                return 2;
            }

            await users.SetLockoutEndDateAsync(user, null);
            await users.ResetAccessFailedCountAsync(user);
            Console.WriteLine($"已解锁 unlocked {user.UserName}");
            return 0;
        });

        return new Command("accounts", "Accounts and API tokens.") { list, create, token, unlock };
    }

    private static Command CalendarCommands()
    {
        var date = new Argument<string>("date") { Description = "YYYY-MM-DD" };
        var n = new Argument<int>("n") { Description = "Number of days; negative goes back." };
        var addWorkdays = new Command("add-workdays", "Print the n-th working day after date (date itself not counted).") { date, n };
        addWorkdays.SetAction((parse, ct) => WithCalendar(parse.GetValue(date)!, (cal, d) =>
        {
            var result = cal.AddWorkdays(d, parse.GetValue(n));
            return (result.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), cal.AnyProvisional(d, result));
        }, ct));

        var addDays = new Command("add-days", "Print date plus n natural days (自然日).") { date, n };
        addDays.SetAction((parse, ct) => WithCalendar(parse.GetValue(date)!, (cal, d) =>
            (d.AddDays(parse.GetValue(n)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), false), ct));

        var isWorkday = new Command("is-workday", "Print 'true' or 'false', then why (weekday, weekend, holiday, adjusted working day).") { date };
        isWorkday.SetAction((parse, ct) => WithCalendar(parse.GetValue(date)!, (cal, d) =>
        {
            var info = cal.Describe(d);
            return ($"{(info.IsWorkday ? "true" : "false")}\t{info.Reason}{(info.Name is null ? "" : "\t" + info.Name)}", info.Provisional);
        }, ct));

        var to = new Argument<string>("to") { Description = "YYYY-MM-DD" };
        var count = new Command("count-workdays", "Print the number of working days after date, up to and including to.") { date, to };
        count.SetAction((parse, ct) => WithCalendar(parse.GetValue(date)!, (cal, d) =>
            ParseDate(parse.GetValue(to)!) is { } t
                ? (cal.CountWorkdays(d, t).ToString(CultureInfo.InvariantCulture), cal.AnyProvisional(d, t))
                : throw new FormatException($"日期 \"{parse.GetValue(to)}\" 无效，应为 YYYY-MM-DD (invalid date)."), ct));

        return new Command("calendar", "Working-day calendar (official holidays and 调休).") { addWorkdays, addDays, isWorkday, count };
    }

    private static Command LedgerCommands()
    {
        var vkeys = new Option<string[]>("--vkey")
        {
            Description = "Verifier key(s) to check checkpoints with (default: this node's key and Sunlight:Ledger:PreviousKeys).",
            AllowMultipleArgumentsPerToken = true,
        };
        var verify = new Command("verify", "Recompute every leaf from the stored bodies, rebuild the tree, check every tile, checkpoint signature and the consistency of successive checkpoints. Exit 0 when intact; 1 naming the first bad sequence number.") { vkeys };
        verify.SetAction(async (parse, ct) =>
        {
            // Read-only: no migration, no integration, nothing signed before the check.
            await using var node = await Node.OpenAsync(false, ct, initialise: false);
            await using var scope = node.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<Sunlight.Core.Storage.CoreDbContext>();
            var options = node.Services.GetRequiredService<LedgerOptions>();
            IReadOnlyList<NoteVerifier> verifiers;
            try
            {
                verifiers = parse.GetValue(vkeys) is { Length: > 0 } given
                    ? given.Select(NoteVerifier.ParseVerifierKey).ToList()
                    : node.Services.GetRequiredService<LedgerKeys>().Verifiers;
            }
            catch (FormatException e)
            {
                await Console.Error.WriteLineAsync($"--vkey: {e.Message}");
                return 2;
            }

            var origin = verifiers[0].Name;
            var bar = new ProgressBar("verify");
            var report = await new LedgerVerifier(db, verifiers, origin).VerifyAsync(bar, ct);
            bar.Done();
            var rate = report.Elapsed.TotalSeconds > 0 ? report.Records / report.Elapsed.TotalSeconds : 0;
            if (report.Intact)
            {
                Console.WriteLine($"账本完整 ledger intact: {report.Records:N0} records, tree size {report.TreeSize:N0}, {report.Checkpoints} checkpoints, {report.Elapsed.TotalSeconds:F1} s ({rate:N0} records/s)");
                return 0;
            }

            Console.WriteLine($"账本被篡改 LEDGER NOT INTACT at sequence {report.Problem!.Sequence?.ToString(CultureInfo.InvariantCulture) ?? "-"}: {report.Problem.Message}");
            return 1;
        });

        var checkpoint = new Command("checkpoint", "Integrate new records and sign a checkpoint now; print it.");
        checkpoint.SetAction(async (parse, ct) =>
        {
            await using var node = await Node.OpenAsync(false, ct);
            var signed = await node.Services.GetRequiredService<LedgerIntegrator>().CheckpointAsync(ct);
            Console.Write(signed.Note);
            return 0;
        });

        var key = new Command("key", "Print this node's verifier key (C2SP vkey) and its cosigner key.");
        key.SetAction(async (parse, ct) =>
        {
            await using var node = await Node.OpenAsync(false, ct, initialise: false);
            var keys = node.Services.GetRequiredService<LedgerKeys>();
            Console.WriteLine(keys.VerifierKey);
            Console.WriteLine(keys.CosignerKey);
            return 0;
        });

        return new Command("ledger", "The tamper-evident ledger.") { verify, checkpoint, key };
    }

    private static Command ImportCommands()
    {
        var file = new Argument<FileInfo>("file") { Description = "NDJSON file of case events (the exchange format)." };
        var system = new Option<string>("--system") { Description = "The registered system the events come from (its id scopes idempotency and organisation).", Required = true };
        var caseEvents = new Command("case-events", "Load case events from a file through the same checks as the intake API, in batches of 1,000, with a progress bar; recorded as an import (who, when, counts).") { file, system };
        caseEvents.SetAction(async (parse, ct) =>
        {
            var path = parse.GetValue(file)!;
            if (!path.Exists)
            {
                await Console.Error.WriteLineAsync($"文件不存在 (no such file): {path.FullName}");
                return 2;
            }

            await using var node = await Node.OpenAsync(false, ct);
            var factory = node.Services.GetRequiredService<Microsoft.EntityFrameworkCore.IDbContextFactory<Sunlight.Services.Storage.ServicesDbContext>>();
            Sunlight.Services.Cases.ExchangeSystem? sender;
            await using (var db = await factory.CreateDbContextAsync(ct))
            {
                sender = await db.Systems.AsNoTracking().FirstOrDefaultAsync(x => x.Id == parse.GetValue(system), ct);
            }

            if (sender is null)
            {
                await Console.Error.WriteLineAsync($"没有系统 {parse.GetValue(system)}：先用 'sunlight systems add' 登记 (no such system; register it first).");
                return 2;
            }

            var total = File.ReadLines(path.FullName).LongCount();
            var bar = new ProgressBar("import");
            long done = 0, accepted = 0, duplicates = 0, rejected = 0;
            var batch = new List<string>(1000);
            var firstLine = 1L;
            async Task FlushAsync()
            {
                await using var scope = node.Services.CreateAsyncScope();
                var result = await scope.ServiceProvider.GetRequiredService<Sunlight.Services.Cases.CaseIntake>().IngestAsync(sender.Id, sender.OrganisationCode, batch, ct);
                accepted += result.Accepted;
                duplicates += result.Duplicates;
                rejected += result.Rejected.Count;
                foreach (var r in result.Rejected.Take(20))
                {
                    await Console.Error.WriteLineAsync($"line {firstLine + r.Line - 1}: {r.Error}");
                }

                done += batch.Count;
                firstLine += batch.Count;
                batch.Clear();
                bar.Report((done, total));
            }

            foreach (var line in File.ReadLines(path.FullName))
            {
                batch.Add(line);
                if (batch.Count == 1000)
                {
                    await FlushAsync();
                }
            }

            if (batch.Count > 0)
            {
                await FlushAsync();
            }

            bar.Done();
            await using (var scope = node.Services.CreateAsyncScope())
            {
                var core = scope.ServiceProvider.GetRequiredService<Sunlight.Core.Storage.CoreDbContext>();
                await using var unit = await Sunlight.Core.Storage.UnitOfWork.BeginAsync(core, ct);
                unit.Record(RecordDraft.Json("services.import.case-events", sender.Id, new
                {
                    file = path.Name, lines = total, accepted, duplicates, rejected, by = Environment.UserName, at = DateTimeOffset.UtcNow,
                }, sender.RegionPath));
                await unit.CommitAsync(ct);
            }

            Console.WriteLine($"导入完成 imported: {accepted:N0} accepted, {duplicates:N0} duplicates, {rejected:N0} rejected of {total:N0} lines");
            return rejected == 0 ? 0 : 1;
        });
        return new Command("import", "Bulk loads (migrations from older systems).") { caseEvents };
    }

    private static Command ReplayCommands()
    {
        var file = new Argument<FileInfo>("file") { Description = "NDJSON file of case events (the exchange format; an optional receivedAt per line says when it arrived)." };
        var until = new Option<string?>("--until") { Description = "Stop the simulated clock at this instant (ISO 8601 with offset; default now)." };
        var output = new Option<FileInfo?>("--out") { Description = "Write one JSON line per alert raised (rule, severity, subject, key, detectedAt, dueAt, summary, evidence)." };
        var caseEvents = new Command("case-events",
            "Replay events on a simulated clock through the same intake and rules, on a copy of this node's SQLite database (the node itself is not touched): what would these events have raised?")
        { file, until, output };
        caseEvents.SetAction(async (parse, ct) =>
        {
            var path = parse.GetValue(file)!;
            if (!path.Exists)
            {
                await Console.Error.WriteLineAsync($"文件不存在 (no such file): {path.FullName}");
                return 2;
            }

            var stop = DateTimeOffset.UtcNow;
            if (parse.GetValue(until) is { } text && !DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out stop))
            {
                await Console.Error.WriteLineAsync($"--until \"{text}\" 不是带时区的 ISO 8601 时间，例如 2025-12-31T23:59:59+08:00 (not an ISO 8601 instant)");
                return 2;
            }

            // A copy of the node's database: the replay writes its cases and alerts there, never into the node.
            var copy = Path.Combine(Path.GetTempPath(), $"sunlight-replay-{Guid.NewGuid():N}.db");
            await using (var node = await Node.OpenAsync(false, ct))
            {
                var database = node.Services.GetRequiredService<Sunlight.Core.Storage.DatabaseOptions>();
                if (database.Provider != Sunlight.Core.Storage.DatabaseProvider.Sqlite)
                {
                    await Console.Error.WriteLineAsync("replay 在 SQLite 节点的副本上运行；PostgreSQL 节点请先把库还原为副本再指向它 (replay runs on a copy of a SQLite node; for PostgreSQL restore a copy and point ConnectionStrings__Sunlight at it).");
                    return 2;
                }

                await using var scope = node.Services.CreateAsyncScope();
                var core = scope.ServiceProvider.GetRequiredService<Sunlight.Core.Storage.CoreDbContext>();
                // VACUUM INTO takes its file name as a bound value too.
                await core.Database.ExecuteSqlAsync($"VACUUM INTO {copy}", ct);
            }

            try
            {
                await using var replay = await Node.OpenAsync(false, ct, connectionString: $"Data Source={copy}");
                await using var scope = replay.Services.CreateAsyncScope();
                var core = scope.ServiceProvider.GetRequiredService<Sunlight.Core.Storage.CoreDbContext>();
                var before = await core.Alerts.AsNoTracking().Select(a => (long?)a.Id).MaxAsync(ct) ?? 0;
                var bar = new ProgressBar("replay");
                var result = await scope.ServiceProvider.GetRequiredService<Sunlight.Services.Cases.Replayer>()
                    .RunAsync(File.ReadLines(path.FullName), stop, (done, total) => bar.Report((done, total)), ct);
                bar.Done();
                foreach (var r in result.Rejected.Take(20))
                {
                    await Console.Error.WriteLineAsync($"line {r.Line}: {r.Error}");
                }

                var raised = await core.Alerts.AsNoTracking().Where(a => a.Id > before).OrderBy(a => a.Id).ToListAsync(ct);
                if (parse.GetValue(output) is { } outFile)
                {
                    await using var writer = new StreamWriter(outFile.FullName, false, new System.Text.UTF8Encoding(false));
                    foreach (var a in raised)
                    {
                        await writer.WriteLineAsync(JsonSerializer.Serialize(new
                        {
                            rule = a.Rule, severity = a.Severity, subject = a.Subject, key = a.Key, organisation = a.OrganisationCode, detectedAt = a.DetectedAt, dueAt = a.DueAt,
                            summary = a.Summary, evidence = JsonSerializer.Deserialize<List<string>>(a.Evidence),
                        }, ReplayJson));
                    }
                }

                Console.WriteLine($"回放完成 replayed: {result.Accepted:N0} events accepted, {result.Duplicates:N0} duplicates, {result.Rejected.Count:N0} rejected of {result.Events:N0} lines; clock stopped at {stop:O}; {result.DueRounds:N0} due rounds");
                foreach (var g in raised.GroupBy(a => a.Rule).OrderBy(g => g.Key, StringComparer.Ordinal))
                {
                    Console.WriteLine($"  {g.Key,-26} {g.Count(),6}");
                }

                Console.WriteLine($"预警 alerts: {raised.Count:N0}");
                return result.Rejected.Count == 0 ? 0 : 1;
            }
            finally
            {
                Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
                File.Delete(copy);
            }
        });
        return new Command("replay", "Re-run history through the rules on a simulated clock.") { caseEvents };
    }

    private static readonly JsonSerializerOptions ReplayJson = new(JsonSerializerDefaults.Web)
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private static Command SystemsCommands()
    {
        var id = new Argument<string>("id") { Description = "System id, e.g. qz-scjg-approval." };
        var organisation = new Option<string>("--organisation") { Description = "Organisation code whose cases the system reports, e.g. 370781-scjg.", Required = true };
        var add = new Command("add", "Register a department system for signed case-event intake; the secret is printed alone on the last line (shown once).") { id, organisation };
        add.SetAction(async (parse, ct) =>
        {
            await using var node = await Node.OpenAsync(false, ct);
            await using var scope = node.Services.CreateAsyncScope();
            try
            {
                var created = await scope.ServiceProvider.GetRequiredService<Sunlight.Services.Cases.ExchangeSystems>()
                    .AddAsync(null, parse.GetValue(id)!, parse.GetValue(organisation)!, ct);
                Console.WriteLine($"# system {created.Id} for {created.Organisation}; sign requests with HMAC-SHA256(timestamp + \"\\n\" + body) under this secret:");
                Console.WriteLine(created.Secret);
                return 0;
            }
            catch (ArgumentException e)
            {
                await Console.Error.WriteLineAsync(e.Message);
                return 2;
            }
        });

        var rotate = new Command("rotate", "Replace a system's secret; the new one is printed alone on the last line.") { id };
        rotate.SetAction(async (parse, ct) =>
        {
            await using var node = await Node.OpenAsync(false, ct);
            await using var scope = node.Services.CreateAsyncScope();
            var rotated = await scope.ServiceProvider.GetRequiredService<Sunlight.Services.Cases.ExchangeSystems>().RotateAsync(null, parse.GetValue(id)!, ct);
            if (rotated is null)
            {
                await Console.Error.WriteLineAsync($"没有系统 {parse.GetValue(id)} (no such system).");
                return 2;
            }

            Console.WriteLine(rotated.Secret);
            return 0;
        });

        return new Command("systems", "Department systems that push case events.") { add, rotate };
    }

    /// <summary>A progress bar on standard error: redrawn in place on a terminal, every 10% in a log.</summary>
    private sealed class ProgressBar(string label) : IProgress<(long Done, long Total)>
    {
        private int _lastTenth = -1;

        public void Report((long Done, long Total) value)
        {
            var fraction = value.Total == 0 ? 1 : (double)value.Done / value.Total;
            var filled = (int)(fraction * 30);
            var line = $"{label} [{new string('#', filled)}{new string('.', 30 - filled)}] {fraction:P0} {value.Done:N0}/{value.Total:N0}";
            if (!Console.IsErrorRedirected)
            {
                Console.Error.Write("\r" + line);
            }
            else if ((int)(fraction * 10) != _lastTenth)
            {
                _lastTenth = (int)(fraction * 10);
                Console.Error.WriteLine(line);
            }
        }

        public void Done()
        {
            if (!Console.IsErrorRedirected && _lastTenth != int.MinValue)
            {
                Console.Error.WriteLine();
            }
        }
    }

    private static async Task<int> WithCalendar(string dateText, Func<WorkCalendar, DateOnly, (string Text, bool Provisional)> answer, CancellationToken ct)
    {
        if (ParseDate(dateText) is not { } d)
        {
            await Console.Error.WriteLineAsync($"日期 \"{dateText}\" 无效，应为 YYYY-MM-DD，例如 2025-01-20 (invalid date; use YYYY-MM-DD).");
            return 2;
        }

        await using var node = await Node.OpenAsync(false, ct);
        try
        {
            var calendar = node.Services.GetRequiredService<CalendarService>().Current;
            var (text, provisional) = answer(calendar, d);
            Console.WriteLine(text);
            if (provisional)
            {
                await Console.Error.WriteLineAsync("暂定：所涉年份的国务院节假日安排尚未录入，按法定节假日推算，不计调休 (provisional: a year involved has no holiday notice loaded; reckoned from the statutory holidays)");
            }

            return 0;
        }
        catch (Exception e) when (e is CalendarCoverageException or ArgumentOutOfRangeException or FormatException)
        {
            await Console.Error.WriteLineAsync(e.Message);
            return 3;
        }
    }

    private static DateOnly? ParseDate(string text) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : null;

    /// <summary>The node's services without the web server: migrated, reference data loaded.</summary>
    private sealed class Node : IAsyncDisposable
    {
        private readonly WebApplication _app;

        private Node(WebApplication app) => _app = app;

        public IServiceProvider Services => _app.Services;

        public static async Task<Node> OpenAsync(bool demo, CancellationToken ct, bool initialise = true, string? connectionString = null)
        {
            var app = SunlightApp.Build([], b =>
            {
                b.Logging.SetMinimumLevel(LogLevel.Warning);
                b.Configuration["Sunlight:Demo:Enabled"] = demo ? "true" : "false";
                b.Configuration["Sunlight:Ledger:Background"] = "false";
                b.Configuration["Sunlight:Supervision:DueIntervalSeconds"] = "0";
                if (connectionString is not null)
                {
                    b.Configuration["ConnectionStrings:Sunlight"] = connectionString;
                    b.Configuration["Sunlight:Database:Provider"] = "Sqlite";
                }
            });
            if (initialise)
            {
                await SunlightApp.InitialiseAsync(app.Services, app.Configuration, Console.Error, ct);
            }

            return new Node(app);
        }

        public ValueTask DisposeAsync() => _app.DisposeAsync();
    }
}
