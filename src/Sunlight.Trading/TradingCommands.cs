using System.CommandLine;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Sunlight.Core.Directory;
using Sunlight.Core.Modules;
using Sunlight.Trading.Ocds;

namespace Sunlight.Trading;

/// <summary>The trading module's commands: <c>sunlight trading import-ocds</c>, <c>sunlight trading export-ocds</c>.</summary>
internal static class TradingCommands
{
    public static IEnumerable<ModuleCommand> All(ICommandNode node)
    {
        var trading = new Command("trading", "Public-resource trading: OCDS in and out (trading.md).") { Import(node), Export(node), DemoOcds(), VerifyDraw() };
        return [new(trading), new(Flags.FlagCommands.Build())];
    }

    private static Command Import(ICommandNode node)
    {
        var file = new Argument<FileInfo>("file") { Description = "A release package, a record package, or NDJSON of releases or compiled releases (UTF-8)." };
        var centre = new Option<string?>("--centre") { Description = "Accept only processes of this trading centre (directory code, e.g. 370781-ggzy); required with --foreign." };
        var foreign = new Option<bool>("--foreign") { Description = "Another publisher's data, for reference: check OCDS only (no CNY, tradingKind, GB ids or centre in the data) and file every process under --centre." };
        var command = new Command("import-ocds", "Load OCDS through the same checks, merge and ledger records as POST /api/v1/trading/ocds, in batches of 1,000 releases, with a progress bar; rejected releases are listed with their JSON path.")
        { file, centre, foreign };
        command.SetAction(async (parse, ct) =>
        {
            var path = parse.GetValue(file)!;
            if (!path.Exists)
            {
                await Console.Error.WriteLineAsync($"文件不存在 (no such file): {path.FullName}");
                return 2;
            }

            var centreCode = parse.GetValue(centre);
            var isForeign = parse.GetValue(foreign);
            if (isForeign && centreCode is null)
            {
                await Console.Error.WriteLineAsync("--foreign 须同时给出 --centre (--foreign needs --centre: the centre the reference data is filed under).");
                return 2;
            }

            await using var session = await node.OpenAsync(CommandNodeOptions.Default, ct);
            if (centreCode is not null)
            {
                await using var lookup = session.Services.CreateAsyncScope();
                var facts = await lookup.ServiceProvider.GetRequiredService<IDirectory>().OrganisationAsync(centreCode, ct);
                if (facts is not { Kind: OrganisationKind.TradingCentre })
                {
                    await Console.Error.WriteLineAsync($"{centreCode} 不是目录中的交易中心 (not a trading centre of the directory).");
                    return 2;
                }
            }

            var bytes = await File.ReadAllBytesAsync(path.FullName, ct);
            var ndjson = path.Extension is ".ndjson" or ".jsonl";
            List<OcdsItem> items;
            if (ndjson || bytes.Length > OcdsIntake.MaxBytes)
            {
                // Lines are read one by one, any number of them (the 10,000 limit is per request, not per file).
                items = [];
                var number = 0;
                foreach (var line in File.ReadLines(path.FullName, Encoding.UTF8))
                {
                    number++;
                    if (!string.IsNullOrWhiteSpace(line))
                    {
                        items.Add(new OcdsItem(number, null, number == 1 ? line.TrimStart('\uFEFF') : line));
                    }
                }
            }
            else
            {
                var (read, problem) = OcdsInput.Read(bytes, ndjson: false);
                if (read is null)
                {
                    await Console.Error.WriteLineAsync(problem);
                    return 1;
                }

                items = [.. read];
            }

            var scope = isForeign
                ? new OcdsScope("cli", OcdsProfile.Foreign, _ => true, "command line") { FixedCentre = centreCode }
                : new OcdsScope("cli", OcdsProfile.Trade, c => centreCode is null || c.Code == centreCode, centreCode is null ? "any centre of the node" : $"--centre {centreCode}");
            var bar = new ProgressBar("import-ocds");
            long accepted = 0, duplicates = 0, rejected = 0, done = 0, shown = 0;
            foreach (var batch in items.Chunk(1000))
            {
                await using var work = session.Services.CreateAsyncScope();
                var answer = await work.ServiceProvider.GetRequiredService<OcdsIntake>().IngestAsync(batch, scope, ct);
                accepted += answer.Accepted;
                duplicates += answer.Duplicates;
                rejected += answer.Results.Count(r => r.Status == OcdsResult.Rejected);
                foreach (var r in answer.Rejected.TakeWhile(_ => shown++ < 50))
                {
                    await Console.Error.WriteLineAsync($"{(r.Line is { } l ? $"line {l}" : $"index {r.Index}")} {r.Id} {r.Path}: {r.Error}");
                }

                done += batch.Length;
                bar.Report((done, items.Count));
            }

            bar.Done();
            Console.WriteLine($"导入完成 imported: {accepted:N0} accepted, {duplicates:N0} duplicates, {rejected:N0} rejected of {items.Count:N0} releases");
            return rejected == 0 ? 0 : 1;
        });
        return command;
    }

