namespace Sunlight.Services.Contracts;

/// <summary>A process step of a power item: who does it and within how many working days.</summary>
public sealed record StepDto(string Code, string Name, string Role, int Limit);

/// <summary>A fee item; min = max for a fixed amount (yuan).</summary>
public sealed record FeeDto(string Code, string Name, decimal Min, decimal Max, string? LegalBasis = null);

/// <summary>An allowed pause (特别程序) with its legal basis and longest duration in working days.</summary>
public sealed record PauseDto(string Code, string Name, int MaxDays, string? LegalBasis = null);

/// <summary>A discretion tier of a penalty (轻微/一般/较重/严重) with its amount range in yuan.</summary>
public sealed record TierDto(string Tier, decimal Min, decimal Max);

/// <summary>A power item version as the API publishes and returns it.</summary>
public sealed record ItemDto(
    string Code, string Name, string Category, string Organisation, string LegalBasis, int StatutoryLimit, int CommittedLimit,
    IReadOnlyList<StepDto> Steps, IReadOnlyList<FeeDto> Fees, IReadOnlyList<PauseDto> Pauses, IReadOnlyList<TierDto> Tiers,
    DateTimeOffset EffectiveFrom, int Version, string? Conditions = null, IReadOnlyList<string>? Materials = null,
    IReadOnlyList<string>? LifeEvents = null);

/// <summary>One line of the catalogue list.</summary>
internal sealed record ItemSummary(string Code, string Name, string Category, string Organisation, int CommittedLimit, int StatutoryLimit, bool Free, int Version);

/// <summary>What an administrator posts to publish an item or a new version of it.</summary>
internal sealed record ItemInput(
    string? Code, string? Name, string? Category, string? Organisation, string? LegalBasis, int? StatutoryLimit, int? CommittedLimit,
    IReadOnlyList<StepDto>? Steps, IReadOnlyList<FeeDto>? Fees, IReadOnlyList<PauseDto>? Pauses, IReadOnlyList<TierDto>? Tiers,
    DateTimeOffset? EffectiveFrom, string? Conditions = null, IReadOnlyList<string>? Materials = null, IReadOnlyList<string>? LifeEvents = null);

/// <summary>The ten categories of power (权力类别) as stable codes.</summary>
internal static class ItemCategories
{
    public static IReadOnlyList<string> All { get; } =
        ["licensing", "penalty", "enforcement", "levy", "benefit", "inspection", "confirmation", "reward", "adjudication", "other"];

    /// <summary>
    /// Categories a citizen applies for (依申请). Penalties, enforcement, levies and inspections are exercised on the
    /// authority's own initiative (依职权): their cases come from the workbench's window channel or departments' systems.
    /// </summary>
    public static IReadOnlySet<string> OnApplication { get; } =
        new HashSet<string>(StringComparer.Ordinal) { "licensing", "benefit", "confirmation", "reward", "adjudication", "other" };
}

/// <summary>Discretion tiers in ascending order.</summary>
internal static class DiscretionTiers
{
    public static IReadOnlyList<string> All { get; } = ["minor", "ordinary", "serious", "severe"];
}
