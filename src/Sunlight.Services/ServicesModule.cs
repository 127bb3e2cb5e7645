using System.Reflection;
using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Sunlight.Core.Files;
using Sunlight.Core.Accounts;
using Sunlight.Core.Api;
using Sunlight.Core.Modules;
using Sunlight.Core.Storage;
using Sunlight.Services.Cases;
using Sunlight.Services.Catalogue;
using Sunlight.Services.Contracts;
using Sunlight.Services.Storage;

namespace Sunlight.Services;

/// <summary>
/// 电子政务服务平台 — the power catalogue with flowcharts and the online hall. (Cases, the department workbench and
/// signed intake from departments' systems are the next parts of this module; see its README.)
/// </summary>
public sealed class ServicesModule : ISunlightModule
{
    public string Key => "services";

    public string DisplayNameKey => "Module_Services";

    public string RoutePrefix => "catalogue";

    public IReadOnlyList<ModuleSetting> Settings { get; } = [];

    public IReadOnlyList<NavigationEntry> Navigation { get; } =
    [
        new("hall", "Nav_Hall", "AccountBalance", [], 10),
        new("hall/progress", "Nav_Progress", "TravelExplore", [], 11),
        new("hall/mine", "Nav_MyCases", "Inbox", [SunlightRoles.Applicant], 12),
        new("workbench", "Nav_Workbench", "Work", [SunlightRoles.Clerk, SunlightRoles.DepartmentHead], 13),
        new("catalogue/admin", "Nav_CatalogueAdmin", "ListAlt", [SunlightRoles.Admin], 22),
    ];

    public Assembly? PagesAssembly => typeof(ServicesModule).Assembly;

