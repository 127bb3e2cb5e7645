using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Sunlight.Core.Api;

namespace Sunlight.Trading.Experts;

/// <summary>评标专家库 — <c>/api/v1/trading/experts</c>: the pool by Excel, for administrators of the region.</summary>
internal static class ExpertEndpoints
{
    private const string Xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    public static void Map(IEndpointRouteBuilder api)
    {
        var experts = api.MapGroup("trading/experts").WithTags("Trading").RequireAuthorization(TradingPolicies.Experts);
        experts.MapGet("template", () => TypedResults.File(ExpertExcel.Template(), Xlsx, "experts-template.xlsx"))
            .WithSummary("An empty expert workbook: sheets experts and interests with their headers and an example row.");
        experts.MapGet("export", Export).WithSummary("The experts of the caller's region in the import format (citizen ID numbers left blank: they are never exported).");
        experts.MapPost("import", Import).DisableAntiforgery()
            .WithSummary("All-or-nothing import of an expert workbook (multipart, field file): experts in the file replace the stored ones with their interests; 422 lists every error by sheet, row and column.");
    }

    private static async Task<FileContentHttpResult> Export(Caller caller, ExpertExcel excel, CancellationToken ct) =>
        TypedResults.File(await excel.ExportAsync(caller.Who, ct), Xlsx, "experts.xlsx");

    private static async Task<Results<Ok<ExpertImportResult>, UnprocessableEntity<ExpertImportResult>, ProblemHttpResult>> Import(HttpRequest request, Caller caller, ExpertExcel excel, CancellationToken ct)
    {
        var (file, problem) = await request.ReadUploadAsync(ct);
        if (file is null)
        {
            return problem!;
        }

        await using var stream = file.OpenReadStream();
        var result = await excel.ImportAsync(caller.Who, caller.UserName, stream, ct);
        return result.Applied ? TypedResults.Ok(result) : TypedResults.UnprocessableEntity(result);
    }
}
