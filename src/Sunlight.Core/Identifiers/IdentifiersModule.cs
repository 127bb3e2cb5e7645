using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Sunlight.Core.Modules;

namespace Sunlight.Core.Identifiers;

/// <summary>证照号码校验 — GB 11643 citizen ID numbers and GB 32100 unified social credit codes.</summary>
public sealed class IdentifiersModule : ISunlightModule
{
    public string Key => "identifiers";

    public string DisplayNameKey => "Module_Identifiers";


    public IReadOnlyList<NavigationEntry> Navigation { get; } =
    [
        new("identifiers", "Nav_Identifiers", "Badge", [], 41),
    ];

    public void AddServices(IServiceCollection services, IConfiguration configuration) =>
        services.AddSingleton(sp => Pseudonyms.Load(sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<SecurityOptions>>(), sp.GetRequiredService<Ledger.LedgerOptions>()));

    public void MapEndpoints(IEndpointRouteBuilder api) => IdentifierEndpoints.Map(api);

    /// <summary>Validates by kind name; null when the kind is unknown.</summary>
    public static IdentifierCheck? Validate(string kind, string? value) => kind.Trim().ToLowerInvariant() switch
    {
        "id-card" => CitizenId.Validate(value),
        "credit-code" => CreditCode.Validate(value),
        _ => null,
    };
}

public sealed record ValidationRequest(string? Kind, string? Value);

public sealed record ValidationAnswer(bool Valid, IReadOnlyList<string> Errors, IReadOnlyList<string> Warnings, string? Normalized);
