using Sunlight.Core.Supervision;

namespace Sunlight.Services.Cases.Rules;

/// <summary>SVC-ACCEPT-LATE 受理超时: no acceptance, rejection or correction request within <c>days</c> working days (《行政许可法》第三十二条).</summary>
internal sealed class AcceptLate : CaseRule
{
    public const string Code = "SVC-ACCEPT-LATE";

    public override RuleDefinition Definition { get; } = new(Code, Severities.Yellow, "services", "受理超时 (acceptance late)",
        "no accepted, rejected or correction-requested within `days` working days of submitted (《行政许可法》第三十二条: silence means accepted)",
        [new("days", "5", "working days", "working days from the day of submission within which the case must be accepted, rejected or sent back for correction")]);

    public override void Evaluate(CaseCheck check)
    {
        var days = check.Parameters.Whole(Code, "days");
        if (check.Due(check.Submitted.At, days) is not { } acceptDue)
        {
            return;
        }

        var answer = check.Events.FirstOrDefault(e => e.Type is "accepted" or "rejected" or "correction-requested");
        if (answer is not null ? answer.At > acceptDue : check.Now > acceptDue)
        {
            check.Raise(this, "", acceptDue, answer is null
                ? new($"提交后 {days} 个工作日内未受理、不予受理或告知补正", $"Not accepted, rejected or asked for corrections within {days} working days of submission.")
                : new($"{CaseCheck.Event(answer.Type).Zh}晚于受理期限 {CaseCheck.Local(acceptDue)}", $"{CaseCheck.Event(answer.Type).En} after the acceptance deadline {CaseCheck.Local(acceptDue)}."), answer is null ? [check.Submitted] : [check.Submitted, answer]);
        }
        else if (answer is null)
        {
            check.Later(acceptDue);
        }
    }
}
