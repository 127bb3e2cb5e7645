using Sunlight.Core.Supervision;
using Sunlight.Services.Contracts;

namespace Sunlight.Services.Cases.Rules;

/// <summary>SVC-DISCRETION 超出裁量基准: a penalty amount outside the range of its declared tier, or no tier.</summary>
internal sealed class Discretion : CaseRule
{
    public const string Code = "SVC-DISCRETION";

    public override RuleDefinition Definition { get; } = new(Code, Severities.Red, "services", "超出裁量基准 (discretion)", "a penalty amount outside the range of its declared tier, or no tier", []);

    /// <summary>The item's tier named <paramref name="tier"/>, or null.</summary>
    public static TierDto? Tier(ItemDto item, string? tier) => item.Tiers.FirstOrDefault(t => t.Tier == tier);

    /// <summary>Whether <paramref name="amount"/> lies within the tier's range.</summary>
    public static bool Within(TierDto tier, decimal? amount) => amount is { } a && a >= tier.Min && a <= tier.Max;

    public override void Evaluate(CaseCheck check)
    {
        if (check.Events.FirstOrDefault(e => e.Type == "decided" && e.Text("outcome") == "penalty") is not { } penalty)
        {
            return;
        }

        var tier = Tier(check.Item, penalty.Text("tier"));
        var amount = penalty.Number("amount");
        if (tier is null)
        {
            check.Raise(this, "", null, penalty.Text("tier") is { Length: > 0 } named
                ? new($"处罚声明的裁量档次「{named}」不在本事项的裁量基准中", $"The penalty names the tier \"{named}\", which the item's discretion standard does not define.")
                : new("处罚未声明裁量档次", "The penalty names no discretion tier."), penalty);
        }
        else if (!Within(tier, amount))
        {
            check.Raise(this, "", null, new($"罚款 {amount:0.##} 元超出「{Words.Of("Tier_" + tier.Tier, tier.Tier).Zh}」档 {tier.Min:0.##}–{tier.Max:0.##} 元", $"A fine of {amount:0.##} yuan lies outside the tier \"{Words.Of("Tier_" + tier.Tier, tier.Tier).En}\" ({tier.Min:0.##}–{tier.Max:0.##} yuan)."), penalty);
        }
    }
}
