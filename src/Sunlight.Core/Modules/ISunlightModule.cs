using System.CommandLine;
using System.Reflection;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Sunlight.Core.Storage;

namespace Sunlight.Core.Modules;

/// <summary>
/// A module's manifest: everything the host needs from it. Adding a platform is a project with one of these, one line
/// in the host's module list and one project reference (docs/adr/0009-module-kit.md). The host registers and migrates
/// its stores, adds its policies, menu entries and resources, maps its routes, assembles its CLI commands and seeds
/// its demo data after the modules it names; nothing is found by scanning.
/// </summary>
public interface ISunlightModule
{
    /// <summary>Stable key, e.g. <c>services</c>; lower case, also the CLI verb of its commands.</summary>
    string Key { get; }

    /// <summary>Resource key of the module's display name (in <see cref="Resources"/>).</summary>
    string DisplayNameKey { get; }

    /// <summary>
    /// Marker type of the module's UI strings (<c>Resources/&lt;Name&gt;.resx</c> Chinese, <c>.en.resx</c> English, in
    /// the module's project): its display name, menu titles and pages. Null: the host's resources (Core's areas).
    /// </summary>
    Type? Resources => null;

    /// <summary>Menu entries, each visible to the roles it names; titles are keys of <see cref="Resources"/>.</summary>
    IReadOnlyList<NavigationEntry> Navigation => [];

    /// <summary>Assembly holding the module's Razor pages, or null when it has none of its own.</summary>
    Assembly? PagesAssembly => null;

    /// <summary>The module's DbContexts: the host registers them on the configured provider and migrates them in order.</summary>
    IReadOnlyList<ModuleStore> Stores => [];

    /// <summary>Authorization policies the module's routes and pages use, with the roles each admits.</summary>
    IReadOnlyList<ModulePolicy> Policies => [];

    /// <summary>
    /// Grants beyond the seven roles that the module offers (a site editor, a report custodian, a catalogue editor): an
    /// Admin gives one to an account for one scope, and each grant and revocation is a ledger record.
    /// </summary>
    IReadOnlyList<ModuleGrant> Grants => [];

    /// <summary>Prefixes of the ledger record types the module writes (<c>services.</c>); no two modules share one.</summary>
    IReadOnlyList<string> RecordPrefixes => [];

    /// <summary>Keys of the modules whose demo data this module's demo needs first (its organisations, accounts, items).</summary>
    IReadOnlyList<string> DemoAfter => [];

    /// <summary>The module's settings classes, bound from <c>Sunlight:&lt;Section&gt;</c> and validated when the node starts.</summary>
    IReadOnlyList<ModuleOptions> Options => [];

    void AddServices(IServiceCollection services, IConfiguration configuration);

    /// <summary>Routes under <c>/api/v1</c>.</summary>
    void MapEndpoints(IEndpointRouteBuilder api)
    {
    }

    /// <summary>Routes outside <c>/api/v1</c> that a standard fixes (e.g. the ledger's C2SP paths). Most modules have none.</summary>
    void MapRootEndpoints(IEndpointRouteBuilder root)
    {
    }

    /// <summary>The module's <c>sunlight</c> commands; a command with a <see cref="ModuleCommand.Verb"/> goes under that shared verb.</summary>
    IEnumerable<ModuleCommand> Commands(ICommandNode node) => [];

    /// <summary>Reference data every node needs (runs on every start, idempotent).</summary>
    Task SeedReferenceAsync(IServiceProvider services, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Demo data for the demo city, when demo seeding is on: each module seeds only when its own data is empty.</summary>
    Task SeedDemoAsync(IServiceProvider services, CancellationToken cancellationToken) => Task.CompletedTask;
}

/// <summary>
/// A menu entry. <paramref name="Roles"/> empty = everyone, including the public; <paramref name="Grant"/> (full name,
/// <c>services.catalogue-editor</c>) also shows it to holders of that grant in any scope.
/// </summary>
public sealed record NavigationEntry(string Href, string TitleKey, string Icon, IReadOnlyList<string> Roles, int Order, string? Grant = null);

/// <summary>
/// An authorization policy: a name the routes use and the roles it admits (jurisdiction claims are always required).
/// <paramref name="Grant"/> (full name, <c>services.catalogue-editor</c>) also admits holders of that grant in any scope;
/// the handler then checks the scope (<see cref="Accounts.Jurisdiction.HasGrant"/>).
/// </summary>
public sealed record ModulePolicy(string Name, IReadOnlyList<string> Roles, string? Grant = null);

/// <summary>
/// A grant a module offers: its key (lower case, unique in the module; its full name is <c>&lt;module&gt;.&lt;key&gt;</c>),
/// a resource key of its display name in the module's resources, and what its scope names.
/// </summary>
public sealed record ModuleGrant(string Key, string DisplayNameKey, GrantScope Scope);

/// <summary>What a grant's scope names: a region (its subtree) or one organisation.</summary>
public enum GrantScope
{
    /// <summary>A region code; the grant covers the region's subtree.</summary>
    Region,

    /// <summary>An organisation code; the grant covers that organisation only.</summary>
    Organisation,
}

/// <summary>
/// Endpoint metadata the host puts on every API route a module maps: which module owns it. Each module's access matrix
/// (tests) decides who may call exactly the routes that carry its key.
/// </summary>
public sealed record ModuleEndpoint(string Module);

/// <summary>
/// A command of the <c>sunlight</c> tool. <paramref name="Verb"/> null puts it at the top (<c>sunlight calendar …</c>);
/// a shared verb puts it under that verb, which several modules may fill (<c>sunlight import case-events</c>).
/// </summary>
public sealed record ModuleCommand(Command Command, string? Verb = null);

/// <summary>
/// A module's DbContext: its abstract type (the one services inject) and its schema (PostgreSQL) or table prefix
/// (SQLite). <see cref="Of{TContext, TSqlite, TPostgres}"/> ties in the provider subclasses that carry each provider's
/// migrations.
/// </summary>
public sealed class ModuleStore
{
    private readonly Action<IServiceCollection, DatabaseOptions> _register;
    private readonly Func<IServiceProvider, DbContext> _create;

    private ModuleStore(Type context, string schema, Action<IServiceCollection, DatabaseOptions> register, Func<IServiceProvider, DbContext> create)
    {
        Context = context;
        Schema = schema;
        _register = register;
        _create = create;
    }

    public Type Context { get; }

    public string Schema { get; }

    public static ModuleStore Of<TContext, TSqlite, TPostgres>(string schema)
        where TContext : DbContext
        where TSqlite : TContext
        where TPostgres : TContext =>
        new(typeof(TContext), schema,
            (services, database) => services.AddModuleDbContext<TContext, TSqlite, TPostgres>(database, schema),
            sp => sp.GetRequiredService<IDbContextFactory<TContext>>().CreateDbContext());

    /// <summary>Registers the context (scoped) and its factory on the configured provider.</summary>
    public void Register(IServiceCollection services, DatabaseOptions database) => _register(services, database);

    /// <summary>A new context on the node's database (the caller disposes it).</summary>
    public DbContext Create(IServiceProvider services) => _create(services);
}
