using Sunlight.Core;
using Sunlight.Core.Directory;
using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Sunlight.Core.Files;
using Sunlight.Core.Api;
using Sunlight.Core.Calendar;
using Sunlight.Core.Directory.Contracts;
using Sunlight.Core.Identifiers;
using Sunlight.Services.Storage;

namespace Sunlight.Services.Cases;

/// <summary>What an applicant types on the application form.</summary>
internal sealed record ApplicationInput(string? ItemCode, string? ApplicantName, string? IdType, string? IdNo, string? Phone, string? Note);

/// <summary>The receipt of an online application: the case number and the query code (shown once; only its hash is kept).</summary>
internal sealed record ApplicationReceipt(string CaseNo, string QueryCode, string ItemCode, string ItemName, DateTimeOffset SubmittedAt, DateTimeOffset? DueAt, IReadOnlyList<string> Attachments);

/// <summary>One of the applicant's own cases.</summary>
internal sealed record MyCase(string CaseNo, string ItemCode, string ItemName, string State, DateTimeOffset SubmittedAt, DateTimeOffset? DueAt, int? RemainingWorkdays, int? Score)
{
    /// <summary>The due instant was reckoned across a year whose holiday notice is not loaded yet (暂定).</summary>
    public bool DueProvisional { get; init; }
}

/// <summary>One page of an applicant's cases and how many there are in all.</summary>
internal sealed record MyCasePage(IReadOnlyList<MyCase> Items, int Total, int Page, int PageSize);

/// <summary>An event as the public progress lookup shows it: type and time only.</summary>
internal sealed record ProgressEvent(string Type, DateTimeOffset At);

/// <summary>Public progress of a case (case number + query code): no names, no ID numbers, no staff.</summary>
internal sealed record ProgressView(string CaseNo, string ItemName, string OrganisationName, string State, DateTimeOffset SubmittedAt, DateTimeOffset? DueAt, int? RemainingWorkdays, IReadOnlyList<ProgressEvent> Events)
{
    /// <summary>The due instant was reckoned across a year whose holiday notice is not loaded yet (暂定).</summary>
    public bool DueProvisional { get; init; }
}

