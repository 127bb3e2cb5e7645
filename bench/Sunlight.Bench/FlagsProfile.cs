namespace Sunlight.Bench;

internal static class FlagsProfile
{
    /// <summary>Reading alone, warm: JsonDocument against FlagLine over the first 20,000 lines, three rounds each.</summary>
    public static int Read(string file)
    {
        var bytes = File.ReadLines(file).Take(20000).Select(System.Text.Encoding.UTF8.GetBytes).ToList();
        for (var round = 0; round < 3; round++)
        {
            var sw = System.Diagnostics.Stopwatch.StartNew();
            foreach (var b in bytes)
            {
                using var d = System.Text.Json.JsonDocument.Parse(b);
            }

            var doc = sw.Elapsed.TotalMilliseconds;
            sw.Restart();
            var before = GC.GetAllocatedBytesForCurrentThread();
            foreach (var b in bytes)
            {
                _ = Sunlight.Trading.Flags.FlagLine.Read(b);
            }

            var read = sw.Elapsed.TotalMilliseconds;
            var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            var run = new Sunlight.Trading.Flags.FlagRun(Sunlight.Trading.Flags.FlagSettings.BuiltIn(), new Sunlight.Core.Calendar.WorkCalendar(Sunlight.Core.Calendar.HolidayTable.Shipped));
            sw.Restart();
            before = GC.GetAllocatedBytesForCurrentThread();
            foreach (var b in bytes)
            {
                run.Add(b);
            }

            run.Finish();
            Console.WriteLine($"JsonDocument {doc:N0} ms, FlagLine {read:N0} ms ({allocated / bytes.Count:N0} B/line), read + rules {sw.Elapsed.TotalMilliseconds:N0} ms ({(GC.GetAllocatedBytesForCurrentThread() - before) / bytes.Count:N0} B/line)");
        }

        return 0;
    }

    public static int Run(string file)
    {
        var lines = File.ReadLines(file).Take(20000).Select(l => System.Text.Json.JsonDocument.Parse(l)).ToList();
        var cal = new Sunlight.Core.Calendar.WorkCalendar(Sunlight.Core.Calendar.HolidayTable.Shipped);
        foreach (var code in Sunlight.Trading.Flags.FlagSettings.Rules.Keys)
        {
            var settings = Sunlight.Trading.Flags.FlagSettings.Parse($"currency = CNY\n[{code}]\n");
            var run = new Sunlight.Trading.Flags.FlagRun(settings, cal);
            var sw = System.Diagnostics.Stopwatch.StartNew();
            foreach (var d in lines)
            {
                run.Add(d.RootElement);
            }

            run.Finish();
            Console.WriteLine($"{code} {sw.Elapsed.TotalMilliseconds:N0} ms");
        }
        return 0;
    }
}
