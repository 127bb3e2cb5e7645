using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Sunlight.Core.Api;
using Sunlight.Services.Contracts;

namespace Sunlight.Services.Catalogue;

/// <summary>权力事项目录 — <c>/api/v1/catalogue</c>: the items in force, their flowcharts, publishing and the Excel round trip.</summary>
internal static class CatalogueEndpoints
{
    private const string Xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    public static void Map(IEndpointRouteBuilder api)
    {
        var catalogue = api.MapGroup("catalogue").WithTags("Catalogue");
        catalogue.MapGet("items", List).AllowAnonymous().WithSummary("Power items in force, filtered by organisation, category and words of the name.");
        catalogue.MapGet("items/{code}", Get).AllowAnonymous().WithSummary("An item: the version in force, or ?version=n.");
        catalogue.MapGet("items/{code}/flowchart.svg", FlowchartSvg).AllowAnonymous().WithSummary("The item's flowchart, generated from its steps.");
        catalogue.MapPost("items", Publish).RequireAuthorization(ServicesPolicies.CataloguePublish)
            .WithSummary("Publishes an item, or a new version of it (Admin, for organisations in the caller's region; a catalogue editor, for the organisations of the grant).");
        catalogue.MapGet("template", Template).RequireAuthorization(ServicesPolicies.CataloguePublish)
            .WithSummary("An empty catalogue workbook with its sheets, headers and one example item.");
        catalogue.MapGet("export", Export).RequireAuthorization(ServicesPolicies.CataloguePublish)
            .WithSummary("The latest version of every item the caller may maintain, in the import format.");
        catalogue.MapPost("import", Import).RequireAuthorization(ServicesPolicies.CataloguePublish).DisableAntiforgery()
            .WithSummary("All-or-nothing import of a catalogue workbook; 422 lists every error by sheet, row and column. Unchanged items get no new version.");
    }

    private static async Task<Ok<IReadOnlyList<ItemSummary>>> List(string? organisation, string? category, string? q, CatalogueService catalogue, CancellationToken ct) =>
        TypedResults.Ok(await catalogue.ListAsync(organisation, category, q, null, ct));

    private static async Task<Ok<ItemDto>> Get(string code, int? version, CatalogueService catalogue, CancellationToken ct) =>
        TypedResults.Ok(await catalogue.GetAsync(code, version, ct));

    private static async Task<ContentHttpResult> FlowchartSvg(
        string code, int? version, CatalogueService catalogue, Microsoft.Extensions.Localization.IStringLocalizer<ServicesResource> words, CancellationToken ct) =>
        TypedResults.Content(Flowchart.Svg(await catalogue.GetAsync(code, version, ct), words), "image/svg+xml; charset=utf-8");

    private static async Task<Created<ItemDto>> Publish(ItemInput input, Caller caller, CatalogueService catalogue, CancellationToken ct)
    {
        var item = await catalogue.PublishAsync(caller.Who, input, caller.UserName, ct);
        return TypedResults.Created($"/api/v1/catalogue/items/{item.Code}?version={item.Version}", item);
    }

    private static FileContentHttpResult Template() => TypedResults.File(CatalogueExcel.Template(), Xlsx, "catalogue-template.xlsx");

    private static async Task<FileContentHttpResult> Export(Caller caller, CatalogueExcel excel, CancellationToken ct) =>
        TypedResults.File(await excel.ExportAsync(caller.Who, ct), Xlsx, "catalogue.xlsx");

    private static async Task<Results<Ok<CatalogueImportResult>, UnprocessableEntity<CatalogueImportResult>, ProblemHttpResult>> Import(
        HttpRequest request, Caller caller, CatalogueExcel excel, CancellationToken ct)
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