/// <summary>
/// The online hall's side of cases: apply with attachments (case number + query code), follow one's own cases,
/// rate a concluded case, and the public progress lookup. Every action becomes a case event with system id
/// <c>hall</c> and goes through <see cref="CaseIntake"/>, so the hall, the windows and departments' systems share
/// one set of checks and each event is a ledger record.
/// </summary>
internal sealed class HallApplications(
    IDirectory directory, IDbContextFactory<ServicesDbContext> services, CaseIntake intake, FileStore store, CalendarService calendar,
    ProgressLookupLimiter limiter, TimeProvider clock)
{
    public const string SystemId = "hall";

    /// <summary>Query codes avoid 0/O, 1/I/L so they can be read over the phone.</summary>
    private const string CodeAlphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";

    public async Task<ApplicationReceipt> ApplyAsync(string userId, string userName, ApplicationInput input, IReadOnlyList<UploadedFile> files, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(input);
        var errors = new List<InputError>();
        var name = input.ApplicantName?.Trim() ?? "";
        var idNo = input.IdNo?.Trim() ?? "";
        if (name.Length is 0 or > 100)
        {
            errors.Add(new("applicantName", Bilingual.Say("请填写申请人姓名或单位名称（至多 100 字）", "applicant name required, at most 100 characters")));
        }
        else if (TextInput.Problem("applicantName", name) is { } badName)
        {
            errors.Add(new("applicantName", badName));
        }

        if (input.IdType is not ("id-card" or "credit-code"))
        {
            errors.Add(new("idType", Bilingual.Say("证件类型须为 id-card（居民身份证）或 credit-code（统一社会信用代码）", "idType must be id-card or credit-code")));
        }
        else
        {
            var check = input.IdType == "id-card" ? CitizenId.Validate(idNo) : CreditCode.Validate(idNo);
            if (!check.Valid)
            {
                errors.Add(new("idNo", string.Join("；", check.Errors)));
            }
        }

        if (input.Phone is { Length: > 0 } phone && (phone.Length > 20 || !phone.All(ch => char.IsAsciiDigit(ch) || ch is '-' or '+' or ' ')))
        {
            errors.Add(new("phone", Bilingual.Say("联系电话只能含数字、空格、+ 和 -，至多 20 位", "phone: digits, spaces, + and - only, at most 20")));
        }

        if (input.Note is { Length: > 500 })
        {
            errors.Add(new("note", Bilingual.Say("备注至多 500 字", "note: at most 500 characters")));
        }
        else if (TextInput.Problem("note", input.Note) is { } badNote)
        {
            errors.Add(new("note", badNote));
        }

        await using var db = await services.CreateDbContextAsync(ct).ConfigureAwait(false);
        var now = clock.GetUtcNow();
        var version = await db.ItemVersions.AsNoTracking().Where(v => v.ItemCode == (input.ItemCode ?? "") && v.EffectiveFrom <= now)
            .OrderByDescending(v => v.Version).FirstOrDefaultAsync(ct).ConfigureAwait(false);
        if (version is null)
        {
            errors.Add(new("itemCode", Bilingual.Say($"事项 {input.ItemCode} 不存在或尚未生效", $"no item {input.ItemCode} in force")));
        }
        else if (!Contracts.ItemCategories.OnApplication.Contains(version.Category))
        {
            errors.Add(new("itemCode", Bilingual.Say($"事项 {version.ItemCode}（{version.Name}）由行政机关依职权实施，不接受网上申请", $"this item is exercised on the authority's own initiative; it cannot be applied for")));
        }

        if (errors.Count > 0)
        {
            throw new InputException(Refusal.Invalid, Bilingual.Say("申请信息有误，请按下列各项修改", "the application has errors"), errors);
        }

        var checkedFiles = await FileStore.CheckAsync(files, ct).ConfigureAwait(false);
        var regionCode = (await directory.OrganisationAsync(version!.OrganisationCode, ct).ConfigureAwait(false))?.RegionCode
            ?? throw new InvalidOperationException($"The item's organisation {version.OrganisationCode} is not in the directory.");
        var prefix = $"{regionCode}{ChinaTime.Local(now, "yyyyMMdd")}";

        // Case numbers run per region and day; two applications racing for the same number: the loser takes the next.
        for (var attempt = 0; ; attempt++)
        {
            var taken = await db.Cases.AsNoTracking().CountAsync(c => c.CaseNo.StartsWith(prefix), ct).ConfigureAwait(false);
            var caseNo = $"{prefix}{taken + 1 + attempt:D5}";
            var queryCode = string.Create(8, 0, (span, _) =>
            {
                for (var i = 0; i < span.Length; i++)
                {
                    span[i] = CodeAlphabet[RandomNumberGenerator.GetInt32(CodeAlphabet.Length)];
                }
            });
            var upload = Guid.NewGuid().ToString("N");
            var stored = new List<CaseAttachment>();
            foreach (var (fileName, contentType, bytes, hash) in checkedFiles)
            {
                stored.Add(new CaseAttachment
                {
                    CaseNo = caseNo, FileName = fileName, ContentType = contentType, Size = bytes.Length, Sha256 = hash, UploadedAt = now, UploadedBy = userName,
                    StoredName = await store.WriteAsync(caseNo, upload[..12], fileName, bytes, hash, ct).ConfigureAwait(false),
                });
            }

            var line = new JsonObject
            {
                ["id"] = $"hall-{upload}",
                ["caseNo"] = caseNo,
                ["type"] = "submitted",
                ["at"] = ChinaTime.Iso(now),
                ["itemCode"] = version!.ItemCode,
                ["channel"] = "online",
                ["applicant"] = new JsonObject { ["name"] = name, ["idType"] = input.IdType, ["idNo"] = idNo.ToUpperInvariant() },
                ["data"] = new JsonObject
                {
                    ["phone"] = input.Phone?.Trim(),
                    ["note"] = input.Note?.Trim(),
                    ["attachments"] = new JsonArray(stored.Select(a => (JsonNode)new JsonObject
                    {
                        ["name"] = a.FileName, ["size"] = a.Size, ["sha256"] = Convert.ToHexStringLower(a.Sha256),
                    }).ToArray()),
                },
            }.ToJsonString();
            var done = false;
            try
            {
                var result = await intake.IngestAsync(SystemId, version.OrganisationCode, [line], (c, context) =>
                {
                    c.ApplicantUserId = userId;
                    c.QueryCodeHash = HashCode(queryCode);
                    context.Attachments.AddRange(stored);
                }, ct).ConfigureAwait(false);
                if (result.Accepted == 1)
                {
                    done = true;
                    var row = await db.Cases.AsNoTracking().FirstAsync(c => c.CaseNo == caseNo, ct).ConfigureAwait(false);
                    return new ApplicationReceipt(caseNo, queryCode, version.ItemCode, version.Name, row.SubmittedAt, row.DueAt, stored.Select(a => a.FileName).ToList());
                }

                if (attempt >= 5 || !result.Rejected.Any(r => r.Code == CaseIntake.CaseExists))
                {
                    throw new InputException(Refusal.Invalid, Bilingual.Say("申请未被受理，请按下列各项修改", "application refused"), result.Rejected.Select(r => new InputError("application", r.Error)).ToList());
                }
            }
            catch (Exception e) when (attempt < 5 && e is DbUpdateException or System.Data.Common.DbException)
            {
                // Another application took this number between our count and our insert.
            }
            finally
            {
                // Nothing stays on disk for an application that was not taken.
                if (!done)
                {
                    store.Discard(stored.Select(a => a.StoredName));
                }
            }
        }
    }

    /// <summary>Whether <paramref name="caseNo"/> is the applicant's own case (however many cases they have).</summary>
    public async Task<bool> IsMineAsync(string userId, string caseNo, CancellationToken ct)
    {
        await using var db = await services.CreateDbContextAsync(ct).ConfigureAwait(false);
        return await db.Cases.AsNoTracking().AnyAsync(c => c.CaseNo == caseNo && c.ApplicantUserId == userId, ct).ConfigureAwait(false);
    }

    /// <summary>One page of the applicant's own cases, newest first, and how many there are in all (no silent cap).</summary>
    public async Task<MyCasePage> MineAsync(string userId, int page, int pageSize, CancellationToken ct)
    {
        Paging.Check(page, pageSize);

        await using var db = await services.CreateDbContextAsync(ct).ConfigureAwait(false);
        var mine = db.Cases.AsNoTracking().Where(c => c.ApplicantUserId == userId);
        var total = await mine.CountAsync(ct).ConfigureAwait(false);
        var rows = await mine.OrderByDescending(c => c.SubmittedAt).ThenBy(c => c.CaseNo).Skip((page - 1) * pageSize).Take(pageSize).ToListAsync(ct).ConfigureAwait(false);
        var caseNos = rows.Select(r => r.CaseNo).ToList();
        var ratings = (await db.CaseEvents.AsNoTracking().Where(e => caseNos.Contains(e.CaseNo) && e.Type == "rated").Select(e => new { e.CaseNo, e.Body }).ToListAsync(ct).ConfigureAwait(false))
            .ToDictionary(e => e.CaseNo, e => JsonDocument.Parse(e.Body).RootElement.GetProperty("score").GetInt32(), StringComparer.Ordinal);
        return new MyCasePage(rows.Select(r => new MyCase(r.CaseNo, r.ItemCode, r.ItemName, r.State, r.SubmittedAt, r.DueAt, Remaining(r), ratings.TryGetValue(r.CaseNo, out var s) ? s : null)
        {
            DueProvisional = CaseClock.DueProvisional(r, calendar.Current),
        }).ToList(), total, page, pageSize);
    }

    /// <summary>Rates one's own concluded case 1–5 (好差评); once.</summary>
    public async Task RateAsync(string userId, string caseNo, int score, string? comment, CancellationToken ct)
    {
        await using var db = await services.CreateDbContextAsync(ct).ConfigureAwait(false);
        var c = await db.Cases.AsNoTracking().FirstOrDefaultAsync(x => x.CaseNo == caseNo && x.ApplicantUserId == userId, ct).ConfigureAwait(false)
            ?? throw new InputException(Refusal.NotFound, Bilingual.Say($"您没有办件 {caseNo}", $"you have no case {caseNo}"));
        var errors = new List<InputError>();
        if (score is < 1 or > 5)
        {
            errors.Add(new("score", Bilingual.Say("评分须为 1–5", "score must be 1 to 5")));
        }

        if (comment is { Length: > 500 })
        {
            errors.Add(new("comment", Bilingual.Say("评价至多 500 字", "comment: at most 500 characters")));
        }
        else if (TextInput.Problem("comment", comment) is { } badComment)
        {
            errors.Add(new("comment", badComment));
        }

        var rated = await db.CaseEvents.AnyAsync(e => e.CaseNo == caseNo && e.Type == "rated", ct).ConfigureAwait(false);
        if (rated)
        {
            errors.Add(new("score", Bilingual.Say("该办件已评价过", "this case was already rated")));
        }

        if (errors.Count > 0)
        {
            // Rated before: the case's state refuses it (409); otherwise the input does (400).
            throw new InputException(rated ? Refusal.Conflict : Refusal.Invalid, Bilingual.Say("评价未保存，请按下列各项修改", "rating not saved"), errors) { Slug = "rating-refused" };
        }

        var line = new JsonObject
        {
            ["id"] = $"hall-{Guid.NewGuid():N}", ["caseNo"] = caseNo, ["type"] = "rated",
            ["at"] = ChinaTime.Iso(clock.GetUtcNow()),
            ["score"] = score, ["comment"] = comment?.Trim(),
        }.ToJsonString();
        var result = await intake.IngestAsync(SystemId, c.OrganisationCode, [line], ct).ConfigureAwait(false);
        if (result.Accepted != 1)
        {
            throw new InputException(Refusal.Conflict, Bilingual.Say("评价未保存，请按下列各项修改", "rating not saved"), result.Rejected.Select(r => new InputError("score", r.Error)).ToList()) { Slug = "state-conflict" };
        }
    }

    /// <summary>
    /// Public progress by case number and query code. <paramref name="client"/> (the caller's address) is limited
    /// by <see cref="ProgressLookupLimiter"/>; a wrong code and an unknown case give the same answer.
    /// </summary>
    public async Task<ProgressView> ProgressAsync(string client, string? caseNo, string? queryCode, CancellationToken ct)
    {
        caseNo = caseNo?.Trim() ?? "";
        if (!limiter.TryEnter(client, caseNo, out var retryAfter))
        {
            throw new InputException(Refusal.TooMany, Bilingual.Say($"查询过于频繁，请 {Math.Ceiling(retryAfter.TotalMinutes)} 分钟后再试", $"too many lookups; try again in {Math.Ceiling(retryAfter.TotalMinutes)} minutes"));
        }

        await using var db = await services.CreateDbContextAsync(ct).ConfigureAwait(false);
        var c = caseNo.Length is 0 or > 64 ? null : await db.Cases.AsNoTracking().FirstOrDefaultAsync(x => x.CaseNo == caseNo, ct).ConfigureAwait(false);
        var hash = HashCode(queryCode?.Trim().ToUpperInvariant() ?? "");
        if (c?.QueryCodeHash is null || !CryptographicOperations.FixedTimeEquals(c.QueryCodeHash, hash))
        {
            limiter.Failed(caseNo);
            throw new InputException(Refusal.NotFound, Bilingual.Say("办件编号或查询码不正确", "case number or query code is wrong"));
        }

        var events = await db.CaseEvents.AsNoTracking().Where(e => e.CaseNo == caseNo).OrderBy(e => e.At).ThenBy(e => e.Id)
            .Select(e => new ProgressEvent(e.Type, e.At)).ToListAsync(ct).ConfigureAwait(false);
        var orgName = (await directory.OrganisationAsync(c.OrganisationCode, ct).ConfigureAwait(false))?.Name ?? c.OrganisationCode;
        return new ProgressView(c.CaseNo, c.ItemName, orgName, c.State, c.SubmittedAt, c.DueAt, Remaining(c), events) { DueProvisional = CaseClock.DueProvisional(c, calendar.Current) };
    }

    private int? Remaining(ServiceCase c) => CaseClock.Remaining(c, calendar.Current, clock.GetUtcNow());

    private static byte[] HashCode(string code) => SHA256.HashData(Encoding.UTF8.GetBytes("sunlight-query-code/v1\n" + code));
}

