using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Sunlight.Core.Accounts;
using Sunlight.Core.Modules;

namespace Sunlight.Core.Calendar;

/// <summary>工作日历 — official holidays and adjusted working days, working-day arithmetic.</summary>
public sealed class CalendarModule : ISunlightModule
{
    public string Key => "calendar";

    public string DisplayNameKey => "Module_Calendar";

    public IReadOnlyList<ModulePolicy> Policies { get; } = [SunlightPolicies.Of(SunlightPolicies.CalendarManage)];

    public IReadOnlyList<string> RecordPrefixes { get; } = ["calendar."];

    public IReadOnlyList<NavigationEntry> Navigation { get; } =
    [
        new("calendar", "Nav_Calendar", "CalendarMonth", [], 40),
    ];

    public void AddServices(IServiceCollection services, IConfiguration configuration) =>
        services.AddSingleton<CalendarService>();

    public void MapEndpoints(IEndpointRouteBuilder api) => CalendarEndpoints.Map(api);

    public Task SeedReferenceAsync(IServiceProvider services, CancellationToken cancellationToken) =>
        services.GetRequiredService<CalendarService>().SeedAndLoadAsync(cancellationToken);

    public IEnumerable<ModuleCommand> Commands(ICommandNode node) => [new(CalendarCommands.Build(node))];
}
