using Sunlight.Core.Supervision;

namespace Sunlight.Services.Cases.Rules;

/// <summary>SVC-BACKFILL 补录/体外循环: the first event to arrive is already decided or concluded, or the whole life arrived after it ended.</summary>
internal sealed class Backfill : CaseRule
{
    public const string Code = "SVC-BACKFILL";

    public override RuleDefinition Definition { get; } = new(Code, Severities.Red, "services", "补录/体外循环 (backfill)",
        "the case's first event to reach Sunlight is already decided or concluded, or its whole life arrived after it ended", []);

    public override void Evaluate(CaseCheck check)
    {
        var first = check.Events.OrderBy(e => e.ReceivedAt).ThenBy(e => e.At).First();
        if (first.Type is "decided" or "concluded")
        {
            check.Raise(this, "", null, new($"首个报送的事件即为「{CaseCheck.Event(first.Type).Zh}」（事前环节缺失）", $"The first event to arrive was already \"{CaseCheck.Event(first.Type).En}\": the steps before it are missing."), first);
        }
        else if (check.Concluded is { } concluded && check.Events.All(e => e.ReceivedAt > concluded.At))
        {
            check.Raise(this, "", null, new($"整个办理过程在办结（{CaseCheck.Local(concluded.At)}）之后才报送：体外循环", $"The whole case arrived after it was concluded ({CaseCheck.Local(concluded.At)}): handled outside the system."), check.Submitted, concluded);
        }
    }
}