/// <summary>
/// Limits the public progress lookup: at most 20 lookups a minute from one address, and 10 wrong codes an hour for
/// one case number from anywhere (so a code cannot be guessed by spreading tries over many addresses).
/// </summary>
internal sealed class ProgressLookupLimiter(TimeProvider clock)
{
    public const int PerClientPerMinute = 20;
    public const int FailuresPerCasePerHour = 10;

    private readonly ConcurrentDictionary<string, Queue<DateTimeOffset>> _clients = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Queue<DateTimeOffset>> _failures = new(StringComparer.Ordinal);

    public bool TryEnter(string client, string caseNo, out TimeSpan retryAfter)
    {
        var now = clock.GetUtcNow();
        retryAfter = TimeSpan.Zero;
        if (Full(_failures, caseNo, now, TimeSpan.FromHours(1), FailuresPerCasePerHour, add: false, out retryAfter))
        {
            return false;
        }

        return !Full(_clients, client, now, TimeSpan.FromMinutes(1), PerClientPerMinute, add: true, out retryAfter);
    }

    public void Failed(string caseNo) => Full(_failures, caseNo, clock.GetUtcNow(), TimeSpan.FromHours(1), int.MaxValue, add: true, out _);

    private static bool Full(ConcurrentDictionary<string, Queue<DateTimeOffset>> map, string key, DateTimeOffset now, TimeSpan window, int limit, bool add, out TimeSpan retryAfter)
    {
        var queue = map.GetOrAdd(key, _ => new Queue<DateTimeOffset>());
        lock (queue)
        {
            while (queue.Count > 0 && queue.Peek() <= now - window)
            {
                queue.Dequeue();
            }

            if (queue.Count >= limit)
            {
                retryAfter = queue.Peek() + window - now;
                return true;
            }

            if (add)
            {
                queue.Enqueue(now);
            }

            retryAfter = TimeSpan.Zero;
            return false;
        }
    }
}

/// <summary>Body of a rating.</summary>
internal sealed record RatingInput(int? Score, string? Comment);
