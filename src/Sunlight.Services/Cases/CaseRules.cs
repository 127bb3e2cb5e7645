using System.Globalization;
using System.Text.Json;
using Sunlight.Core.Calendar;
using Sunlight.Core.Directory;
using Sunlight.Core.Supervision;
using Sunlight.Services.Contracts;

namespace Sunlight.Services.Cases;

/// <summary>An event as the rules see it: what happened, when, when it reached Sunlight, who did it.</summary>
internal sealed record RuleEvent(string Id, string Type, DateTimeOffset At, DateTimeOffset ReceivedAt, string? Actor, string Body)
{
    private JsonElement? _json;

    public JsonElement Json => _json ??= JsonDocument.Parse(Body).RootElement.Clone();

    public string? Text(string name) => Json.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    public decimal? Number(string name) => Json.TryGetProperty(name, out var v) && v.TryGetDecimal(out var d) ? d : null;
}

/// <summary>Everything the case rules read: the case, its item version, its events and the staff directory.</summary>
internal sealed record CaseFacts(string CaseNo, string OrganisationCode, string RegionPath, ItemDto Item, IReadOnlyList<RuleEvent> Events, IReadOnlyDictionary<string, StaffFacts> Staff);

/// <summary>What one evaluation found, and the next instant at which a time rule could fire (null: none).</summary>
internal sealed record CaseVerdict(IReadOnlyList<AlertDraft> Alerts, DateTimeOffset? NextCheck);

/// <summary>
/// The case rules of services.md ("Rules"), exactly as written there; codes, severities and parameters are in
/// <see cref="Definitions"/> and <c>docs/rules.md</c>. Evaluation is a pure function of the facts, the parameters, the
/// calendar and the instant, so live evaluation, due-instant evaluation and replay give the same answer. Working days
/// come from the official calendar. Where a due instant is reckoned across a year whose holiday notice is not loaded
/// (a provisional year, 暂定), a yellow or notice alert says so in its summary, and a red one is not raised on that
/// date alone: the case is evaluated again when the notice is loaded (<see cref="CaseCalendarFollower"/>) and the red
/// alert then fires if the official date confirms it. Beyond the calendar's reach the time rule does not fire.
/// </summary>
internal static class CaseRules
{
    public const string AcceptLate = "SVC-ACCEPT-LATE";
    public const string DeadlineWarn = "SVC-DEADLINE-WARN";
    public const string Overdue = "SVC-OVERDUE";
    public const string StatutoryOverdue = "SVC-STATUTORY-OVERDUE";
    public const string StepOverdue = "SVC-STEP-OVERDUE";
    public const string FeeNotAllowed = "SVC-FEE-NOT-ALLOWED";
    public const string FeeOverStandard = "SVC-FEE-OVER-STANDARD";
    public const string ProcessOrder = "SVC-PROCESS-ORDER";
    public const string UnauthorizedHandler = "SVC-UNAUTHORIZED-HANDLER";
    public const string PauseAbuse = "SVC-PAUSE-ABUSE";
    public const string NoReason = "SVC-NO-REASON";
    public const string Discretion = "SVC-DISCRETION";
    public const string LateReport = "SVC-LATE-REPORT";
    public const string Backfill = "SVC-BACKFILL";
    public const string BadRating = "SVC-BAD-RATING";

    /// <summary>Events done by department staff (they must carry an actor who is staff of the handling organisation).</summary>
    private static readonly HashSet<string> StaffEvents = new(StringComparer.Ordinal)
    {
        "accepted", "rejected", "correction-requested", "paused", "resumed", "extended", "step-completed", "fee-charged", "decided", "concluded", "delivered",
    };

    /// <summary>A case alert opens the case's page (timeline, proofs).</summary>
    private const string CasePage = "hall/cases/{0}";

