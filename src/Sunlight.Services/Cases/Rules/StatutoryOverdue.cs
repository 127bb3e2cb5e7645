using Sunlight.Core.Supervision;

namespace Sunlight.Services.Cases.Rules;

/// <summary>SVC-STATUTORY-OVERDUE 超过法定时限: counted time exceeds the statutory limit plus approved extensions.</summary>
internal sealed class StatutoryOverdue : CaseRule
{
    public const string Code = "SVC-STATUTORY-OVERDUE";

    public override RuleDefinition Definition { get; } = new(Code, Severities.Red, "services", "超过法定时限 (statutory limit exceeded)",
        "counted time exceeds the statutory limit plus approved extensions", []);

    public override void Evaluate(CaseCheck check)
    {
        if (check.Clock.StatutoryDue is not { } due)
        {
            return;
        }

        if (check.Until > due)
        {
            check.Raise(this, "", due, $"超过法定时限（{check.Item.StatutoryLimit} 个工作日，延期 {check.Clock.ExtensionDays} 个，{CaseCheck.Local(due)}）(statutory limit exceeded)",
                check.End is null ? [check.Submitted] : [check.Submitted, check.End]);
        }
        else if (check.Open && !check.PausedNow)
        {
            check.Later(due);
        }
    }
}
