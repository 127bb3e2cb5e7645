using System.Reflection;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Sunlight.Core.Accounts;
using Sunlight.Core.Modules;

namespace Sunlight.Core.Supervision;

/// <summary>
/// The rule host (电子监察): rules contributed by modules (<see cref="IRuleSource"/>), their parameters per region,
/// alerts raised once per rule and subject, and the timer that asks each module's index of due instants
/// (<see cref="IDueSource"/>) what fell due.
/// </summary>
public sealed class SupervisionModule : ISunlightModule
{
    public string Key => "supervision";

    public string DisplayNameKey => "Module_Supervision";

    public Type Resources => typeof(SupervisionResource);

    public Assembly PagesAssembly => typeof(SupervisionModule).Assembly;

    public IReadOnlyList<ModulePolicy> Policies { get; } =
    [
        SunlightPolicies.Of(SunlightPolicies.Supervision), SunlightPolicies.Of(SunlightPolicies.AlertsRead), SunlightPolicies.Of(SunlightPolicies.AlertsDecide),
        SunlightPolicies.Of(SunlightPolicies.NoticesReply),
    ];

    public IReadOnlyList<string> RecordPrefixes { get; } = ["supervision."];

    public IReadOnlyList<ModuleOptions> Options { get; } = [ModuleOptions.Of<SupervisionOptions>("Supervision")];

    public IReadOnlyList<NavigationEntry> Navigation { get; } =
    [
        new("supervision", "Nav_Supervision", "Warning",
            [SunlightRoles.Supervisor, SunlightRoles.Inspector, SunlightRoles.Admin, SunlightRoles.DepartmentHead, SunlightRoles.Clerk], 30),
        new("notices", "Nav_Notices", "Assignment",
            [SunlightRoles.Supervisor, SunlightRoles.Inspector, SunlightRoles.Admin, SunlightRoles.DepartmentHead, SunlightRoles.Clerk], 31),
        new("supervision/screen", "Nav_Screen", "Tv", [SunlightRoles.Supervisor, SunlightRoles.Inspector, SunlightRoles.Admin], 32),
        new("supervision/digest", "Nav_Digest", "Today", [SunlightRoles.Supervisor, SunlightRoles.Inspector, SunlightRoles.Admin], 32),
        new("supervision/rules", "Nav_Rules", "Rule", [SunlightRoles.Supervisor, SunlightRoles.Inspector, SunlightRoles.Admin], 33),
    ];

    public void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddScoped<AlertService>();
        services.AddScoped<Ledger.IRecordReadGuard, AlertRecordGuard>();
        services.AddSingleton<SupervisionFeed>();
        services.AddSingleton<RuleTexts>();
        services.AddSingleton<SupervisionDashboard>();
        services.AddSingleton<IRuleSource, CoreRules>();
        services.AddScoped<NoticeService>();
        services.AddScoped<IDueSource>(sp => sp.GetRequiredService<NoticeService>());
        var seconds = ModuleOptions.Read<SupervisionOptions>(configuration, "Supervision").DueIntervalSeconds;
        if (seconds > 0)
        {
            services.AddHostedService(sp => new DueTimer(sp, TimeSpan.FromSeconds(seconds)));
        }
    }

    public void MapEndpoints(IEndpointRouteBuilder api) => SupervisionEndpoints.Map(api);
}

/// <summary>Body of a dismissal.</summary>
public sealed record DismissInput(string? Reason);

/// <summary>Body of a parameter change.</summary>
public sealed record ParameterInput(string? Value, DateTimeOffset? EffectiveFrom);

/// <summary>Asks every <see cref="IDueSource"/> what fell due, on a timer.</summary>
internal sealed class DueTimer(IServiceProvider services, TimeSpan interval) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(interval);
        var log = services.GetRequiredService<ILogger<DueTimer>>();
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            try
            {
                await using var scope = services.CreateAsyncScope();
                var now = scope.ServiceProvider.GetRequiredService<TimeProvider>().GetUtcNow();
                foreach (var source in scope.ServiceProvider.GetServices<IDueSource>())
                {
                    await source.RunDueAsync(now, stoppingToken).ConfigureAwait(false);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogError(e, "Evaluating due instants failed; the next tick tries again.");
            }
        }
    }
}
