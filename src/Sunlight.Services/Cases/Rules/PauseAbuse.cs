using Sunlight.Core;
using Sunlight.Core.Supervision;
using Sunlight.Services.Contracts;

namespace Sunlight.Services.Cases.Rules;

/// <summary>SVC-PAUSE-ABUSE 违规暂停: a pause the item does not allow, one longer than its maximum, or a second correction request.</summary>
internal sealed class PauseAbuse : CaseRule
{
    public const string Code = "SVC-PAUSE-ABUSE";

    public override RuleDefinition Definition { get; } = new(Code, Severities.Yellow, "services", "违规暂停 (pause abuse)",
        "a pause whose reason the item does not allow, one longer than its maximum, or a second correction-requested", []);

    /// <summary>The item's special procedure a <c>paused</c> with <paramref name="reason"/> may run under (correction has its own event); null when none.</summary>
    public static PauseDto? AllowedPause(ItemDto item, string? reason) => item.Pauses.FirstOrDefault(p => p.Code == reason && p.Code != "correction");

    /// <summary>补正 is told once (《行政许可法》第三十二条): whether a correction was already requested.</summary>
    public static bool CorrectionAlreadyRequested(IEnumerable<string> eventTypes) => eventTypes.Any(t => t == "correction-requested");

    public override void Evaluate(CaseCheck check)
    {
        var corrections = check.Events.Where(e => e.Type == "correction-requested").ToList();
        if (corrections.Count > 1)
        {
            check.Raise(this, "", null, new BilingualText("第二次告知补正（补正应一次性告知）", "A second request for corrections (they must be asked for once, all together)."), corrections[1]);
            return;
        }

        var events = check.Events;
        foreach (var (startIndex, stopIndex) in CaseClock.PauseSpans(events.Select(e => e.Type).ToList()))
        {
            var start = events[startIndex];
            var stop = stopIndex is { } i ? events[i] : null;
            var reason = start.Type == "paused" ? start.Text("reason") ?? "" : "correction";
            var allowed = check.Item.Pauses.FirstOrDefault(p => p.Code == reason);
            if (allowed is null)
            {
                if (reason != "correction")
                {
                    check.Raise(this, "", null, new($"暂停事由「{reason}」不在本事项允许的特别程序中", $"The pause reason \"{reason}\" is not a special procedure the item allows."), start);
                    return;
                }

                continue;
            }

            if (check.Due(start.At, allowed.MaxDays) is { } pauseDue)
            {
                if ((stop?.At ?? check.Now) > pauseDue)
                {
                    check.Raise(this, "", pauseDue, new($"{allowed.Name}超过最长 {allowed.MaxDays} 个工作日", $"{allowed.Name} lasted longer than its maximum of {allowed.MaxDays} working days."), stop is null ? [start] : [start, stop]);
                    return;
                }

                if (stop is null)
                {
                    check.Later(pauseDue);
                }
            }
        }
    }
}
