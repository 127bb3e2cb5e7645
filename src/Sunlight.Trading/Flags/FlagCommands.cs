using System.CommandLine;
using System.Text;
using Sunlight.Core.Calendar;

namespace Sunlight.Trading.Flags;

/// <summary><c>sunlight flags ocds</c> and <c>sunlight flags init</c>: the trading red flags over a file, without a node.</summary>
internal static class FlagCommands
{
    public static Command Build()
    {
        var flags = new Command("flags", "Red flags over OCDS files (trading-flags.md): the same definitions as the trading rules, in cardinal-rs' output shape.");
        flags.Subcommands.Add(Ocds());
        flags.Subcommands.Add(Init());
        return flags;
    }

    private static Command Ocds()
    {
        var file = new Argument<string>("file") { Description = "NDJSON of compiled releases, one per line ('-' = standard input)." };
        var settings = new Option<FileInfo?>("--settings") { Description = "cardinal's INI settings: only the sections present run (default: every rule, currency = CNY, sales without price comparison)." };
        var output = new Option<FileInfo?>("--out") { Description = "Write the result here (default: standard output)." };
        var noMeta = new Option<bool>("--no-meta") { Description = "Leave out the statistics (quartiles and fences)." };
        var map = new Option<bool>("--map") { Description = "cardinal's Maps (not supported by this build)." };
        var count = new Option<bool>("--count") { Description = "Print the number of entries per group to standard error." };
        var threads = new Option<int>("--threads")
        {
            Description = "Threads (default 1). From 2, N−1 threads read the lines while one runs the rules over them in the file's order; the output is the same. Worth it with more than two cores (on two, reading and rules share them and nothing is gained).",
            DefaultValueFactory = _ => 1,
        };
        var command = new Command("ocds", "Flags every line of an NDJSON file of compiled releases; one JSON line in cardinal-rs' indicators shape.") { file, settings, output, noMeta, map, count, threads };
        command.SetAction(async (parse, ct) =>
        {
            if (parse.GetValue(map))
            {
                await Console.Error.WriteLineAsync("--map is not supported");
                return 2;
            }

            FlagSettings parsed;
            try
            {
                parsed = parse.GetValue(settings) is { } ini ? FlagSettings.Parse(await File.ReadAllTextAsync(ini.FullName, ct)) : FlagSettings.BuiltIn();
            }
            catch (Exception e) when (e is FlagSettingsException or IOException or UnauthorizedAccessException)
            {
                await Console.Error.WriteLineAsync($"settings: {e.Message}");
                return 1;
            }

            var path = parse.GetValue(file)!;
            Stream input;
            try
            {
                input = path == "-" ? Console.OpenStandardInput() : new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
            {
                await Console.Error.WriteLineAsync($"{path}: {e.Message}");
                return 1;
            }

            FlagRun run;
            try
            {
                await using (input)
                {
                    run = FlagFile.Run(input, parsed, new WorkCalendar(HolidayTable.Shipped), Console.Error, threads: parse.GetValue(threads));
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                await Console.Error.WriteLineAsync($"{path}: {e.Message}");
                return 1;
            }

            var target = parse.GetValue(output);
            await using (var stream = target is null ? Console.OpenStandardOutput() : target.Create())
            {
                FlagFile.Write(stream, run, parse.GetValue(noMeta));
            }

            if (parse.GetValue(count))
            {
                foreach (var (group, entries) in run.Results.Where(g => g.Value.Count > 0).OrderBy(g => g.Key, StringComparer.Ordinal))
                {
                    await Console.Error.WriteLineAsync($"{group}: {entries.Count}");
                }
            }

            return 0;
        });
        return command;
    }

    private static Command Init()
    {
        var file = new Argument<FileInfo>("file") { Description = "Where to write the built-in settings." };
        var force = new Option<bool>("--force") { Description = "Overwrite an existing file." };
        var command = new Command("init", "Writes the built-in settings of 'flags ocds' as an INI file to edit.") { file, force };
        command.SetAction(async (parse, ct) =>
        {
            var target = parse.GetValue(file)!;
            if (target.Exists && !parse.GetValue(force))
            {
                await Console.Error.WriteLineAsync($"{target.FullName} exists; --force overwrites it");
                return 1;
            }

            await File.WriteAllTextAsync(target.FullName, FlagSettings.BuiltInText, new UTF8Encoding(false), ct);
            Console.WriteLine($"settings written: {target.FullName}");
            return 0;
        });
        return command;
    }
}
