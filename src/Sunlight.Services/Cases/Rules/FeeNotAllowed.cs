using Sunlight.Core.Supervision;

namespace Sunlight.Services.Cases.Rules;

/// <summary>SVC-FEE-NOT-ALLOWED 违规收费: a fee under a code the item does not list, or any fee on a free item.</summary>
internal sealed class FeeNotAllowed : CaseRule
{
    public const string Code = "SVC-FEE-NOT-ALLOWED";

    public override RuleDefinition Definition { get; } = new(Code, Severities.Red, "services", "违规收费 (fee not allowed)", "a fee charged under a code the item does not list, or on a free item", []);

    public override void Evaluate(CaseCheck check)
    {
        var free = Fees.Free(check.Item);
        foreach (var fee in check.Events.Where(e => e.Type == "fee-charged"))
        {
            var amount = fee.Number("amount") ?? 0;
            if (Fees.Allowed(check.Item, fee.Text("feeCode"), amount) is null)
            {
                check.Raise(this, "", null, free
                    ? new($"免费事项收取了 {amount:0.00} 元", $"{amount:0.00} yuan charged on a free item.")
                    : new($"收费编码 {fee.Text("feeCode")} 不在本事项收费目录中", $"The fee code {fee.Text("feeCode")} is not in the item's fee catalogue."), fee);
            }
        }
    }
}
