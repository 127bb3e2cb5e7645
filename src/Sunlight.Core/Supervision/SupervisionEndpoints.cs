using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Sunlight.Core.Accounts;
using Sunlight.Core.Api;
using Sunlight.Core.Files;

namespace Sunlight.Core.Supervision;

/// <summary>电子监察 — <c>/api/v1/alerts</c>, <c>/notices</c> and <c>/supervision/rules</c>.</summary>
internal static class SupervisionEndpoints
{
    private const string Xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    public static void Map(IEndpointRouteBuilder api)
    {
        var alerts = api.MapGroup("alerts").WithTags("Supervision");
        alerts.MapGet("", List).RequireAuthorization(SunlightPolicies.AlertsRead)
            .WithSummary("Alerts in the caller's jurisdiction (department roles: their organisation), newest first, filtered and paged: {items, total}.");
        alerts.MapPost("", RaiseManual).RequireAuthorization(SunlightPolicies.AlertsDecide)
            .WithSummary("A supervisor raises an alert by hand (rule SUP-MANUAL) about a subject of an organisation in their jurisdiction.");
        alerts.MapGet("export.csv", Csv).RequireAuthorization(SunlightPolicies.AlertsRead).WithSummary("The same alerts as CSV (UTF-8 with BOM).");
        alerts.MapGet("export.xlsx", Excel).RequireAuthorization(SunlightPolicies.AlertsRead)
            .WithSummary("The same alerts as an Excel workbook (the daily digest uses from/to of one day).");
        alerts.MapPost("{id:long}/dismiss", Dismiss).RequireAuthorization(SunlightPolicies.AlertsDecide)
            .WithSummary("Dismisses an open alert with a reason (Supervisor); it stays listed as dismissed.");
        alerts.MapPost("{id:long}/reopen", Reopen).RequireAuthorization(SunlightPolicies.AlertsDecide)
            .WithSummary("Reopens a resolved or dismissed alert with a reason (Supervisor), so that it may take a new notice.");

        var notices = api.MapGroup("notices").WithTags("Supervision");
        notices.MapPost("", Issue).RequireAuthorization(SunlightPolicies.AlertsDecide)
            .WithSummary("Issues a supervision notice (督办单) about alerts of one department, with a reply deadline in working days (default 5).");
        notices.MapGet("", Notices).RequireAuthorization(SunlightPolicies.AlertsRead)
            .WithSummary("Notices in the caller's jurisdiction (departments: their own), newest first, paged: {items, total, page, pageSize} (pageSize 1–500, default 50); ?status=draft|discarded|issued|replied|returned|closed|escalated.");
        notices.MapGet("{id:long}", Notice).RequireAuthorization(SunlightPolicies.AlertsRead).WithSummary("One notice with its files.");
        notices.MapPost("{id:long}/reply", Reply).RequireAuthorization(SunlightPolicies.NoticesReply).DisableAntiforgery()
            .WithSummary("The department's reply (Clerk or DepartmentHead of the organisation under notice): JSON {text}, or multipart/form-data with text and up to 10 files (.pdf .jpg .png .ofd .docx, 10 MB each, checked by content).");
        notices.MapGet("{id:long}/files/{fileId:long}", File).RequireAuthorization(SunlightPolicies.AlertsRead)
            .WithSummary("Downloads a file of a notice reply (its SHA-256 is checked before it is served).");
        notices.MapPost("{id:long}/verify", Verify).RequireAuthorization(SunlightPolicies.AlertsDecide).DisableAntiforgery()
            .WithSummary("The supervisor accepts the reply: closed, and its alerts resolved with the closing record as evidence.");
        notices.MapPost("{id:long}/issue", IssueDraft).RequireAuthorization(SunlightPolicies.AlertsDecide)
            .WithSummary("A supervisor issues a rule's draft (origin rule:<code>) under a DB- number, with the request as finally worded.");
        notices.MapPost("{id:long}/discard", Discard).RequireAuthorization(SunlightPolicies.AlertsDecide).WithSummary("A supervisor discards a rule's draft with a reason.");
        notices.MapPost("{id:long}/copy", Copy).RequireAuthorization(SunlightPolicies.AlertsDecide)
            .WithSummary("A linked copy of an issued notice to a second organisation of the jurisdiction, with its own number, deadline and reply.");
        notices.MapPost("{id:long}/return", Return).RequireAuthorization(SunlightPolicies.AlertsDecide).WithSummary("The supervisor returns the reply with a reason; the department answers again.");

        var rules = api.MapGroup("supervision/rules").WithTags("Supervision");
        rules.MapGet("", Rules).RequireAuthorization(SunlightPolicies.AlertsRead).WithSummary("Every rule with its parameters: default and the value in force for the caller's region.");
        rules.MapPut("{code}/parameters/{name}", SetParameter).RequireAuthorization(SunlightPolicies.DirectoryManage)
            .WithSummary("Sets a rule parameter for the caller's region from an instant (Admin); a record says who, what and when.");
    }

