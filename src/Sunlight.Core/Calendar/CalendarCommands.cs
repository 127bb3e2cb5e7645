using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Sunlight.Core.Modules;

namespace Sunlight.Core.Calendar;

/// <summary><c>sunlight calendar add-workdays|add-days|is-workday|count-workdays</c>.</summary>
internal static class CalendarCommands
{
    public static Command Build(ICommandNode node)
    {
        var date = new Argument<string>("date") { Description = "YYYY-MM-DD" };
        var n = new Argument<int>("n") { Description = "Number of days; negative goes back." };
        var addWorkdays = new Command("add-workdays", "Print the n-th working day after date (date itself not counted).") { date, n };
        addWorkdays.SetAction((parse, ct) => WithCalendar(node, parse.GetValue(date)!, (cal, d) =>
        {
            var result = cal.AddWorkdays(d, parse.GetValue(n));
            return (result.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), cal.AnyProvisional(d, result));
        }, ct));

        var addDays = new Command("add-days", "Print date plus n natural days (自然日).") { date, n };
        addDays.SetAction((parse, ct) => WithCalendar(node, parse.GetValue(date)!, (cal, d) =>
            (d.AddDays(parse.GetValue(n)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), false), ct));

        var isWorkday = new Command("is-workday", "Print 'true' or 'false', then why (weekday, weekend, holiday, adjusted working day).") { date };
        isWorkday.SetAction((parse, ct) => WithCalendar(node, parse.GetValue(date)!, (cal, d) =>
        {
            var info = cal.Describe(d);
            return ($"{(info.IsWorkday ? "true" : "false")}\t{info.Reason}{(info.Name is null ? "" : "\t" + info.Name)}", info.Provisional);
        }, ct));

        var to = new Argument<string>("to") { Description = "YYYY-MM-DD" };
        var count = new Command("count-workdays", "Print the number of working days after date, up to and including to.") { date, to };
        count.SetAction((parse, ct) => WithCalendar(node, parse.GetValue(date)!, (cal, d) =>
            ParseDate(parse.GetValue(to)!) is { } t
                ? (cal.CountWorkdays(d, t).ToString(CultureInfo.InvariantCulture), cal.AnyProvisional(d, t))
                : throw new FormatException($"日期 \"{parse.GetValue(to)}\" 无效，应为 YYYY-MM-DD (invalid date)."), ct));

        return new Command("calendar", "Working-day calendar (official holidays and 调休).") { addWorkdays, addDays, isWorkday, count };
    }

    private static async Task<int> WithCalendar(ICommandNode node, string dateText, Func<WorkCalendar, DateOnly, (string Text, bool Provisional)> answer, CancellationToken ct)
    {
        if (ParseDate(dateText) is not { } d)
        {
            await Console.Error.WriteLineAsync($"日期 \"{dateText}\" 无效，应为 YYYY-MM-DD，例如 2025-01-20 (invalid date; use YYYY-MM-DD).");
            return 2;
        }

        await using var session = await node.OpenAsync(CommandNodeOptions.Default, ct);
        try
        {
            var calendar = session.Services.GetRequiredService<CalendarService>().Current;
            var (text, provisional) = answer(calendar, d);
            Console.WriteLine(text);
            if (provisional)
            {
                await Console.Error.WriteLineAsync("暂定：所涉年份的国务院节假日安排尚未录入，按法定节假日推算，不计调休 (provisional: a year involved has no holiday notice loaded; reckoned from the statutory holidays)");
            }

            return 0;
        }
        catch (Exception e) when (e is CalendarCoverageException or ArgumentOutOfRangeException or FormatException)
        {
            await Console.Error.WriteLineAsync(e.Message);
            return 3;
        }
    }

    private static DateOnly? ParseDate(string text) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : null;
}
