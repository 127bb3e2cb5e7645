using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Sunlight.Core.Accounts;
using Sunlight.Core.Api;
using Sunlight.Core.Calendar;
using Sunlight.Core.Directory.Contracts;
using Sunlight.Core.Files;
using Sunlight.Core.Ledger;
using Sunlight.Core.Storage;

namespace Sunlight.Core.Supervision;

/// <summary>
/// 督办单 — a supervision notice to one department about one or more of its alerts: issued with a reply deadline
/// (working days), answered online by the department, then verified (closed) or returned by the supervisor.
/// Unanswered past the deadline it is escalated to the level above. Every step is a record; nothing is deleted.
/// A notice is issued by a person, drafted by a rule for a supervisor to issue (or discard), or issued by the parent
/// node (<see cref="Origin"/>); a copy to a second organisation is a linked notice (<see cref="LinkedTo"/>).
/// </summary>
public sealed class Notice
{
    public long Id { get; set; }

    public string Number { get; set; } = "";

    public string OrganisationCode { get; set; } = "";

    public string RegionPath { get; set; } = "";

    /// <summary>JSON array of alert ids.</summary>
    public string AlertIds { get; set; } = "[]";

    public string Request { get; set; } = "";

    public string IssuedBy { get; set; } = "";

    public DateTimeOffset IssuedAt { get; set; }

    public DateTimeOffset ReplyDue { get; set; }

    /// <summary><c>issued</c>, <c>replied</c>, <c>returned</c> or <c>closed</c>.</summary>
    public string Status { get; set; } = "issued";

    public string? Reply { get; set; }

    public string? RepliedBy { get; set; }

    public DateTimeOffset? RepliedAt { get; set; }

    public string? ReturnReason { get; set; }

    public string? ClosedBy { get; set; }

    public DateTimeOffset? ClosedAt { get; set; }

    /// <summary>Set when the reply deadline passed unanswered: the level above now has it on its list.</summary>
    public DateTimeOffset? EscalatedAt { get; set; }

    /// <summary>Who issued it: <c>person</c>, <c>rule:&lt;code&gt;</c> (drafted by the rule) or <c>node:&lt;origin&gt;</c> (the parent node).</summary>
    public string Origin { get; set; } = NoticeOrigin.Person;

    /// <summary>For a rule's draft: the alert it was drafted from (one draft per alert).</summary>
    public long? SourceAlertId { get; set; }

    /// <summary>For a copy to a second organisation: the notice it copies.</summary>
    public long? LinkedTo { get; set; }
}

/// <summary>Who issues a notice (CROSS-MODULE: a person, <c>rule:&lt;code&gt;</c>, or <c>node:&lt;origin&gt;</c>).</summary>
public static class NoticeOrigin
{
    public const string Person = "person";

    public static string Rule(string code) => "rule:" + code;

    public static string Node(string origin) => "node:" + origin;

    /// <summary>Whether <paramref name="origin"/> is one of the three forms.</summary>
    public static bool IsValid(string? origin) =>
        origin == Person
        || (origin?.StartsWith("rule:", StringComparison.Ordinal) == true && origin.Length > 5)
        || (origin?.StartsWith("node:", StringComparison.Ordinal) == true && origin.Length > 5 && origin.Length <= 200 && !origin.Any(char.IsWhiteSpace));
}

/// <summary>
/// A file a department attached to its reply (整改材料). The bytes live outside the database (<see cref="FileStore"/>);
/// the reply's record carries the SHA-256, and a download re-checks it. Files of earlier replies stay.
/// </summary>
public sealed class NoticeFile
{
    public long Id { get; set; }

    public long NoticeId { get; set; }

    public string FileName { get; set; } = "";

    public string ContentType { get; set; } = "";

    public long Size { get; set; }

    public byte[] Sha256 { get; set; } = [];

    public string StoredName { get; set; } = "";

    public string UploadedBy { get; set; } = "";

    public DateTimeOffset UploadedAt { get; set; }
}

/// <summary>A file of a notice reply as listed (download: <c>GET /api/v1/notices/{id}/files/{fileId}</c>).</summary>
public sealed record NoticeFileView(long Id, string FileName, string ContentType, long Size, string Sha256, DateTimeOffset UploadedAt);

/// <summary>
/// A notice as listed. A rule's draft (status <c>draft</c>) has the reply deadline it would get if issued now; its
/// number is <c>CG-…</c> until a supervisor issues it under a <c>DB-…</c> number.
/// </summary>
public sealed record NoticeView(
    long Id, string Number, string Organisation, string Region, IReadOnlyList<long> Alerts, string Request, string IssuedBy, DateTimeOffset IssuedAt,
    DateTimeOffset ReplyDue, string Status, string? Reply, string? RepliedBy, DateTimeOffset? RepliedAt, string? ReturnReason, DateTimeOffset? ClosedAt,
    DateTimeOffset? EscalatedAt)
{
    /// <summary>Files attached to the department's replies, oldest first.</summary>
    public IReadOnlyList<NoticeFileView> Files { get; init; } = [];

    /// <summary><c>person</c>, <c>rule:&lt;code&gt;</c> or <c>node:&lt;origin&gt;</c>.</summary>
    public string Origin { get; init; } = NoticeOrigin.Person;

    /// <summary>For a copy to a second organisation: the id of the notice it copies.</summary>
    public long? LinkedTo { get; init; }
}

