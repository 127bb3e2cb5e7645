using Sunlight.Core;
namespace Sunlight.Services.Cases;

/// <summary>
/// The order rules of a case's life. Events are placed by <c>at</c> (when they happened), whatever order they arrive
/// in; a new event that would make the timeline impossible is refused with a reason, and nothing else is touched.
/// </summary>
internal static class CaseTimeline
{
    public static IReadOnlySet<string> Types { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "submitted", "accepted", "rejected", "correction-requested", "corrected", "paused", "resumed", "extended",
        "step-completed", "fee-charged", "decided", "concluded", "delivered", "rated",
    };

    /// <summary>Why <paramref name="type"/> at <paramref name="at"/> cannot join <paramref name="existing"/>; null when it can.</summary>
    public static string? Check(IReadOnlyList<(string Type, DateTimeOffset At)> existing, string type, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(existing);
        if (type == "submitted" && existing.Any(e => e.Type == "submitted"))
        {
            return Bilingual.Say("该办件已有 submitted 事件", "the case was already submitted");
        }

        var timeline = existing.Append((Type: type, At: at)).OrderBy(e => e.At).ToList();
        if (timeline[0].Type != "submitted")
        {
            return Bilingual.Say($"{timeline[0].Type} 早于 submitted（{timeline[0].At:O}）：时间顺序不可能", $"{timeline[0].Type} before the case was submitted");
        }

        bool accepted = false, rejected = false, decided = false, concluded = false, correcting = false, paused = false;
        foreach (var (t, when) in timeline.Skip(1))
        {
            string? problem = t switch
            {
                _ when rejected && t != "rated" => Bilingual.Say($"{t} 在 rejected 之后", $"after the case was rejected"),
                _ when concluded && t is not ("delivered" or "rated") => Bilingual.Say($"{t} 在 concluded 之后", $"after the case was concluded"),
                "submitted" => Bilingual.Say("submitted 只能有一次", "submitted twice"),
                "accepted" when accepted => Bilingual.Say("accepted 重复", "accepted twice"),
                "rejected" when accepted => Bilingual.Say("已受理的办件不能再不予受理", "rejected after it was accepted"),
                "correction-requested" when correcting => Bilingual.Say("已在等待补正", "already awaiting a correction"),
                "corrected" when !correcting => Bilingual.Say("没有待补正的要求", "corrected without a correction request"),
                "paused" when paused => Bilingual.Say("已暂停", "already paused"),
                "resumed" when !paused => Bilingual.Say("没有暂停", "resumed without a pause"),
                "decided" when decided => Bilingual.Say("decided 重复", "decided twice"),
                "concluded" when paused || correcting => Bilingual.Say("暂停或补正期间不能办结", "concluded while paused or awaiting correction"),
                "delivered" when !decided && !concluded => Bilingual.Say("尚未作出决定", "delivered before a decision"),
                "rated" when !concluded && !rejected => Bilingual.Say("办结前不能评价", "rated before the case was concluded"),
                _ => null,
            };
            if (problem is not null)
            {
                return $"{problem}，位于 {when:O}";
            }

            switch (t)
            {
                case "accepted": accepted = true; break;
                case "rejected": rejected = true; break;
                case "decided": decided = true; break;
                case "concluded": concluded = true; break;
                case "correction-requested": correcting = true; break;
                case "corrected": correcting = false; break;
                case "paused": paused = true; break;
                case "resumed": paused = false; break;
            }
        }

        return null;
    }

    /// <summary>The state a timeline leaves the case in.</summary>
    public static string State(IEnumerable<(string Type, DateTimeOffset At)> events)
    {
        var state = "";
        var beforePause = "";
        foreach (var (t, _) in events.OrderBy(e => e.At))
        {
            switch (t)
            {
                case "submitted" or "accepted" or "rejected" or "decided" or "concluded" or "delivered":
                    state = t;
                    break;
                case "correction-requested":
                    beforePause = state;
                    state = "awaiting-correction";
                    break;
                case "paused":
                    beforePause = state;
                    state = "paused";
                    break;
                case "corrected" or "resumed":
                    state = beforePause;
                    break;
            }
        }

        return state;
    }
}
