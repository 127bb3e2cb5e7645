using System.Globalization;
using System.Text;

namespace Sunlight.Core.Calendar;

/// <summary>
/// Thrown when the working-day calendar must classify a date whose year has no loaded holiday notice.
/// Sunlight never guesses: without the notice, whether a day is a working day is unknown.
/// </summary>
public sealed class CalendarCoverageException : Exception
{
    /// <summary>Creates the exception for <paramref name="date"/>, listing the notice years that are loaded.</summary>
    public CalendarCoverageException(DateOnly date, IReadOnlyCollection<int> coveredYears)
        : base(BuildMessage(date, coveredYears ?? throw new ArgumentNullException(nameof(coveredYears))))
    {
        Date = date;
        CoveredYears = [.. coveredYears.Order()];
    }

    /// <summary>The first date examined that is not covered.</summary>
    public DateOnly Date { get; }

    /// <summary>The notice years that were loaded, ascending.</summary>
    public IReadOnlyCollection<int> CoveredYears { get; }

    private static string BuildMessage(DateOnly date, IReadOnlyCollection<int> coveredYears)
    {
        var zh = coveredYears.Count == 0 ? "尚未录入任何年份" : $"已有 {FormatYears(coveredYears, "、")} 年";
        var en = coveredYears.Count == 0 ? "no years are loaded" : $"covered years: {FormatYears(coveredYears, ", ")}";
        return Bilingual.Say(
            string.Create(CultureInfo.InvariantCulture, $"{date:yyyy-MM-dd} 不在工作日历范围内：尚未录入 {date.Year} 年的节假日安排（{zh}）"),
            string.Create(CultureInfo.InvariantCulture, $"No official holiday data for {date.Year}; {en}."));
    }

    /// <summary>Formats years as runs: 2018–2020、2022.</summary>
    private static string FormatYears(IReadOnlyCollection<int> years, string separator)
    {
        var builder = new StringBuilder();
        var sorted = years.Distinct().Order().ToArray();
        for (var start = 0; start < sorted.Length;)
        {
            var end = start;
            while (end + 1 < sorted.Length && sorted[end + 1] == sorted[end] + 1)
            {
                end++;
            }

            if (builder.Length > 0)
            {
                builder.Append(separator);
            }

            builder.Append(sorted[start].ToString(CultureInfo.InvariantCulture));
            if (end > start)
            {
                builder.Append('–').Append(sorted[end].ToString(CultureInfo.InvariantCulture));
            }

            start = end + 1;
        }

        return builder.ToString();
    }
}