/// <summary>Body of a new notice.</summary>
public sealed record NoticeInput(IReadOnlyList<long>? Alerts, string? Request, int? ReplyDays);

/// <summary>Body of a copy to a second organisation: the organisation, and a request of its own (default: the original's).</summary>
public sealed record NoticeCopyInput(string? Organisation, string? Request, int? ReplyDays);

/// <summary>Body of issuing a rule's draft: the request as the supervisor finally words it (default: the draft's) and the deadline.</summary>
public sealed record NoticeIssueInput(string? Request, int? ReplyDays);

/// <summary>Body of a reply, a return or a verification.</summary>
public sealed record NoticeAnswer(string? Text);

/// <summary>One page of notices and how many match in all.</summary>
public sealed record NoticePage(IReadOnlyList<NoticeView> Items, int Total, int Page, int PageSize);

/// <summary>The supervision loop: alert → notice → reply → verified (or returned) → escalation when unanswered.</summary>
public sealed class NoticeService(CoreDbContext db, CalendarService calendar, TimeProvider clock, AlertService alertService, SupervisionFeed? feed = null, FileStore? files = null) : IDueSource
{
    /// <summary>Default reply deadline (services.md "Supervision loop").</summary>
    public const int DefaultReplyDays = 5;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>A supervisor issues a notice about alerts of one organisation of the jurisdiction (origin <c>person</c>).</summary>
    public async Task<NoticeView> IssueAsync(Jurisdiction who, string userName, NoticeInput input, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(who);
        return await IssueCoreAsync(who.CoversOrganisation, userName, NoticeOrigin.Person, input, ct).ConfigureAwait(false);
    }

    /// <summary>
    /// The parent node issues a notice to one of this node's organisations about alerts it saw in what travels upward
    /// (origin <c>node:&lt;origin&gt;</c>; the link between levels calls this once it has checked the parent's signature).
    /// </summary>
    public async Task<NoticeView> IssueFromNodeAsync(string origin, string issuedBy, NoticeInput input, CancellationToken ct)
    {
        var value = NoticeOrigin.Node(origin);
        if (!NoticeOrigin.IsValid(value) || string.IsNullOrWhiteSpace(issuedBy))
        {
            throw new InputException(Refusal.Invalid, Bilingual.Say($"上级节点标识 \"{origin}\" 或签发人无效", $"the parent's origin or the issuer is not valid"), [new("origin", Bilingual.Say("须为上级节点的日志标识，且写明签发人", "the parent's log origin and an issuer"))]);
        }

        return await IssueCoreAsync((_, _) => true, $"{value}/{issuedBy.Trim()}", value, input, ct).ConfigureAwait(false);
    }

    private async Task<NoticeView> IssueCoreAsync(Func<string, string, bool> covers, string userName, string origin, NoticeInput input, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(input);
        var errors = new List<InputError>();
        var ids = (input.Alerts ?? []).Distinct().ToList();
        var alerts = await db.Alerts.AsNoTracking().Where(a => EF.Parameter(ids).Contains(a.Id)).ToListAsync(ct).ConfigureAwait(false);
        alerts = alerts.Where(a => covers(a.OrganisationCode, a.RegionPath)).ToList();
        if (ids.Count == 0 || alerts.Count != ids.Count)
        {
            errors.Add(new("alerts", Bilingual.Say("请选择您管辖范围内的一条或多条预警", "choose one or more alerts in your jurisdiction")));
        }
        else if (alerts.Select(a => a.OrganisationCode).Distinct().Count() > 1)
        {
            errors.Add(new("alerts", Bilingual.Say("一张督办单只能发给一个部门", "one notice goes to one department")));
        }
        else if (alerts.FirstOrDefault(a => alertService.Rules.FirstOrDefault(r => r.Code == a.Rule)?.Visibility is { } v && v != AlertVisibility.Org) is { } hidden)
        {
            // The department answers a notice about what it can see; an alert about its staff stays with supervision.
            errors.Add(new("alerts", Bilingual.Say($"预警 {hidden.Id}（{hidden.Rule}）仅监察人员可见，不能督办给部门", $"alert {hidden.Id} is for supervisors only and cannot go to the department")));
        }
        else if (alerts.FirstOrDefault(a => a.Status != AlertStatus.Open) is { } taken)
        {
            errors.Add(new("alerts", NotOpen(taken)));
        }

        CheckRequest(errors, input.Request);
        var days = CheckDays(errors, input.ReplyDays);
        if (errors.Count > 0)
        {
            throw new InputException(Refusal.Invalid, Bilingual.Say("督办单未发出，请按下列各项修改", "notice not issued"), errors);
        }

        var now = clock.GetUtcNow();
        var due = DueAfter(now, days);
        var first = alerts[0];
        var notice = new Notice
        {
            Number = await NextNumberAsync("DB", first.RegionPath, now, ct).ConfigureAwait(false), OrganisationCode = first.OrganisationCode, RegionPath = first.RegionPath,
            AlertIds = JsonSerializer.Serialize(ids, Json), Request = input.Request!.Trim(), IssuedBy = userName, IssuedAt = LedgerLeaf.Normalise(now), ReplyDue = due,
            Origin = origin,
        };
        await using var unit = await UnitOfWork.BeginAsync(db, clock, ct).ConfigureAwait(false);
        db.Notices.Add(notice);
        if (await MarkNoticedAsync(ids, userName, now, ct).ConfigureAwait(false) != ids.Count)
        {
            // Another supervisor noticed or dismissed one of them a moment ago; nothing of this one is kept.
            throw new InputException(Refusal.Conflict, Bilingual.Say("所选预警刚被他人督办或撤销，请刷新后重试", "one of the alerts was just noticed or dismissed by someone else; reload and try again")) { Slug = "state-conflict" };
        }
        unit.Record(RecordDraft.Json("supervision.notice.issued", notice.Number, IssuedBody(notice, ids, null, null), notice.RegionPath));
        await unit.CommitAsync(ct).ConfigureAwait(false);
        feed?.Publish();
        return View(notice);
    }

