using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Sunlight.Core;
using Sunlight.Core.Accounts;
using Sunlight.Core.Api;

namespace Sunlight.Trading.Ocds;

/// <summary>
/// OCDS in and out — <c>/api/v1/trading/ocds</c>: releases and packages recorded by people (the alias of the signed
/// <c>ocds</c> exchange feed), compiled releases, records and the streamed NDJSON export.
/// </summary>
internal static class OcdsEndpoints
{
    public static void Map(IEndpointRouteBuilder api)
    {
        var ocds = api.MapGroup("trading/ocds").WithTags("Trading");
        ocds.MapPost("", Import).RequireAuthorization(TradingPolicies.Record).DisableAntiforgery()
            .WithSummary("Records OCDS releases (release package, record package, one release, or NDJSON of releases or compiled releases; ≤ 10,000 releases and 64 MB, else 413 and nothing stored) for the caller's centre (operators) or the centres of the region (administrators); one result per release, good ones kept.");
        ocds.MapGet("compiled/{ocid}", Compiled).AllowAnonymous()
            .WithSummary("A process's compiled release (public: no fingerprints, deposits, agents, project managers, scores, ID numbers, sealed committees; no bids before opening). full=true: Supervisor or Inspector of its region, audited.");
        ocds.MapGet("records/{ocid}", Record).AllowAnonymous()
            .WithSummary("A record package of the process: every release received, in arrival order (a compiled line as one release tagged compiled), and the compiled release; filtered as the compiled release.");
        var feeds = api.MapGroup("trading").WithTags("Trading");
        feeds.MapGet("feed.atom", Atom).AllowAnonymous().WithSummary("Atom 1.0 feed of the latest 50 public trade notices (announcements, candidates, results, contracts); centre= limits it to one trading centre.");
        feeds.MapGet("feed.rss", Rss).AllowAnonymous().WithSummary("The same notices as RSS 2.0.");
        ocds.MapGet("compiled.ndjson", Ndjson).AllowAnonymous()
            .WithSummary("Compiled releases as NDJSON, streamed, ordered by ocid; filters region (a region code), kind (tradingKind), from/to (the compiled date, RFC 3339). full=true: Supervisor or Inspector, their region only, audited.");
    }

