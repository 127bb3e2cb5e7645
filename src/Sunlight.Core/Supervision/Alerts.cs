using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Sunlight.Core.Accounts;
using Sunlight.Core.Api;
using Sunlight.Core.Ledger;
using Sunlight.Core.Storage;

namespace Sunlight.Core.Supervision;

/// <summary>
/// An alert (预警): raised once per rule, subject and key; never edited or deleted. Its status changes (dismissed with
/// a reason) are records too, and the row keeps who and why.
/// </summary>
public sealed class Alert
{
    public long Id { get; set; }

    public string Rule { get; set; } = "";

    public string Severity { get; set; } = "";

    /// <summary>What the alert is about: a case number for case rules.</summary>
    public string Subject { get; set; } = "";

    /// <summary>Empty, or the step code for per-step rules.</summary>
    public string Key { get; set; } = "";

    public string OrganisationCode { get; set; } = "";

    public string RegionPath { get; set; } = "";

    public DateTimeOffset DetectedAt { get; set; }

    /// <summary>For time rules: the due instant the rule measured against.</summary>
    public DateTimeOffset? DueAt { get; set; }

    /// <summary>The summary in Chinese (a person's own words — a manual alert — as written).</summary>
    public string Summary { get; set; } = "";

    /// <summary>The summary in English; null on alerts raised before summaries were kept in both languages.</summary>
    public string? SummaryEn { get; set; }

    /// <summary>JSON array of evidence references (the subject's event ids as sent).</summary>
    public string Evidence { get; set; } = "[]";

    /// <summary>Where the alert stands (<see cref="AlertStatus"/>): open, noticed (under a 督办单), resolved or dismissed.</summary>
    public string Status { get; set; } = AlertStatus.Open;

    public string? StatusReason { get; set; }

    public string? StatusBy { get; set; }

    public DateTimeOffset? StatusAt { get; set; }

    /// <summary>Ledger sequence of the <c>supervision.alert.raised</c> record.</summary>
    public long RecordSequence { get; set; }

    /// <summary>For a resolved alert: the ledger sequence of the <c>supervision.notice.closed</c> record that verified it (the evidence).</summary>
    public long? ResolvedByRecord { get; set; }
}

/// <summary>
/// An alert's life: <c>open</c> → <c>noticed</c> (a 督办单 about it was issued) → <c>resolved</c> (the notice's reply was
/// verified; the verification record is the evidence) — or <c>dismissed</c> with a reason. A resolved or dismissed
/// alert takes no new notice until a supervisor reopens it with a reason (a record).
/// </summary>
public static class AlertStatus
{
    public const string Open = "open";
    public const string Noticed = "noticed";
    public const string Resolved = "resolved";
    public const string Dismissed = "dismissed";

    public static IReadOnlyList<string> All { get; } = [Open, Noticed, Resolved, Dismissed];
}

/// <summary>An override of a rule parameter for a region subtree, in force from an instant (each one a record).</summary>
public sealed class RuleSetting
{
    public long Id { get; set; }

    public string Rule { get; set; } = "";

    public string Parameter { get; set; } = "";

    public string RegionPath { get; set; } = "";

    public string Value { get; set; } = "";

    public DateTimeOffset EffectiveFrom { get; set; }

    public string SetBy { get; set; } = "";

    public DateTimeOffset SetAt { get; set; }
}

/// <summary>
/// An alert as listed. Its summary is kept in both languages and read in the reader's (<see cref="Summary"/> is
/// chosen when it is read, so a view cached for the dashboard serves Chinese and English readers alike).
/// </summary>
public sealed record AlertView(
    long Id, string Rule, string Severity, string Subject, string Key, string Organisation, string Region, DateTimeOffset DetectedAt,
    DateTimeOffset? DueAt, string Status, [property: System.Text.Json.Serialization.JsonIgnore] BilingualText SummaryText, IReadOnlyList<string> Evidence,
    string? StatusReason, long RecordSequence)
{
    /// <summary>The summary in the current UI language (a request's, a page's; Chinese in background work).</summary>
    public string Summary => SummaryText.ToString();

    /// <summary>For a resolved alert: the sequence of the verification record that resolved it.</summary>
    public long? ResolvedByRecord { get; init; }
}

/// <summary>A page of alerts and how many match in all.</summary>
public sealed record AlertPage(IReadOnlyList<AlertView> Items, int Total);