    /// <summary>
    /// A supervisor issues a rule's draft under a <c>DB-…</c> number, with the request as finally worded and a
    /// deadline from now; the record names the draft and its rule.
    /// </summary>
    public async Task<NoticeView> IssueDraftAsync(Jurisdiction who, string userName, long id, NoticeIssueInput input, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(input);
        Supervisor(who, Bilingual.Say("只有监察人员可以签发督办单", "only a supervisor may issue a notice"));
        var notice = await FindAsync(who, id, ct, tracked: true).ConfigureAwait(false);
        if (notice.Status != "draft")
        {
            throw new InputException(Refusal.Conflict, Bilingual.Say($"督办单 {notice.Number} 不是草稿（现为 {notice.Status}）", $"only a draft can be issued")) { Slug = "state-conflict" };
        }

        var errors = new List<InputError>();
        var request = string.IsNullOrWhiteSpace(input.Request) ? notice.Request : input.Request;
        CheckRequest(errors, request);
        var days = CheckDays(errors, input.ReplyDays);
        if (errors.Count > 0)
        {
            throw new InputException(Refusal.Invalid, Bilingual.Say("督办单未发出，请按下列各项修改", "notice not issued"), errors);
        }

        var ids = Alerts(notice);
        if (await db.Alerts.AsNoTracking().FirstOrDefaultAsync(a => EF.Parameter(ids).Contains(a.Id) && a.Status != AlertStatus.Open, ct).ConfigureAwait(false) is { } taken)
        {
            throw new InputException(Refusal.Conflict, NotOpen(taken)) { Slug = "state-conflict" };
        }

        var now = clock.GetUtcNow();
        var due = DueAfter(now, days);
        var draft = notice.Number;
        await using var unit = await UnitOfWork.BeginAsync(db, clock, ct).ConfigureAwait(false);
        if (await MarkNoticedAsync(ids, userName, now, ct).ConfigureAwait(false) != ids.Count)
        {
            // Another supervisor noticed or dismissed one of them a moment ago; nothing of this one is kept.
            throw new InputException(Refusal.Conflict, Bilingual.Say("所选预警刚被他人督办或撤销，请刷新后重试", "one of the alerts was just noticed or dismissed by someone else; reload and try again")) { Slug = "state-conflict" };
        }
        notice.Number = await NextNumberAsync("DB", notice.RegionPath, now, ct).ConfigureAwait(false);
        notice.Request = request!.Trim();
        notice.IssuedBy = userName;
        notice.IssuedAt = LedgerLeaf.Normalise(now);
        notice.ReplyDue = due;
        notice.Status = "issued";
        unit.Record(RecordDraft.Json("supervision.notice.issued", notice.Number, IssuedBody(notice, ids, draft, null), notice.RegionPath));
        await unit.CommitAsync(ct).ConfigureAwait(false);
        feed?.Publish();
        return View(notice);
    }