    private static Command VerifyDraw()
    {
        var file = new Argument<FileInfo>("proof") { Description = "A draw's proof, as GET /api/v1/trading/draws/{id}/proof answers it." };
        var command = new Command("verify-draw", "Recomputes a draw offline from its proof: the checkpoint's signature, the commitment's inclusion, the cosignature, the seed and the committee; exit 0 when they all hold.") { file };
        command.SetAction(async (parse, ct) =>
        {
            var path = parse.GetValue(file)!;
            if (!path.Exists)
            {
                await Console.Error.WriteLineAsync($"文件不存在 (no such file): {path.FullName}");
                return 2;
            }

            System.Text.Json.Nodes.JsonNode? proof;
            try
            {
                proof = System.Text.Json.Nodes.JsonNode.Parse(await File.ReadAllTextAsync(path.FullName, ct));
            }
            catch (System.Text.Json.JsonException e)
            {
                await Console.Error.WriteLineAsync($"不是 JSON (not JSON): {e.Message}");
                return 2;
            }

            var problem = proof is null ? "the file is empty" : Draws.DrawProof.Verify(proof);
            if (problem is not null)
            {
                await Console.Error.WriteLineAsync($"抽取证明不成立 (the draw does not verify): {problem}");
                return 1;
            }

            Console.WriteLine("抽取证明成立 (the draw verifies): the commitment is in the signed checkpoint and the committee is the one its seed gives.");
            return 0;
        });
        return command;
    }

    private static Command DemoOcds()
    {
        var releases = new Option<int>("--releases") { Description = "How many compiled releases (processes) to write.", DefaultValueFactory = _ => 1000 };
        var seed = new Option<int>("--seed") { Description = "The generator's seed (the same seed, the same file).", DefaultValueFactory = _ => 2026 };
        var output = new Option<FileInfo>("--out") { Description = "The NDJSON file to write.", Required = true };
        var command = new Command("demo-ocds", "Writes a year of demo trades as NDJSON of compiled releases: clean processes that raise nothing and, from 1,000 releases on, three planted cases of every rule when the size leaves room for them (about 500 releases and more; the plan goes to FILE.plan.json).")
        { releases, seed, output };
        command.SetAction(async (parse, ct) =>
        {
            var count = parse.GetValue(releases);
            if (count < 1)
            {
                await Console.Error.WriteLineAsync("--releases 须为正整数 (a positive number).");
                return 2;
            }

            var file = parse.GetValue(output)!;
            var set = Demo.TradeDemo.OfSize(parse.GetValue(seed), DateTimeOffset.UtcNow, count);
            var bar = new ProgressBar("demo-ocds");
            await using (var stream = new BufferedStream(file.Create(), 1 << 20))
            {
                long done = 0;
                foreach (var release in set.Releases)
                {
                    await stream.WriteAsync(Encoding.UTF8.GetBytes(release.ToJsonString(TradeReader.Compact)), ct);
                    stream.WriteByte((byte)'\n');
                    if (++done % 10_000 == 0)
                    {
                        bar.Report((done, set.Count));
                    }
                }
            }

            bar.Done();
            await File.WriteAllTextAsync(file.FullName + ".plan.json", System.Text.Json.JsonSerializer.Serialize(set.Planted.Select(p => new { rule = p.Flag, subject = p.Subject })), ct);
            Console.WriteLine($"{set.Count:N0} compiled releases, {set.Planted.Count:N0} planted cases: {file.FullName}");
            return 0;
        });
        return command;
    }

    private static Command Export(ICommandNode node)
    {
        var output = new Option<FileInfo?>("--out") { Description = "Write to this file (default: standard output)." };
        var full = new Option<bool>("--full") { Description = "Keep the confidential fields (fingerprints, deposits, scores, sealed committees) — for a node's own supervision and for moving data between nodes." };
        var region = new Option<string?>("--region") { Description = "Only processes of this region code (and below)." };
        var kind = new Option<string?>("--kind") { Description = "Only this tradingKind." };
        var command = new Command("export-ocds", "Write the compiled releases as NDJSON, ordered by ocid (public unless --full; bids never before their opening).") { output, full, region, kind };
        command.SetAction(async (parse, ct) =>
        {
            await using var session = await node.OpenAsync(CommandNodeOptions.Default, ct);
            await using var scope = session.Services.CreateAsyncScope();
            var reader = scope.ServiceProvider.GetRequiredService<TradeReader>();
            var file = parse.GetValue(output);
            await using var stream = file is null ? Console.OpenStandardOutput() : file.Create();
            // The command line is the node's own operator: a full export covers every region of the node.
            var who = new Sunlight.Core.Accounts.Jurisdiction("", "/", null, new HashSet<string>());
            var written = await reader.WriteNdjsonAsync(stream, new TradeFilter(parse.GetValue(region), parse.GetValue(kind), null, null), parse.GetValue(full), who, ct);
            await Console.Error.WriteLineAsync($"导出 exported: {written:N0} compiled releases");
            return 0;
        });
        return command;
    }
}
