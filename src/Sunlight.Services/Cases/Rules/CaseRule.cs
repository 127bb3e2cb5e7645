using Sunlight.Core.Supervision;

namespace Sunlight.Services.Cases.Rules;

/// <summary>
/// One of services.md's case rules: its definition (code, severity, condition, parameters) and its evaluation of one
/// case. One file per rule; its boundary tests sit beside it in <c>tests/Sunlight.Services.Tests/Rules</c>, and the
/// workbench refuses what a rule would flag by calling the rule's own predicates.
/// </summary>
internal abstract class CaseRule
{
    public abstract RuleDefinition Definition { get; }

    public string Severity => Definition.Severity;

    /// <summary>Looks at the case and raises (<see cref="CaseCheck.Raise"/>) or schedules (<see cref="CaseCheck.Later"/>) what the rule says.</summary>
    public abstract void Evaluate(CaseCheck check);
}