    /// <summary>A supervisor discards a rule's draft with a reason (the draft stays, marked discarded).</summary>
    public Task<NoticeView> DiscardAsync(Jurisdiction who, string userName, long id, string? reason, CancellationToken ct) =>
        ChangeAsync(who, id, n =>
        {
            Supervisor(who, Bilingual.Say("只有监察人员可以作废草稿", "only a supervisor may discard a draft"));
            if (n.Status != "draft")
            {
                throw new InputException(Refusal.Conflict, Bilingual.Say($"只能作废草稿（现为 {n.Status}）", $"only a draft can be discarded")) { Slug = "state-conflict" };
            }

            Require(reason, "reason", Bilingual.Say("作废草稿须写明理由", "discarding a draft needs a reason"));
            n.Status = "discarded";
            n.ReturnReason = reason!.Trim();
            n.ClosedBy = userName;
            n.ClosedAt = clock.GetUtcNow();
            return ("supervision.notice.discarded", new { n.Number, origin = n.Origin, reason = n.ReturnReason, by = userName });
        }, ct);

    /// <summary>
    /// A supervisor sends a copy of an issued notice to a second organisation of the jurisdiction (抄送/联合督办): a
    /// linked notice with its own number, deadline and reply loop, about the same alerts.
    /// </summary>
    public async Task<NoticeView> CopyAsync(Jurisdiction who, string userName, long id, NoticeCopyInput input, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(input);
        Supervisor(who, Bilingual.Say("只有监察人员可以抄送督办单", "only a supervisor may copy a notice"));
        var original = await FindAsync(who, id, ct).ConfigureAwait(false);
        if (original.Status is "draft" or "discarded")
        {
            throw new InputException(Refusal.Conflict, Bilingual.Say($"督办单 {original.Number} 尚未签发，不能抄送", $"only an issued notice can be copied")) { Slug = "state-conflict" };
        }

        var errors = new List<InputError>();
        var code = input.Organisation?.Trim() ?? "";
        var org = await db.Organisations.AsNoTracking().Where(o => o.Code == code).Select(o => new { o.Code, o.RegionPath }).FirstOrDefaultAsync(ct).ConfigureAwait(false);
        if (org is null || !who.CoversOrganisation(org.Code, org.RegionPath))
        {
            errors.Add(new("organisation", Bilingual.Say($"机构 \"{code}\" 不存在或不在您的管辖范围内", $"no such organisation in your jurisdiction")));
        }
        else if (org.Code == original.OrganisationCode)
        {
            errors.Add(new("organisation", Bilingual.Say("抄送须发给另一个机构", "a copy goes to a second organisation")));
        }

        var request = string.IsNullOrWhiteSpace(input.Request) ? original.Request : input.Request;
        CheckRequest(errors, request);
        var days = CheckDays(errors, input.ReplyDays);
        if (errors.Count > 0)
        {
            throw new InputException(Refusal.Invalid, Bilingual.Say("督办单未抄送，请按下列各项修改", "the copy was not issued"), errors);
        }

        var now = clock.GetUtcNow();
        var copy = new Notice
        {
            Number = await NextNumberAsync("DB", org!.RegionPath, now, ct).ConfigureAwait(false), OrganisationCode = org.Code, RegionPath = org.RegionPath,
            AlertIds = original.AlertIds, Request = request!.Trim(), IssuedBy = userName, IssuedAt = LedgerLeaf.Normalise(now), ReplyDue = DueAfter(now, days),
            Origin = NoticeOrigin.Person, LinkedTo = original.Id,
        };
        await using var unit = await UnitOfWork.BeginAsync(db, clock, ct).ConfigureAwait(false);
        db.Notices.Add(copy);
        unit.Record(RecordDraft.Json("supervision.notice.issued", copy.Number, IssuedBody(copy, Alerts(copy), null, original.Number), copy.RegionPath));
        await unit.CommitAsync(ct).ConfigureAwait(false);
        feed?.Publish();
        return View(copy);
    }

