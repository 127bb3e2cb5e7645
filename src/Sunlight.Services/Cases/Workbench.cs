using Sunlight.Core;
using Sunlight.Core.Directory;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Sunlight.Core.Accounts;
using Sunlight.Core.Api;
using Sunlight.Core.Calendar;
using Sunlight.Core.Directory.Contracts;
using Sunlight.Services.Cases.Rules;
using Sunlight.Services.Contracts;
using Sunlight.Services.Storage;

namespace Sunlight.Services.Cases;

/// <summary>A line of a department's inbox.</summary>
internal sealed record InboxEntry(
    string CaseNo, string ItemCode, string ItemName, string ApplicantName, string State, string Channel, DateTimeOffset SubmittedAt,
    DateTimeOffset? AcceptanceDueAt, DateTimeOffset? DueAt, int? RemainingWorkdays, bool DueProvisional);

/// <summary>One page of the inbox and how many cases match in all.</summary>
internal sealed record InboxPage(IReadOnlyList<InboxEntry> Items, int Total, int Page, int PageSize);

/// <summary>
/// An action on the workbench. <c>action</c> is one of <see cref="Workbench.Actions"/>; the other fields as that
/// action needs them.
/// </summary>
internal sealed record CaseAction(string? Action, string? Reason, string? Step, string? FeeCode, decimal? Amount, string? Outcome, string? Tier, int? Days);

