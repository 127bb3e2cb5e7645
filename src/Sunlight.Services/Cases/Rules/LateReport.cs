using Sunlight.Core.Supervision;

namespace Sunlight.Services.Cases.Rules;

/// <summary>SVC-LATE-REPORT 迟报: an event reached Sunlight more than <c>days</c> working days after its <c>at</c>.</summary>
internal sealed class LateReport : CaseRule
{
    public const string Code = "SVC-LATE-REPORT";

    public override RuleDefinition Definition { get; } = new(Code, Severities.Yellow, "services", "迟报 (late report)", "an event reached Sunlight more than `days` working days after its at",
        [new("days", "1", "working days", "working days an event may take to reach Sunlight")]);

    public override void Evaluate(CaseCheck check)
    {
        var days = check.Parameters.Whole(Code, "days");
        foreach (var e in check.Events)
        {
            if (check.Count(e.At, e.ReceivedAt) is { } lag && lag > days)
            {
                check.Raise(this, "", null, new($"「{CaseCheck.Event(e.Type).Zh}」（{CaseCheck.Local(e.At)}）{lag} 个工作日后才报送", $"\"{CaseCheck.Event(e.Type).En}\" ({CaseCheck.Local(e.At)}) reached Sunlight {lag} working days late."), e);
                break;
            }
        }
    }
}