    public static IReadOnlyList<RuleDefinition> Definitions { get; } = Linked(
    [
        new(AcceptLate, Severities.Yellow, "services", "受理超时 (acceptance late)",
            "no accepted, rejected or correction-requested within `days` working days of submitted (《行政许可法》第三十二条: silence means accepted)",
            [new("days", "5", "working days", "working days from the day of submission within which the case must be accepted, rejected or sent back for correction")]),
        new(DeadlineWarn, Severities.Yellow, "services", "临近超期 (deadline near)",
            "counted working time reached `share` of the committed limit while the case was not concluded",
            [new("share", "0.8", "fraction of the committed limit", "the share of the committed limit at which the warning fires")]),
        new(Overdue, Severities.Red, "services", "超过承诺时限 (overdue)", "counted time exceeds the committed limit before concluded (also when concluded late)", []),
        new(StatutoryOverdue, Severities.Red, "services", "超过法定时限 (statutory limit exceeded)", "counted time exceeds the statutory limit plus approved extensions", []),
        new(StepOverdue, Severities.Yellow, "services", "环节超时 (step overdue)", "a step took longer than its step limit (one alert per step)", []),
        new(FeeNotAllowed, Severities.Red, "services", "违规收费 (fee not allowed)", "a fee charged under a code the item does not list, or on a free item", []),
        new(FeeOverStandard, Severities.Red, "services", "超标准收费 (fee over standard)", "a fee above its standard (above the maximum of a range)", []),
        new(ProcessOrder, Severities.Yellow, "services", "流程异常 (process order)",
            "a step out of the defined order, a required step missing at concluded, or decided before accepted", []),
        new(UnauthorizedHandler, Severities.Red, "services", "越权办理 (unauthorized handler)",
            "the actor is not staff of the handling organisation with the step's role (steps), not staff of the organisation (other staff events), or an extension's approver is not its head", []),
        new(PauseAbuse, Severities.Yellow, "services", "违规暂停 (pause abuse)",
            "a pause whose reason the item does not allow, one longer than its maximum, or a second correction-requested", []),
        new(NoReason, Severities.Yellow, "services", "未说明理由 (no reason)", "rejected, or decided with denied, without a reason", []),
        new(Discretion, Severities.Red, "services", "超出裁量基准 (discretion)", "a penalty amount outside the range of its declared tier, or no tier", []),
        new(LateReport, Severities.Yellow, "services", "迟报 (late report)", "an event reached Sunlight more than `days` working days after its at",
            [new("days", "1", "working days", "working days an event may take to reach Sunlight")]),
        new(Backfill, Severities.Red, "services", "补录/体外循环 (backfill)",
            "the case's first event to reach Sunlight is already decided or concluded, or its whole life arrived after it ended", []),
        new(BadRating, Severities.Notice, "services", "差评回访 (bad rating)", "a rating of `maxScore` or less: a callback is due within `callbackDays` working days",
            [new("maxScore", "2", "score", "ratings at or below this score are bad"), new("callbackDays", "15", "working days", "working days within which the callback is due")]),
    ]);

    private static List<RuleDefinition> Linked(IEnumerable<RuleDefinition> rules) => rules.Select(r => r with { SubjectLink = CasePage }).ToList();

