using System.Reflection;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Sunlight.Core.Accounts;
using Sunlight.Core.Exchange;
using Sunlight.Core.Modules;
using Sunlight.Trading.Ocds;
using Sunlight.Trading.Storage;

namespace Sunlight.Trading;

/// <summary>
/// 公共资源交易监管平台 — every trade of the city's trading centres as OCDS releases with ledger records, exports in
/// OCDS, the provably fair expert draw and the red flags of cardinal-rs, OCP and Chinese law (see README.md).
/// </summary>
public sealed class TradingModule : ISunlightModule
{
    public string Key => "trading";

    public string DisplayNameKey => "Module_Trading";

    public Type Resources => typeof(TradingResource);

    public Assembly PagesAssembly => typeof(TradingModule).Assembly;

    public IReadOnlyList<NavigationEntry> Navigation { get; } =
    [
        new("trading", "Nav_Trading", "Gavel", [SunlightRoles.TradingOperator, SunlightRoles.Supervisor, SunlightRoles.Inspector, SunlightRoles.Admin], 14),
        new("trading/public", "Nav_TradingPublic", "Campaign", [], 15),
        new("trading/experts", "Nav_TradingExperts", "Groups", [SunlightRoles.Supervisor, SunlightRoles.Inspector, SunlightRoles.Admin], 16),
        new("trading/flags", "Nav_TradingFlags", "Flag", [SunlightRoles.Supervisor, SunlightRoles.Inspector, SunlightRoles.Admin], 17),
    ];

    public IReadOnlyList<ModuleStore> Stores { get; } = [ModuleStore.Of<TradingDbContext, TradingSqliteDbContext, TradingPostgresDbContext>(TradingDbContext.Schema)];

    public IReadOnlyList<ModulePolicy> Policies => TradingPolicies.All;

    public IReadOnlyList<string> RecordPrefixes { get; } = ["trading."];

    public IReadOnlyList<ModuleOptions> Options { get; } = [ModuleOptions.Of<TradingOptions>("Trading")];

    public IReadOnlyList<string> DemoAfter { get; } = ["directory", "accounts"];

    public void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddScoped<OcdsIntake>();
        services.AddScoped<IExchangeFeed, OcdsFeed>();
        services.AddScoped<TradeReader>();
        services.AddScoped<TradeNotices>();
        services.AddScoped<Desk.TradeDesk>();
        services.AddScoped<Desk.TradeBoard>();
        services.AddScoped<Draws.DrawService>();
        services.AddScoped<Sunlight.Core.Supervision.IDueSource>(sp => sp.GetRequiredService<Draws.DrawService>());
        services.AddScoped<Experts.ExpertExcel>();
        services.AddScoped<Sunlight.Core.Contracts.Trading.ITenderFacts, TenderFacts>();
        services.AddScoped<Sunlight.Core.Supervision.IDashboardContribution, TradeDashboard>();
        services.AddScoped<Flags.TradeRulesStep>();
        services.AddScoped<Flags.TradeDue>();
        services.AddScoped<Sunlight.Core.Supervision.IDueSource>(sp => sp.GetRequiredService<Flags.TradeDue>());
        services.AddSingleton<Sunlight.Core.Supervision.IRuleSource, Flags.TradingRuleSource>();
        services.AddSingleton<Flags.TradeBatchDay>();
        services.AddScoped<Flags.TradeBatch>();
        services.AddScoped<Sunlight.Core.Supervision.IDueSource>(sp => sp.GetRequiredService<Flags.TradeBatch>());
    }

    public void MapEndpoints(IEndpointRouteBuilder api)
    {
        OcdsEndpoints.Map(api);
        Experts.ExpertEndpoints.Map(api);
        Draws.DrawEndpoints.Map(api);
    }

    public IEnumerable<ModuleCommand> Commands(ICommandNode node) => TradingCommands.All(node);

    /// <summary>A year of trades with planted cases of every rule (<c>Sunlight:Trading:Demo</c>, on with the demo by default).</summary>
    public async Task SeedDemoAsync(IServiceProvider services, CancellationToken cancellationToken) =>
        _ = await Demo.TradeDemoYear.SeedAsync(services, cancellationToken).ConfigureAwait(false);
}
