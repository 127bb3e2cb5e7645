using Sunlight.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Sunlight.Core.Accounts;
using Sunlight.Core.Api;
using Sunlight.Core.Files;
using Sunlight.Core.Ledger;

namespace Sunlight.Services.Cases;

/// <summary>
/// 办件 — <c>/api/v1/cases</c>, <c>/hall</c> and <c>/workbench</c>: a case with its proofs and files; the online hall
/// (apply, my cases, rating, public progress); the department workbench (inbox, actions).
/// </summary>
internal static class CaseEndpoints
{
    public static void Map(IEndpointRouteBuilder api)
    {
        var cases = api.MapGroup("cases").WithTags("Cases").RequireAuthorization(SunlightPolicies.SignedIn);
        cases.MapGet("{caseNo}", Get)
            .WithSummary("A case: state, clock and its events in the order they happened (staff inside their jurisdiction; applicants their own).");
        cases.MapGet("{caseNo}/proofs", Proofs)
            .WithSummary("Each event of a case with its ledger record and proof state (proven / pending / broken / missing) and whether the level above witnessed it.");
        cases.MapGet("{caseNo}/attachments/{id:long}", Attachment).WithSummary("Downloads an attachment (its SHA-256 is checked before it is served).");

        var hall = api.MapGroup("hall").WithTags("Hall");
        hall.MapPost("applications", Apply).RequireAuthorization(ServicesPolicies.Apply).DisableAntiforgery()
            .WithSummary("Applies online (Applicant): multipart form with itemCode, applicantName, idType, idNo, phone, note and files; answers the case number and the query code.");
        hall.MapGet("cases", Mine).RequireAuthorization(ServicesPolicies.Apply).WithSummary("The caller's own cases, newest first, paged: {items, total, page, pageSize} (pageSize 1–500, default 50).");
        hall.MapPost("cases/{caseNo}/rating", Rate).RequireAuthorization(ServicesPolicies.Apply).WithSummary("Rates one's own concluded case 1–5 (好差评), once.");
        hall.MapGet("progress", Progress).AllowAnonymous().WithSummary("Public progress by case number and query code (rate-limited; no personal data).");

        var workbench = api.MapGroup("workbench").WithTags("Workbench").RequireAuthorization(ServicesPolicies.Casework);
        workbench.MapGet("inbox", Inbox).WithSummary("The organisation's cases, ordered by due date, with remaining working days (?all=true adds closed ones), paged: {items, total, page, pageSize} (pageSize 1–500, default 100).");
        workbench.MapPost("cases/{caseNo}/actions", Act)
            .WithSummary("An action on a case of the caller's organisation: accept, reject, request-correction, corrected, pause, resume, complete-step, charge-fee, decide, conclude, deliver, extend (head only).");
    }

    private static ProblemHttpResult NoCase(string caseNo) =>
        ApiProblems.Problem(404, "not-found", Bilingual.Say("未找到", "Not found"), Bilingual.Say($"您的管辖范围内没有办件 {caseNo}", $"no case {caseNo} in your jurisdiction."));

    private static async Task<Results<Ok<CaseView>, ProblemHttpResult>> Get(string caseNo, Caller caller, CaseReader cases, CancellationToken ct) =>
        await cases.GetAsync(caller.Who, caseNo, ct, caller.UserId) is { } view ? TypedResults.Ok(view) : NoCase(caseNo);

    private static async Task<Results<Ok<IReadOnlyList<EventProof>>, ProblemHttpResult>> Proofs(string caseNo, Caller caller, CaseReader cases, LedgerStatusService ledger, CancellationToken ct) =>
        await cases.ProofsAsync(caller.Who, caseNo, ledger, ct, caller.UserId) is { } proofs ? TypedResults.Ok(proofs) : NoCase(caseNo);

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> Attachment(string caseNo, long id, Caller caller, CaseReader cases, FileStore store, CancellationToken ct)
    {
        var attachment = await cases.AttachmentAsync(caller.Who, caseNo, id, ct, caller.UserId);
        var bytes = attachment is null ? null : await store.ReadAsync(attachment.StoredName, attachment.Sha256, ct);

        return bytes is null
            ? ApiProblems.Problem(404, "not-found", Bilingual.Say("未找到", "Not found"), Bilingual.Say($"办件 {caseNo} 没有您可查看的附件 {id}", $"no such attachment you may read."))
            : TypedResults.File(bytes, attachment!.ContentType, attachment.FileName);
    }

    private static async Task<Results<Created<ApplicationReceipt>, ProblemHttpResult>> Apply(HttpRequest request, Caller caller, HallApplications applications, CancellationToken ct)
    {
        if (!request.HasFormContentType)
        {
            return ApiProblems.Problem(415, "form-expected", Bilingual.Say("需要表单", "Form expected"), Bilingual.Say("请以 multipart/form-data 提交：itemCode、applicantName、idType、idNo、phone、note 和附件 files", "send multipart/form-data."));
        }

        var form = await request.ReadFormOrRefuseAsync(ct);
        var input = new ApplicationInput(form["itemCode"], form["applicantName"], form["idType"], form["idNo"], form["phone"], form["note"]);
        var files = form.Files.Select(f => new UploadedFile(f.FileName, f.Length, f.OpenReadStream)).ToList();
        var receipt = await applications.ApplyAsync(caller.UserId!, caller.UserName, input, files, ct);
        return TypedResults.Created($"/api/v1/cases/{receipt.CaseNo}", receipt);
    }

    private static async Task<Ok<MyCasePage>> Mine(int? page, int? pageSize, Caller caller, HallApplications applications, CancellationToken ct) =>
        TypedResults.Ok(await applications.MineAsync(caller.UserId!, page ?? 1, pageSize ?? 50, ct));

    private static async Task<NoContent> Rate(string caseNo, RatingInput input, Caller caller, HallApplications applications, CancellationToken ct)
    {
        await applications.RateAsync(caller.UserId!, caseNo, input.Score ?? 0, input.Comment, ct);
        return TypedResults.NoContent();
    }

    private static async Task<Ok<ProgressView>> Progress(string? caseNo, string? code, HttpContext http, HallApplications applications, CancellationToken ct) =>
        TypedResults.Ok(await applications.ProgressAsync(http.Connection.RemoteIpAddress?.ToString() ?? "unknown", caseNo, code, ct));

    private static async Task<Ok<InboxPage>> Inbox(bool? all, int? page, int? pageSize, Caller caller, Workbench bench, CancellationToken ct) =>
        TypedResults.Ok(await bench.InboxAsync(caller.Who, all ?? false, page ?? 1, pageSize ?? 100, ct));

    private static async Task<Ok<CaseView>> Act(string caseNo, CaseAction action, Caller caller, Workbench bench, CancellationToken ct) =>
        TypedResults.Ok(await bench.ActAsync(caller.Who, caller.UserName, caseNo, action, ct));
}
