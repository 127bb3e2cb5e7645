using Sunlight.Core.Supervision;

namespace Sunlight.Services.Cases.Rules;

/// <summary>SVC-FEE-OVER-STANDARD 超标准收费: a listed fee charged above its standard (the maximum of its range).</summary>
internal sealed class FeeOverStandard : CaseRule
{
    public const string Code = "SVC-FEE-OVER-STANDARD";

    public override RuleDefinition Definition { get; } = new(Code, Severities.Red, "services", "超标准收费 (fee over standard)", "a fee above its standard (above the maximum of a range)", []);

    public override void Evaluate(CaseCheck check)
    {
        foreach (var fee in check.Events.Where(e => e.Type == "fee-charged"))
        {
            var amount = fee.Number("amount") ?? 0;
            if (Fees.Allowed(check.Item, fee.Text("feeCode"), amount) is { } standard && Fees.OverStandard(standard, amount))
            {
                check.Raise(this, "", null, new($"{standard.Name} 收取 {amount:0.00} 元，标准上限 {standard.Max:0.00} 元", $"{standard.Name}: {amount:0.00} yuan charged, above the standard's maximum of {standard.Max:0.00} yuan."), fee);
            }
        }
    }
}
