using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Sunlight.Core.Exchange;
using Sunlight.Core.Ledger;
using Sunlight.Core.Modules;
using Sunlight.Core.Storage;
using Sunlight.Core.Supervision;
using Sunlight.Services.Cases;

namespace Sunlight.Services;

/// <summary>
/// The services module's commands: <c>sunlight import case-events</c>, <c>sunlight replay case-events</c>.
/// </summary>
internal static class ServicesCommands
{
    public static IEnumerable<ModuleCommand> All(ICommandNode node) =>
        [new(Import(node), "import"), new(Replay(node), "replay")];

    private static Command Import(ICommandNode node)
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

            await using var session = await node.OpenAsync(CommandNodeOptions.Default, ct);
            ExchangeSender? sender;
            await using (var lookup = session.Services.CreateAsyncScope())
            {
                sender = await lookup.ServiceProvider.GetRequiredService<ExchangeSystems>().FindAsync(parse.GetValue(system)!, ct);
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
                await using var scope = session.Services.CreateAsyncScope();
                var result = await scope.ServiceProvider.GetRequiredService<CaseIntake>().IngestAsync(sender.SystemId, sender.OrganisationCode, batch, ct);
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
            await using (var scope = session.Services.CreateAsyncScope())
            {
                var clock = scope.ServiceProvider.GetRequiredService<TimeProvider>();
                await using var unit = await scope.ServiceProvider.GetRequiredService<Units>().BeginAsync(ct);
                unit.Record(RecordDraft.Json("services.import.case-events", sender.SystemId, new
                {
                    file = path.Name, lines = total, accepted, duplicates, rejected, by = Environment.UserName, at = clock.GetUtcNow(),
                }, sender.RegionPath));
                await unit.CommitAsync(ct);
            }

            Console.WriteLine($"导入完成 imported: {accepted:N0} accepted, {duplicates:N0} duplicates, {rejected:N0} rejected of {total:N0} lines");
            return rejected == 0 ? 0 : 1;
        });
        return caseEvents;
    }

    private static Command Replay(ICommandNode node)
    {
        var file = new Argument<FileInfo>("file") { Description = "NDJSON file of case events (the exchange format; an optional receivedAt per line says when it arrived)." };
        var until = new Option<string?>("--until") { Description = "Stop the simulated clock at this instant (ISO 8601 with offset; default now)." };
        var output = new Option<FileInfo?>("--out") { Description = "Write the alerts raised as findings, one JSON line each (rule, severity, subject, key, organisation, region, detectedAt, dueAt, summary, evidence, extra), sorted by rule, subject and key." };
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

            DateTimeOffset? stop = null;
            if (parse.GetValue(until) is { } text)
            {
                if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var at))
                {
                    await Console.Error.WriteLineAsync($"--until \"{text}\" 不是带时区的 ISO 8601 时间，例如 2025-12-31T23:59:59+08:00 (not an ISO 8601 instant)");
                    return 2;
                }

                stop = at;
            }

            // A copy of the node's database: the replay writes its cases and alerts there, never into the node.
            var copy = Path.Combine(Path.GetTempPath(), $"sunlight-replay-{Guid.NewGuid():N}.db");
            await using (var session = await node.OpenAsync(CommandNodeOptions.Default, ct))
            {
                try
                {
                    await session.SnapshotAsync(copy, ct);
                }
                catch (NotSupportedException e)
                {
                    await Console.Error.WriteLineAsync(e.Message);
                    return 2;
                }

                stop ??= session.Services.GetRequiredService<TimeProvider>().GetUtcNow();
            }

            try
            {
                await using var replay = await node.OpenAsync(new CommandNodeOptions(SqliteFile: copy), ct);
                await using var scope = replay.Services.CreateAsyncScope();
                var alerts = scope.ServiceProvider.GetRequiredService<AlertService>();
                var before = await alerts.LastIdAsync(ct);
                var bar = new ProgressBar("replay");
                var result = await scope.ServiceProvider.GetRequiredService<Replayer>()
                    .RunAsync(File.ReadLines(path.FullName), stop.Value, (done, total) => bar.Report((done, total)), ct);
                bar.Done();
                foreach (var r in result.Rejected.Take(20))
                {
                    await Console.Error.WriteLineAsync($"line {r.Line}: {r.Error}");
                }

                var raised = await alerts.RaisedAfterAsync(before, ct);
                if (parse.GetValue(output) is { } outFile)
                {
                    await FindingsWriter.WriteAsync(outFile.FullName, raised.Select(Finding.From), ct);
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
        return caseEvents;
    }
}
