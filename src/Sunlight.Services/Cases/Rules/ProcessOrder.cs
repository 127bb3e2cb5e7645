using Sunlight.Core;
using Sunlight.Core.Supervision;
using Sunlight.Services.Contracts;

namespace Sunlight.Services.Cases.Rules;

/// <summary>
/// SVC-PROCESS-ORDER 流程异常: a step out of order, a required step missing at concluded, decided before accepted, or
/// decided before the steps that come before the deciding step (<see cref="UnauthorizedHandler.DecidingStep"/>).
/// </summary>
internal sealed class ProcessOrder : CaseRule
{
    public const string Code = "SVC-PROCESS-ORDER";

    public override RuleDefinition Definition { get; } = new(Code, Severities.Yellow, "services", "流程异常 (process order)",
        "a step out of the defined order, a required step missing at concluded, decided before accepted, or decided before the steps that precede the deciding step", []);

    /// <summary>The first step before <paramref name="step"/> that is not done (the step may not be completed before it); null when none.</summary>
    public static StepDto? MissingBefore(ItemDto item, string step, IReadOnlySet<string> done)
    {
        var index = item.Steps.ToList().FindIndex(s => s.Code == step);
        return index < 0 ? null : item.Steps.Take(index).FirstOrDefault(s => !done.Contains(s.Code));
    }

    /// <summary>The first step not done: <c>concluded</c> may not come before every step is.</summary>
    public static StepDto? FirstOpen(ItemDto item, IReadOnlySet<string> done) => item.Steps.FirstOrDefault(s => !done.Contains(s.Code));

    /// <summary>The first step before the deciding step that is not done: a decision may not come before it; null when none.</summary>
    public static StepDto? MissingBeforeDecision(ItemDto item, IReadOnlySet<string> done) =>
        UnauthorizedHandler.DecidingStep(item) is { } deciding ? MissingBefore(item, deciding.Code, done) : null;

    private static string Capital(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];

    public override void Evaluate(CaseCheck check)
    {
        var order = check.Item.Steps.Select(s => s.Code).ToList();
        var completed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var e in check.Events.Where(e => e.Type == "step-completed"))
        {
            var code = e.Text("step") ?? "";
            if (!order.Contains(code) || MissingBefore(check.Item, code, completed) is not null)
            {
                check.Raise(this, "", null, !order.Contains(code)
                    ? new($"环节 {code} 不属于本事项", $"Step {code} is not a step of the item.")
                    : new($"{check.Step(code).Zh}在前序环节完成前办理", $"{Capital(check.Step(code).En)} was done before the steps before it."), e);
                break;
            }

            completed.Add(code);
        }

        if (check.Concluded is { } concluded)
        {
            var doneByThen = check.Events.Where(e => e.Type == "step-completed" && e.At <= concluded.At).Select(e => e.Text("step")).OfType<string>().ToHashSet(StringComparer.Ordinal);
            if (FirstOpen(check.Item, doneByThen) is { } missing)
            {
                check.Raise(this, "", null, new($"办结时{check.Step(missing.Code).Zh}尚未办理", $"Concluded while {check.Step(missing.Code).En} was not done."), concluded);
            }
        }

        var accepted = check.Events.FirstOrDefault(e => e.Type == "accepted");
        var decision = check.Events.FirstOrDefault(e => e.Type == "decided");
        if (decision is not null && (accepted is null || decision.At < accepted.At))
        {
            check.Raise(this, "", null, new BilingualText("受理前作出决定", "Decided before the case was accepted."), decision);
        }
        else if (decision is not null)
        {
            var doneBefore = check.Events.Where(e => e.Type == "step-completed" && e.At <= decision.At).Select(e => e.Text("step")).OfType<string>().ToHashSet(StringComparer.Ordinal);
            if (MissingBeforeDecision(check.Item, doneBefore) is { } missing)
            {
                check.Raise(this, "", null, new($"{check.Step(missing.Code).Zh}办理前作出决定", $"Decided before {check.Step(missing.Code).En} was done."), decision);
            }
        }
    }
}