    public static CaseVerdict Evaluate(CaseFacts facts, RuleParameters parameters, WorkCalendar calendar, DateTimeOffset now, CaseClock? computed = null)
    {
        ArgumentNullException.ThrowIfNull(facts);
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(calendar);
        var alerts = new List<AlertDraft>();
        var next = new List<DateTimeOffset>();
        var events = facts.Events.OrderBy(e => e.At).ThenBy(e => e.ReceivedAt).ToList();
        var submitted = events.FirstOrDefault(e => e.Type == "submitted");
        if (submitted is null)
        {
            return new CaseVerdict([], null);
        }

        var item = facts.Item;
        var end = events.FirstOrDefault(e => e.Type is "concluded" or "rejected");
        var concluded = events.FirstOrDefault(e => e.Type == "concluded");
        var until = end?.At ?? now;
        var open = end is null;
        var pausedNow = open && IsPaused(events);

        void Raise(string rule, string key, DateTimeOffset? due, string summary, params RuleEvent[] evidence)
        {
            var severity = Definitions.First(d => d.Code == rule).Severity;
            if (CaseClock.Provisional(calendar, submitted.At, due))
            {
                // A provisional date alone never raises a red alert; the official year decides.
                if (severity == Severities.Red)
                {
                    return;
                }

                summary += "（期限暂定：该年节假日安排尚未录入 provisional: that year's holiday notice is not loaded）";
            }

            alerts.Add(new AlertDraft(rule, severity, facts.CaseNo, key, facts.OrganisationCode, facts.RegionPath, due, summary,
                evidence.Select(e => e.Id).Distinct().ToList()));
        }

        void Later(DateTimeOffset? at)
        {
            if (at is { } t && t > now)
            {
                next.Add(t);
            }
        }

        DateTimeOffset? Due(DateTimeOffset from, int workdays)
        {
            try
            {
                return CaseClock.EndOfDay(calendar.AddWorkdays(CaseClock.Day(from), workdays));
            }
            catch (CalendarCoverageException)
            {
                return null;
            }
        }

        int? Count(DateTimeOffset from, DateTimeOffset to)
        {
            try
            {
                return calendar.CountWorkdays(CaseClock.Day(from), CaseClock.Day(to));
            }
            catch (CalendarCoverageException)
            {
                return null;
            }
        }

        var clock = computed ?? CaseClock.Compute(item, events.Select(e => (e.Type, e.At, e.Body)).ToList(), calendar, now);

        // SVC-ACCEPT-LATE
        var acceptDays = parameters.Whole(AcceptLate, "days");
        if (Due(submitted.At, acceptDays) is { } acceptDue)
        {
            var answer = events.FirstOrDefault(e => e.Type is "accepted" or "rejected" or "correction-requested");
            if (answer is not null ? answer.At > acceptDue : now > acceptDue)
            {
                Raise(AcceptLate, "", acceptDue, answer is null
                    ? $"提交后 {acceptDays} 个工作日内未受理、不予受理或告知补正 (no answer within {acceptDays} working days)"
                    : $"{answer.Type} 晚于受理期限 {Local(acceptDue)} (answered after the acceptance deadline)", answer is null ? [submitted] : [submitted, answer]);
            }
            else if (answer is null)
            {
                Later(acceptDue);
            }
        }

        // SVC-DEADLINE-WARN: the instant the counted time reaches share × committed.
        var share = parameters.Fraction(DeadlineWarn, "share");
        var threshold = (int)Math.Ceiling(share * item.CommittedLimit);
        if (clock.CalendarCovered && threshold >= 0)
        {
            if (clock.CountedWorkdays >= threshold)
            {
                Raise(DeadlineWarn, "", clock.CommittedDue, $"已用 {clock.CountedWorkdays}/{item.CommittedLimit} 个工作日，达到承诺时限的 {share:P0} (counted time reached {share:P0} of the committed limit)", [submitted]);
            }
            else if (open && !pausedNow && Due(submitted.At, threshold + clock.PausedWorkdays) is { } dayAfter)
            {
                // The count reaches the threshold at the start of that working day.
                Later(dayAfter.AddDays(-1));
            }
        }

        // SVC-OVERDUE and SVC-STATUTORY-OVERDUE
        if (clock.CommittedDue is { } committedDue)
        {
            if (until > committedDue)
            {
                Raise(Overdue, "", committedDue, end is null
                    ? $"超过承诺时限（{item.CommittedLimit} 个工作日，{Local(committedDue)}）仍未办结 (not concluded within the committed limit)"
                    : $"{end.Type} 于 {Local(end.At)}，晚于承诺时限 {Local(committedDue)} (concluded after the committed limit)", end is null ? [submitted] : [submitted, end]);
            }
            else if (open && !pausedNow)
            {
                Later(committedDue);
            }
        }

        if (clock.StatutoryDue is { } statutoryDue)
        {
            if (until > statutoryDue)
            {
                Raise(StatutoryOverdue, "", statutoryDue, $"超过法定时限（{item.StatutoryLimit} 个工作日，延期 {clock.ExtensionDays} 个，{Local(statutoryDue)}）(statutory limit exceeded)",
                    end is null ? [submitted] : [submitted, end]);
            }
            else if (open && !pausedNow)
            {
                Later(statutoryDue);
            }
        }

        // SVC-STEP-OVERDUE, per step.
        foreach (var step in clock.Steps)
        {
            if (step.Due is not { } due)
            {
                continue;
            }

            var done = events.FirstOrDefault(e => e.Type == "step-completed" && e.Text("step") == step.Step);
            if (step.CompletedAt is { } at ? at > due : open && now > due)
            {
                Raise(StepOverdue, step.Step, due, $"环节 {step.Step}（{step.Name}）时限 {step.Limit} 个工作日，应于 {Local(due)} 前完成 (step took longer than its limit)",
                    done is null ? [submitted] : [done]);
            }
            else if (step.CompletedAt is null && open && !pausedNow)
            {
                Later(due);
            }
        }

        // Fees.
        var free = item.Fees.Count == 0 || item.Fees.All(f => f.Max == 0);
        foreach (var fee in events.Where(e => e.Type == "fee-charged"))
        {
            var code = fee.Text("feeCode");
            var amount = fee.Number("amount") ?? 0;
            var standard = item.Fees.FirstOrDefault(f => f.Code == code);
            if (standard is null || (free && amount > 0))
            {
                Raise(FeeNotAllowed, "", null, free ? $"免费事项收取了 {amount:0.00} 元 (a fee on a free item)" : $"收费编码 {code} 不在本事项收费目录中 (fee code not listed)", fee);
            }
            else if (amount > standard.Max)
            {
                Raise(FeeOverStandard, "", null, $"{standard.Name} 收取 {amount:0.00} 元，标准上限 {standard.Max:0.00} 元 (above the standard)", fee);
            }
        }

        // SVC-PROCESS-ORDER
        var order = item.Steps.Select(s => s.Code).ToList();
        var completed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var e in events.Where(e => e.Type == "step-completed"))
        {
            var code = e.Text("step") ?? "";
            var index = order.IndexOf(code);
            if (index < 0 || order.Take(index).Any(c => !completed.Contains(c)))
            {
                Raise(ProcessOrder, "", null, index < 0 ? $"环节 {code} 不属于本事项 (a step the item does not define)" : $"环节 {code} 在前序环节完成前办理 (a step out of the defined order)", e);
                break;
            }

            completed.Add(code);
        }

