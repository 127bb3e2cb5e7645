using Sunlight.Core.Calendar;

namespace Sunlight.Trading.Flags;

/// <summary>Days as the rules count them: Asia/Shanghai dates.</summary>
internal static class ChinaDays
{
    /// <summary>The Asia/Shanghai day of an instant.</summary>
    public static DateOnly Day(DateTimeOffset at) => ChinaTime.Day(at);

    /// <summary>Natural days between two instants' Asia/Shanghai dates, the first not counted (民法典 §201).</summary>
    public static int Between(DateTimeOffset from, DateTimeOffset to) => Day(to).DayNumber - Day(from).DayNumber;
}