/// <summary>
/// The department workbench (Clerk, DepartmentHead): the organisation's inbox ordered by due date, and the actions
/// of services.md's lifecycle. Each action is checked against the case's item version (allowed pauses, steps in
/// order and by the step's role, fee codes and standards, discretion tiers, one correction request, extensions by
/// the head only) so that Sunlight's own workbench cannot commit what the rules would flag; it then becomes a case
/// event with system id <c>workbench</c> and the person's staff code as actor, written with its ledger record by
/// <see cref="CaseIntake"/> in one transaction.
/// </summary>
internal sealed class Workbench(
    IDirectory directory, IDbContextFactory<ServicesDbContext> services, CaseIntake intake, CaseReader reader, CalendarService calendar, TimeProvider clock)
{
    public const string SystemId = "workbench";

    /// <summary>Largest extension of a 行政许可 (《行政许可法》第四十二条: 20 working days, extendable once by 10 with the head's approval).</summary>
    public const int LicensingExtensionLimit = 10;

    public static IReadOnlyList<string> Actions { get; } =
    [
        "accept", "reject", "request-correction", "corrected", "pause", "resume", "complete-step", "charge-fee", "decide", "conclude", "deliver", "extend",
    ];

    /// <summary>
    /// One page of the organisation's cases, open ones first by committed due instant, with the true number of cases
    /// that match (never a silent cap: a department with 20,000 open cases is told 20,000 and pages through them).
    /// </summary>
    public async Task<InboxPage> InboxAsync(Jurisdiction who, bool includeClosed, int page, int pageSize, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(who);
        var org = who.OrganisationCode ?? throw new InputException(Refusal.Forbidden, Bilingual.Say("工作台只对部门人员开放", "the workbench is for department staff"));
        Paging.Check(page, pageSize);

        await using var db = await services.CreateDbContextAsync(ct).ConfigureAwait(false);
        var query = db.Cases.AsNoTracking().Where(c => c.OrganisationCode == org);
        query = includeClosed ? query : query.Where(c => c.State != "rejected" && c.State != "delivered");
        var total = await query.CountAsync(ct).ConfigureAwait(false);
        var rows = await query.OrderBy(c => c.Closed).ThenBy(c => c.DueAt == null).ThenBy(c => c.DueAt).ThenBy(c => c.SubmittedAt).ThenBy(c => c.CaseNo)
            .Skip((page - 1) * pageSize).Take(pageSize).ToListAsync(ct).ConfigureAwait(false);
        var work = calendar.Current;
        var now = clock.GetUtcNow();
        return new InboxPage(rows.Select(c => new InboxEntry(c.CaseNo, c.ItemCode, c.ItemName, c.ApplicantName, c.State, c.Channel, c.SubmittedAt,
            c.AcceptanceDueAt, c.DueAt, CaseClock.Remaining(c, work, now), CaseClock.DueProvisional(c, work))).ToList(), total, page, pageSize);
    }

    /// <summary>Carries out <paramref name="action"/> on a case of the person's organisation and returns the case afterwards.</summary>
    public async Task<CaseView> ActAsync(Jurisdiction who, string userName, string caseNo, CaseAction action, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(who);
        ArgumentNullException.ThrowIfNull(action);
        await using var db = await services.CreateDbContextAsync(ct).ConfigureAwait(false);
        var c = await db.Cases.AsNoTracking().FirstOrDefaultAsync(x => x.CaseNo == caseNo, ct).ConfigureAwait(false);
        if (c is null || c.OrganisationCode != who.OrganisationCode)
        {
            throw new InputException(Refusal.NotFound, Bilingual.Say($"本部门没有办件 {caseNo}", $"no case {caseNo} in your organisation"));
        }

        var version = await db.ItemVersions.AsNoTracking().FirstAsync(v => v.ItemCode == c.ItemCode && v.Version == c.ItemVersion, ct).ConfigureAwait(false);
        var item = Catalogue.CatalogueService.ToDto(version);
        var events = await db.CaseEvents.AsNoTracking().Where(e => e.CaseNo == caseNo).OrderBy(e => e.At).ThenBy(e => e.Id)
            .Select(e => new { e.Type, e.Body }).ToListAsync(ct).ConfigureAwait(false);
        var done = events.Where(e => e.Type == "step-completed")
            .Select(e => JsonNode.Parse(e.Body)?["step"]?.GetValue<string>()).OfType<string>().ToHashSet(StringComparer.Ordinal);
        bool Has(string type) => events.Any(e => e.Type == type);

        var staffCode = await directory.StaffCodeOfAsync(userName, ct).ConfigureAwait(false);
        var actor = staffCode ?? userName;
        var errors = new List<InputError>();
        void Fail(string field, string message) => errors.Add(new(field, message));
        var reason = action.Reason?.Trim();
        if (TextInput.Problem("reason", reason, 2000) is { } badReason)
        {
            throw new InputException(Refusal.Invalid, badReason, [new("reason", badReason)]);
        }

        var line = new JsonObject { ["id"] = $"wb-{Guid.NewGuid():N}", ["caseNo"] = caseNo };
        string? type = null;
        switch (action.Action)
        {
            case "accept":
                type = "accepted";
                break;
            case "reject":
                type = "rejected";
                if (NoReason.NeedsReason(type, null) && string.IsNullOrEmpty(reason))
                {
                    Fail("reason", Bilingual.Say("不予受理须写明理由", "a rejection needs a reason"));
                }

                break;
            case "request-correction":
                type = "correction-requested";
                if (string.IsNullOrEmpty(reason))
                {
                    Fail("reason", Bilingual.Say("请一次性写明需补正的全部内容", "list everything to be corrected, once"));
                }
                else if (PauseAbuse.CorrectionAlreadyRequested(events.Select(e => e.Type)))
                {
                    Fail("action", Bilingual.Say("补正只能一次性告知，本件已告知过", "a correction may be requested only once per case"));
                }

                break;
            case "corrected":
                type = "corrected";
                break;
            case "pause":
                type = "paused";
                if (PauseAbuse.AllowedPause(item, reason) is null)
                {
                    Fail("reason", Bilingual.Say($"暂停原因须为本事项允许的特别程序：{string.Join("、", item.Pauses.Where(p => p.Code != "correction").Select(p => $"{p.Code}（{p.Name}）"))}", $"pause reason must be one the item allows"));
                }

                break;
            case "resume":
                type = "resumed";
                break;
            case "complete-step":
                type = "step-completed";
                var index = item.Steps.ToList().FindIndex(s => s.Code == action.Step);
                if (index < 0)
                {
                    Fail("step", Bilingual.Say($"环节 {action.Step} 不属于本事项，可选：{string.Join("、", item.Steps.Select(s => $"{s.Code}（{s.Name}）"))}", $"unknown step"));
                }
                else if (done.Contains(action.Step!))
                {
                    Fail("step", Bilingual.Say($"环节 {action.Step} 已办理", $"step already completed"));
                }
                else if (ProcessOrder.MissingBefore(item, action.Step!, done) is { } missing)
                {
                    Fail("step", Bilingual.Say($"须先办理环节 {missing.Code}（{missing.Name}）", $"complete step {missing.Code} first"));
                }
                else if (!UnauthorizedHandler.MayComplete(item.Steps[index], who.Roles))
                {
                    Fail("step", Bilingual.Say($"环节 {action.Step} 须由{SunlightRoles.Name(item.Steps[index].Role).Zh}办理", $"step {action.Step} belongs to the role {SunlightRoles.Name(item.Steps[index].Role).En}"));
                }
                else if (!Has("accepted"))
                {
                    Fail("action", Bilingual.Say("受理后才能办理环节", "accept the case first"));
                }

                line["step"] = action.Step;
                break;
            case "charge-fee":
                type = "fee-charged";
                var fee = Fees.Allowed(item, action.FeeCode, action.Amount ?? 0);
                if (fee is null)
                {
                    Fail("feeCode", Fees.Free(item) ? Bilingual.Say("本事项不收费", "this item is free of charge") : $"收费项目须为：{string.Join("、", item.Fees.Select(f => $"{f.Code}（{f.Name}）"))} (unknown fee code)");
                }
                else if (action.Amount is not { } amount || amount < fee.Min || Fees.OverStandard(fee, amount) || decimal.Round(amount, 2) != amount)
                {
                    Fail("amount", Bilingual.Say($"金额须在收费标准 {fee.Min:0.00}–{fee.Max:0.00} 元之内，至多两位小数", $"amount must lie within the standard"));
                }

                line["feeCode"] = action.FeeCode;
                line["amount"] = action.Amount;
                break;
            case "decide":
                type = "decided";
                if (!Has("accepted"))
                {
                    Fail("action", Bilingual.Say("受理后才能作出决定", "accept the case first"));
                }
                else if (!UnauthorizedHandler.MayDecide(item, who.Roles))
                {
                    var deciding = UnauthorizedHandler.DecidingStep(item)!;
                    Fail("action", Bilingual.Say($"决定须由{SunlightRoles.Name(deciding.Role).Zh}作出（环节 {deciding.Code}“{deciding.Name}”）", $"the decision belongs to the role {SunlightRoles.Name(deciding.Role).En} (step {deciding.Code} \"{deciding.Name}\")"));
                }
                else if (ProcessOrder.MissingBeforeDecision(item, done) is { } before)
                {
                    Fail("action", Bilingual.Say($"须先办理环节 {before.Code}（{before.Name}）再作出决定", $"complete step {before.Code} before deciding"));
                }

                line["outcome"] = action.Outcome;
                switch (action.Outcome)
                {
                    case "approved":
                        break;
                    case "denied" when NoReason.NeedsReason(type, action.Outcome) && string.IsNullOrEmpty(reason):
                        Fail("reason", Bilingual.Say("不予许可须写明理由", "a denial needs a reason"));
                        break;
                    case "denied":
                        break;
                    case "penalty":
                        var tier = Discretion.Tier(item, action.Tier);
                        if (tier is null)
                        {
                            Fail("tier", item.Tiers.Count == 0 ? Bilingual.Say("本事项没有裁量基准，不能作出处罚", "this item has no discretion tiers") : $"请选择裁量档次：{string.Join("、", item.Tiers.Select(t => t.Tier))} (choose a tier)");
                        }
                        else if (!Discretion.Within(tier, action.Amount) || decimal.Round(action.Amount!.Value, 2) != action.Amount)
                        {
                            Fail("amount", Bilingual.Say($"罚款须在该档次 {tier.Min:0.##}–{tier.Max:0.##} 元之内", $"amount must lie within the tier's range"));
                        }

                        line["tier"] = action.Tier;
                        line["amount"] = action.Amount;
                        break;
                    default:
                        Fail("outcome", Bilingual.Say("决定须为 approved（准予）、denied（不予）或 penalty（处罚）", "outcome must be approved, denied or penalty"));
                        break;
                }

                break;
            case "conclude":
                type = "concluded";
                if (ProcessOrder.FirstOpen(item, done) is { } open)
                {
                    Fail("action", Bilingual.Say($"环节 {open.Code}（{open.Name}）尚未办理", $"step {open.Code} is not completed"));
                }
                else if (!Has("decided"))
                {
                    Fail("action", Bilingual.Say("尚未作出决定", "no decision yet"));
                }

                break;
            case "deliver":
                type = "delivered";
                break;
            case "extend":
                type = "extended";
                var limit = item.Category == "licensing" ? LicensingExtensionLimit : item.StatutoryLimit;
                if (!UnauthorizedHandler.MayExtend(who.Roles))
                {
                    Fail("action", Bilingual.Say("延期须由部门负责人批准", "an extension needs the department head's approval"));
                }
                else if (Has("extended"))
                {
                    Fail("action", Bilingual.Say("本件已延期过一次", "the case was already extended once"));
                }
                else if (action.Days is not { } days || days < 1 || days > limit)
                {
                    Fail("days", Bilingual.Say($"延期天数须为 1–{limit} 个工作日", $"days must be 1–{limit} working days"));
                }
                else if (string.IsNullOrEmpty(reason))
                {
                    Fail("reason", Bilingual.Say("延期须写明理由，并告知申请人", "an extension needs a reason, told to the applicant"));
                }

                line["days"] = action.Days;
                line["approver"] = actor;
                break;
            default:
                Fail("action", Bilingual.Say($"操作须为：{string.Join(", ", Actions)}", $"unknown action"));
                break;
        }

        if (errors.Count > 0)
        {
            throw new InputException(Refusal.Invalid, Bilingual.Say("操作未执行，请按下列各项修改", "action refused"), errors);
        }

        line["type"] = type;
        line["at"] = ChinaTime.Iso(clock.GetUtcNow());
        line["actor"] = actor;
        if (!string.IsNullOrEmpty(reason))
        {
            line["reason"] = reason;
        }

        var result = await intake.IngestAsync(SystemId, c.OrganisationCode, [line.ToJsonString()], ct).ConfigureAwait(false);
        if (result.Accepted != 1)
        {
            throw new InputException(Refusal.Conflict, Bilingual.Say("操作与办件当前状态不符", "the action does not fit the case's state"),
                result.Rejected.Select(r => new InputError("action", r.Error)).ToList()) { Slug = "state-conflict" };
        }

        return (await reader.GetAsync(who, caseNo, ct).ConfigureAwait(false))!;
    }

    /// <summary>The step the case is on (the first not completed), for the workbench's buttons.</summary>
    public static StepDto? NextStep(ItemDto item, CaseView view)
    {
        ArgumentNullException.ThrowIfNull(item);
        ArgumentNullException.ThrowIfNull(view);
        return item.Steps.FirstOrDefault(s => view.Clock.Steps.FirstOrDefault(d => d.Step == s.Code)?.CompletedAt is null);
    }
}
