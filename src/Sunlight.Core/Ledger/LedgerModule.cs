using System.Text.Json;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Sunlight.Core.Accounts;
using Sunlight.Core.Modules;

namespace Sunlight.Core.Ledger;

/// <summary>
/// 防篡改账本 — records in an RFC 9162 Merkle tree, C2SP checkpoints and tiles, witnessing by the level above.
/// The C2SP routes live at <c>/ledger/…</c> (public: they carry hashes only); JSON helpers at <c>/api/v1/ledger</c>.
/// </summary>
public sealed class LedgerModule : ISunlightModule
{
    public string Key => "ledger";

    public string DisplayNameKey => "Module_Ledger";

    public IReadOnlyList<ModulePolicy> Policies { get; } = [SunlightPolicies.Of(SunlightPolicies.LedgerRead), SunlightPolicies.Of(SunlightPolicies.LedgerManage)];

    public IReadOnlyList<string> RecordPrefixes { get; } = ["ledger."];

    /// <summary>Read by <see cref="LedgerOptions.FromConfiguration"/> (lists may be one ';'-separated value), checked there at start.</summary>
    public IReadOnlyList<ModuleOptions> Options { get; } =
    [
        ModuleOptions.Custom<LedgerOptions>("Ledger",
            ["Sunlight:Ledger:Origin", "Sunlight:Ledger:KeyFile", "Sunlight:Ledger:Key", "Sunlight:Ledger:PreviousKeys", "Sunlight:Ledger:CheckpointSeconds",
             "Sunlight:Ledger:Background", "Sunlight:Ledger:Parent:Url", "Sunlight:Ledger:Parent:Key", "Sunlight:Ledger:Children"],
            (_, _) => { }),
    ];

    public IReadOnlyList<NavigationEntry> Navigation { get; } =
    [
        new("ledger", "Nav_Ledger", "VerifiedUser", [SunlightRoles.Supervisor, SunlightRoles.Inspector, SunlightRoles.Admin], 50),
        new("ledger/check", "Nav_LedgerCheck", "FactCheck", [], 42),
    ];

    public void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        var options = LedgerOptions.FromConfiguration(configuration);
        services.AddSingleton(options);
        services.AddSingleton(sp => LedgerKeys.Load(sp.GetRequiredService<LedgerOptions>()));
        services.AddSingleton<TileCache>();
        services.AddSingleton<LedgerIntegrator>();
        services.AddSingleton<WitnessClient>();
        services.AddScoped<LedgerReader>();
        services.AddScoped<LedgerBeacons>();
        services.AddScoped<WitnessService>();
        services.AddScoped<LedgerStatusService>();
        services.AddHttpClient("ledger-witness", c => c.Timeout = TimeSpan.FromSeconds(15));
        if (options.Background)
        {
            services.AddHostedService<LedgerBackgroundService>();
        }
    }

    public void MapRootEndpoints(IEndpointRouteBuilder root) => LedgerEndpoints.MapRoot(root);

    public void MapEndpoints(IEndpointRouteBuilder api) => LedgerEndpoints.Map(api);

    public async Task SeedReferenceAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        // Sign a checkpoint at start so /ledger/checkpoint always answers (size 0 on a new node).
        await services.GetRequiredService<LedgerIntegrator>().CheckpointAsync(cancellationToken).ConfigureAwait(false);
    }

    public IEnumerable<ModuleCommand> Commands(ICommandNode node) => [new(LedgerCommands.Build(node))];
}

/// <summary>Base64 hashes of a proof.</summary>
public sealed record ProofAnswer(IReadOnlyList<string> Hashes);

/// <summary>The outcome of checking one record against the latest signed checkpoint.</summary>
public sealed record RecordCheck(
    long Sequence, string Leaf, string LeafHash, bool BodyHashMatches, long CheckpointSize, string Checkpoint,
    bool CheckpointSignatureValid, IReadOnlyList<string> Proof, bool Included);

/// <summary>A record body with its inclusion proof in the latest checkpoint.</summary>
public sealed record RecordAnswer(
    long Sequence, string Type, string Subject, DateTimeOffset At, JsonElement Body, string BodyHash, string LeafHash,
    long CheckpointSize, string Root, IReadOnlyList<string> Proof, bool Included);
