using Sunlight.Core.Calendar;

namespace Sunlight.Trading.Flags;

/// <summary>Days as the rules count them: Asia/Shanghai dates (<see cref="ChinaTime.Day"/>).</summary>
internal static class ChinaDays
{
    /// <summary>Natural days between two instants' Asia/Shanghai dates, the first not counted (民法典 §201).</summary>
    public static int Between(DateTimeOffset from, DateTimeOffset to) => ChinaTime.Day(to).DayNumber - ChinaTime.Day(from).DayNumber;
}
