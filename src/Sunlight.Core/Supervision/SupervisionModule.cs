using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Sunlight.Core.Accounts;
using Sunlight.Core.Api;
using Sunlight.Core.Files;
using Sunlight.Core.Modules;

namespace Sunlight.Core.Supervision;

/// <summary>
/// The rule host (电子监察): rules contributed by modules (<see cref="IRuleSource"/>), their parameters per region,
/// alerts raised once per rule and subject, and the timer that asks each module's index of due instants
/// (<see cref="IDueSource"/>) what fell due.
/// </summary>
public sealed class SupervisionModule : ISunlightModule
{
    public string Key => "supervision";

    public string DisplayNameKey => "Module_Supervision";

    private const string RoutePrefix = "alerts";

    public IReadOnlyList<ModulePolicy> Policies { get; } =
    [
        SunlightPolicies.Of(SunlightPolicies.Supervision), SunlightPolicies.Of(SunlightPolicies.AlertsRead), SunlightPolicies.Of(SunlightPolicies.AlertsDecide),
        SunlightPolicies.Of(SunlightPolicies.NoticesReply),
    ];

    public IReadOnlyList<string> RecordPrefixes { get; } = ["supervision."];

    public IReadOnlyList<NavigationEntry> Navigation { get; } =
    [
        new("supervision", "Nav_Supervision", "Warning",
            [SunlightRoles.Supervisor, SunlightRoles.Inspector, SunlightRoles.Admin, SunlightRoles.DepartmentHead, SunlightRoles.Clerk], 30),
        new("notices", "Nav_Notices", "Assignment",
            [SunlightRoles.Supervisor, SunlightRoles.Inspector, SunlightRoles.Admin, SunlightRoles.DepartmentHead, SunlightRoles.Clerk], 31),
        new("supervision/screen", "Nav_Screen", "Tv", [SunlightRoles.Supervisor, SunlightRoles.Inspector, SunlightRoles.Admin], 32),
        new("supervision/digest", "Nav_Digest", "Today", [SunlightRoles.Supervisor, SunlightRoles.Inspector, SunlightRoles.Admin], 32),
        new("supervision/rules", "Nav_Rules", "Rule", [SunlightRoles.Supervisor, SunlightRoles.Inspector, SunlightRoles.Admin], 33),
    ];

