using Sunlight.Core.Supervision;

namespace Sunlight.Services.Cases.Rules;

/// <summary>SVC-STEP-OVERDUE 环节超时: a step took longer than its limit; one alert per step (key = step code).</summary>
internal sealed class StepOverdue : CaseRule
{
    public const string Code = "SVC-STEP-OVERDUE";

    public override RuleDefinition Definition { get; } = new(Code, Severities.Yellow, "services", "环节超时 (step overdue)", "a step took longer than its step limit (one alert per step)", []);

    public override void Evaluate(CaseCheck check)
    {
        foreach (var step in check.Clock.Steps)
        {
            if (step.Due is not { } due)
            {
                continue;
            }

            var done = check.Events.FirstOrDefault(e => e.Type == "step-completed" && e.Text("step") == step.Step);
            if (step.CompletedAt is { } at ? at > due : check.Open && check.Now > due)
            {
                check.Raise(this, step.Step, due, new($"环节 {step.Step}「{step.Name}」时限 {step.Limit} 个工作日，应于 {CaseCheck.Local(due)} 前完成", $"Step {step.Step} \"{step.Name}\" has {step.Limit} working days and was due by {CaseCheck.Local(due)}."),
                    done is null ? [check.Submitted] : [done]);
            }
            else if (step.CompletedAt is null && check.Open && !check.PausedNow)
            {
                check.Later(due);
            }
        }
    }
}
