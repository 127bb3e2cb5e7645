namespace Sunlight.Bench;

internal static class FlagsProfile
{
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