    private static async Task<Results<Ok<OcdsAnswer>, ProblemHttpResult>> Import(HttpRequest request, Caller caller, OcdsIntake intake, CancellationToken ct)
    {
        if (await request.ReadBodyAsync(OcdsIntake.MaxBytes, ct) is not { } body)
        {
            return TooLarge();
        }

        var ndjson = Microsoft.Net.Http.Headers.MediaTypeHeaderValue.TryParse(request.ContentType, out var type)
            && type.MediaType.Value is { } media && (media.Contains("ndjson", StringComparison.OrdinalIgnoreCase) || media.Contains("jsonl", StringComparison.OrdinalIgnoreCase) || media.Contains("json-seq", StringComparison.OrdinalIgnoreCase));
        var (items, problem) = OcdsInput.Read(body, ndjson);
        if (items is null)
        {
            return problem!.Contains(OcdsIntake.MaxReleases.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
                ? ApiProblems.Problem(413, "too-many-releases", Bilingual.Say("发布过多", "Too many releases"), problem)
                : ApiProblems.Problem(400, "not-ocds", Bilingual.Say("无法读取", "Unreadable input"), problem);
        }

        return TypedResults.Ok(await intake.IngestAsync(items, OcdsScope.Of(caller.Who, caller.UserName), ct));
    }

    private static ProblemHttpResult TooLarge() =>
        ApiProblems.Problem(413, "too-large", Bilingual.Say("请求过大", "Request too large"),
            Bilingual.Say($"请求体超过 {OcdsIntake.MaxBytes / 1024 / 1024} MB，未作任何处理；请分批报送，每批至多 {OcdsIntake.MaxReleases} 个发布", $"over {OcdsIntake.MaxBytes / 1024 / 1024} MB; nothing was stored. Send at most {OcdsIntake.MaxReleases} releases per request."));

    private static ProblemHttpResult NoProcess(string ocid) =>
        ApiProblems.Problem(404, "not-found", Bilingual.Say("未找到", "Not found"), Bilingual.Say($"没有交易项目 {ocid}（或不在您的辖区内）", $"no process {ocid} (or not in your region)."));

    /// <summary>Whether a full view is refused: only supervisors and inspectors get one.</summary>
    private static bool MayNotSeeFull(HttpContext http) =>
        Caller.From(http.User) is not { } c || !(c.Who.IsInRole(SunlightRoles.Supervisor) || c.Who.IsInRole(SunlightRoles.Inspector));

    /// <summary>401 for someone not signed in (they may be a supervisor), 403 for anyone else.</summary>
    private static ProblemHttpResult Refused(HttpContext http) =>
        Caller.From(http.User) is null
            ? ApiProblems.Problem(401, "sign-in-required", Bilingual.Say("请先登录", "Sign in first"), Bilingual.Say("full=true 须以监督人员或检查人员身份登录", "full=true needs a supervisor's or inspector's sign-in."))
            : FullRefused();

    private static ProblemHttpResult FullRefused() =>
        ApiProblems.Problem(403, "full-refused", Bilingual.Say("无权查看完整数据", "Full export refused"),
            Bilingual.Say("full=true（含投标文件特征、保证金、评分、评标委员会）只供监督人员和检查人员，且会记入审计", "full=true (fingerprints, deposits, scores, committees) is for supervisors and inspectors, and is audited."));

    private static async Task Audit(HttpContext http, AuditLog audit, string detail, CancellationToken ct)
    {
        var c = Caller.From(http.User)!;
        await audit.WriteAsync("trading.export.full", c.UserName, c.Who.RegionPath, http.Connection.RemoteIpAddress?.ToString(), detail, ct);
    }

    private static async Task<IResult> Compiled(string ocid, bool? full, HttpContext http, TradeReader reader, AuditLog audit, CancellationToken ct)
    {
        if (full == true && MayNotSeeFull(http))
        {
            return Refused(http);
        }

        var compiled = await reader.CompiledAsync(ocid, full == true, Caller.From(http.User)?.Who, ct);
        if (compiled is null)
        {
            return NoProcess(ocid);
        }

        if (full == true)
        {
            await Audit(http, audit, $"compiled {ocid}", ct);
        }

        return Json(compiled);
    }

    private static async Task<IResult> Record(string ocid, bool? full, HttpContext http, TradeReader reader, AuditLog audit, CancellationToken ct)
    {
        if (full == true && MayNotSeeFull(http))
        {
            return Refused(http);
        }

        var record = await reader.RecordAsync(ocid, full == true, Caller.From(http.User)?.Who, ct);
        if (record is null)
        {
            return NoProcess(ocid);
        }

        if (full == true)
        {
            await Audit(http, audit, $"record {ocid}", ct);
        }

        return Json(record);
    }

    private static async Task<IResult> Ndjson(string? region, string? kind, DateTimeOffset? from, DateTimeOffset? to, bool? full, HttpContext http, TradeReader reader, AuditLog audit, CancellationToken ct)
    {
        if (full == true && MayNotSeeFull(http))
        {
            return Refused(http);
        }

        if (kind is not null && !OcdsCheck.TradingKinds.Contains(kind))
        {
            return ApiProblems.Problem(400, "bad-kind", Bilingual.Say("交易类别未知", "Unknown kind"), Bilingual.Say($"kind 应为 {string.Join(" | ", OcdsCheck.TradingKinds)} 之一", $"kind is one of {string.Join(" | ", OcdsCheck.TradingKinds)}."));
        }

        if (full == true)
        {
            await Audit(http, audit, $"compiled.ndjson region={region} kind={kind} from={from:O} to={to:O}", ct);
        }

        var who = Caller.From(http.User)?.Who;
        return Results.Stream(async stream => await reader.WriteNdjsonAsync(stream, new TradeFilter(region, kind, from, to), full == true, who, ct), "application/x-ndjson; charset=utf-8");
    }

    private static string Base(HttpContext http) => $"{http.Request.Scheme}://{http.Request.Host}";

    private static async Task<IResult> Atom(string? centre, HttpContext http, TradeNotices notices, CancellationToken ct) =>
        Results.Text(TradeNotices.Atom(await notices.LatestAsync(centre, ct), Base(http), $"{Base(http)}/api/v1/trading/feed.atom{http.Request.QueryString}", FeedTitle(centre)), "application/atom+xml; charset=utf-8");

    private static async Task<IResult> Rss(string? centre, HttpContext http, TradeNotices notices, CancellationToken ct) =>
        Results.Text(TradeNotices.Rss(await notices.LatestAsync(centre, ct), Base(http), $"{Base(http)}/trading/public{http.Request.QueryString}", FeedTitle(centre)), "application/rss+xml; charset=utf-8");

    private static string FeedTitle(string? centre) => centre is { Length: > 0 } ? $"公共资源交易公告 · {centre}" : "公共资源交易公告";

    private static IResult Json(JsonObject value) =>
        Results.Text(value.ToJsonString(TradeReader.Compact), "application/json; charset=utf-8");
}
