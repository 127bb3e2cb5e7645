using System.Reflection;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Sunlight.Core.Accounts;
using Sunlight.Core.Calendar;
using Sunlight.Core.Exchange;
using Sunlight.Core.Modules;
using Sunlight.Core.Supervision;
using Sunlight.Services.Cases;
using Sunlight.Services.Catalogue;
using Sunlight.Services.Storage;

namespace Sunlight.Services;

/// <summary>
/// 电子政务服务平台 — the power catalogue with flowcharts, the online hall, the department workbench, signed case
/// events from departments' systems, and the case rules of 行政权力网络运行 (see README.md).
/// </summary>
public sealed class ServicesModule : ISunlightModule
{
    public string Key => "services";

    public string DisplayNameKey => "Module_Services";

    public Type Resources => typeof(ServicesResource);

    public IReadOnlyList<NavigationEntry> Navigation { get; } =
    [
        new("hall", "Nav_Hall", "AccountBalance", [], 10),
        new("hall/progress", "Nav_Progress", "TravelExplore", [], 11),
        new("hall/mine", "Nav_MyCases", "Inbox", [SunlightRoles.Applicant], 12),
        new("workbench", "Nav_Workbench", "Work", [SunlightRoles.Clerk, SunlightRoles.DepartmentHead], 13),
        new("catalogue/admin", "Nav_CatalogueAdmin", "ListAlt", [SunlightRoles.Admin], 22, ServicesPolicies.CatalogueEditor),
    ];

    public Assembly PagesAssembly => typeof(ServicesModule).Assembly;

    public IReadOnlyList<ModuleStore> Stores { get; } = [ModuleStore.Of<ServicesDbContext, ServicesSqliteDbContext, ServicesPostgresDbContext>(ServicesDbContext.Schema)];

    public IReadOnlyList<ModulePolicy> Policies => ServicesPolicies.All;

    public IReadOnlyList<ModuleGrant> Grants => ServicesPolicies.Grants;

    public IReadOnlyList<string> RecordPrefixes { get; } = ["services."];

    public IReadOnlyList<ModuleOptions> Options { get; } = [ModuleOptions.Of<ServicesOptions>("Services")];

    /// <summary>The catalogue belongs to the demo city's organisations; the demo year's cases are handled by its staff.</summary>
    public IReadOnlyList<string> DemoAfter { get; } = ["directory", "accounts"];

    public void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddScoped<CatalogueService>();
        services.AddScoped<CatalogueExcel>();
        services.AddScoped<CaseIntake>();
        services.AddScoped<CaseRulesStep>();
        services.AddScoped<ICalendarFollower, CaseCalendarFollower>();
        services.AddScoped<IExchangeFeed, CaseEventsFeed>();
        services.AddScoped<CaseReader>();
        services.AddSingleton<ProgressLookupLimiter>();
        services.AddScoped<HallApplications>();
        services.AddScoped<Workbench>();
        services.AddScoped<CaseSupervisor>();
        services.AddScoped<IDashboardContribution, CaseDashboard>();
        services.AddScoped<Replayer>();
        services.AddScoped<IDueSource>(sp => sp.GetRequiredService<CaseSupervisor>());
        services.AddSingleton<IRuleSource, ServicesRuleSource>();
    }

    public void MapEndpoints(IEndpointRouteBuilder api)
    {
        CatalogueEndpoints.Map(api);
        CaseEndpoints.Map(api);
    }

    public IEnumerable<ModuleCommand> Commands(ICommandNode node) => ServicesCommands.All(node);

    public async Task SeedDemoAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        await DemoCatalogue.SeedAsync(services, cancellationToken).ConfigureAwait(false);
        _ = await DemoYear.SeedAsync(services, cancellationToken).ConfigureAwait(false);
    }
}