    private static async Task<Ok<AlertPage>> List(Caller caller, AlertService service, string? subject, string? rule, string? severity, string? status, string? organisation,
        string? region, DateTimeOffset? from, DateTimeOffset? to, int? page, int? pageSize, CancellationToken ct) =>
        TypedResults.Ok(await service.ListAsync(caller.Who, new AlertFilter(subject, rule, severity, status, organisation, region, from, to, page ?? 1, pageSize ?? 50), ct));

    private static async Task<Created<AlertView>> RaiseManual(ManualAlertInput input, Caller caller, AlertService service, CancellationToken ct)
    {
        var alert = await service.RaiseManualAsync(caller.Who, caller.UserName, input, ct);
        return TypedResults.Created($"/api/v1/alerts?subject={Uri.EscapeDataString(alert.Subject)}", alert);
    }

    /// <summary>Every matching alert, streamed as it is read (no cap): UTF-8 with BOM so Excel opens the Chinese text correctly.</summary>
    private static PushStreamHttpResult Csv(Caller caller, AlertService service, string? subject, string? rule, string? severity, string? status, string? organisation,
        string? region, DateTimeOffset? from, DateTimeOffset? to, CancellationToken ct)
    {
        var filter = new AlertFilter(subject, rule, severity, status, organisation, region, from, to);
        return TypedResults.Stream(async stream =>
        {
            await using var writer = new StreamWriter(stream, new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: true), 64 * 1024);
            await writer.WriteAsync(AlertService.CsvHeader);
            await foreach (var a in service.StreamAsync(caller.Who, filter, ct))
            {
                await writer.WriteAsync(AlertService.CsvLine(a));
            }
        }, "text/csv; charset=utf-8", "alerts.csv");
    }

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> Excel(Caller caller, AlertService service, RuleTexts texts,
        Microsoft.Extensions.Localization.IStringLocalizer<SupervisionResource> words, string? subject, string? rule, string? severity, string? status, string? organisation,
        string? region, DateTimeOffset? from, DateTimeOffset? to, CancellationToken ct)
    {
        var filter = new AlertFilter(subject, rule, severity, status, organisation, region, from, to);
        var count = await service.CountAsync(caller.Who, filter, ct);
        if (count > AlertService.MaxXlsxRows)
        {
            // Said, not cut: one sheet cannot hold them all.
            return ApiProblems.Problem(422, "too-many-rows", Bilingual.Say("超出 Excel 行数上限", "Too many rows for Excel"),
                Bilingual.Say($"共 {count:N0} 条预警，超过一张 Excel 工作表的 {AlertService.MaxXlsxRows:N0} 行；请缩小时间或条件，或改用 CSV 导出（不限行数）", $"{count:N0} alerts do not fit one sheet; narrow the filter or export CSV."));
        }

        var rules = service.Rules.ToDictionary(r => r.Code, StringComparer.Ordinal);
        return TypedResults.File(AlertService.Xlsx(await service.AllAsync(caller.Who, filter, ct), words, code => texts.Title(rules.GetValueOrDefault(code), code)), Xlsx, "alerts.xlsx");
    }

    private static async Task<Ok<AlertView>> Dismiss(long id, DismissInput input, Caller caller, AlertService service, CancellationToken ct) =>
        TypedResults.Ok(await service.DismissAsync(caller.Who, caller.UserName, id, input.Reason, ct));

    private static async Task<Ok<AlertView>> Reopen(long id, DismissInput input, Caller caller, AlertService service, CancellationToken ct) =>
        TypedResults.Ok(await service.ReopenAsync(caller.Who, caller.UserName, id, input.Reason, ct));

    private static async Task<Created<NoticeView>> Issue(NoticeInput input, Caller caller, NoticeService service, CancellationToken ct)
    {
        var notice = await service.IssueAsync(caller.Who, caller.UserName, input, ct);
        return TypedResults.Created($"/api/v1/notices/{notice.Id}", notice);
    }

    private static async Task<Ok<NoticePage>> Notices(string? status, int? page, int? pageSize, Caller caller, NoticeService service, CancellationToken ct) =>
        TypedResults.Ok(await service.ListAsync(caller.Who, status, page ?? 1, pageSize ?? 50, ct));

    private static async Task<Ok<NoticeView>> Notice(long id, Caller caller, NoticeService service, CancellationToken ct) =>
        TypedResults.Ok(await service.GetAsync(caller.Who, id, ct));

    private static async Task<Ok<NoticeView>> Reply(long id, HttpRequest request, Caller caller, NoticeService service, CancellationToken ct)
    {
        // JSON {"text": …}, or multipart/form-data with a "text" field and files (整改材料).
        string? text;
        IReadOnlyList<UploadedFile> uploads = [];
        if (request.HasFormContentType)
        {
            var form = await request.ReadFormOrRefuseAsync(ct);
            text = form["text"];
            uploads = form.Files.Select(f => new UploadedFile(f.FileName, f.Length, f.OpenReadStream)).ToList();
        }
        else if (!request.HasJsonContentType())
        {
            throw new InputException(Refusal.Unsupported, Bilingual.Say("请以 application/json（{\"text\": …}）或 multipart/form-data（text 与文件）提交", "send JSON or multipart/form-data")) { Slug = "unsupported-media-type" };
        }
        else
        {
            NoticeAnswer? answer;
            try
            {
                answer = await request.ReadFromJsonAsync<NoticeAnswer>(ct);
            }
            catch (System.Text.Json.JsonException e)
            {
                throw new InputException(Refusal.Invalid, Bilingual.Say($"请求体不是有效的 JSON：{e.Message}", $"the body is not valid JSON")) { Slug = "malformed-body" };
            }

            text = answer?.Text;
        }

        return TypedResults.Ok(await service.ReplyAsync(caller.Who, caller.UserName, id, text, uploads, ct));
    }

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> File(long id, long fileId, Caller caller, NoticeService service, CancellationToken ct)
    {
        return await service.FileAsync(caller.Who, id, fileId, ct) is { } found
            ? TypedResults.File(found.Bytes, found.File.ContentType, found.File.FileName)
            : ApiProblems.Problem(404, "not-found", Bilingual.Say("未找到", "Not found"), Bilingual.Say($"督办单 {id} 没有您可查看的文件 {fileId}", $"no such file you may read."));
    }

    private static async Task<Ok<NoticeView>> Verify(long id, Caller caller, NoticeService service, CancellationToken ct) =>
        TypedResults.Ok(await service.VerifyAsync(caller.Who, caller.UserName, id, ct));

    private static async Task<Ok<NoticeView>> IssueDraft(long id, NoticeIssueInput input, Caller caller, NoticeService service, CancellationToken ct) =>
        TypedResults.Ok(await service.IssueDraftAsync(caller.Who, caller.UserName, id, input, ct));

    private static async Task<Ok<NoticeView>> Discard(long id, NoticeAnswer answer, Caller caller, NoticeService service, CancellationToken ct) =>
        TypedResults.Ok(await service.DiscardAsync(caller.Who, caller.UserName, id, answer.Text, ct));

    private static async Task<Created<NoticeView>> Copy(long id, NoticeCopyInput input, Caller caller, NoticeService service, CancellationToken ct)
    {
        var copy = await service.CopyAsync(caller.Who, caller.UserName, id, input, ct);
        return TypedResults.Created($"/api/v1/notices/{copy.Id}", copy);
    }

    private static async Task<Ok<NoticeView>> Return(long id, NoticeAnswer answer, Caller caller, NoticeService service, CancellationToken ct) =>
        TypedResults.Ok(await service.ReturnAsync(caller.Who, caller.UserName, id, answer.Text, ct));

    private static async Task<Ok<IEnumerable<RuleListing>>> Rules(Caller caller, AlertService service, TimeProvider clock, CancellationToken ct)
    {
        var parameters = await service.ParametersAsync(caller.Who.RegionPath, clock.GetUtcNow(), ct);
        return TypedResults.Ok(service.Rules.Select(r => new RuleListing(r.Code, r.Severity, r.Module, r.Title, r.Condition,
            r.Parameters.Select(p => new ParameterListing(p.Name, p.Default, parameters.Text(r.Code, p.Name), p.Unit, p.Description)).ToList())));
    }

    private static async Task<NoContent> SetParameter(string code, string name, ParameterInput input, Caller caller, AlertService service, CancellationToken ct)
    {
        await service.SetParameterAsync(caller.Who, caller.UserName, code, name, input.Value, input.EffectiveFrom, ct);
        return TypedResults.NoContent();
    }
}

/// <summary>A rule as <c>GET /api/v1/supervision/rules</c> lists it.</summary>
public sealed record RuleListing(string Code, string Severity, string Module, string Title, string Condition, IReadOnlyList<ParameterListing> Parameters);

/// <summary>A rule parameter with its default and the value in force for the caller's region.</summary>
public sealed record ParameterListing(string Name, string Default, string Value, string Unit, string Description);
