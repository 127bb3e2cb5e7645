using Sunlight.Core;
using Sunlight.Core.Supervision;

namespace Sunlight.Services.Cases.Rules;

/// <summary>SVC-NO-REASON 未说明理由: rejected, or decided with denied, without a reason (《行政许可法》第三十八条).</summary>
internal sealed class NoReason : CaseRule
{
    public const string Code = "SVC-NO-REASON";

    public override RuleDefinition Definition { get; } = new(Code, Severities.Yellow, "services", "未说明理由 (no reason)", "rejected, or decided with denied, without a reason", []);

    /// <summary>Whether an event of <paramref name="type"/> with <paramref name="outcome"/> must state a reason.</summary>
    public static bool NeedsReason(string type, string? outcome) => type == "rejected" || (type == "decided" && outcome == "denied");

    public override void Evaluate(CaseCheck check)
    {
        foreach (var e in check.Events.Where(e => NeedsReason(e.Type, e.Text("outcome"))))
        {
            if (string.IsNullOrWhiteSpace(e.Text("reason")))
            {
                check.Raise(this, "", null, e.Type == "rejected" ? new("不予受理未说明理由", "Rejected without a reason.") : new BilingualText("不予许可未说明理由", "Denied without a reason."), e);
                break;
            }
        }
    }
}
