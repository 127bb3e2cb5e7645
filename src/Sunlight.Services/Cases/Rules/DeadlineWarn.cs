using Sunlight.Core.Supervision;

namespace Sunlight.Services.Cases.Rules;

/// <summary>SVC-DEADLINE-WARN 临近超期: counted working time reached <c>share</c> of the committed limit.</summary>
internal sealed class DeadlineWarn : CaseRule
{
    public const string Code = "SVC-DEADLINE-WARN";

    public override RuleDefinition Definition { get; } = new(Code, Severities.Yellow, "services", "临近超期 (deadline near)",
        "counted working time reached `share` of the committed limit while the case was not concluded",
        [new("share", "0.8", "fraction of the committed limit", "the share of the committed limit at which the warning fires")]);

    private static string Percent(decimal share) => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{share * 100:0.#}%");

    public override void Evaluate(CaseCheck check)
    {
        var share = check.Parameters.Fraction(Code, "share");
        var limit = check.Item.CommittedLimit;
        var threshold = (int)Math.Ceiling(share * limit);
        if (!check.Clock.CalendarCovered || threshold < 0)
        {
            return;
        }

        if (check.Clock.CountedWorkdays >= threshold)
        {
            check.Raise(this, "", check.Clock.CommittedDue,
                new($"已用 {check.Clock.CountedWorkdays}/{limit} 个工作日，达到承诺时限的 {Percent(share)}", $"{check.Clock.CountedWorkdays} of {limit} working days used: {Percent(share)} of the committed limit reached."), check.Submitted);
        }
        else if (check.Open && !check.PausedNow && check.Due(check.Submitted.At, threshold + check.Clock.PausedWorkdays) is { } dayAfter)
        {
            // The count reaches the threshold at the start of that working day.
            check.Later(dayAfter.AddDays(-1));
        }
    }
}
