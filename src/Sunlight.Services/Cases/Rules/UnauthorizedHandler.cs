using Sunlight.Core;
using Sunlight.Core.Accounts;
using Sunlight.Core.Directory;
using Sunlight.Core.Supervision;
using Sunlight.Services.Contracts;

namespace Sunlight.Services.Cases.Rules;

/// <summary>
/// SVC-UNAUTHORIZED-HANDLER 越权办理: the actor is not staff of the handling organisation, lacks the step's role, decides
/// without the deciding step's role, or an extension's approver is not its head.
/// </summary>
/// <remarks>
/// The deciding step (<see cref="DecidingStep"/>) is the item's last step that belongs to the department head — the
/// 负责人 who signs the decision (《行政许可法》第三十七、三十八条: the organ decides; in practice its head signs) — or,
/// for an item whose steps are all a clerk's (当场 procedures), its last step. Whoever records <c>decided</c> must hold
/// that step's role.
/// </remarks>
internal sealed class UnauthorizedHandler : CaseRule
{
    public const string Code = "SVC-UNAUTHORIZED-HANDLER";

    /// <summary>Events done by department staff (they must carry an actor who is staff of the handling organisation).</summary>
    public static readonly IReadOnlySet<string> StaffEvents = new HashSet<string>(StringComparer.Ordinal)
    {
        "accepted", "rejected", "correction-requested", "paused", "resumed", "extended", "step-completed", "fee-charged", "decided", "concluded", "delivered",
    };

    public override RuleDefinition Definition { get; } = new(Code, Severities.Red, "services", "越权办理 (unauthorized handler)",
        "the actor is not staff of the handling organisation with the step's role (steps) or the deciding step's role (decided), not staff of the organisation (other staff events), or an extension's approver is not its head", []);

    /// <summary>Whether someone holding <paramref name="roles"/> may complete <paramref name="step"/>.</summary>
    public static bool MayComplete(StepDto step, IEnumerable<string> roles) => roles.Contains(step.Role, StringComparer.Ordinal);

    /// <summary>The step whose role decides: the last step of the department head, else the last step; null when the item has no steps.</summary>
    public static StepDto? DecidingStep(ItemDto item) =>
        item.Steps.LastOrDefault(s => s.Role == SunlightRoles.DepartmentHead) ?? (item.Steps.Count > 0 ? item.Steps[^1] : null);

    /// <summary>Whether someone holding <paramref name="roles"/> may record the decision on <paramref name="item"/>.</summary>
    public static bool MayDecide(ItemDto item, IEnumerable<string> roles) => DecidingStep(item) is not { } step || MayComplete(step, roles);

    /// <summary>Whether someone holding <paramref name="roles"/> may approve an extension (the organisation's head).</summary>
    public static bool MayExtend(IEnumerable<string> roles) => roles.Contains(SunlightRoles.DepartmentHead, StringComparer.Ordinal);

    /// <summary>A member of staff as summaries name them: the name from the directory, and the account code.</summary>
    private static string Who(StaffFacts staff, string? code) => string.IsNullOrEmpty(staff.Name) ? code ?? "" : $"{staff.Name}（{code}）";

    public override void Evaluate(CaseCheck check)
    {
        var facts = check.Facts;
        foreach (var e in check.Events.Where(e => StaffEvents.Contains(e.Type)))
        {
            BilingualText? problem = null;
            var staff = e.Actor is null ? null : facts.Staff.GetValueOrDefault(e.Actor);
            if (staff is null || staff.Organisation != facts.OrganisationCode)
            {
                problem = e.Actor is null
                    ? new($"「{CaseCheck.Event(e.Type).Zh}」没有经办人", $"\"{CaseCheck.Event(e.Type).En}\" names no actor.")
                    : new($"{e.Actor} 不是本机构工作人员", $"{e.Actor} is not staff of the handling organisation.");
            }
            else if (e.Type == "step-completed" && check.Item.Steps.FirstOrDefault(s => s.Code == e.Text("step")) is { } step && !MayComplete(step, staff.Roles))
            {
                problem = new($"{Who(staff, e.Actor)}没有{check.Step(step.Code).Zh}所需的角色「{CaseCheck.Role(step.Role).Zh}」", $"{Who(staff, e.Actor)} lacks the role {step.Code} needs: {CaseCheck.Role(step.Role).En}.");
            }
            else if (e.Type == "decided" && !MayDecide(check.Item, staff.Roles))
            {
                problem = new($"{Who(staff, e.Actor)}没有作出决定所需的角色「{CaseCheck.Role(DecidingStep(check.Item)!.Role).Zh}」", $"{Who(staff, e.Actor)} lacks the role the decision needs: {CaseCheck.Role(DecidingStep(check.Item)!.Role).En}.");
            }
            else if (e.Type == "extended" && (e.Text("approver") is not { } approver || facts.Staff.GetValueOrDefault(approver) is not StaffFacts head
                         || head.Organisation != facts.OrganisationCode || !MayExtend(head.Roles)))
            {
                problem = new("延期未经本机构负责人批准", "The extension was not approved by the organisation's head.");
            }

            if (problem is not null)
            {
                check.Raise(this, "", null, problem, e);
                break;
            }
        }
    }
}
