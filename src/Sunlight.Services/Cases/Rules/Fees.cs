using Sunlight.Services.Contracts;

namespace Sunlight.Services.Cases.Rules;

/// <summary>How a fee stands against the item's fee catalogue: the one test SVC-FEE-NOT-ALLOWED, SVC-FEE-OVER-STANDARD and the workbench share.</summary>
internal static class Fees
{
    /// <summary>An item with no fees, or whose every maximum is 0, charges nothing.</summary>
    public static bool Free(ItemDto item) => item.Fees.Count == 0 || item.Fees.All(f => f.Max == 0);

    /// <summary>The listed fee of <paramref name="code"/> when one may be charged under it; null when the code is not listed or the item is free.</summary>
    public static FeeDto? Allowed(ItemDto item, string? code, decimal amount) =>
        item.Fees.FirstOrDefault(f => f.Code == code) is { } fee && !(Free(item) && amount > 0) ? fee : null;

    /// <summary>Whether <paramref name="amount"/> lies above the fee's standard (its maximum).</summary>
    public static bool OverStandard(FeeDto fee, decimal amount) => amount > fee.Max;
}