    /// <summary>
    /// Drafts a notice for each open alert of a rule that drafts notices (<see cref="RuleDefinition.NoticeDraft"/>) and
    /// has none yet: number <c>CG-…</c>, origin <c>rule:&lt;code&gt;</c>, for a supervisor to issue or discard.
    /// Departments do not see drafts. At most 200 a run (the timer comes back).
    /// </summary>
    public async Task<int> DraftFromRulesAsync(DateTimeOffset now, CancellationToken ct)
    {
        var drafting = alertService.Rules.Where(r => r.NoticeDraft is not null && r.Visibility == AlertVisibility.Org).ToDictionary(r => r.Code, StringComparer.Ordinal);
        if (drafting.Count == 0)
        {
            return 0;
        }

        var codes = drafting.Keys.ToList();
        var alerts = await db.Alerts.AsNoTracking()
            .Where(a => EF.Parameter(codes).Contains(a.Rule) && a.Status == "open" && !db.Notices.Any(n => n.SourceAlertId == a.Id))
            .OrderBy(a => a.Id).Take(200).ToListAsync(ct).ConfigureAwait(false);
        if (alerts.Count == 0)
        {
            return 0;
        }

        DateTimeOffset due;
        try
        {
            due = DueAfter(now, DefaultReplyDays);
        }
        catch (InputException)
        {
            // The calendar does not reach the deadline yet: the drafts wait for the next run.
            return 0;
        }

        await using var unit = await UnitOfWork.BeginAsync(db, clock, ct).ConfigureAwait(false);
        var numbers = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var a in alerts)
        {
            var rule = drafting[a.Rule];
            var prefix = NumberPrefix("CG", a.RegionPath, now);
            numbers[prefix] = numbers.TryGetValue(prefix, out var n) ? n + 1
                : await db.Notices.CountAsync(x => x.Number.StartsWith(prefix), ct).ConfigureAwait(false) + 1;
            var request = $"{rule.NoticeDraft}（预警 {a.Id}：{a.Summary}）";
            var draft = new Notice
            {
                Number = $"{prefix}{numbers[prefix]:D4}", OrganisationCode = a.OrganisationCode, RegionPath = a.RegionPath, AlertIds = JsonSerializer.Serialize(new[] { a.Id }, Json),
                Request = request.Length > 2000 ? request[..2000] : request, IssuedBy = NoticeOrigin.Rule(rule.Code), IssuedAt = LedgerLeaf.Normalise(now), ReplyDue = due,
                Status = "draft", Origin = NoticeOrigin.Rule(rule.Code), SourceAlertId = a.Id,
            };
            db.Notices.Add(draft);
            unit.Record(RecordDraft.Json("supervision.notice.drafted", draft.Number,
                new { draft.Number, origin = draft.Origin, organisation = draft.OrganisationCode, alerts = new[] { a.Id }, draft.Request }, draft.RegionPath));
        }

        try
        {
            await unit.CommitAsync(ct).ConfigureAwait(false);
        }
        catch (DbUpdateException)
        {
            // Another run (the timer, a second instance) drafted them first: one draft per alert is kept by the index.
            db.ChangeTracker.Clear();
            return 0;
        }

