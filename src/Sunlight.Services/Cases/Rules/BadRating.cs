using Sunlight.Core.Supervision;

namespace Sunlight.Services.Cases.Rules;

/// <summary>SVC-BAD-RATING 差评回访: a rating of <c>maxScore</c> or less; a callback is due within <c>callbackDays</c> working days.</summary>
internal sealed class BadRating : CaseRule
{
    public const string Code = "SVC-BAD-RATING";

    public override RuleDefinition Definition { get; } = new(Code, Severities.Notice, "services", "差评回访 (bad rating)", "a rating of `maxScore` or less: a callback is due within `callbackDays` working days",
        [new("maxScore", "2", "score", "ratings at or below this score are bad"), new("callbackDays", "15", "working days", "working days within which the callback is due")]);

    public override void Evaluate(CaseCheck check)
    {
        var maxScore = check.Parameters.Whole(Code, "maxScore");
        if (check.Events.FirstOrDefault(e => e.Type == "rated") is { } rating && rating.Number("score") is { } score && score <= maxScore)
        {
            var callback = check.Due(rating.At, check.Parameters.Whole(Code, "callbackDays"));
            check.Raise(this, "", callback, new($"评价 {score} 分，须在 {(callback is { } c ? CaseCheck.Local(c) : "—")} 前回访", $"Rated {score}: call the applicant back by {(callback is { } d ? CaseCheck.Local(d) : "—")}."), rating);
        }
    }
}
