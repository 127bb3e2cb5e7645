using System.Reflection;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Sunlight.Core.Accounts;
using Sunlight.Core.Api;
using Sunlight.Core.Modules;
using Sunlight.Core.Storage;
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
    ];

    public Assembly? PagesAssembly => typeof(ServicesModule).Assembly;

    public void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddModuleDbContext<ServicesDbContext, ServicesSqliteDbContext, ServicesPostgresDbContext>(
            DatabaseOptions.FromConfiguration(configuration), ServicesDbContext.Schema);
        services.AddScoped<CatalogueService>();
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
            catch (CatalogueException e)
            {
                return Problem(e);
            }
        }).AllowAnonymous().WithSummary("The item's flowchart, generated from its steps.");

        group.MapPost("items", async Task<Results<Created<ItemDto>, ProblemHttpResult>> (ItemInput input, HttpContext http, CatalogueService catalogue, CancellationToken ct) =>
        {
            try
            {
                var item = await catalogue.PublishAsync(Jurisdiction.From(http.User)!, input, http.User.Identity?.Name ?? "", ct);
                return TypedResults.Created($"/api/v1/catalogue/items/{item.Code}?version={item.Version}", item);
            }
            catch (CatalogueException e)
            {
                return Problem(e);
            }
        }).RequireAuthorization(SunlightPolicies.DirectoryManage)
          .WithSummary("Publishes an item, or a new version of it (Admin, for organisations in the caller's region).");
    }

    public Task SeedReferenceAsync(IServiceProvider services, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task SeedDemoAsync(IServiceProvider services, CancellationToken cancellationToken) =>
        DemoCatalogue.SeedAsync(services, cancellationToken);

    /// <summary>Chinese role names for flowcharts (data printed into an image, not UI chrome).</summary>
    internal static string RoleName(string role) => role switch
    {
        SunlightRoles.Clerk => "经办人",
        SunlightRoles.DepartmentHead => "部门负责人",
        _ => role,
    };

    private static ProblemHttpResult Problem(CatalogueException e) => e.Status switch
    {
        404 => ApiProblems.Problem(404, "not-found", "未找到 (Not found)", e.Message),
        _ => ApiProblems.Problem(e.Status, "invalid-input", "输入有误 (Invalid input)", e.Message, e.Errors),
    };

    private static async Task<Results<Ok<T>, ProblemHttpResult>> Run<T>(Func<Task<T>> action)
    {
        try
        {
            return TypedResults.Ok(await action().ConfigureAwait(false));
        }
        catch (CatalogueException e)
        {
            return Problem(e);
        }
    }
}
