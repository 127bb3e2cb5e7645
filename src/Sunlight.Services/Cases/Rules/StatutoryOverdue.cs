using Sunlight.Core.Supervision;

namespace Sunlight.Services.Cases.Rules;

/// <summary>SVC-STATUTORY-OVERDUE 超过法定时限: counted time exceeds the statutory limit plus approved extensions.</summary>
internal sealed class StatutoryOverdue : CaseRule
{
    public const string Code = "SVC-STATUTORY-OVERDUE";

    public override RuleDefinition Definition { get; } = new(Code, Severities.Red, "services", "超过法定时限 (statutory limit exceeded)",
        "counted time exceeds the statutory limit plus approved extensions", [])
    {
        // A case past its statutory limit is the one a supervisor nearly always sends a 督办单 about: the rule drafts it.
        NoticeDraft = "该办件已超过法定办理时限。请在答复期限内说明超期原因、目前办理情况和整改措施，并附相关材料。",
    };

    public override void Evaluate(CaseCheck check)
    {
        if (check.Clock.StatutoryDue is not { } due)
        {
            return;
        }

        if (check.Until > due)
        {
            check.Raise(this, "", due, new($"超过法定时限（{check.Item.StatutoryLimit} 个工作日，延期 {check.Clock.ExtensionDays} 个，{CaseCheck.Local(due)}）", $"Statutory limit exceeded ({check.Item.StatutoryLimit} working days, extended by {check.Clock.ExtensionDays}, {CaseCheck.Local(due)})."),
                check.End is null ? [check.Submitted] : [check.Submitted, check.End]);
        }
        else if (check.Open && !check.PausedNow)
        {
            check.Later(due);
        }
    }
}