        if (concluded is not null && order.FirstOrDefault(c => !events.Any(e => e.Type == "step-completed" && e.At <= concluded.At && e.Text("step") == c)) is { } missing)
        {
            Raise(ProcessOrder, "", null, $"办结时环节 {missing} 尚未办理 (a required step missing at concluded)", concluded);
        }

        var accepted = events.FirstOrDefault(e => e.Type == "accepted");
        if (events.FirstOrDefault(e => e.Type == "decided") is { } decision && (accepted is null || decision.At < accepted.At))
        {
            Raise(ProcessOrder, "", null, "受理前作出决定 (decided before accepted)", decision);
        }

        // SVC-UNAUTHORIZED-HANDLER
        foreach (var e in events.Where(e => StaffEvents.Contains(e.Type)))
        {
            string? problem = null;
            var staff = e.Actor is null ? null : facts.Staff.GetValueOrDefault(e.Actor);
            if (staff is null || staff.Organisation != facts.OrganisationCode)
            {
                problem = e.Actor is null ? $"{e.Type} 没有经办人 (no actor)" : $"{e.Actor} 不是本机构工作人员 (the actor is not staff of the handling organisation)";
            }
            else if (e.Type == "step-completed" && item.Steps.FirstOrDefault(s => s.Code == e.Text("step")) is { } step && !staff.Roles.Contains(step.Role))
            {
                problem = $"{e.Actor} 没有环节 {step.Code} 所需的角色 {step.Role} (the actor lacks the step's role)";
            }
            else if (e.Type == "extended" && (e.Text("approver") is not { } approver || facts.Staff.GetValueOrDefault(approver) is not { } head
                         || head.Organisation != facts.OrganisationCode || !head.Roles.Contains(Sunlight.Core.Accounts.SunlightRoles.DepartmentHead)))
            {
                problem = "延期未经本机构负责人批准 (the extension's approver is not the organisation's head)";
            }

            if (problem is not null)
            {
                Raise(UnauthorizedHandler, "", null, problem, e);
                break;
            }
        }

        // SVC-PAUSE-ABUSE
        var corrections = events.Where(e => e.Type == "correction-requested").ToList();
        if (corrections.Count > 1)
        {
            Raise(PauseAbuse, "", null, "第二次告知补正（补正应一次性告知）(a second correction request)", corrections[1]);
        }
        else
        {
            foreach (var (start, stop, reason) in Pauses(events))
            {
                var allowed = item.Pauses.FirstOrDefault(p => p.Code == reason);
                if (allowed is null)
                {
                    if (reason != "correction")
                    {
                        Raise(PauseAbuse, "", null, $"暂停事由 {reason} 不在本事项允许的特别程序中 (pause reason not allowed)", start);
                        break;
                    }

                    continue;
                }

                if (Due(start.At, allowed.MaxDays) is { } pauseDue)
                {
                    if ((stop?.At ?? now) > pauseDue)
                    {
                        Raise(PauseAbuse, "", pauseDue, $"{allowed.Name} 超过最长 {allowed.MaxDays} 个工作日 (pause longer than its maximum)", stop is null ? [start] : [start, stop]);
                        break;
                    }

                    if (stop is null)
                    {
                        Later(pauseDue);
                    }
                }
            }
        }