        feed?.Publish();
        return alerts.Count;
    }

    private static void CheckRequest(List<InputError> errors, string? request)
    {
        if (string.IsNullOrWhiteSpace(request) || request.Length > 2000)
        {
            errors.Add(new("request", Bilingual.Say("请写明督办要求（至多 2000 字）", "state what the department must do, at most 2000 characters")));
        }

        TextInput.Check(errors, "request", request, 2000);
    }

    private static int CheckDays(List<InputError> errors, int? replyDays)
    {
        var days = replyDays ?? DefaultReplyDays;
        if (days is < 1 or > 30)
        {
            errors.Add(new("replyDays", Bilingual.Say("答复期限须为 1–30 个工作日", "reply deadline: 1–30 working days")));
        }

        return days;
    }

    private DateTimeOffset DueAfter(DateTimeOffset now, int days)
    {
        try
        {
            return ChinaTime.EndOfDay(calendar.Current.AddWorkdays(ChinaTime.Day(now), days));
        }
        catch (CalendarCoverageException e)
        {
            throw new InputException(Refusal.Unprocessable, Bilingual.Say($"答复期限落在尚未录入节假日安排的年份：{e.Message}", $"the deadline falls in a year without a holiday notice; add it on /calendar"));
        }
    }

    private static string NumberPrefix(string kind, string regionPath, DateTimeOffset now) =>
        $"{kind}-{regionPath.TrimEnd('/').Split('/')[^1]}-{ChinaTime.Day(now).Year}-";

    private async Task<string> NextNumberAsync(string kind, string regionPath, DateTimeOffset now, CancellationToken ct)
    {
        var prefix = NumberPrefix(kind, regionPath, now);
        var count = await db.Notices.CountAsync(n => n.Number.StartsWith(prefix), ct).ConfigureAwait(false);
        return $"{prefix}{count + 1:D4}";
    }

    private static List<long> Alerts(Notice n) => JsonSerializer.Deserialize<List<long>>(n.AlertIds, Json) ?? [];

    // The issued record: as before for a person's notice, plus who issued it (origin), the draft it came from and the
    // notice it copies, when there are.
    private static object IssuedBody(Notice n, IReadOnlyList<long> ids, string? draft, string? linkedTo) => draft is null && linkedTo is null && n.Origin == NoticeOrigin.Person
        ? new { n.Number, organisation = n.OrganisationCode, alerts = ids, n.Request, replyDue = n.ReplyDue, by = n.IssuedBy }
        : new { n.Number, organisation = n.OrganisationCode, alerts = ids, n.Request, replyDue = n.ReplyDue, by = n.IssuedBy, origin = n.Origin, draft, linkedTo };

    /// <summary>The statuses a notice list may be filtered by (<c>escalated</c>: escalated at any time, whatever the status now).</summary>
    public static IReadOnlyList<string> Statuses { get; } = ["draft", "discarded", "issued", "replied", "returned", "closed", "escalated"];

    /// <summary>One page of the notices in the caller's jurisdiction, newest first, and how many match in all (no silent cap).</summary>
    public async Task<NoticePage> ListAsync(Jurisdiction who, string? status, int page, int pageSize, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(who);
        Paging.Check(page, pageSize);

        if (!string.IsNullOrWhiteSpace(status) && !Statuses.Contains(status))
        {
            throw new InputException(Refusal.Invalid, Bilingual.Say($"status \"{status}\" 无效，可选：{string.Join(", ", Statuses)}", $"unknown status"));
        }

        var path = who.RegionPath;
        var query = db.Notices.AsNoTracking().Where(n => n.RegionPath.StartsWith(path));
        if (who.IsDepartmentBound)
        {
            // A department sees the notices sent to it, never a rule's draft.
            query = query.Where(n => n.OrganisationCode == who.OrganisationCode && n.Status != "draft" && n.Status != "discarded");
        }

        if (!string.IsNullOrWhiteSpace(status))
        {
            query = status == "escalated" ? query.Where(n => n.EscalatedAt != null) : query.Where(n => n.Status == status);
        }

        var total = await query.CountAsync(ct).ConfigureAwait(false);
        var notices = await query.OrderByDescending(n => n.Id).Skip((page - 1) * pageSize).Take(pageSize).ToListAsync(ct).ConfigureAwait(false);
        return new NoticePage(await WithFilesAsync(notices, ct).ConfigureAwait(false), total, page, pageSize);
    }

    public async Task<NoticeView> GetAsync(Jurisdiction who, long id, CancellationToken ct) =>
        (await WithFilesAsync([await FindAsync(who, id, ct).ConfigureAwait(false)], ct).ConfigureAwait(false))[0];

    /// <summary>A file of a notice the caller may see, with its bytes (hash re-checked), or null.</summary>
    public async Task<(NoticeFile File, byte[] Bytes)?> FileAsync(Jurisdiction who, long id, long fileId, CancellationToken ct)
    {
        var notice = await FindAsync(who, id, ct).ConfigureAwait(false);
        var file = await db.NoticeFiles.AsNoTracking().FirstOrDefaultAsync(f => f.Id == fileId && f.NoticeId == notice.Id, ct).ConfigureAwait(false);
        if (file is null || files is null)
        {
            return null;
        }

        var bytes = await files.ReadAsync(file.StoredName, file.Sha256, ct).ConfigureAwait(false);
        return bytes is null ? null : (file, bytes);
    }

    private async Task<IReadOnlyList<NoticeView>> WithFilesAsync(IReadOnlyList<Notice> notices, CancellationToken ct)
    {
        var ids = notices.Select(n => n.Id).ToList();
        var attached = (await db.NoticeFiles.AsNoTracking().Where(f => EF.Parameter(ids).Contains(f.NoticeId)).OrderBy(f => f.Id).ToListAsync(ct).ConfigureAwait(false))
            .ToLookup(f => f.NoticeId);
        return notices.Select(n => View(n) with
        {
            Files = attached[n.Id].Select(f => new NoticeFileView(f.Id, f.FileName, f.ContentType, f.Size, Convert.ToHexStringLower(f.Sha256), f.UploadedAt)).ToList(),
        }).ToList();
    }

    /// <summary>
    /// The department answers (Clerk or DepartmentHead of the notice's organisation), with up to
    /// <see cref="FileStore.MaxFiles"/> files (整改材料: PDF, images, OFD, DOCX; checked by content). The files are
    /// written first and named in the reply's record by SHA-256; if the reply is refused, they are removed again.
    /// </summary>
    public async Task<NoticeView> ReplyAsync(Jurisdiction who, string userName, long id, string? text, IReadOnlyList<UploadedFile>? uploads, CancellationToken ct)
    {
        var checkedFiles = uploads is { Count: > 0 } ? await FileStore.CheckAsync(uploads, ct).ConfigureAwait(false) : [];
        if (checkedFiles.Count > 0 && files is null)
        {
            throw new InvalidOperationException("No file store is configured.");
        }

        var notice = await FindAsync(who, id, ct, tracked: true).ConfigureAwait(false);
        if (!who.IsDepartmentBound || who.OrganisationCode != notice.OrganisationCode)
        {
            throw new InputException(Refusal.Forbidden, Bilingual.Say("只有被督办部门可以答复", "only the department under notice may reply"));
        }

        if (notice.Status is not ("issued" or "returned"))
        {
            throw new InputException(Refusal.Conflict, Bilingual.Say($"督办单状态为 {notice.Status}，不能答复", $"the notice is {notice.Status}")) { Slug = "state-conflict" };
        }

        Require(text, "reply", Bilingual.Say("请写明整改情况", "describe what was done"));
        var now = clock.GetUtcNow();
        var upload = Guid.NewGuid().ToString("N")[..12];
        var written = new List<NoticeFile>();
        try
        {
            foreach (var f in checkedFiles)
            {
                written.Add(new NoticeFile
                {
                    NoticeId = notice.Id, FileName = f.FileName, ContentType = f.ContentType, Size = f.Bytes.Length, Sha256 = f.Hash, UploadedBy = userName,
                    UploadedAt = LedgerLeaf.Normalise(now), StoredName = await files!.WriteAsync($"notices/{notice.Number}", upload, f.FileName, f.Bytes, f.Hash, ct).ConfigureAwait(false),
                });
            }

            await using var unit = await UnitOfWork.BeginAsync(db, clock, ct).ConfigureAwait(false);
            notice.Status = "replied";
            notice.Reply = text!.Trim();
            notice.RepliedBy = userName;
            notice.RepliedAt = now;
            db.NoticeFiles.AddRange(written);
            unit.Record(RecordDraft.Json("supervision.notice.replied", notice.Number, new
            {
                notice.Number, reply = notice.Reply, by = userName,
                files = written.Select(f => new { name = f.FileName, size = f.Size, sha256 = Convert.ToHexStringLower(f.Sha256) }),
            }, notice.RegionPath));
            await unit.CommitAsync(ct).ConfigureAwait(false);
        }
        catch
        {
            files?.Discard(written.Select(f => f.StoredName));
            throw;
        }

        feed?.Publish();
        return await GetAsync(who, id, ct).ConfigureAwait(false);
    }

    /// <summary>
    /// The supervisor accepts the reply: the notice is closed, and its alerts are resolved with the closing record as
    /// evidence — unless a linked copy about them is still running (they resolve when the last one is verified).
    /// </summary>
    public async Task<NoticeView> VerifyAsync(Jurisdiction who, string userName, long id, CancellationToken ct)
    {
        Supervisor(who);
        var n = await FindAsync(who, id, ct, tracked: true).ConfigureAwait(false);
        if (n.Status != "replied")
        {
            throw new InputException(Refusal.Conflict, Bilingual.Say($"只能核实已答复的督办单（现为 {n.Status}）", $"only a replied notice can be verified")) { Slug = "state-conflict" };
        }

        var root = n.LinkedTo ?? n.Id;
        var stillRunning = await db.Notices.AsNoTracking()
            .AnyAsync(x => x.Id != n.Id && (x.Id == root || x.LinkedTo == root) && (x.Status == "issued" || x.Status == "replied" || x.Status == "returned"), ct).ConfigureAwait(false);
        var ids = stillRunning ? [] : Alerts(n);
        var now = clock.GetUtcNow();
        await using var unit = await UnitOfWork.BeginAsync(db, clock, ct).ConfigureAwait(false);
        n.Status = "closed";
        n.ClosedBy = userName;
        n.ClosedAt = now;
        unit.Record(RecordDraft.Json("supervision.notice.closed", n.Number, new { n.Number, by = userName, resolves = ids }, n.RegionPath));
        if (ids.Count > 0)
        {
            // The closing record is the unit's only one: its sequence is the first.
            var reason = Bilingual.Say($"督办单 {n.Number} 核实办结", $"resolved by notice {n.Number}");
            unit.AfterRecords((sequence, token) => db.Alerts.Where(a => EF.Parameter(ids).Contains(a.Id) && a.Status == AlertStatus.Noticed)
                .ExecuteUpdateAsync(u => u.SetProperty(a => a.Status, AlertStatus.Resolved).SetProperty(a => a.StatusReason, reason)
                    .SetProperty(a => a.StatusBy, userName).SetProperty(a => a.StatusAt, now).SetProperty(a => a.ResolvedByRecord, sequence), token));
        }

        await unit.CommitAsync(ct).ConfigureAwait(false);
        feed?.Publish();
        return View(n);
    }

    /// <summary>The supervisor returns the reply with a reason: the department answers again.</summary>
    public Task<NoticeView> ReturnAsync(Jurisdiction who, string userName, long id, string? reason, CancellationToken ct) =>
        ChangeAsync(who, id, n =>
        {
            Supervisor(who);
            if (n.Status != "replied")
            {
                throw new InputException(Refusal.Conflict, Bilingual.Say($"只能退回已答复的督办单（现为 {n.Status}）", $"only a replied notice can be returned")) { Slug = "state-conflict" };
            }

            Require(reason, "reason", Bilingual.Say("退回须写明理由", "a return needs a reason"));
            n.Status = "returned";
            n.ReturnReason = reason!.Trim();
            return ("supervision.notice.returned", new { n.Number, reason = n.ReturnReason, by = userName });
        }, ct);

    /// <summary>Drafts the rules' notices and escalates notices whose reply deadline passed unanswered (the rule host's timer calls this).</summary>
    public async Task<int> RunDueAsync(DateTimeOffset now, CancellationToken ct) =>
        await DraftFromRulesAsync(now, ct).ConfigureAwait(false) + await EscalateAsync(now, ct).ConfigureAwait(false);

    private async Task<int> EscalateAsync(DateTimeOffset now, CancellationToken ct)
    {
        var at = now.ToUniversalTime();
        var late = await db.Notices.Where(n => n.EscalatedAt == null && (n.Status == "issued" || n.Status == "returned") && n.ReplyDue < at)
            .OrderBy(n => n.Id).Take(500).ToListAsync(ct).ConfigureAwait(false);
        if (late.Count == 0)
        {
            return 0;
        }

        await using var unit = await UnitOfWork.BeginAsync(db, clock, ct).ConfigureAwait(false);
        foreach (var n in late)
        {
            n.EscalatedAt = at;
            var parent = ParentPath(n.RegionPath);
            unit.Record(RecordDraft.Json("supervision.notice.escalated", n.Number, new { n.Number, replyDue = n.ReplyDue, to = parent }, parent ?? n.RegionPath));
        }

        await unit.CommitAsync(ct).ConfigureAwait(false);
        feed?.Publish();
        return late.Count;
    }

    /// <summary>The alerts a notice is issued about are under notice from now (inside the issuing transaction).</summary>
    private Task<int> MarkNoticedAsync(IReadOnlyList<long> ids, string userName, DateTimeOffset now, CancellationToken ct) =>
        db.Alerts.Where(a => EF.Parameter(ids).Contains(a.Id) && a.Status == AlertStatus.Open)
            .ExecuteUpdateAsync(u => u.SetProperty(a => a.Status, AlertStatus.Noticed).SetProperty(a => a.StatusBy, userName).SetProperty(a => a.StatusAt, now)
                .SetProperty(a => a.StatusReason, (string?)null), ct);

    /// <summary>Why an alert takes no new notice, in words a supervisor can act on.</summary>
    private static string NotOpen(Alert a) => a.Status switch
    {
        AlertStatus.Noticed => Bilingual.Say($"预警 {a.Id} 已在督办中，不能重复督办", $"alert {a.Id} is already under a notice"),
        AlertStatus.Resolved => Bilingual.Say($"预警 {a.Id} 已核实办结，须先写明理由重新打开", $"alert {a.Id} is resolved: reopen it with a reason first"),
        _ => Bilingual.Say($"预警 {a.Id} 已撤销，须先写明理由重新打开", $"alert {a.Id} was dismissed: reopen it with a reason first"),
    };

    private async Task<NoticeView> ChangeAsync(Jurisdiction who, long id, Func<Notice, (string Type, object Body)> change, CancellationToken ct)
    {
        var notice = await FindAsync(who, id, ct, tracked: true).ConfigureAwait(false);
        await using var unit = await UnitOfWork.BeginAsync(db, clock, ct).ConfigureAwait(false);
        var (type, body) = change(notice);
        unit.Record(RecordDraft.Json(type, notice.Number, body, notice.RegionPath));
        await unit.CommitAsync(ct).ConfigureAwait(false);
        feed?.Publish();
        return View(notice);
    }

    private async Task<Notice> FindAsync(Jurisdiction who, long id, CancellationToken ct, bool tracked = false)
    {
        ArgumentNullException.ThrowIfNull(who);
        var query = tracked ? db.Notices : db.Notices.AsNoTracking();
        var notice = await query.FirstOrDefaultAsync(n => n.Id == id, ct).ConfigureAwait(false);
        return notice is not null && who.CoversOrganisation(notice.OrganisationCode, notice.RegionPath)
            && !(who.IsDepartmentBound && notice.Status is "draft" or "discarded")
            ? notice
            : throw new InputException(Refusal.NotFound, Bilingual.Say($"您的管辖范围内没有督办单 {id}", $"no notice {id} in your jurisdiction"));
    }

    private static void Supervisor(Jurisdiction who, string message = "只有监察人员可以核实或退回 (only a supervisor may verify or return)")
    {
        if (!who.IsInRole(SunlightRoles.Supervisor))
        {
            throw new InputException(Refusal.Forbidden, message);
        }
    }

    private static void Require(string? text, string field, string message)
    {
        if (string.IsNullOrWhiteSpace(text) || text.Trim().Length < 2 || text.Length > 4000)
        {
            throw new InputException(Refusal.Invalid, message, [new(field, message)]);
        }

        if (TextInput.Problem(field, text) is { } bad)
        {
            throw new InputException(Refusal.Invalid, bad, [new(field, bad)]);
        }
    }

    private static string? ParentPath(string path)
    {
        var parts = path.Trim('/').Split('/');
        return parts.Length <= 1 ? null : "/" + string.Join('/', parts[..^1]) + "/";
    }

    private static NoticeView View(Notice n) => new(
        n.Id, n.Number, n.OrganisationCode, n.RegionPath.TrimEnd('/').Split('/')[^1], Alerts(n), n.Request,
        n.IssuedBy, n.IssuedAt, n.ReplyDue, n.Status, n.Reply, n.RepliedBy, n.RepliedAt, n.ReturnReason, n.ClosedAt, n.EscalatedAt)
    {
        Origin = n.Origin, LinkedTo = n.LinkedTo,
    };

}
