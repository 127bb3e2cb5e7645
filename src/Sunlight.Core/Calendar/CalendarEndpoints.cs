using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Sunlight.Core.Accounts;
using Sunlight.Core.Api;

namespace Sunlight.Core.Calendar;

/// <summary>工作日历 — <c>/api/v1/calendar</c>: working-day arithmetic (public) and the notices loaded (Admin adds years).</summary>
internal static class CalendarEndpoints
{
    public static void Map(IEndpointRouteBuilder api)
    {
        var calendar = api.MapGroup("calendar").WithTags("Calendar");
        calendar.MapGet("add-workdays", AddWorkdays).AllowAnonymous()
            .WithSummary("The days-th working day after date (date not counted); negative days go back. provisional: a year passed over has no holiday notice loaded and is reckoned from the statutory holidays (暂定).");
        calendar.MapGet("add-days", AddDays).AllowAnonymous().WithSummary("Natural-day arithmetic (自然日).");
        calendar.MapGet("is-workday", IsWorkday).AllowAnonymous().WithSummary("Whether a date is a working day, and which rule decided.");
        calendar.MapGet("count-workdays", CountWorkdays).AllowAnonymous().WithSummary("Working days after from, up to and including to.");
        calendar.MapGet("years", Years).AllowAnonymous().WithSummary("The years whose State Council holiday notice is loaded; other years from 2008 to 2100 are reckoned provisionally.");
        calendar.MapGet("missing", Missing).AllowAnonymous().WithSummary("Years whose notice matters now and is missing: this year, and from 1 November next year too.");
        calendar.MapPut("years/{year:int}", AddYear).RequireAuthorization(SunlightPolicies.CalendarManage).DisableAntiforgery()
            .WithSummary("Adds or replaces one year's notice: holiday-cn JSON, or lines 'date kind name' (kind off|work).");
    }

    private static Ok<DateAnswer> AddWorkdays(string? date, string? days, CalendarService calendar)
    {
        var (d, n) = (Date(date), Days(days));
        return Reckon(() =>
        {
            var result = calendar.Current.AddWorkdays(d, n);
            return new DateAnswer(result.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), calendar.Current.AnyProvisional(d, result));
        });
    }

    private static Ok<DateAnswer> AddDays(string? date, string? days) =>
        TypedResults.Ok(new DateAnswer(Date(date).AddDays(Days(days)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)));

    private static Ok<WorkdayAnswer> IsWorkday(string? date, CalendarService calendar)
    {
        var d = Date(date);
        return Reckon(() =>
        {
            var info = calendar.Current.Describe(d);
            return new WorkdayAnswer(d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), info.IsWorkday, info.Reason.ToString(), info.Name, info.Provisional);
        });
    }

    private static Ok<CountAnswer> CountWorkdays(string? from, string? to, CalendarService calendar)
    {
        var (f, t) = (Date(from), Date(to));
        return Reckon(() => new CountAnswer(calendar.Current.CountWorkdays(f, t), calendar.Current.AnyProvisional(f, t)));
    }

    private static async Task<Ok<IEnumerable<YearListing>>> Years(CalendarService calendar, CancellationToken ct) =>
        TypedResults.Ok((await calendar.ListYearsAsync(ct)).Select(y => new YearListing(y.Year, y.Source, y.LoadedAt, y.LoadedBy)));

    private static Ok<MissingAnswer> Missing(CalendarService calendar, TimeProvider clock) =>
        TypedResults.Ok(new MissingAnswer(calendar.MissingNotices(ChinaTime.Day(clock.GetUtcNow()))));

    private static async Task<Results<Ok<CountAnswer>, ProblemHttpResult>> AddYear(int year, HttpRequest request, Caller caller, CalendarService calendar, AuditLog audit, CancellationToken ct)
    {
        using var reader = new StreamReader(request.Body);
        var text = await reader.ReadToEndAsync(ct);
        try
        {
            var n = await calendar.AddYearAsync(year, text, $"API by {caller.UserName}", caller.UserName, ct);
            await audit.WriteAsync("calendar-year", caller.UserName, null, request.HttpContext.Connection.RemoteIpAddress?.ToString(), $"{year}: {n} days", ct);
            return TypedResults.Ok(new CountAnswer(n));
        }
        catch (Exception e) when (e is FormatException or ArgumentException)
        {
            return ApiProblems.Problem(400, "calendar-format", Bilingual.Say("节假日数据格式错误", "Bad holiday data"), e.Message);
        }
    }

    /// <summary>A calendar answer, or the refusal the calendar gives (a date it cannot reckon, an offset too large).</summary>
    private static Ok<T> Reckon<T>(Func<T> compute)
    {
        try
        {
            return TypedResults.Ok(compute());
        }
        catch (CalendarCoverageException e)
        {
            throw new InputException(Refusal.Unprocessable, e.Message) { Slug = "calendar-not-covered" };
        }
        catch (ArgumentOutOfRangeException e)
        {
            throw new InputException(Refusal.Invalid, e.Message);
        }
    }

    private static DateOnly Date(string? text) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date
            : throw new InputException(Refusal.Invalid, Bilingual.Say($"日期 \"{text}\" 无效，请使用 YYYY-MM-DD，例如 2025-01-20", $"date must be YYYY-MM-DD, e.g. 2025-01-20.")) { Slug = "invalid-date" };

    private static int Days(string? text) =>
        int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var days) && Math.Abs(days) <= 10_000
            ? days
            : throw new InputException(Refusal.Invalid, Bilingual.Say($"天数 \"{text}\" 无效，须为 −10000 到 10000 之间的整数", $"days must be a whole number between -10000 and 10000.")) { Slug = "invalid-days" };
}

/// <summary>A date; <c>provisional</c> when a year passed over has no holiday notice loaded (暂定).</summary>
public sealed record DateAnswer(string Date, bool Provisional = false);

/// <summary>How a date is classified; <c>provisional</c> when its year has no holiday notice loaded (暂定).</summary>
public sealed record WorkdayAnswer(string Date, bool Workday, string Reason, string? Name, bool Provisional = false);

/// <summary>A count; <c>provisional</c> when a year counted has no holiday notice loaded (暂定).</summary>
public sealed record CountAnswer(int Count, bool Provisional = false);

/// <summary>A loaded notice year and where it came from.</summary>
public sealed record YearListing(int Year, string Source, DateTimeOffset LoadedAt, string LoadedBy);

/// <summary>The years whose notice matters now and is missing.</summary>
public sealed record MissingAnswer(IReadOnlyList<int> Years);
