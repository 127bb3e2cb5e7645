using Sunlight.Core;
using Sunlight.Core.Directory;
using Sunlight.Core.Exchange;
using System.Globalization;
using Sunlight.Core.Api;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Sunlight.Core.Calendar;
using Sunlight.Core.Identifiers;
using Sunlight.Core.Ledger;
using Sunlight.Core.Storage;
using Sunlight.Core.Supervision;
using Sunlight.Services.Storage;

namespace Sunlight.Services.Cases;

/// <summary>
/// Takes case events (services.md "exchange format") from a department system, the hall or the workbench: checks
/// each line on its own, places events by <c>at</c>, refuses impossible timelines, other organisations' cases and
/// re-sent ids with another body, and writes the good ones — events, case state and one ledger record each — in
/// one transaction.
/// </summary>
internal sealed partial class CaseIntake(
    Units units, IDirectory directory, IDbContextFactory<ServicesDbContext> services, CalendarService calendar, AlertService alerts, CaseRulesStep rules, TimeProvider clock)
{
    public const int MaxLines = 10_000;

    /// <summary>The rejection code of a <c>submitted</c> line whose case number is taken (the hall takes the next number).</summary>
    public const string CaseExists = "case-exists";

    /// <summary>
    /// Organisation argument for replay and the demo year, whose events belong to every organisation. Never the
    /// organisation of a registered system (system organisations are directory codes).
    /// </summary>
    public const string AnyOrganisation = "*";

    /// <summary>
    /// Whether the case rules run on each batch, in its transaction (default). Off only to measure intake alone
    /// (bench); the touched cases then get their next check set to now, so the due timer evaluates them later.
    /// </summary>
    public bool EvaluateRules { get; set; } = true;
    public static readonly TimeSpan ClockSkew = TimeSpan.FromSeconds(300);

    private sealed record Draft(int Line, string Id, string CaseNo, string Type, DateTimeOffset At, string? Actor, string Body, byte[] Hash, JsonElement Json);

    /// <summary>Ingests <paramref name="lines"/> sent by system <paramref name="systemId"/>, which may only touch cases of <paramref name="organisationCode"/>.</summary>
    public Task<IntakeAnswer> IngestAsync(string systemId, string organisationCode, IReadOnlyList<string> lines, CancellationToken ct) =>
        IngestAsync(systemId, organisationCode, lines, null, ct);

    /// <summary>
    /// As above; <paramref name="onCaseCreated"/> runs for each case a <c>submitted</c> line creates, inside the same
    /// transaction (the hall uses it to bind the case to the applicant's account, its query code and attachments).
    /// </summary>
    public async Task<IntakeAnswer> IngestAsync(string systemId, string organisationCode, IReadOnlyList<string> lines,
        Action<ServiceCase, ServicesDbContext>? onCaseCreated, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(lines);
        ArgumentNullException.ThrowIfNull(lines);
        var now = clock.GetUtcNow();
        var rejected = new List<IntakeRejection>();
        var drafts = new List<Draft>();
        // Lines are checked on their own, so both cores share them; results keep the line order.
        var parsed = new (Draft? Draft, string? Error)[lines.Count];
        Parallel.For(0, lines.Count, new ParallelOptions { CancellationToken = ct }, i =>
            parsed[i] = lines[i].Length == 0 ? (null, null) : Parse(i + 1, lines[i], now));
        for (var i = 0; i < lines.Count; i++)
        {
            var (draft, error) = parsed[i];
            if (error is not null)
            {
                rejected.Add(new(i + 1, draft?.Id, error));
            }
            else if (draft is not null)
            {
                drafts.Add(draft);
            }
        }

        await using var db = await services.CreateDbContextAsync(ct).ConfigureAwait(false);

        // Idempotency: a re-sent id is a duplicate when the body is the same, refused when it differs.
        var duplicates = 0;
        var ids = drafts.Select(d => d.Id).Distinct().ToList();
        var known = (await db.CaseEvents.AsNoTracking().Where(e => e.SystemId == systemId && EF.Parameter(ids).Contains(e.EventId))
            .Select(e => new { e.EventId, e.BodyHash }).ToListAsync(ct).ConfigureAwait(false))
            .ToDictionary(e => e.EventId, e => e.BodyHash, StringComparer.Ordinal);
        var fresh = new List<Draft>();
        foreach (var d in drafts)
        {
            if (known.TryGetValue(d.Id, out var hash))
            {
                if (hash.AsSpan().SequenceEqual(d.Hash))
                {
                    duplicates++;
                }
                else
                {
                    rejected.Add(new(d.Line, d.Id, Bilingual.Say($"事件 id {d.Id} 已以不同内容收到过，保留原件", $"event id {d.Id} was already received with a different body; the original is kept")));
                }

                continue;
            }

            known[d.Id] = d.Hash;
            fresh.Add(d);
        }

        // Cases, in the order their events happened.
        var caseNos = fresh.Select(d => d.CaseNo).Distinct().ToList();
        var cases = await db.Cases.Where(c => EF.Parameter(caseNos).Contains(c.CaseNo)).ToDictionaryAsync(c => c.CaseNo, StringComparer.Ordinal, ct).ConfigureAwait(false);
        // Each touched case's whole history: the timeline rules, the clock and the case rules read it.
        var history = (await db.CaseEvents.AsNoTracking().Where(e => EF.Parameter(caseNos).Contains(e.CaseNo))
                .Select(e => new { e.CaseNo, e.EventId, e.Type, e.At, e.ReceivedAt, e.Actor, e.Body }).ToListAsync(ct).ConfigureAwait(false))
            .GroupBy(e => e.CaseNo).ToDictionary(g => g.Key, g => g.Select(e => new RuleEvent(e.EventId, e.Type, e.At, e.ReceivedAt, e.Actor, e.Body)).ToList(), StringComparer.Ordinal);
        var itemCodes = fresh.Where(d => d.Type == "submitted").Select(d => d.Json.GetProperty("itemCode").GetString()!)
            .Concat(cases.Values.Select(c => c.ItemCode)).Distinct().ToList();
        var versions = await db.ItemVersions.AsNoTracking().Where(v => itemCodes.Contains(v.ItemCode)).ToListAsync(ct).ConfigureAwait(false);
        var organisations = await directory.OrganisationsAsync(versions.Select(v => v.OrganisationCode).Append(organisationCode), ct).ConfigureAwait(false);
        var organisation = organisations.GetValueOrDefault(organisationCode);

        await using var unit = await units.BeginAsync(ct).ConfigureAwait(false);
        unit.Enlist(db);
        var accepted = 0;
        var touched = new HashSet<string>(StringComparer.Ordinal);
        var receivedAt = LedgerLeaf.Normalise(now);
        var newEvents = new List<CaseEvent>(fresh.Count);
        var recordIndex = new List<int>(fresh.Count);
        var created = new List<ServiceCase>();
        // Every record body is {"system":…,"receivedAt":…,"event":<the line as sent>}; the head is the same for the whole batch.
        byte[] recordPrefix = Encoding.UTF8.GetBytes($"{{\"system\":{JsonSerializer.Serialize(systemId)},\"receivedAt\":\"{now:O}\",\"event\":");
        // Submissions first, so an event dated before its case's submission is named as such, not as an unknown case.
        foreach (var d in fresh.OrderBy(d => d.Type == "submitted" ? 0 : 1).ThenBy(d => d.At).ThenBy(d => d.Line))
        {
            cases.TryGetValue(d.CaseNo, out var c);
            var timeline = history.TryGetValue(d.CaseNo, out var h) ? h : history[d.CaseNo] = [];
            string? error = null;
            string? code = null;
            if (d.Type == "submitted")
            {
                var itemCode = d.Json.GetProperty("itemCode").GetString()!;
                var version = versions.Where(v => v.ItemCode == itemCode && v.EffectiveFrom <= d.At).MaxBy(v => v.Version);
                if (c is not null)
                {
                    error = Bilingual.Say($"办件 {d.CaseNo} 已存在", $"case {d.CaseNo} was already submitted");
                    code = CaseExists;
                }
                else if (version is null)
                {
                    error = Bilingual.Say($"事项 {itemCode} 不存在或在 {d.At:O} 时尚未生效", $"unknown item {itemCode}, or not in force at that time");
                }
                else if (organisationCode != AnyOrganisation && version.OrganisationCode != organisationCode)
                {
                    error = Bilingual.Say($"事项 {itemCode} 属于 {version.OrganisationCode}，本系统只能报送 {organisationCode} 的办件", $"this system may only send cases of {organisationCode}");
                }
                else
                {
                    var applicant = d.Json.GetProperty("applicant");
                    c = new ServiceCase
                    {
                        CaseNo = d.CaseNo,
                        ItemCode = itemCode,
                        ItemVersion = version.Version,
                        OrganisationCode = version.OrganisationCode,
                        RegionPath = organisations.GetValueOrDefault(version.OrganisationCode)?.RegionPath ?? organisation?.RegionPath ?? "",
                        Channel = d.Json.GetProperty("channel").GetString()!,
                        ApplicantName = applicant.GetProperty("name").GetString()!,
                        ApplicantIdType = applicant.GetProperty("idType").GetString()!,
                        ApplicantIdNo = applicant.GetProperty("idNo").GetString()!,
                        SubmittedAt = d.At,
                        ItemName = version.Name,
                    };
                    created.Add(c);
                    cases[d.CaseNo] = c;
                    onCaseCreated?.Invoke(c, db);
                }
            }
            else if (c is null)
            {
                error = Bilingual.Say($"办件 {d.CaseNo} 不存在：除 submitted 外的事件须针对已报送的办件", $"unknown case {d.CaseNo}; only 'submitted' may start a case");
            }
            else if (organisationCode != AnyOrganisation && c.OrganisationCode != organisationCode)
            {
                error = Bilingual.Say($"办件 {d.CaseNo} 属于 {c.OrganisationCode}", $"case {d.CaseNo} belongs to another organisation");
            }

            error ??= CaseTimeline.Check(timeline.Select(e => (e.Type, e.At)).ToList(), d.Type, d.At);
            if (error is not null)
            {
                if (d.Type == "submitted" && c is not null && created.Contains(c) && timeline.Count == 0)
                {
                    created.Remove(c);
                    cases.Remove(d.CaseNo);
                }

                rejected.Add(new(d.Line, d.Id, error) { Code = code });
                continue;
            }

            timeline.Add(new RuleEvent(d.Id, d.Type, d.At, receivedAt, d.Actor, d.Body));
            touched.Add(d.CaseNo);
            c!.State = CaseTimeline.State(timeline.Select(e => (e.Type, e.At)));
            c.LastEventAt = timeline.Max(e => e.At);
            c.EventCount = timeline.Count;
            // The event names its own record: the record's place in this unit's queue gives its sequence at commit.
            recordIndex.Add(unit.QueuedRecords);
            newEvents.Add(new CaseEvent
            {
                SystemId = systemId, EventId = d.Id, CaseNo = d.CaseNo, Type = d.Type, At = d.At,
                ReceivedAt = receivedAt, Actor = d.Actor, Body = d.Body, BodyHash = d.Hash,
            });
            unit.Record(new RecordDraft($"services.case.{d.Type}", d.CaseNo, [.. recordPrefix, .. Encoding.UTF8.GetBytes(d.Body), (byte)'}'], c.RegionPath));
            accepted++;
        }

        // Keep the index of due instants current for every case this batch touched, and run the case rules on each
        // as it now stands, in this transaction: its alerts and their records commit with the events that caused them.
        var dtos = new Dictionary<(string, int), Contracts.ItemDto>();
        var under = new List<CaseUnderRules>(touched.Count);
        foreach (var caseNo in touched)
        {
            var c = cases[caseNo];
            if (!dtos.TryGetValue((c.ItemCode, c.ItemVersion), out var item))
            {
                item = dtos[(c.ItemCode, c.ItemVersion)] = Catalogue.CatalogueService.ToDto(versions.First(v => v.ItemCode == c.ItemCode && v.Version == c.ItemVersion));
            }

            under.Add(new CaseUnderRules(c, item, history[caseNo]));
        }

        var found = await rules.RunAsync(under, calendar.Current, now, EvaluateRules, ct).ConfigureAwait(false);
        await alerts.StageAsync(unit, found, ct).ConfigureAwait(false);

        // New cases and all events untracked in one go (the hot path); existing cases' new state through EF.
        await BulkInsert.RunAsync(db, created, ct).ConfigureAwait(false);
        unit.AfterRecords(async (first, token) =>
        {
            for (var i = 0; i < newEvents.Count; i++)
            {
                newEvents[i].RecordSequence = first + recordIndex[i];
            }

            await BulkInsert.RunAsync(db, newEvents, token).ConfigureAwait(false);
        });
        await unit.CommitAsync(ct).ConfigureAwait(false);
        return new IntakeAnswer(accepted, duplicates, rejected.OrderBy(r => r.Line).ToList());
    }

    /// <summary>
    /// One line's checks; whatever is wrong with a line is that line's rejection, never the batch's failure (a field
    /// of the wrong JSON type, an escape that is no text).
    /// </summary>
    private static (Draft? Draft, string? Error) Parse(int line, string text, DateTimeOffset now)
    {
        try
        {
            return ParseLine(line, text, now);
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException or OverflowException or ArgumentException)
        {
            return (null, $"某个字段的类型不对（例如应为字符串却是数字）(a field has the wrong JSON type): {e.Message}");
        }
    }

    /// <summary>
    /// The first string of the line (a value or a property name) whose escapes are no UTF-16 text — a lone or reversed
    /// surrogate such as <c>\ud800</c> — or null when every string is text.
    /// </summary>
    private static string? InvalidEscape(string text)
    {
        // A surrogate can only be written as an escape: a line without "\u" has none (most lines; no second decode).
        if (!text.Contains("\\u", StringComparison.Ordinal))
        {
            return null;
        }

        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(text));
        while (reader.Read())
        {
            if (reader.TokenType is JsonTokenType.String or JsonTokenType.PropertyName && reader.ValueIsEscaped)
            {
                try
                {
                    _ = reader.GetString();
                }
                catch (InvalidOperationException)
                {
                    return Bilingual.Say($"字符串含无效的 UTF-16 转义（孤立或颠倒的代理项，如 \\ud800），不是文字", $"a string holds an invalid UTF-16 escape, a lone or reversed surrogate such as \\ud800");
                }
            }
        }

        return null;
    }

    private static (Draft? Draft, string? Error) ParseLine(int line, string text, DateTimeOffset now)
    {
        JsonElement json;
        try
        {
            using var doc = JsonDocument.Parse(text);
            json = doc.RootElement.Clone();
        }
        catch (JsonException e)
        {
            return (null, Bilingual.Say($"不是合法的 JSON：{e.Message}", $"not valid JSON"));
        }

        if (json.ValueKind != JsonValueKind.Object)
        {
            return (null, Bilingual.Say("每行须为一个 JSON 对象", "each line must be one JSON object"));
        }

        if (InvalidEscape(text) is { } escape)
        {
            return (null, escape);
        }

        string? Str(string name) => json.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
        var id = Str("id");
        if (string.IsNullOrWhiteSpace(id) || id.Length > 100)
        {
            return (null, Bilingual.Say("缺少 id，或超过 100 个字符", "id is required, at most 100 characters"));
        }

        if (TextInput.Problem("id", id, 100) is { } badId)
        {
            return (null, badId);
        }

        var caseNo = Str("caseNo");
        var type = Str("type");
        var atText = Str("at");
        var partial = new Draft(line, id, caseNo ?? "", type ?? "", default, null, text, [], json);
        if (TextProblem(json, "") is { } textProblem)
        {
            return (partial, textProblem);
        }

        if (caseNo is null || !CaseNoPattern().IsMatch(caseNo))
        {
            return (partial, Bilingual.Say("caseNo 缺失或格式不对（2–64 位字母、数字、-、/）", "caseNo missing or malformed"));
        }

        if (type is null || !CaseTimeline.Types.Contains(type))
        {
            return (partial, Bilingual.Say($"type \"{type}\" 无效，可选：{string.Join(", ", CaseTimeline.Types)}", $"unknown type \"{type}\"; one of {string.Join(", ", CaseTimeline.Types)}"));
        }

        if (atText is null || !OffsetPattern().IsMatch(atText)
            || !DateTimeOffset.TryParse(atText, CultureInfo.InvariantCulture, DateTimeStyles.None, out var at))
        {
            return (partial, Bilingual.Say("at 须为带时区的 ISO 8601 时间，例如 2025-03-04T09:15:00+08:00", "at must be ISO 8601 with an offset"));
        }

        if (at > now + ClockSkew)
        {
            return (partial, Bilingual.Say($"at {atText} 晚于当前时间超过 {ClockSkew.TotalSeconds:0} 秒", $"at is in the future beyond the allowed clock skew"));
        }

        var actor = Str("actor");
        var error = type switch
        {
            "submitted" => Submitted(json),
            "extended" => json.TryGetProperty("days", out var days) && days.TryGetInt32(out var n) && n is >= 1 and <= 365 ? null
                : Bilingual.Say("extended 需要 days（1–365 的整数）", "extended needs days, a whole number 1–365"),
            "step-completed" => Str("step") is { Length: > 0 } ? null : Bilingual.Say("step-completed 需要 step", "step is required"),
            "fee-charged" => Str("feeCode") is not { Length: > 0 } ? Bilingual.Say("fee-charged 需要 feeCode", "feeCode is required") : Amount(json, "amount", required: true),
            "decided" => Str("outcome") is "approved" or "denied" or "penalty"
                ? (Str("outcome") == "penalty" ? Amount(json, "amount", required: true) : Amount(json, "amount", required: false))
                : Bilingual.Say("decided 需要 outcome：approved、denied 或 penalty", "outcome must be approved, denied or penalty"),
            "rated" => json.TryGetProperty("score", out var s) && s.TryGetInt32(out var score) && score is >= 1 and <= 5 ? null
                : Bilingual.Say("rated 需要 score（1–5）", "score must be 1–5"),
            _ => null,
        };
        if (error is not null)
        {
            return (partial, error);
        }

        // Stored in UTC to the microsecond (PostgreSQL keeps no offset); the body keeps the sender's own text.
        return (partial with { At = LedgerLeaf.Normalise(at), Actor = actor, Hash = SHA256.HashData(Encoding.UTF8.GetBytes(text)) }, null);
    }

    private static string? Submitted(JsonElement json)
    {
        if (!json.TryGetProperty("itemCode", out var item) || item.ValueKind != JsonValueKind.String || item.GetString()!.Length == 0)
        {
            return Bilingual.Say("submitted 需要 itemCode", "itemCode is required");
        }

        if (!json.TryGetProperty("channel", out var channel) || Text(channel) is not ("online" or "window" or "system"))
        {
            return Bilingual.Say("channel 须为 online、window 或 system", "channel must be online, window or system");
        }

        if (!json.TryGetProperty("applicant", out var applicant) || applicant.ValueKind != JsonValueKind.Object
            || !applicant.TryGetProperty("name", out var name) || name.ValueKind != JsonValueKind.String || name.GetString()!.Length is 0 or > 100
            || !applicant.TryGetProperty("idType", out var idType) || Text(idType) is not ("id-card" or "credit-code" or "other")
            || !applicant.TryGetProperty("idNo", out var idNo) || idNo.ValueKind != JsonValueKind.String || idNo.GetString()!.Length is 0 or > 64)
        {
            return Bilingual.Say("applicant 需要 name、idType（id-card / credit-code / other）和 idNo", "applicant needs name, idType and idNo");
        }

        var check = idType.GetString() switch
        {
            "id-card" => CitizenId.Validate(idNo.GetString()),
            "credit-code" => CreditCode.Validate(idNo.GetString()),
            _ => null,
        };
        return check is { Valid: false } ? Bilingual.Say($"applicant.idNo 无效：{string.Join("；", check.Errors)}", $"applicant.idNo is invalid: {string.Join("; ", check.Errors)}") : null;
    }

    /// <summary>
    /// The first text in the line that Sunlight does not take (TextInput: control characters, bidi overrides, length),
    /// named by its path. The actor is copied into alerts, so it is held to a name's length; other text to the default.
    /// </summary>
    private static string? TextProblem(JsonElement e, string path)
    {
        switch (e.ValueKind)
        {
            case JsonValueKind.String:
                return TextInput.Problem(path, e.GetString(), path is "actor" or "applicant.name" ? 100 : TextInput.DefaultMaxLength);
            case JsonValueKind.Object:
                foreach (var p in e.EnumerateObject())
                {
                    var at = path.Length == 0 ? p.Name : $"{path}.{p.Name}";
                    if ((TextInput.Problem(Bilingual.Say("字段名", "field name"), p.Name, 100) ?? TextProblem(p.Value, at)) is { } problem)
                    {
                        return problem;
                    }
                }

                return null;
            case JsonValueKind.Array:
                var i = 0;
                foreach (var item in e.EnumerateArray())
                {
                    if (TextProblem(item, $"{path}[{i++}]") is { } problem)
                    {
                        return problem;
                    }
                }

                return null;
            default:
                return null;
        }
    }

    /// <summary>The element's text when it is a JSON string; null for any other kind (so a wrong type reads as missing).</summary>
    private static string? Text(JsonElement e) => e.ValueKind == JsonValueKind.String ? e.GetString() : null;

    private static string? Amount(JsonElement json, string name, bool required)
    {
        if (!json.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null)
        {
            return required ? Bilingual.Say($"需要 {name}（元）", $"{name} is required, in yuan") : null;
        }

        if (!v.TryGetDecimal(out var amount) || amount < 0 || decimal.Round(amount, 2) != amount || amount > 1_000_000_000m)
        {
            return Bilingual.Say($"{name} 须为非负金额，最多两位小数", $"{name} must be a non-negative amount with at most two decimals");
        }

        return null;
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9/-]{1,63}$")]
    private static partial Regex CaseNoPattern();

    [GeneratedRegex(@"(Z|[+-]\d\d:\d\d)$")]
    private static partial Regex OffsetPattern();
}
