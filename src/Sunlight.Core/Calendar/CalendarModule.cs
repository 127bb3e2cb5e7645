using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Sunlight.Core.Accounts;
using Sunlight.Core.Api;
using Sunlight.Core.Modules;

namespace Sunlight.Core.Calendar;

/// <summary>工作日历 — official holidays and adjusted working days, working-day arithmetic.</summary>
public sealed class CalendarModule : ISunlightModule
{
    public string Key => "calendar";

    public string DisplayNameKey => "Module_Calendar";

    private const string RoutePrefix = "calendar";

    public IReadOnlyList<ModulePolicy> Policies { get; } = [SunlightPolicies.Of(SunlightPolicies.CalendarManage)];

    public IReadOnlyList<string> RecordPrefixes { get; } = ["calendar."];

    public IReadOnlyList<NavigationEntry> Navigation { get; } =
    [
        new("calendar", "Nav_Calendar", "CalendarMonth", [], 40),
    ];

    public void AddServices(IServiceCollection services, IConfiguration configuration) =>
        services.AddSingleton<CalendarService>();

    public void MapEndpoints(IEndpointRouteBuilder api)
    {
        var group = api.MapGroup(RoutePrefix).WithTags("Calendar");

        group.MapGet("add-workdays", Results<Ok<DateAnswer>, ProblemHttpResult> (string? date, string? days, CalendarService calendar) =>
        {
            if (!TryDate(date, out var d, out var problem) || !TryDays(days, out var n, out problem))
            {
                return problem!;
            }

            return Answer(() =>
            {
                var result = calendar.Current.AddWorkdays(d, n);
                return new DateAnswer(result.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), calendar.Current.AnyProvisional(d, result));
            });
        }).AllowAnonymous().WithSummary("The days-th working day after date (date not counted); negative days go back. provisional: a year passed over has no holiday notice loaded and is reckoned from the statutory holidays (暂定).");

        group.MapGet("add-days", Results<Ok<DateAnswer>, ProblemHttpResult> (string? date, string? days) =>
        {
            if (!TryDate(date, out var d, out var problem) || !TryDays(days, out var n, out problem))
            {
                return problem!;
            }

            return TypedResults.Ok(new DateAnswer(d.AddDays(n).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)));
        }).AllowAnonymous().WithSummary("Natural-day arithmetic (自然日).");

        group.MapGet("is-workday", Results<Ok<WorkdayAnswer>, ProblemHttpResult> (string? date, CalendarService calendar) =>
        {
            if (!TryDate(date, out var d, out var problem))
            {
                return problem!;
            }

            return Answer(() =>
            {
                var info = calendar.Current.Describe(d);
                return new WorkdayAnswer(d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), info.IsWorkday, info.Reason.ToString(), info.Name, info.Provisional);
            });
        }).AllowAnonymous();

        group.MapGet("count-workdays", Results<Ok<CountAnswer>, ProblemHttpResult> (string? from, string? to, CalendarService calendar) =>
        {
            if (!TryDate(from, out var f, out var problem) || !TryDate(to, out var t, out problem))
            {
                return problem!;
            }

            return Answer(() => new CountAnswer(calendar.Current.CountWorkdays(f, t), calendar.Current.AnyProvisional(f, t)));
        }).AllowAnonymous().WithSummary("Working days after from, up to and including to.");

        group.MapGet("years", async (CalendarService calendar, TimeProvider clock, CancellationToken ct) =>
            TypedResults.Ok((await calendar.ListYearsAsync(ct)).Select(y => new { y.Year, y.Source, y.LoadedAt, y.LoadedBy })))
            .AllowAnonymous().WithSummary("The years whose State Council holiday notice is loaded; other years from 2008 to 2100 are reckoned provisionally.");

        group.MapGet("missing", (CalendarService calendar, TimeProvider clock) =>
            TypedResults.Ok(new { years = calendar.MissingNotices(ChinaTime.Day(clock.GetUtcNow())) }))
            .AllowAnonymous().WithSummary("Years whose notice matters now and is missing: this year, and from 1 November next year too.");

        group.MapPut("years/{year:int}", async Task<Results<Ok<CountAnswer>, ProblemHttpResult>> (
            int year, HttpRequest request, HttpContext http, CalendarService calendar, AuditLog audit, CancellationToken ct) =>
        {
            using var reader = new StreamReader(request.Body);
            var text = await reader.ReadToEndAsync(ct);
            try
            {
                var n = await calendar.AddYearAsync(year, text, $"API by {http.User.Identity?.Name}", http.User.Identity?.Name ?? "", ct);
                await audit.WriteAsync("calendar-year", http.User.Identity?.Name, null, http.Connection.RemoteIpAddress?.ToString(), $"{year}: {n} days", ct);
                return TypedResults.Ok(new CountAnswer(n));
            }
            catch (Exception e) when (e is FormatException or ArgumentException)
            {
                return ApiProblems.Problem(400, "calendar-format", "节假日数据格式错误 (Bad holiday data)", e.Message);
            }
        }).RequireAuthorization(SunlightPolicies.CalendarManage).DisableAntiforgery()
          .WithSummary("Adds or replaces one year's notice: holiday-cn JSON, or lines 'date kind name' (kind off|work).");
    }

    public Task SeedReferenceAsync(IServiceProvider services, CancellationToken cancellationToken) =>
        services.GetRequiredService<CalendarService>().SeedAndLoadAsync(cancellationToken);

    public IEnumerable<ModuleCommand> Commands(ICommandNode node) => [new(CalendarCommands.Build(node))];

    private static Results<Ok<T>, ProblemHttpResult> Answer<T>(Func<T> compute)
    {
        try
        {
            return TypedResults.Ok(compute());
        }
        catch (CalendarCoverageException e)
        {
            return ApiProblems.Problem(422, "calendar-not-covered", "日期超出工作日历范围 (Date outside the calendar)", e.Message);
        }
        catch (ArgumentOutOfRangeException e)
        {
            return ApiProblems.Problem(400, "invalid-input", "输入有误 (Invalid input)", e.Message);
        }
    }

    private static bool TryDate(string? text, out DateOnly date, out ProblemHttpResult? problem)
    {
        problem = null;
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date))
        {
            return true;
        }

        problem = ApiProblems.Problem(400, "invalid-date", "日期格式错误 (Invalid date)",
            $"日期 \"{text}\" 无效，请使用 YYYY-MM-DD，例如 2025-01-20 (date must be YYYY-MM-DD, e.g. 2025-01-20).");
        return false;
    }

    private static bool TryDays(string? text, out int days, out ProblemHttpResult? problem)
    {
        problem = null;
        if (int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out days) && Math.Abs(days) <= 10_000)
        {
            return true;
        }

        problem = ApiProblems.Problem(400, "invalid-days", "天数无效 (Invalid number of days)",
            $"天数 \"{text}\" 无效，须为 −10000 到 10000 之间的整数 (days must be a whole number between -10000 and 10000).");
        return false;
    }
}

/// <summary>A date; <c>provisional</c> when a year passed over has no holiday notice loaded (暂定).</summary>
public sealed record DateAnswer(string Date, bool Provisional = false);

/// <summary>How a date is classified; <c>provisional</c> when its year has no holiday notice loaded (暂定).</summary>
public sealed record WorkdayAnswer(string Date, bool Workday, string Reason, string? Name, bool Provisional = false);

/// <summary>A count; <c>provisional</c> when a year counted has no holiday notice loaded (暂定).</summary>
public sealed record CountAnswer(int Count, bool Provisional = false);