/// <summary>Body of a manual alert.</summary>
public sealed record ManualAlertInput(string? Subject, string? Organisation, string? Severity, string? Summary);

/// <summary>Filters of <c>GET /api/v1/alerts</c>.</summary>
public sealed record AlertFilter(
    string? Subject = null, string? Rule = null, string? Severity = null, string? Status = null, string? Organisation = null, string? Region = null,
    DateTimeOffset? From = null, DateTimeOffset? To = null, int Page = 1, int PageSize = 50);

/// <summary>Raises, lists, exports and dismisses alerts; resolves rule parameters per region and instant.</summary>
public sealed class AlertService(CoreDbContext db, IEnumerable<IRuleSource> sources, TimeProvider clock, SupervisionFeed? feed = null)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public IReadOnlyList<RuleDefinition> Rules { get; } = sources.SelectMany(s => s.Rules).OrderBy(r => r.Code, StringComparer.Ordinal).ToList();

    /// <summary>Whether <paramref name="who"/> may see alerts of <paramref name="rule"/> (its <see cref="AlertVisibility"/>); unknown rules are treated as Org.</summary>
    public bool MaySee(Jurisdiction who, string rule)
    {
        ArgumentNullException.ThrowIfNull(who);
        return who.IsInRole(SunlightRoles.Supervisor) || !Hidden(who).Contains(rule);
    }

    /// <summary>The rules whose alerts <paramref name="who"/> may not see: every rule not visible to the organisation, unless a supervisor asks.</summary>
    internal IReadOnlyList<string> Hidden(Jurisdiction who) =>
        who.IsInRole(SunlightRoles.Supervisor) ? [] : Rules.Where(r => r.Visibility != AlertVisibility.Org).Select(r => r.Code).ToList();

    /// <summary>
    /// Raises the drafts that are not raised yet (same rule, subject and key), each with a
    /// <c>supervision.alert.raised</c> record, in one transaction. Returns the new ones.
    /// </summary>
    public async Task<IReadOnlyList<Alert>> RaiseAsync(IReadOnlyList<AlertDraft> drafts, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(drafts);
        if (drafts.Count == 0)
        {
            return [];
        }

        await using var unit = await UnitOfWork.BeginAsync(db, clock, ct).ConfigureAwait(false);
        var fresh = await StageAsync(unit, drafts, ct).ConfigureAwait(false);
        if (fresh.Count > 0)
        {
            await unit.CommitAsync(ct).ConfigureAwait(false);
        }

        return fresh;
    }

    /// <summary>
    /// Stages the drafts not raised yet into <paramref name="unit"/> (a transaction of Core's context): each gets its
    /// <c>supervision.alert.raised</c> record, and the rows are written once the records have their sequence numbers.
    /// Returns the new alerts (their ids are left to the database).
    /// </summary>
    public async Task<IReadOnlyList<Alert>> StageAsync(UnitOfWork unit, IReadOnlyList<AlertDraft> drafts, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(unit);
        ArgumentNullException.ThrowIfNull(drafts);
        if (drafts.Count == 0)
        {
            return [];
        }

        var subjects = drafts.Select(d => d.Subject).Distinct().ToList();
        var existing = (await db.Alerts.AsNoTracking().Where(a => EF.Parameter(subjects).Contains(a.Subject)).Select(a => new { a.Rule, a.Subject, a.Key })
            .ToListAsync(ct).ConfigureAwait(false)).Select(a => (a.Rule, a.Subject, a.Key)).ToHashSet();
        var now = clock.GetUtcNow();
        var fresh = new List<Alert>();
        var offset = unit.QueuedRecords;
        foreach (var d in drafts)
        {
            if (!existing.Add((d.Rule, d.Subject, d.Key)))
            {
                continue;
            }

            fresh.Add(new Alert
            {
                Rule = d.Rule, Severity = d.Severity, Subject = d.Subject, Key = d.Key, OrganisationCode = d.OrganisationCode, RegionPath = d.RegionPath,
                DetectedAt = LedgerLeaf.Normalise(now), DueAt = d.DueAt is { } due ? LedgerLeaf.Normalise(due) : null, Summary = d.Summary.Zh, SummaryEn = d.Summary.En,
                Evidence = JsonSerializer.Serialize(d.Evidence, Json),
            });
            unit.Record(RecordDraft.Json("supervision.alert.raised", d.Subject,
                new { rule = d.Rule, severity = d.Severity, subject = d.Subject, key = d.Key, organisation = d.OrganisationCode, dueAt = d.DueAt, summary = d.Summary.Zh, summaryEn = d.Summary.En, evidence = d.Evidence },
                d.RegionPath));
        }

        if (fresh.Count > 0)
        {
            if (feed is not null)
            {
                unit.AfterCommit(feed.Publish);
            }

            // Each alert names its record; rows written untracked (imports of history raise thousands at once).
            unit.AfterRecords(async (first, token) =>
            {
                for (var i = 0; i < fresh.Count; i++)
                {
                    fresh[i].RecordSequence = first + offset + i;
                }

                await BulkInsert.RunAsync(db, fresh, token).ConfigureAwait(false);
            });
        }

        return fresh;
    }

    public async Task<AlertPage> ListAsync(Jurisdiction who, AlertFilter filter, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(who);
        ArgumentNullException.ThrowIfNull(filter);
        var query = Scoped(who, filter);
        var total = await query.CountAsync(ct).ConfigureAwait(false);
        var size = Math.Clamp(filter.PageSize, 1, 500);
        var rows = await query.OrderByDescending(a => a.Id).Skip((Math.Max(1, filter.Page) - 1) * size).Take(size).ToListAsync(ct).ConfigureAwait(false);
        return new AlertPage(rows.Select(View).ToList(), total);
    }

    /// <summary>The alerts of <paramref name="ids"/> that <paramref name="who"/> may see (a notice's alerts, for its page), by id.</summary>
    public async Task<IReadOnlyDictionary<long, AlertView>> ByIdsAsync(Jurisdiction who, IEnumerable<long> ids, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(who);
        var list = ids.Distinct().ToList();
        return (await Scoped(who, new AlertFilter()).Where(a => EF.Parameter(list).Contains(a.Id)).ToListAsync(ct).ConfigureAwait(false))
            .Select(View).ToDictionary(a => a.Id);
    }

    /// <summary>Every matching alert, newest first, for export.</summary>
    public async Task<IReadOnlyList<AlertView>> AllAsync(Jurisdiction who, AlertFilter filter, CancellationToken ct) =>
        (await Scoped(who, filter).OrderByDescending(a => a.Id).ToListAsync(ct).ConfigureAwait(false)).Select(View).ToList();

    /// <summary>How many alerts <paramref name="who"/> sees under <paramref name="filter"/>.</summary>
    public Task<int> CountAsync(Jurisdiction who, AlertFilter filter, CancellationToken ct) => Scoped(who, filter).CountAsync(ct);

    /// <summary>How many alerts <paramref name="who"/> sees under <paramref name="filter"/> for each of <paramref name="subjects"/> (a list page's counts in one query); subjects without any are absent.</summary>
    public async Task<IReadOnlyDictionary<string, int>> CountBySubjectAsync(Jurisdiction who, AlertFilter filter, IReadOnlyCollection<string> subjects, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(subjects);
        var list = subjects.Distinct(StringComparer.Ordinal).ToList();
        return await Scoped(who, filter).Where(a => EF.Parameter(list).Contains(a.Subject)).GroupBy(a => a.Subject)
            .Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, StringComparer.Ordinal, ct).ConfigureAwait(false);
    }

    /// <summary>Every alert the filter matches, newest first, read as it is written out (exports: no cap, no list in memory).</summary>
    public async IAsyncEnumerable<AlertView> StreamAsync(Jurisdiction who, AlertFilter filter, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        await foreach (var a in Scoped(who, filter).OrderByDescending(a => a.Id).AsAsyncEnumerable().WithCancellation(ct).ConfigureAwait(false))
        {
            yield return View(a);
        }
    }

    /// <summary>Most rows one Excel sheet holds below its header (Excel's limit is 1,048,576 rows).</summary>
    public const int MaxXlsxRows = 1_048_575;

    /// <summary>The highest alert id so far (0 when none): a mark to read what a run raised after it.</summary>
    public async Task<long> LastIdAsync(CancellationToken ct) =>
        await db.Alerts.AsNoTracking().Select(a => (long?)a.Id).MaxAsync(ct).ConfigureAwait(false) ?? 0;

    /// <summary>Every alert raised after <paramref name="afterId"/>, in the order raised (node-wide: for the CLI's replay on a copy).</summary>
    public async Task<IReadOnlyList<AlertView>> RaisedAfterAsync(long afterId, CancellationToken ct) =>
        (await db.Alerts.AsNoTracking().Where(a => a.Id > afterId).OrderBy(a => a.Id).ToListAsync(ct).ConfigureAwait(false)).Select(View).ToList();

    /// <summary>The same service on another clock (a replay on simulated time), in the same scope's Core context.</summary>
    public AlertService WithClock(TimeProvider other) => new(db, sources, other, feed);

    /// <summary>Body hashes (hex) of the alerts' own ledger records, by sequence: what <c>/ledger/check</c> needs to prove each.</summary>
    public async Task<IReadOnlyDictionary<long, string>> RecordHashesAsync(IEnumerable<AlertView> alerts, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(alerts);
        var sequences = alerts.Select(a => a.RecordSequence).Distinct().ToList();
        return (await db.LedgerRecords.AsNoTracking().Where(r => EF.Parameter(sequences).Contains(r.Sequence)).Select(r => new { r.Sequence, r.BodyHash })
            .ToListAsync(ct).ConfigureAwait(false)).ToDictionary(r => r.Sequence, r => Convert.ToHexStringLower(r.BodyHash));
    }

    /// <summary>The CSV header line (with its line end).</summary>
    public const string CsvHeader = "id,rule,severity,subject,key,organisation,region,detectedAt,dueAt,status,summary\r\n";

    /// <summary>One alert as a CSV line (with its line end).</summary>
    public static string CsvLine(AlertView a)
    {
        ArgumentNullException.ThrowIfNull(a);
        static string Q(string? s) => s is null ? "" : s.Contains(',', StringComparison.Ordinal) || s.Contains('"', StringComparison.Ordinal) || s.Contains('\n', StringComparison.Ordinal)
            ? "\"" + s.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : s;
        return string.Create(CultureInfo.InvariantCulture, $"{a.Id},{a.Rule},{a.Severity},{Q(a.Subject)},{Q(a.Key)},{Q(a.Organisation)},{Q(a.Region)},{a.DetectedAt:O},{a.DueAt:O},{a.Status},{Q(a.Summary)}\r\n");
    }

    public static string Csv(IEnumerable<AlertView> alerts)
    {
        ArgumentNullException.ThrowIfNull(alerts);
        var csv = new StringBuilder(CsvHeader);
        foreach (var a in alerts)
        {
            csv.Append(CsvLine(a));
        }

        return csv.ToString();
    }

    /// <summary>
    /// The alerts as an Excel workbook for people: one sheet, headers in the reader's language with the field names
    /// (codes) beside them, the rule named, severity and status in words from <paramref name="words"/>.
    /// </summary>
    public static byte[] Xlsx(IEnumerable<AlertView> alerts, Microsoft.Extensions.Localization.IStringLocalizer words, Func<string, string> ruleTitle)
    {
        ArgumentNullException.ThrowIfNull(alerts);
        ArgumentNullException.ThrowIfNull(words);
        ArgumentNullException.ThrowIfNull(ruleTitle);
        static string Local(DateTimeOffset? at) => at is { } t ? Calendar.ChinaTime.Local(t) : "";
        static string H(string zh, string en, string field) => $"{Bilingual.Say(zh, en)}({field})";
        var id = H("编号", "No.", "id");
        var rows = alerts.Select(a => new Dictionary<string, object>
        {
            [id] = a.Id, [H("规则", "Rule", "rule")] = a.Rule, [H("规则名称", "Rule name", "ruleName")] = ruleTitle(a.Rule),
            [H("级别", "Severity", "severity")] = words["Severity_" + a.Severity].Value, [H("对象", "Subject", "subject")] = a.Subject, [H("环节", "Step", "key")] = a.Key,
            [H("部门", "Organisation", "organisation")] = a.Organisation, [H("区划", "Region", "region")] = a.Region,
            [H("发现时间", "Detected", "detectedAt")] = Local(a.DetectedAt), [H("期限", "Due", "dueAt")] = Local(a.DueAt),
            [H("状态", "Status", "status")] = words["Status_" + a.Status].Value, [H("说明", "Summary", "summary")] = a.Summary,
            [H("撤销理由", "Reason", "statusReason")] = a.StatusReason ?? "",
        }).ToList();
        using var stream = new MemoryStream();
        MiniExcelLibs.MiniExcel.SaveAs(stream, rows.Count > 0 ? rows : [new Dictionary<string, object> { [id] = "" }], sheetName: "alerts");
        return stream.ToArray();
    }

    /// <summary>A supervisor raises an alert by hand about a subject of an organisation in their jurisdiction.</summary>
    /// <summary>The longest manual summary: the stored one adds who raised it, within the column's 2000.</summary>
    public const int ManualSummaryMax = 1900;

    public async Task<AlertView> RaiseManualAsync(Jurisdiction who, string userName, ManualAlertInput input, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(who);
        ArgumentNullException.ThrowIfNull(input);
        var errors = new List<Directory.Contracts.InputError>();
        var organisation = await db.Organisations.AsNoTracking().FirstOrDefaultAsync(o => o.Code == input.Organisation, ct).ConfigureAwait(false);
        if (organisation is null || !who.CoversOrganisation(organisation.Code, organisation.RegionPath))
        {
            errors.Add(new("organisation", Bilingual.Say($"机构 {input.Organisation} 不存在或不在您的管辖范围内", $"unknown organisation, or outside your jurisdiction")));
        }

        if (string.IsNullOrWhiteSpace(input.Subject) || input.Subject.Length > 200)
        {
            errors.Add(new("subject", Bilingual.Say("请写明预警对象，例如办件编号（至多 200 字）", "name the subject, e.g. a case number")));
        }

        if (string.IsNullOrWhiteSpace(input.Summary) || input.Summary.Length > ManualSummaryMax)
        {
            errors.Add(new("summary", Bilingual.Say($"请写明发现的问题（至多 {ManualSummaryMax} 字）", $"describe what was found (at most {ManualSummaryMax} characters)")));
        }

        TextInput.Check(errors, "subject", input.Subject, 200);
        TextInput.Check(errors, "summary", input.Summary, ManualSummaryMax);

        var severity = input.Severity ?? Severities.Yellow;
        if (!Severities.All.Contains(severity))
        {
            errors.Add(new("severity", Bilingual.Say($"级别须为 {string.Join("、", Severities.All)}", $"unknown severity")));
        }

        if (errors.Count > 0)
        {
            throw new InputException(Refusal.Invalid, Bilingual.Say("预警未发出，请按下列各项修改", "alert not raised"), errors);
        }

        var key = $"{userName}@{clock.GetUtcNow():yyyyMMddHHmmssfff}";
        await RaiseAsync([new AlertDraft(CoreRules.Manual, severity, input.Subject!.Trim(), key, organisation!.Code, organisation.RegionPath, null,
            new BilingualText($"{input.Summary!.Trim()}（{userName} 人工预警）", $"{input.Summary.Trim()} (manual alert by {userName})"), [])], ct).ConfigureAwait(false);
        var row = await db.Alerts.AsNoTracking().SingleAsync(a => a.Rule == CoreRules.Manual && a.Key == key && a.Subject == input.Subject.Trim(), ct).ConfigureAwait(false);
        return View(row);
    }

    /// <summary>Dismisses an open alert with a reason (Supervisor); a record says who and why, and the alert stays listed as dismissed.</summary>
    public async Task<AlertView> DismissAsync(Jurisdiction who, string userName, long id, string? reason, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(who);
        var alert = await db.Alerts.FirstOrDefaultAsync(a => a.Id == id, ct).ConfigureAwait(false);
        if (alert is null || !who.CoversOrganisation(alert.OrganisationCode, alert.RegionPath) || !MaySee(who, alert.Rule))
        {
            throw new InputException(Refusal.NotFound, Bilingual.Say($"您的管辖范围内没有预警 {id}", $"no alert {id} in your jurisdiction"));
        }

        if (string.IsNullOrWhiteSpace(reason) || reason.Trim().Length < 4)
        {
            throw new InputException(Refusal.Invalid, Bilingual.Say("撤销预警须写明理由（至少 4 个字）", "dismissing an alert needs a reason of at least 4 characters"),
                [new("reason", Bilingual.Say("请写明撤销理由", "state why"))]);
        }

        if (alert.Status != AlertStatus.Open)
        {
            throw new InputException(Refusal.Conflict, alert.Status == AlertStatus.Noticed
                ? Bilingual.Say($"预警 {id} 正在督办中，须待督办单办结", $"alert {id} is under a notice; it ends with the notice")
                : Bilingual.Say($"预警 {id} 已是 {alert.Status} 状态", $"alert {id} is already {alert.Status}")) { Slug = "state-conflict" };
        }

        await using var unit = await UnitOfWork.BeginAsync(db, clock, ct).ConfigureAwait(false);
        alert.Status = AlertStatus.Dismissed;
        alert.StatusReason = reason.Trim();
        alert.StatusBy = userName;
        alert.StatusAt = clock.GetUtcNow();
        unit.Record(RecordDraft.Json("supervision.alert.dismissed", alert.Subject, new { id, rule = alert.Rule, reason = alert.StatusReason, by = userName }, alert.RegionPath));
        await unit.CommitAsync(ct).ConfigureAwait(false);
        feed?.Publish();
        return View(alert);
    }

    /// <summary>
    /// A supervisor reopens a resolved or dismissed alert with a reason (a <c>supervision.alert.reopened</c> record): it
    /// is open again and may take a new notice.
    /// </summary>
    public async Task<AlertView> ReopenAsync(Jurisdiction who, string userName, long id, string? reason, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(who);
        var alert = await db.Alerts.FirstOrDefaultAsync(a => a.Id == id, ct).ConfigureAwait(false);
        if (alert is null || !who.CoversOrganisation(alert.OrganisationCode, alert.RegionPath) || !MaySee(who, alert.Rule))
        {
            throw new InputException(Refusal.NotFound, Bilingual.Say($"您的管辖范围内没有预警 {id}", $"no alert {id} in your jurisdiction"));
        }

        if (string.IsNullOrWhiteSpace(reason) || reason.Trim().Length < 4 || reason.Length > 2000)
        {
            throw new InputException(Refusal.Invalid, Bilingual.Say("重新打开预警须写明理由（4–2000 字）", "reopening an alert needs a reason of 4–2000 characters"),
                [new("reason", Bilingual.Say("请写明重新打开的理由", "state why"))]);
        }

        if (TextInput.Problem("reason", reason, 2000) is { } bad)
        {
            throw new InputException(Refusal.Invalid, bad, [new("reason", bad)]);
        }

        if (alert.Status is not (AlertStatus.Resolved or AlertStatus.Dismissed))
        {
            throw new InputException(Refusal.Conflict, Bilingual.Say($"只能重新打开已办结或已撤销的预警（现为 {alert.Status}）", $"only a resolved or dismissed alert can be reopened")) { Slug = "state-conflict" };
        }

        await using var unit = await UnitOfWork.BeginAsync(db, clock, ct).ConfigureAwait(false);
        var was = alert.Status;
        alert.Status = AlertStatus.Open;
        alert.StatusReason = reason.Trim();
        alert.StatusBy = userName;
        alert.StatusAt = clock.GetUtcNow();
        alert.ResolvedByRecord = null;
        unit.Record(RecordDraft.Json("supervision.alert.reopened", alert.Subject, new { id, rule = alert.Rule, was, reason = alert.StatusReason, by = userName }, alert.RegionPath));
        await unit.CommitAsync(ct).ConfigureAwait(false);
        feed?.Publish();
        return View(alert);
    }

    /// <summary>The parameters in force for <paramref name="regionPath"/> at <paramref name="at"/>.</summary>
    public async Task<RuleParameters> ParametersAsync(string regionPath, DateTimeOffset at, CancellationToken ct)
    {
        var atUtc = at.ToUniversalTime();
        var settings = await db.RuleSettings.AsNoTracking().Where(s => s.EffectiveFrom <= atUtc).ToListAsync(ct).ConfigureAwait(false);
        var values = Rules.SelectMany(r => r.Parameters.Select(p => (Key: (r.Code, p.Name), p.Default))).ToDictionary(x => x.Key, x => x.Default);
        foreach (var s in settings.Where(s => regionPath.StartsWith(s.RegionPath, StringComparison.Ordinal))
                     .OrderBy(s => s.RegionPath.Length).ThenBy(s => s.EffectiveFrom).ThenBy(s => s.Id))
        {
            values[(s.Rule, s.Parameter)] = s.Value;
        }

        return new RuleParameters(values);
    }

    /// <summary>Sets a parameter for the caller's region from an instant (default now); a record says who, what and from when.</summary>
    public async Task SetParameterAsync(Jurisdiction who, string userName, string rule, string parameter, string? value, DateTimeOffset? effectiveFrom, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(who);
        var definition = Rules.FirstOrDefault(r => r.Code == rule) ?? throw new InputException(Refusal.NotFound, Bilingual.Say($"没有规则 {rule}", $"no rule {rule}"));
        var p = definition.Parameters.FirstOrDefault(x => x.Name == parameter)
            ?? throw new InputException(Refusal.NotFound, Bilingual.Say($"规则 {rule} 没有参数 {parameter}，可选：{string.Join(", ", definition.Parameters.Select(x => x.Name))}", $"no such parameter"));
        if (p.Check is not null)
        {
            var problem = value is null || value.Length > 2000 ? new BilingualText("参数值缺失或超过 2000 个字符", "the value is missing or longer than 2,000 characters") : p.Check(value);
            if (problem is not null)
            {
                throw new InputException(Refusal.Invalid, problem.ToString(), [new("value", p.Description)]);
            }
        }
        else if (value is null || !decimal.TryParse(value, NumberStyles.Number, CultureInfo.InvariantCulture, out var number) || number < 0
            || (p.Default.Contains('.', StringComparison.Ordinal) ? number > 1 : number != decimal.Truncate(number) || number > 365))
        {
            throw new InputException(Refusal.Invalid, Bilingual.Say($"参数 {parameter} 的值无效：须为{(p.Default.Contains('.', StringComparison.Ordinal) ? " 0–1 的小数" : " 0–365 的整数")}（{p.Unit}）", $"invalid value"),
                [new("value", p.Description)]);
        }

        var from = effectiveFrom ?? clock.GetUtcNow();
        await using var unit = await UnitOfWork.BeginAsync(db, clock, ct).ConfigureAwait(false);
        db.RuleSettings.Add(new RuleSetting { Rule = rule, Parameter = parameter, RegionPath = who.RegionPath, Value = value!, EffectiveFrom = LedgerLeaf.Normalise(from), SetBy = userName, SetAt = clock.GetUtcNow() });
        unit.Record(RecordDraft.Json("supervision.rule.parameter-set", rule, new { rule, parameter, value, region = who.RegionCode, effectiveFrom = from, by = userName }, who.RegionPath));
        await unit.CommitAsync(ct).ConfigureAwait(false);
    }

    internal IQueryable<Alert> Scoped(Jurisdiction who, AlertFilter f)
    {
        var path = who.RegionPath;
        var query = db.Alerts.AsNoTracking().Where(a => a.RegionPath.StartsWith(path));
        if (who.IsDepartmentBound)
        {
            query = query.Where(a => a.OrganisationCode == who.OrganisationCode);
        }

        if (Hidden(who) is { Count: > 0 } hidden)
        {
            query = query.Where(a => !hidden.Contains(a.Rule));
        }

        if (!string.IsNullOrWhiteSpace(f.Subject))
        {
            query = query.Where(a => a.Subject == f.Subject);
        }

        if (!string.IsNullOrWhiteSpace(f.Rule))
        {
            query = query.Where(a => a.Rule == f.Rule);
        }

        if (!string.IsNullOrWhiteSpace(f.Severity))
        {
            query = query.Where(a => a.Severity == f.Severity);
        }

        if (!string.IsNullOrWhiteSpace(f.Status))
        {
            query = query.Where(a => a.Status == f.Status);
        }

        if (!string.IsNullOrWhiteSpace(f.Organisation))
        {
            query = query.Where(a => a.OrganisationCode == f.Organisation);
        }

        if (!string.IsNullOrWhiteSpace(f.Region))
        {
            var region = $"/{f.Region}/";
            query = query.Where(a => a.RegionPath.Contains(region));
        }

        if (f.From is { } from)
        {
            var fromUtc = LedgerLeaf.Normalise(from);
            query = query.Where(a => a.DetectedAt >= fromUtc);
        }

        if (f.To is { } to)
        {
            var toUtc = LedgerLeaf.Normalise(to);
            query = query.Where(a => a.DetectedAt < toUtc);
        }

        return query;
    }

    internal static AlertView View(Alert a) => new(
        a.Id, a.Rule, a.Severity, a.Subject, a.Key, a.OrganisationCode, a.RegionPath.TrimEnd('/').Split('/')[^1], a.DetectedAt, a.DueAt, a.Status,
        new BilingualText(a.Summary, a.SummaryEn ?? a.Summary), JsonSerializer.Deserialize<List<string>>(a.Evidence, Json) ?? [], a.StatusReason, a.RecordSequence) { ResolvedByRecord = a.ResolvedByRecord };
}