    public void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddScoped<AlertService>();
        services.AddSingleton<SupervisionFeed>();
        services.AddSingleton<SupervisionDashboard>();
        services.AddSingleton<IRuleSource, CoreRules>();
        services.AddScoped<NoticeService>();
        services.AddScoped<IDueSource>(sp => sp.GetRequiredService<NoticeService>());
        var seconds = int.TryParse(configuration["Sunlight:Supervision:DueIntervalSeconds"], out var s) ? s : 30;
        if (seconds > 0)
        {
            services.AddHostedService(sp => new DueTimer(sp, TimeSpan.FromSeconds(seconds)));
        }
    }

    public void MapEndpoints(IEndpointRouteBuilder api)
    {
        var alerts = api.MapGroup(RoutePrefix).WithTags("Supervision");
        alerts.MapGet("", async (HttpContext http, AlertService service, string? subject, string? rule, string? severity, string? status, string? organisation,
            string? region, DateTimeOffset? from, DateTimeOffset? to, int? page, int? pageSize, CancellationToken ct) =>
            TypedResults.Ok(await service.ListAsync(Jurisdiction.From(http.User)!, new AlertFilter(subject, rule, severity, status, organisation, region, from, to, page ?? 1, pageSize ?? 50), ct)))
            .RequireAuthorization(SunlightPolicies.AlertsRead)
            .WithSummary("Alerts in the caller's jurisdiction (department roles: their organisation), newest first, filtered and paged: {items, total}.");

        alerts.MapPost("", async Task<Results<Created<AlertView>, ProblemHttpResult>> (ManualAlertInput input, HttpContext http, AlertService service, CancellationToken ct) =>
            await Try(async () =>
            {
                var alert = await service.RaiseManualAsync(Jurisdiction.From(http.User)!, http.User.Identity?.Name ?? "", input, ct);
                return TypedResults.Created($"/api/v1/alerts?subject={Uri.EscapeDataString(alert.Subject)}", alert);
            })).RequireAuthorization(SunlightPolicies.AlertsDecide).WithSummary("A supervisor raises an alert by hand (rule SUP-MANUAL) about a subject of an organisation in their jurisdiction.");

        alerts.MapGet("export.csv", async (HttpContext http, AlertService service, string? subject, string? rule, string? severity, string? status, string? organisation,
            string? region, DateTimeOffset? from, DateTimeOffset? to, CancellationToken ct) =>
        {
            var all = await service.AllAsync(Jurisdiction.From(http.User)!, new AlertFilter(subject, rule, severity, status, organisation, region, from, to), ct);
            // UTF-8 with BOM so Excel opens the Chinese text correctly.
            return TypedResults.File([.. System.Text.Encoding.UTF8.GetPreamble(), .. System.Text.Encoding.UTF8.GetBytes(AlertService.Csv(all))], "text/csv; charset=utf-8", "alerts.csv");
        }).RequireAuthorization(SunlightPolicies.AlertsRead).WithSummary("The same alerts as CSV (UTF-8 with BOM).");

        alerts.MapGet("export.xlsx", async (HttpContext http, AlertService service, string? subject, string? rule, string? severity, string? status, string? organisation,
            string? region, DateTimeOffset? from, DateTimeOffset? to, CancellationToken ct) =>
        {
            var all = await service.AllAsync(Jurisdiction.From(http.User)!, new AlertFilter(subject, rule, severity, status, organisation, region, from, to), ct);
            return TypedResults.File(AlertService.Xlsx(all), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "alerts.xlsx");
        }).RequireAuthorization(SunlightPolicies.AlertsRead).WithSummary("The same alerts as an Excel workbook (the daily digest uses from/to of one day).");

        alerts.MapPost("{id:long}/dismiss", async Task<Results<Ok<AlertView>, ProblemHttpResult>> (long id, DismissInput input, HttpContext http, AlertService service, CancellationToken ct) =>
        {
            try
            {
                return TypedResults.Ok(await service.DismissAsync(Jurisdiction.From(http.User)!, http.User.Identity?.Name ?? "", id, input.Reason, ct));
            }
            catch (InputException e)
            {
                return ApiProblems.From(e);
            }
        }).RequireAuthorization(SunlightPolicies.AlertsDecide).WithSummary("Dismisses an alert with a reason (Supervisor); it stays listed as dismissed.");

        var notices = api.MapGroup("notices").WithTags("Supervision");
        notices.MapPost("", async Task<Results<Created<NoticeView>, ProblemHttpResult>> (NoticeInput input, HttpContext http, NoticeService service, CancellationToken ct) =>
            await Try(async () =>
            {
                var notice = await service.IssueAsync(Jurisdiction.From(http.User)!, http.User.Identity?.Name ?? "", input, ct);
                return TypedResults.Created($"/api/v1/notices/{notice.Id}", notice);
            })).RequireAuthorization(SunlightPolicies.AlertsDecide).WithSummary("Issues a supervision notice (督办单) about alerts of one department, with a reply deadline in working days (default 5).");
        notices.MapGet("", async (string? status, HttpContext http, NoticeService service, CancellationToken ct) =>
            TypedResults.Ok(await service.ListAsync(Jurisdiction.From(http.User)!, status, ct)))
            .RequireAuthorization(SunlightPolicies.AlertsRead).WithSummary("Notices in the caller's jurisdiction (departments: their own); ?status=issued|replied|returned|closed|escalated.");
        notices.MapGet("{id:long}", async Task<Results<Ok<NoticeView>, ProblemHttpResult>> (long id, HttpContext http, NoticeService service, CancellationToken ct) =>
            await Try(async () => TypedResults.Ok(await service.GetAsync(Jurisdiction.From(http.User)!, id, ct))))
            .RequireAuthorization(SunlightPolicies.AlertsRead);
        notices.MapPost("{id:long}/reply", async Task<Results<Ok<NoticeView>, ProblemHttpResult>> (long id, HttpContext http, NoticeService service, CancellationToken ct) =>
            await Try(async () =>
            {
                // JSON {"text": …}, or multipart/form-data with a "text" field and files (整改材料).
                string? text;
                IReadOnlyList<UploadedFile> uploads = [];
                if (http.Request.HasFormContentType)
                {
                    var form = await http.Request.ReadFormAsync(ct);
                    text = form["text"];
                    uploads = form.Files.Select(f => new UploadedFile(f.FileName, f.Length, f.OpenReadStream)).ToList();
                }
                else if (!http.Request.HasJsonContentType())
                {
                    throw new InputException(415, "请以 application/json（{\"text\": …}）或 multipart/form-data（text 与文件）提交 (send JSON or multipart/form-data)") { Slug = "unsupported-media-type" };
                }
                else
                {
                    NoticeAnswer? answer;
                    try
                    {
                        answer = await http.Request.ReadFromJsonAsync<NoticeAnswer>(ct);
                    }
                    catch (System.Text.Json.JsonException e)
                    {
                        throw new InputException(400, $"请求体不是有效的 JSON：{e.Message} (the body is not valid JSON)") { Slug = "malformed-body" };
                    }

                    text = answer?.Text;
                }

                return TypedResults.Ok(await service.ReplyAsync(Jurisdiction.From(http.User)!, http.User.Identity?.Name ?? "", id, text, uploads, ct));
            }))
            .RequireAuthorization(SunlightPolicies.NoticesReply).DisableAntiforgery()
            .WithSummary("The department's reply (Clerk or DepartmentHead of the organisation under notice): JSON {text}, or multipart/form-data with text and up to 10 files (.pdf .jpg .png .ofd .docx, 10 MB each, checked by content).");
        notices.MapGet("{id:long}/files/{fileId:long}", async Task<Results<FileContentHttpResult, ProblemHttpResult>> (long id, long fileId, HttpContext http, NoticeService service, CancellationToken ct) =>
        {
            try
            {
                return await service.FileAsync(Jurisdiction.From(http.User)!, id, fileId, ct) is { } found
                    ? TypedResults.File(found.Bytes, found.File.ContentType, found.File.FileName)
                    : ApiProblems.Problem(404, "not-found", "未找到 (Not found)", $"督办单 {id} 没有您可查看的文件 {fileId} (no such file you may read).");
            }
            catch (InputException e)
            {
                return ApiProblems.From(e);
            }
            catch (InvalidOperationException e)
            {
                return ApiProblems.Problem(500, "attachment-altered", "附件已被改动 (Attachment altered)", e.Message + " 原件的哈希记录在账本中，请联系管理员恢复 (the original's hash is in the ledger; ask an administrator to restore the file).");
            }
        }).RequireAuthorization(SunlightPolicies.AlertsRead).WithSummary("Downloads a file of a notice reply (its SHA-256 is checked before it is served).");
        notices.MapPost("{id:long}/verify", async Task<Results<Ok<NoticeView>, ProblemHttpResult>> (long id, HttpContext http, NoticeService service, CancellationToken ct) =>
            await Try(async () => TypedResults.Ok(await service.VerifyAsync(Jurisdiction.From(http.User)!, http.User.Identity?.Name ?? "", id, ct))))
            .RequireAuthorization(SunlightPolicies.AlertsDecide).DisableAntiforgery().WithSummary("The supervisor accepts the reply: closed.");
        notices.MapPost("{id:long}/return", async Task<Results<Ok<NoticeView>, ProblemHttpResult>> (long id, NoticeAnswer answer, HttpContext http, NoticeService service, CancellationToken ct) =>
            await Try(async () => TypedResults.Ok(await service.ReturnAsync(Jurisdiction.From(http.User)!, http.User.Identity?.Name ?? "", id, answer.Text, ct))))
            .RequireAuthorization(SunlightPolicies.AlertsDecide).WithSummary("The supervisor returns the reply with a reason; the department answers again.");

        var rules = api.MapGroup("supervision/rules").WithTags("Supervision");
        rules.MapGet("", async (HttpContext http, AlertService service, TimeProvider clock, CancellationToken ct) =>
        {
            var who = Jurisdiction.From(http.User)!;
            var parameters = await service.ParametersAsync(who.RegionPath, clock.GetUtcNow(), ct);
            return TypedResults.Ok(service.Rules.Select(r => new
            {
                r.Code, r.Severity, r.Module, r.Title, r.Condition,
                Parameters = r.Parameters.Select(p => new { p.Name, p.Default, Value = parameters.Text(r.Code, p.Name), p.Unit, p.Description }),
            }));
        }).RequireAuthorization(SunlightPolicies.AlertsRead).WithSummary("Every rule with its parameters: default and the value in force for the caller's region.");

        rules.MapPut("{code}/parameters/{name}", async Task<Results<NoContent, ProblemHttpResult>> (string code, string name, ParameterInput input, HttpContext http, AlertService service, CancellationToken ct) =>
        {
            try
            {
                await service.SetParameterAsync(Jurisdiction.From(http.User)!, http.User.Identity?.Name ?? "", code, name, input.Value, input.EffectiveFrom, ct);
                return TypedResults.NoContent();
            }
            catch (InputException e)
            {
                return ApiProblems.From(e);
            }
        }).RequireAuthorization(SunlightPolicies.DirectoryManage).WithSummary("Sets a rule parameter for the caller's region from an instant (Admin); a record says who, what and when.");
    }

    private static async Task<Results<T, ProblemHttpResult>> Try<T>(Func<Task<T>> action)
        where T : IResult
    {
        try
        {
            return await action().ConfigureAwait(false);
        }
        catch (InputException e)
        {
            return ApiProblems.From(e);
        }
    }

}

/// <summary>Body of a dismissal.</summary>
public sealed record DismissInput(string? Reason);

/// <summary>Body of a parameter change.</summary>
public sealed record ParameterInput(string? Value, DateTimeOffset? EffectiveFrom);

/// <summary>Asks every <see cref="IDueSource"/> what fell due, on a timer.</summary>
internal sealed class DueTimer(IServiceProvider services, TimeSpan interval) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(interval);
        var log = services.GetRequiredService<ILogger<DueTimer>>();
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            try
            {
                await using var scope = services.CreateAsyncScope();
                var now = scope.ServiceProvider.GetRequiredService<TimeProvider>().GetUtcNow();
                foreach (var source in scope.ServiceProvider.GetServices<IDueSource>())
                {
                    await source.RunDueAsync(now, stoppingToken).ConfigureAwait(false);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogError(e, "Evaluating due instants failed; the next tick tries again.");
            }
        }
    }
}