        // SVC-NO-REASON
        foreach (var e in events.Where(e => e.Type == "rejected" || (e.Type == "decided" && e.Text("outcome") == "denied")))
        {
            if (string.IsNullOrWhiteSpace(e.Text("reason")))
            {
                Raise(NoReason, "", null, e.Type == "rejected" ? "不予受理未说明理由 (rejected without a reason)" : "不予许可未说明理由 (denied without a reason)", e);
                break;
            }
        }

        // SVC-DISCRETION
        if (events.FirstOrDefault(e => e.Type == "decided" && e.Text("outcome") == "penalty") is { } penalty)
        {
            var tier = item.Tiers.FirstOrDefault(t => t.Tier == penalty.Text("tier"));
            var amount = penalty.Number("amount");
            if (tier is null)
            {
                Raise(Discretion, "", null, $"处罚未声明裁量档次或档次无效（{penalty.Text("tier") ?? "无"}）(no tier, or an unknown one)", penalty);
            }
            else if (amount is not { } a || a < tier.Min || a > tier.Max)
            {
                Raise(Discretion, "", null, $"罚款 {amount:0.##} 元超出{tier.Tier}档 {tier.Min:0.##}–{tier.Max:0.##} 元 (amount outside the tier's range)", penalty);
            }
        }

        // SVC-LATE-REPORT
        var lateDays = parameters.Whole(LateReport, "days");
        foreach (var e in events)
        {
            if (Count(e.At, e.ReceivedAt) is { } lag && lag > lateDays)
            {
                Raise(LateReport, "", null, $"{e.Type}（{Local(e.At)}）{lag} 个工作日后才报送 (reached Sunlight {lag} working days late)", e);
                break;
            }
        }

        // SVC-BACKFILL
        var first = events.OrderBy(e => e.ReceivedAt).ThenBy(e => e.At).First();
        if (first.Type is "decided" or "concluded")
        {
            Raise(Backfill, "", null, $"首个报送的事件即为 {first.Type}（事前环节缺失）(the first event to arrive was already {first.Type})", first);
        }
        else if (concluded is not null && events.All(e => e.ReceivedAt > concluded.At))
        {
            Raise(Backfill, "", null, $"整个办理过程在办结（{Local(concluded.At)}）之后才报送：体外循环 (the whole life arrived after it ended)", submitted, concluded);
        }

        // SVC-BAD-RATING
        var maxScore = parameters.Whole(BadRating, "maxScore");
        if (events.FirstOrDefault(e => e.Type == "rated") is { } rating && rating.Number("score") is { } score && score <= maxScore)
        {
            var callback = Due(rating.At, parameters.Whole(BadRating, "callbackDays"));
            Raise(BadRating, "", callback, $"评价 {score} 分，须在 {(callback is { } c ? Local(c) : "—")} 前回访 (a bad rating: call back)", rating);
        }

        return new CaseVerdict(alerts, next.Count == 0 ? null : next.Min());
    }

    private static bool IsPaused(List<RuleEvent> events)
    {
        var paused = false;
        foreach (var e in events)
        {
            paused = e.Type switch
            {
                "paused" or "correction-requested" => true,
                "resumed" or "corrected" => false,
                _ => paused,
            };
        }

        return paused;
    }

    /// <summary>Pauses in order: start, end (null while open), reason (<c>correction</c> for correction requests).</summary>
    private static IEnumerable<(RuleEvent Start, RuleEvent? Stop, string Reason)> Pauses(List<RuleEvent> events)
    {
        RuleEvent? start = null;
        foreach (var e in events)
        {
            if (start is null && e.Type is "paused" or "correction-requested")
            {
                start = e;
            }
            else if (start is not null && e.Type is "resumed" or "corrected")
            {
                yield return (start, e, start.Type == "paused" ? start.Text("reason") ?? "" : "correction");
                start = null;
            }
        }

        if (start is not null)
        {
            yield return (start, null, start.Type == "paused" ? start.Text("reason") ?? "" : "correction");
        }
    }

    private static string Local(DateTimeOffset at) =>
        TimeZoneInfo.ConvertTime(at, CaseClock.Shanghai).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
}

/// <summary>The services module's rules, contributed to the rule host.</summary>
internal sealed class ServicesRuleSource : IRuleSource
{
    public IReadOnlyList<RuleDefinition> Rules => CaseRules.Definitions;
}
