using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Sunlight.Core.Accounts;
using Sunlight.Core.Api;
using Sunlight.Core.Directory.Contracts;

namespace Sunlight.Core.Directory;

/// <summary>机构人员目录 — <c>/api/v1/directory</c>: regions, organisations and staff; the Excel round trip.</summary>
internal static class DirectoryEndpoints
{
    private const string Xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    public static void Map(IEndpointRouteBuilder api)
    {
        var directory = api.MapGroup("directory").WithTags("Directory");
        directory.MapGet("regions", Regions).RequireAuthorization(SunlightPolicies.DirectoryRead).WithSummary("Regions in the caller's jurisdiction, optionally the children of one region.");
        directory.MapGet("organisations", Organisations).RequireAuthorization(SunlightPolicies.DirectoryRead)
            .WithSummary("Organisations in the caller's jurisdiction, filtered by region subtree and kind.");
        directory.MapGet("organisations/{code}", Organisation).RequireAuthorization(SunlightPolicies.DirectoryRead).WithSummary("One organisation.");
        directory.MapGet("organisations/{code}/staff", Staff).RequireAuthorization(SunlightPolicies.DirectoryRead)
            .WithSummary("Staff of one organisation. Department roles see only their own organisation.");
        directory.MapPost("organisations", CreateOrganisation).RequireAuthorization(SunlightPolicies.DirectoryManage).WithSummary("Creates an organisation in the caller's region (Admin).");
        directory.MapPut("organisations/{code}", UpdateOrganisation).RequireAuthorization(SunlightPolicies.DirectoryManage).WithSummary("Renames or moves an organisation (Admin).");
        directory.MapPost("organisations/{code}/staff", CreateStaff).RequireAuthorization(SunlightPolicies.DirectoryManage).WithSummary("Adds a member of staff (Admin).");
        directory.MapGet("import/template", () => TypedResults.File(DirectoryExcel.Template(), Xlsx, "sunlight-directory-template.xlsx"))
            .RequireAuthorization(SunlightPolicies.DirectoryManage).WithSummary("An empty directory workbook with its sheets and headers.");
        directory.MapGet("export", Export).RequireAuthorization(SunlightPolicies.DirectoryManage).WithSummary("The caller's region as a directory workbook.");
        directory.MapPost("import", Import).RequireAuthorization(SunlightPolicies.DirectoryManage).DisableAntiforgery()
            .WithSummary("All-or-nothing import of an .xlsx workbook (sheets organisations and staff); 422 lists every error by sheet, row and column.");
    }

    private static async Task<Ok<IReadOnlyList<RegionDto>>> Regions(string? parent, Caller caller, DirectoryService directory, CancellationToken ct) =>
        TypedResults.Ok(await directory.ListRegionsAsync(caller.Who, parent, ct));

    private static async Task<Ok<IReadOnlyList<OrganisationDto>>> Organisations(string? region, string? kind, Caller caller, DirectoryService directory, CancellationToken ct) =>
        TypedResults.Ok(await directory.ListOrganisationsAsync(caller.Who, region, kind, ct));

    private static async Task<Ok<OrganisationDto>> Organisation(string code, Caller caller, DirectoryService directory, CancellationToken ct) =>
        TypedResults.Ok(await directory.GetOrganisationAsync(caller.Who, code, ct));

    private static async Task<Ok<IReadOnlyList<StaffDto>>> Staff(string code, Caller caller, DirectoryService directory, CancellationToken ct) =>
        TypedResults.Ok(await directory.ListStaffAsync(caller.Who, code, ct));

    private static async Task<Created<OrganisationDto>> CreateOrganisation(OrganisationInput input, Caller caller, DirectoryService directory, CancellationToken ct)
    {
        var created = await directory.CreateOrganisationAsync(caller.Who, input, ct);
        return TypedResults.Created($"/api/v1/directory/organisations/{created.Code}", created);
    }

    private static async Task<Ok<OrganisationDto>> UpdateOrganisation(string code, OrganisationInput input, Caller caller, DirectoryService directory, CancellationToken ct) =>
        TypedResults.Ok(await directory.UpdateOrganisationAsync(caller.Who, code, input, ct));

    private static async Task<Created<StaffDto>> CreateStaff(string code, StaffInput input, Caller caller, DirectoryService directory, CancellationToken ct) =>
        TypedResults.Created($"/api/v1/directory/organisations/{code}/staff", await directory.CreateStaffAsync(caller.Who, code, input, ct));

    private static async Task<FileContentHttpResult> Export(Caller caller, DirectoryExcel excel, CancellationToken ct) =>
        TypedResults.File(await excel.ExportAsync(caller.Who, ct), Xlsx, $"sunlight-directory-{caller.Who.RegionCode}.xlsx");

    private static async Task<Results<Ok<ImportResult>, UnprocessableEntity<ImportResult>, ProblemHttpResult>> Import(
        HttpRequest request, Caller caller, DirectoryExcel excel, AuditLog audit, CancellationToken ct)
    {
        if (!request.HasFormContentType)
        {
            return ApiProblems.Problem(415, "form-expected", Bilingual.Say("需要表单", "Form expected"), Bilingual.Say("请以 multipart/form-data 上传一个 .xlsx 文件，字段名 file", "upload exactly one .xlsx file as multipart field 'file'."));
        }

        var form = await request.ReadFormOrRefuseAsync(ct);
        if (form.Files.Count != 1)
        {
            return ApiProblems.Problem(400, "file-required", Bilingual.Say("需要一个文件", "A file is required"),
                Bilingual.Say("请以 multipart/form-data 上传一个 .xlsx 文件，字段名 file", "upload exactly one .xlsx file as multipart field 'file'."));
        }

        await using var stream = form.Files[0].OpenReadStream();
        var result = await excel.ImportAsync(caller.Who, stream, ct);
        await audit.WriteAsync(result.Applied ? "directory-import" : "directory-import-rejected", caller.UserName, caller.Who.RegionPath,
            request.HttpContext.Connection.RemoteIpAddress?.ToString(), $"{TextInput.Visible(form.Files[0].FileName, 200)}: {result.Organisations} organisations, {result.Staff} staff, {result.Errors.Count} errors", ct);
        return result.Applied ? TypedResults.Ok(result) : TypedResults.UnprocessableEntity(result);
    }
}
