using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Sunlight.Core.Accounts;
using Sunlight.Core.Api;
using Sunlight.Core.Directory.Contracts;
using Sunlight.Core.Directory.Demo;
using Sunlight.Core.Modules;
using Sunlight.Core.Storage;

namespace Sunlight.Core.Directory;

/// <summary>
/// 机构人员目录 — regions, organisations and staff. This is the worked example of the module pattern: a manifest,
/// its services, its routes, its settings, its navigation and its demo seed.
/// </summary>
public sealed class DirectoryModule : ISunlightModule
{
    public string Key => "directory";

    public string DisplayNameKey => "Module_Directory";

    private const string RoutePrefix = "directory";

    public IReadOnlyList<ModulePolicy> Policies { get; } = [SunlightPolicies.Of(SunlightPolicies.DirectoryRead), SunlightPolicies.Of(SunlightPolicies.DirectoryManage)];

    public IReadOnlyList<string> RecordPrefixes { get; } = ["directory."];

    public IReadOnlyList<NavigationEntry> Navigation { get; } =
    [
        new("directory/organisations", "Nav_Organisations", "AccountTree", SunlightPolicies.Roles[SunlightPolicies.DirectoryRead], 20),
        new("directory/import", "Nav_DirectoryImport", "UploadFile", [SunlightRoles.Admin], 21),
    ];

    public void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddScoped<DirectoryService>();
        services.AddScoped<IDirectory, DirectoryFacts>();
        services.AddScoped<DirectoryExcel>();
    }

    public void MapEndpoints(IEndpointRouteBuilder api)
    {
        var group = api.MapGroup(RoutePrefix).WithTags("Directory");

        group.MapGet("regions", async Task<Results<Ok<IReadOnlyList<RegionDto>>, ProblemHttpResult>> (
            string? parent, HttpContext http, DirectoryService directory, CancellationToken ct) =>
        {
            var who = Jurisdiction.From(http.User);
            return who is null ? ApiProblems.NoJurisdiction() : TypedResults.Ok(await directory.ListRegionsAsync(who, parent, ct));
        }).RequireAuthorization(SunlightPolicies.DirectoryRead)
          .WithSummary("Regions in the caller's jurisdiction, optionally the children of one region.");

        group.MapGet("organisations", (string? region, string? kind, HttpContext http, DirectoryService directory, CancellationToken ct) =>
            Run(http, who => directory.ListOrganisationsAsync(who, region, kind, ct)))
            .RequireAuthorization(SunlightPolicies.DirectoryRead)
            .WithSummary("Organisations in the caller's jurisdiction, filtered by region subtree and kind.");

        group.MapGet("organisations/{code}", (string code, HttpContext http, DirectoryService directory, CancellationToken ct) =>
            Run(http, who => directory.GetOrganisationAsync(who, code, ct)))
            .RequireAuthorization(SunlightPolicies.DirectoryRead);

        group.MapGet("organisations/{code}/staff", (string code, HttpContext http, DirectoryService directory, CancellationToken ct) =>
            Run(http, who => directory.ListStaffAsync(who, code, ct)))
            .RequireAuthorization(SunlightPolicies.DirectoryRead)
            .WithSummary("Staff of one organisation. Department roles see only their own organisation.");

        group.MapPost("organisations", async (OrganisationInput input, HttpContext http, DirectoryService directory, CancellationToken ct) =>
        {
            var result = await Run(http, who => directory.CreateOrganisationAsync(who, input, ct));
            return result.Result is Ok<OrganisationDto> ok
                ? (IResult)TypedResults.Created($"/api/v1/directory/organisations/{ok.Value!.Code}", ok.Value)
                : result;
        }).RequireAuthorization(SunlightPolicies.DirectoryManage);

        group.MapPut("organisations/{code}", (string code, OrganisationInput input, HttpContext http, DirectoryService directory, CancellationToken ct) =>
            Run(http, who => directory.UpdateOrganisationAsync(who, code, input, ct)))
            .RequireAuthorization(SunlightPolicies.DirectoryManage);

        group.MapPost("organisations/{code}/staff", async (string code, StaffInput input, HttpContext http, DirectoryService directory, CancellationToken ct) =>
        {
            var result = await Run(http, who => directory.CreateStaffAsync(who, code, input, ct));
            return result.Result is Ok<StaffDto> ok ? (IResult)TypedResults.Created($"/api/v1/directory/organisations/{code}/staff", ok.Value) : result;
        }).RequireAuthorization(SunlightPolicies.DirectoryManage);

        group.MapGet("import/template", () =>
            TypedResults.File(DirectoryExcel.Template(), XlsxType, "sunlight-directory-template.xlsx"))
            .RequireAuthorization(SunlightPolicies.DirectoryManage);

        group.MapGet("export", async Task<Results<FileContentHttpResult, ProblemHttpResult>> (HttpContext http, DirectoryExcel excel, CancellationToken ct) =>
        {
            var who = Jurisdiction.From(http.User);
            return who is null ? ApiProblems.NoJurisdiction()
                : TypedResults.File(await excel.ExportAsync(who, ct), XlsxType, $"sunlight-directory-{who.RegionCode}.xlsx");
        }).RequireAuthorization(SunlightPolicies.DirectoryManage);

        group.MapPost("import", async Task<Results<Ok<ImportResult>, UnprocessableEntity<ImportResult>, ProblemHttpResult>> (
            HttpRequest request, HttpContext http, DirectoryExcel excel, AuditLog audit, CancellationToken ct) =>
        {
            var who = Jurisdiction.From(http.User);
            if (who is null)
            {
                return ApiProblems.NoJurisdiction();
            }

            if (!request.HasFormContentType || request.Form.Files.Count != 1)
            {
                return ApiProblems.Problem(400, "file-required", "需要一个文件 (A file is required)",
                    "请以 multipart/form-data 上传一个 .xlsx 文件，字段名 file (upload exactly one .xlsx file as multipart field 'file').");
            }

            await using var stream = request.Form.Files[0].OpenReadStream();
            var result = await excel.ImportAsync(who, stream, ct);
            await audit.WriteAsync(result.Applied ? "directory-import" : "directory-import-rejected", http.User.Identity?.Name, who.RegionPath,
                http.Connection.RemoteIpAddress?.ToString(), $"{request.Form.Files[0].FileName}: {result.Organisations} organisations, {result.Staff} staff, {result.Errors.Count} errors", ct);
            return result.Applied ? TypedResults.Ok(result) : TypedResults.UnprocessableEntity(result);
        }).RequireAuthorization(SunlightPolicies.DirectoryManage).DisableAntiforgery()
          .WithSummary("All-or-nothing import of an .xlsx workbook (sheets organisations and staff); 422 lists every error by sheet, row and column.");
    }

    public async Task SeedDemoAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var db = services.GetRequiredService<CoreDbContext>();
        await DemoCity.SeedDirectoryAsync(db, services.GetRequiredService<TimeProvider>(), cancellationToken).ConfigureAwait(false);
    }

    private const string XlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    private static async Task<Results<Ok<T>, ProblemHttpResult>> Run<T>(HttpContext http, Func<Jurisdiction, Task<T>> action)
    {
        var who = Jurisdiction.From(http.User);
        if (who is null)
        {
            return ApiProblems.NoJurisdiction();
        }

        try
        {
            return TypedResults.Ok(await action(who).ConfigureAwait(false));
        }
        catch (DirectoryException e)
        {
            return ApiProblems.From(e);
        }
    }
}
