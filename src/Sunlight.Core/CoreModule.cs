using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Sunlight.Core.Files;
using Sunlight.Core.Modules;
using Sunlight.Core.Storage;

namespace Sunlight.Core;

/// <summary>
/// 平台核心 — what every module stands on and no single area owns: Core's own store (<see cref="CoreDbContext"/>, migrated
/// first), the node's clock, the unit-of-work door and the file store. Listed first in every host.
/// </summary>
public sealed class CoreModule : ISunlightModule
{
    public string Key => "core";

    public string DisplayNameKey => "Module_Core";

    public IReadOnlyList<ModuleStore> Stores { get; } = [ModuleStore.Of<CoreDbContext, CoreSqliteDbContext, CorePostgresDbContext>(CoreDbContext.Schema)];

    public IReadOnlyList<ModuleOptions> Options { get; } =
    [
        // The host reads the database settings itself, before any module registers.
        ModuleOptions.Custom<DatabaseOptions>("Database", ["Sunlight:Database:Provider", "Sunlight:Database:AutoMigrate"], (_, _) => { }),
        ModuleOptions.Of<FilesOptions>("Files"),
        ModuleOptions.Of<DemoOptions>("Demo"),
    ];

    public void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<FileStore>();
        services.AddScoped<Units>();
    }
}
