using System.Reflection;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Sunlight.Core.Modules;

/// <summary>
/// A module's manifest: what it is, what it registers, where its routes and pages are, what it seeds and which
/// rules it contributes. The server lists its modules explicitly; nothing is found by scanning.
/// </summary>
public interface ISunlightModule
{
    /// <summary>Stable key, e.g. <c>directory</c>.</summary>
    string Key { get; }

    /// <summary>Resource key of the module's display name.</summary>
    string DisplayNameKey { get; }

    /// <summary>Prefix of the module's API routes under <c>/api/v1</c>.</summary>
    string RoutePrefix { get; }

    /// <summary>Settings with their defaults (documented in the module README).</summary>
    IReadOnlyList<ModuleSetting> Settings { get; }

    /// <summary>Menu entries, each visible to the roles it names.</summary>
    IReadOnlyList<NavigationEntry> Navigation { get; }

    /// <summary>Assembly holding the module's Razor pages, or null when they live in the server.</summary>
    Assembly? PagesAssembly { get; }

    void AddServices(IServiceCollection services, IConfiguration configuration);

    void MapEndpoints(IEndpointRouteBuilder api);

    /// <summary>Routes outside <c>/api/v1</c> that a standard fixes (e.g. the ledger's C2SP paths). Most modules have none.</summary>
    void MapRootEndpoints(IEndpointRouteBuilder root)
    {
    }

    /// <summary>Applies the module's own migrations (modules with a DbContext of their own).</summary>
    Task MigrateAsync(IServiceProvider services, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Reference data every node needs (runs on every start, idempotent).</summary>
    Task SeedReferenceAsync(IServiceProvider services, CancellationToken cancellationToken);

    /// <summary>Demo data for the demo city, when demo seeding is on: each module seeds only when its own data is empty.</summary>
    Task SeedDemoAsync(IServiceProvider services, CancellationToken cancellationToken);
}

/// <summary>A setting a module reads, with its default and meaning.</summary>
public sealed record ModuleSetting(string Key, string Default, string Description);

/// <summary>A menu entry. <paramref name="Roles"/> empty = everyone, including the public.</summary>
public sealed record NavigationEntry(string Href, string TitleKey, string Icon, IReadOnlyList<string> Roles, int Order);
