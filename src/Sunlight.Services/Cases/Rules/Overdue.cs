using Sunlight.Core.Supervision;

namespace Sunlight.Services.Cases.Rules;

/// <summary>SVC-OVERDUE 超过承诺时限: counted time exceeds the committed limit before concluded (also when concluded late).</summary>
internal sealed class Overdue : CaseRule
{
    public const string Code = "SVC-OVERDUE";

    public override RuleDefinition Definition { get; } = new(Code, Severities.Red, "services", "超过承诺时限 (overdue)",
        "counted time exceeds the committed limit before concluded (also when concluded late)", []);

    public override void Evaluate(CaseCheck check)
    {
        if (check.Clock.CommittedDue is not { } due)
        {
            return;
        }

        if (check.Until > due)
        {
            check.Raise(this, "", due, check.End is null
                ? new($"超过承诺时限（{check.Item.CommittedLimit} 个工作日，{CaseCheck.Local(due)}）仍未办结", $"Not concluded within the committed limit ({check.Item.CommittedLimit} working days, {CaseCheck.Local(due)}).")
                : new($"{CaseCheck.Event(check.End.Type).Zh}于 {CaseCheck.Local(check.End.At)}，晚于承诺时限 {CaseCheck.Local(due)}", $"{CaseCheck.Event(check.End.Type).En} at {CaseCheck.Local(check.End.At)}, after the committed limit {CaseCheck.Local(due)}."),
                check.End is null ? [check.Submitted] : [check.Submitted, check.End]);
        }
        else if (check.Open && !check.PausedNow)
        {
            check.Later(due);
        }
    }
}
