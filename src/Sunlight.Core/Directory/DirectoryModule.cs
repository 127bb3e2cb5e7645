using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Sunlight.Core.Accounts;
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

    public void MapEndpoints(IEndpointRouteBuilder api) => DirectoryEndpoints.Map(api);

    public async Task SeedDemoAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var db = services.GetRequiredService<CoreDbContext>();
        await DemoCity.SeedDirectoryAsync(db, services.GetRequiredService<TimeProvider>(), cancellationToken).ConfigureAwait(false);
    }
}
