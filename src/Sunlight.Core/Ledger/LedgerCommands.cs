using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Sunlight.Core.Modules;

namespace Sunlight.Core.Ledger;

/// <summary><c>sunlight ledger verify|checkpoint|key</c>.</summary>
internal static class LedgerCommands
{
    public static Command Build(ICommandNode node)
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
            await using var session = await node.OpenAsync(new CommandNodeOptions(Initialise: false), ct);
            await using var scope = session.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<Sunlight.Core.Storage.CoreDbContext>();
            var options = session.Services.GetRequiredService<LedgerOptions>();
            IReadOnlyList<NoteVerifier> verifiers;
            try
            {
                verifiers = parse.GetValue(vkeys) is { Length: > 0 } given
                    ? given.Select(NoteVerifier.ParseVerifierKey).ToList()
                    : session.Services.GetRequiredService<LedgerKeys>().Verifiers;
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
            await using var session = await node.OpenAsync(CommandNodeOptions.Default, ct);
            var signed = await session.Services.GetRequiredService<LedgerIntegrator>().CheckpointAsync(ct);
            Console.Write(signed.Note);
            return 0;
        });

        var key = new Command("key", "Print this node's verifier key (C2SP vkey) and its cosigner key.");
        key.SetAction(async (parse, ct) =>
        {
            await using var session = await node.OpenAsync(new CommandNodeOptions(Initialise: false), ct);
            var keys = session.Services.GetRequiredService<LedgerKeys>();
            Console.WriteLine(keys.VerifierKey);
            Console.WriteLine(keys.CosignerKey);
            return 0;
        });

        return new Command("ledger", "The tamper-evident ledger.") { verify, checkpoint, key };
    }}