    public void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddModuleDbContext<ServicesDbContext, ServicesSqliteDbContext, ServicesPostgresDbContext>(
            DatabaseOptions.FromConfiguration(configuration), ServicesDbContext.Schema);
        services.AddScoped<CatalogueService>();
        services.AddScoped<CatalogueExcel>();
        services.AddScoped<CaseIntake>();
        services.AddScoped<CaseRulesStep>();
        services.AddScoped<Sunlight.Core.Calendar.ICalendarFollower, CaseCalendarFollower>();
        services.AddScoped<ExchangeSystems>();
        services.AddScoped<CaseReader>();
        services.AddSingleton<ProgressLookupLimiter>();
        services.AddScoped<HallApplications>();
        services.AddScoped<Workbench>();
        services.AddScoped<CaseSupervisor>();
        services.AddScoped<Sunlight.Core.Supervision.ICaseFigureSource, CaseFigureSource>();
        services.AddScoped<Replayer>();
        services.AddScoped<Sunlight.Core.Supervision.IDueSource>(sp => sp.GetRequiredService<CaseSupervisor>());
        services.AddSingleton<Sunlight.Core.Supervision.IRuleSource, ServicesRuleSource>();
    }

    public async Task MigrateAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        await using var db = await services.GetRequiredService<IDbContextFactory<ServicesDbContext>>().CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        await db.Database.MigrateAsync(cancellationToken).ConfigureAwait(false);
    }

    public void MapEndpoints(IEndpointRouteBuilder api)
    {
        var group = api.MapGroup(RoutePrefix).WithTags("Catalogue");

        group.MapGet("items", async Task<Results<Ok<IReadOnlyList<ItemSummary>>, ProblemHttpResult>> (
            string? organisation, string? category, string? q, CatalogueService catalogue, CancellationToken ct) =>
            await Run(() => catalogue.ListAsync(organisation, category, q, null, ct)))
            .AllowAnonymous().WithSummary("Power items in force, filtered by organisation, category and words of the name.");

        group.MapGet("items/{code}", async Task<Results<Ok<ItemDto>, ProblemHttpResult>> (string code, int? version, CatalogueService catalogue, CancellationToken ct) =>
            await Run(() => catalogue.GetAsync(code, version, ct)))
            .AllowAnonymous().WithSummary("An item: the version in force, or ?version=n.");

        group.MapGet("items/{code}/flowchart.svg", async Task<Results<ContentHttpResult, ProblemHttpResult>> (string code, int? version, CatalogueService catalogue, CancellationToken ct) =>
        {
            try
            {
                var item = await catalogue.GetAsync(code, version, ct);
                return TypedResults.Content(Flowchart.Svg(item, RoleName), "image/svg+xml; charset=utf-8");
            }
            catch (InputException e)
            {
                return ApiProblems.From(e);
            }
        }).AllowAnonymous().WithSummary("The item's flowchart, generated from its steps.");

        group.MapPost("items", async Task<Results<Created<ItemDto>, ProblemHttpResult>> (ItemInput input, HttpContext http, CatalogueService catalogue, CancellationToken ct) =>
        {
            try
            {
                var item = await catalogue.PublishAsync(Jurisdiction.From(http.User)!, input, http.User.Identity?.Name ?? "", ct);
                return TypedResults.Created($"/api/v1/catalogue/items/{item.Code}?version={item.Version}", item);
            }
            catch (InputException e)
            {
                return ApiProblems.From(e);
            }
        }).RequireAuthorization(SunlightPolicies.DirectoryManage)
          .WithSummary("Publishes an item, or a new version of it (Admin, for organisations in the caller's region).");

        const string Xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
        group.MapGet("template", () => TypedResults.File(CatalogueExcel.Template(), Xlsx, "catalogue-template.xlsx"))
            .RequireAuthorization(SunlightPolicies.DirectoryManage).WithSummary("An empty catalogue workbook with its sheets, headers and one example item.");

        group.MapGet("export", async (HttpContext http, CatalogueExcel excel, CancellationToken ct) =>
            TypedResults.File(await excel.ExportAsync(Jurisdiction.From(http.User)!, ct), Xlsx, "catalogue.xlsx"))
            .RequireAuthorization(SunlightPolicies.DirectoryManage).WithSummary("The latest version of every item in the caller's region, in the import format.");

        group.MapPost("import", async Task<Results<Ok<CatalogueImportResult>, UnprocessableEntity<CatalogueImportResult>, ProblemHttpResult>> (
            HttpRequest request, CatalogueExcel excel, CancellationToken ct) =>
        {
            if (!request.HasFormContentType)
            {
                return ApiProblems.Problem(415, "form-expected", "需要表单 (Form expected)", "请以 multipart/form-data 上传，文件字段名为 file (upload the workbook as multipart/form-data, field 'file').");
            }

            var form = await request.ReadFormAsync(ct);
            if (form.Files["file"] is not { } file)
            {
                return ApiProblems.Problem(400, "file-missing", "缺少文件 (File missing)", "表单中没有名为 file 的文件 (no file field named 'file').");
            }

            await using var stream = file.OpenReadStream();
            var result = await excel.ImportAsync(Jurisdiction.From(request.HttpContext.User)!, request.HttpContext.User.Identity?.Name ?? "", stream, ct);
            return result.Applied ? TypedResults.Ok(result) : TypedResults.UnprocessableEntity(result);
        }).RequireAuthorization(SunlightPolicies.DirectoryManage).DisableAntiforgery()
          .WithSummary("All-or-nothing import of a catalogue workbook; 422 lists every error by sheet, row and column. Unchanged items get no new version.");

        MapExchange(api);
    }

    /// <summary>Largest accepted intake request body.</summary>
    public const int MaxIntakeBytes = 16 * 1024 * 1024;

    private static void MapExchange(IEndpointRouteBuilder api)
    {
        var exchange = api.MapGroup("exchange").WithTags("Exchange");

        exchange.MapPost("case-events", async Task<Results<Ok<IntakeResult>, ProblemHttpResult>> (HttpRequest request, ExchangeSystems systems, CaseIntake intake, CancellationToken ct) =>
        {
            if (request.ContentLength > MaxIntakeBytes)
            {
                return ApiProblems.Problem(413, "too-large", "请求过大 (Request too large)", $"请求体超过 {MaxIntakeBytes / 1024 / 1024} MB，请分批报送，每批至多 {CaseIntake.MaxLines} 行 (split the events into batches of at most {CaseIntake.MaxLines} lines).");
            }

            using var buffer = new MemoryStream();
            await request.Body.CopyToAsync(buffer, ct);
            if (buffer.Length > MaxIntakeBytes)
            {
                return ApiProblems.Problem(413, "too-large", "请求过大 (Request too large)", $"请求体超过 {MaxIntakeBytes / 1024 / 1024} MB (request body too large).");
            }

            var body = buffer.GetBuffer().AsMemory(0, (int)buffer.Length);
            var (system, error) = await systems.AuthenticateAsync(request.Headers["X-Sunlight-System"], request.Headers["X-Sunlight-Timestamp"], request.Headers["X-Sunlight-Signature"], body, ct);
            if (system is null)
            {
                return ApiProblems.Problem(401, "bad-signature", "签名无效 (Signature rejected)", error!);
            }

            var lines = System.Text.Encoding.UTF8.GetString(body.Span).Split('\n').Select(l => l.TrimEnd('\r')).ToList();
            while (lines.Count > 0 && lines[^1].Length == 0)
            {
                lines.RemoveAt(lines.Count - 1);
            }

            if (lines.Count > CaseIntake.MaxLines)
            {
                return ApiProblems.Problem(413, "too-many-lines", "行数过多 (Too many lines)", $"一批至多 {CaseIntake.MaxLines} 行，收到 {lines.Count} 行，未作任何处理 (at most {CaseIntake.MaxLines} lines per batch; nothing was stored).");
            }

            return TypedResults.Ok(await intake.IngestAsync(system.Id, system.OrganisationCode, lines, ct));
        }).AllowAnonymous().DisableAntiforgery()
          .WithSummary("NDJSON case events from a department system, signed with HMAC-SHA256 (X-Sunlight-System, X-Sunlight-Timestamp, X-Sunlight-Signature).");

        exchange.MapPost("systems", async Task<Results<Created<SystemSecret>, ProblemHttpResult>> (SystemInput input, HttpContext http, ExchangeSystems systems, CancellationToken ct) =>
        {
            try
            {
                var created = await systems.AddAsync(Jurisdiction.From(http.User), input.Id ?? "", input.Organisation ?? "", ct);
                return TypedResults.Created($"/api/v1/exchange/systems/{created.Id}", created);
            }
            catch (ArgumentException e)
            {
                return ApiProblems.Problem(400, "invalid-input", "输入有误 (Invalid input)", e.Message);
            }
        }).RequireAuthorization(SunlightPolicies.DirectoryManage).WithSummary("Registers a department system; the secret is in this answer only.");

        exchange.MapPost("systems/{id}/rotate", async Task<Results<Ok<SystemSecret>, ProblemHttpResult>> (string id, HttpContext http, ExchangeSystems systems, CancellationToken ct) =>
            await systems.RotateAsync(Jurisdiction.From(http.User), id, ct) is { } rotated
                ? TypedResults.Ok(rotated)
                : ApiProblems.Problem(404, "not-found", "未找到 (Not found)", $"您的管辖范围内没有系统 {id} (no system {id} in your jurisdiction)."))
            .RequireAuthorization(SunlightPolicies.DirectoryManage).DisableAntiforgery().WithSummary("Replaces a system's secret; the old one stops working at once.");

        exchange.MapGet("systems", async (HttpContext http, ExchangeSystems systems, CancellationToken ct) =>
            TypedResults.Ok((await systems.ListAsync(Jurisdiction.From(http.User)!, ct)).Select(s => new { s.Id, s.Organisation, s.CreatedAt, s.RotatedAt })))
            .RequireAuthorization(SunlightPolicies.DirectoryManage);

        api.MapGet("cases/{caseNo}", async Task<Results<Ok<CaseView>, ProblemHttpResult>> (string caseNo, HttpContext http, CaseReader cases, CancellationToken ct) =>
            await cases.GetAsync(Jurisdiction.From(http.User)!, caseNo, ct, UserId(http)) is { } view
                ? TypedResults.Ok(view)
                : ApiProblems.Problem(404, "not-found", "未找到 (Not found)", $"您的管辖范围内没有办件 {caseNo} (no case {caseNo} in your jurisdiction)."))
            .RequireAuthorization(SunlightPolicies.SignedIn).WithTags("Cases")
            .WithSummary("A case: state, clock and its events in the order they happened (staff inside their jurisdiction; applicants their own).");

        api.MapGet("cases/{caseNo}/proofs", async Task<Results<Ok<IReadOnlyList<EventProof>>, ProblemHttpResult>> (
            string caseNo, HttpContext http, CaseReader cases, Sunlight.Core.Ledger.LedgerStatusService ledger, CancellationToken ct) =>
            await cases.ProofsAsync(Jurisdiction.From(http.User)!, caseNo, ledger, ct, UserId(http)) is { } proofs
                ? TypedResults.Ok(proofs)
                : ApiProblems.Problem(404, "not-found", "未找到 (Not found)", $"您的管辖范围内没有办件 {caseNo} (no case {caseNo} in your jurisdiction)."))
            .RequireAuthorization(SunlightPolicies.SignedIn).WithTags("Cases")
            .WithSummary("Each event of a case with its ledger record and proof state (proven / pending / broken / missing) and whether the level above witnessed it.");

        api.MapGet("cases/{caseNo}/attachments/{id:long}", async Task<Results<FileContentHttpResult, ProblemHttpResult>> (
            string caseNo, long id, HttpContext http, CaseReader cases, FileStore store, CancellationToken ct) =>
        {
            var attachment = await cases.AttachmentAsync(Jurisdiction.From(http.User)!, caseNo, id, ct, UserId(http));
            byte[]? bytes;
            try
            {
                bytes = attachment is null ? null : await store.ReadAsync(attachment.StoredName, attachment.Sha256, ct);
            }
            catch (InvalidOperationException e)
            {
                return ApiProblems.Problem(500, "attachment-altered", "附件已被改动 (Attachment altered)", e.Message + " 原件的哈希记录在账本中，请联系管理员恢复 (the original's hash is in the ledger; ask an administrator to restore the file).");
            }

            return bytes is null
                ? ApiProblems.Problem(404, "not-found", "未找到 (Not found)", $"办件 {caseNo} 没有您可查看的附件 {id} (no such attachment you may read).")
                : TypedResults.File(bytes, attachment!.ContentType, attachment.FileName);
        }).RequireAuthorization(SunlightPolicies.SignedIn).WithTags("Cases").WithSummary("Downloads an attachment (its SHA-256 is checked before it is served).");

        MapHall(api);
        MapWorkbench(api);
    }

    private static string? UserId(HttpContext http) => http.User.FindFirstValue(ClaimTypes.NameIdentifier);

    private static void MapHall(IEndpointRouteBuilder api)
    {
        var hall = api.MapGroup("hall").WithTags("Hall");

        hall.MapPost("applications", async Task<Results<Created<ApplicationReceipt>, ProblemHttpResult>> (HttpRequest request, HallApplications applications, CancellationToken ct) =>
        {
            if (!request.HasFormContentType)
            {
                return ApiProblems.Problem(415, "form-expected", "需要表单 (Form expected)", "请以 multipart/form-data 提交：itemCode、applicantName、idType、idNo、phone、note 和附件 files (send multipart/form-data).");
            }

            var form = await request.ReadFormAsync(ct);
            var input = new ApplicationInput(form["itemCode"], form["applicantName"], form["idType"], form["idNo"], form["phone"], form["note"]);
            var files = form.Files.Select(f => new UploadedFile(f.FileName, f.Length, f.OpenReadStream)).ToList();
            try
            {
                var receipt = await applications.ApplyAsync(UserId(request.HttpContext)!, request.HttpContext.User.Identity?.Name ?? "", input, files, ct);
                return TypedResults.Created($"/api/v1/cases/{receipt.CaseNo}", receipt);
            }
            catch (InputException e)
            {
                return ApiProblems.From(e);
            }
        }).RequireAuthorization(SunlightPolicies.Apply).DisableAntiforgery()
          .WithSummary("Applies online (Applicant): multipart form with itemCode, applicantName, idType, idNo, phone, note and files; answers the case number and the query code.");

        hall.MapGet("cases", async (HttpContext http, HallApplications applications, CancellationToken ct) =>
            TypedResults.Ok(await applications.MineAsync(UserId(http)!, ct)))
            .RequireAuthorization(SunlightPolicies.Apply).WithSummary("The caller's own cases, newest first.");

        hall.MapPost("cases/{caseNo}/rating", async Task<Results<NoContent, ProblemHttpResult>> (string caseNo, RatingInput input, HttpContext http, HallApplications applications, CancellationToken ct) =>
        {
            try
            {
                await applications.RateAsync(UserId(http)!, caseNo, input.Score ?? 0, input.Comment, ct);
                return TypedResults.NoContent();
            }
            catch (InputException e)
            {
                return ApiProblems.From(e);
            }
        }).RequireAuthorization(SunlightPolicies.Apply).WithSummary("Rates one's own concluded case 1–5 (好差评), once.");

        hall.MapGet("progress", async Task<Results<Ok<ProgressView>, ProblemHttpResult>> (string? caseNo, string? code, HttpContext http, HallApplications applications, CancellationToken ct) =>
        {
            try
            {
                return TypedResults.Ok(await applications.ProgressAsync(http.Connection.RemoteIpAddress?.ToString() ?? "unknown", caseNo, code, ct));
            }
            catch (InputException e)
            {
                return ApiProblems.From(e);
            }
        }).AllowAnonymous().WithSummary("Public progress by case number and query code (rate-limited; no personal data).");
    }

    private static void MapWorkbench(IEndpointRouteBuilder api)
    {
        var workbench = api.MapGroup("workbench").WithTags("Workbench");

        workbench.MapGet("inbox", async Task<Results<Ok<IReadOnlyList<InboxEntry>>, ProblemHttpResult>> (bool? all, HttpContext http, Workbench bench, CancellationToken ct) =>
            await Run(() => bench.InboxAsync(Jurisdiction.From(http.User)!, all ?? false, ct)))
            .RequireAuthorization(SunlightPolicies.Casework).WithSummary("The organisation's cases, ordered by due date, with remaining working days (?all=true adds closed ones).");

        workbench.MapPost("cases/{caseNo}/actions", async Task<Results<Ok<CaseView>, ProblemHttpResult>> (string caseNo, CaseAction action, HttpContext http, Workbench bench, CancellationToken ct) =>
            await Run(() => bench.ActAsync(Jurisdiction.From(http.User)!, http.User.Identity?.Name ?? "", caseNo, action, ct)))
            .RequireAuthorization(SunlightPolicies.Casework)
            .WithSummary("An action on a case of the caller's organisation: accept, reject, request-correction, corrected, pause, resume, complete-step, charge-fee, decide, conclude, deliver, extend (head only).");
    }

    public Task SeedReferenceAsync(IServiceProvider services, CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task SeedDemoAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        await DemoCatalogue.SeedAsync(services, cancellationToken).ConfigureAwait(false);
        _ = await DemoYear.SeedAsync(services, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Chinese role names for flowcharts (data printed into an image, not UI chrome).</summary>
    internal static string RoleName(string role) => role switch
    {
        SunlightRoles.Clerk => "经办人",
        SunlightRoles.DepartmentHead => "部门负责人",
        _ => role,
    };

    private static async Task<Results<Ok<T>, ProblemHttpResult>> Run<T>(Func<Task<T>> action)
    {
        try
        {
            return TypedResults.Ok(await action().ConfigureAwait(false));
        }
        catch (InputException e)
        {
            return ApiProblems.From(e);
        }
    }
}
