using BenchmarkDotNet.Attributes;
using Sunlight.Core.Calendar;

namespace Sunlight.Bench;

/// <summary>
/// Working-day arithmetic, the kernel of every deadline. Baseline: the same number of natural days stepped one by
/// one with a weekend check only (what a calendar that ignores holidays would cost).
/// </summary>
[MemoryDiagnoser]
public class CalendarBenchmarks
{
    private readonly WorkCalendar _calendar = new(HolidayTable.Shipped);
    private readonly DateOnly _start = new(2025, 1, 20);

    [Params(20, 250)]
    public int Days { get; set; }

    [Benchmark(Baseline = true)]
    public DateOnly WeekendsOnly()
    {
        var d = _start;
        var left = Days;
        while (left > 0)
        {
            d = d.AddDays(1);
            if (d.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday))
            {
                left--;
            }
        }

        return d;
    }

    [Benchmark]
    public DateOnly AddWorkdays() => _calendar.AddWorkdays(_start, Days);
}
