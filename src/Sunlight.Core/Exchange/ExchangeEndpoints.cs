using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Sunlight.Core.Accounts;
using Sunlight.Core.Api;

namespace Sunlight.Core.Exchange;

/// <summary>交换接口 — <c>/api/v1/exchange</c>: signed NDJSON pushed to a feed, and the systems allowed to push.</summary>
internal static class ExchangeEndpoints
{
    public static void Map(IEndpointRouteBuilder api)
    {
        var exchange = api.MapGroup("exchange").WithTags("Exchange");
        exchange.MapPost("{feed}", Push).AllowAnonymous().DisableAntiforgery()
            .WithSummary("NDJSON items pushed to a feed (case-events, …) by a registered system, signed with HMAC-SHA256 (X-Sunlight-System, X-Sunlight-Timestamp, X-Sunlight-Signature); one answer per line, good lines kept.");
        exchange.MapPost("systems", Register).RequireAuthorization(SunlightPolicies.DirectoryManage)
            .WithSummary("Registers a system of an organisation in the caller's region, scoped to feeds (default: those its organisation's kind may send); the secret is in this answer only.");
        exchange.MapPost("systems/{id}/rotate", Rotate).RequireAuthorization(SunlightPolicies.DirectoryManage).DisableAntiforgery()
            .WithSummary("Replaces a system's secret; the old one stops working at once.");
        exchange.MapGet("systems", List).RequireAuthorization(SunlightPolicies.DirectoryManage).WithSummary("The systems registered in the caller's region, with their feeds.");
    }

    private static async Task<Results<Ok<IntakeAnswer>, ProblemHttpResult>> Push(
        string feed, HttpRequest request, IEnumerable<IExchangeFeed> feeds, ExchangeSystems systems, CancellationToken ct)
    {
        var target = feeds.FirstOrDefault(f => f.Name == feed);
        if (target is null)
        {
            return ApiProblems.Problem(404, "no-such-feed", Bilingual.Say("没有此数据通道", "No such feed"),
                Bilingual.Say($"没有数据通道 {feed}，可选：{string.Join(", ", feeds.Select(f => f.Name))}", $"no feed {feed}."));
        }

        if (await request.ReadBodyAsync(target.MaxBytes, ct) is not { } bytes)
        {
            return TooLarge(target);
        }

        var body = bytes.AsMemory();
        var (system, error) = await systems.AuthenticateAsync(request.Headers["X-Sunlight-System"], request.Headers["X-Sunlight-Timestamp"], request.Headers["X-Sunlight-Signature"], body, ct);
        if (system is null)
        {
            return ApiProblems.Problem(401, "bad-signature", Bilingual.Say("签名无效", "Signature rejected"), error!);
        }

        if (!IsNdjson(request.ContentType))
        {
            return ApiProblems.Problem(415, "ndjson-expected", Bilingual.Say("需要 NDJSON", "NDJSON expected"),
                Bilingual.Say("请以 Content-Type: application/x-ndjson 报送，每行一个 JSON 对象，UTF-8 编码", "send Content-Type: application/x-ndjson, one JSON object per line in UTF-8."));
        }

        if (!system.FeedList.Contains(feed))
        {
            return ApiProblems.Problem(403, "feed-not-in-scope", Bilingual.Say("无权报送此数据通道", "Feed not in the system's scope"),
                Bilingual.Say($"系统 {system.Id} 只能报送 {string.Join(", ", system.FeedList)}，不能报送 {feed}；请管理员调整其数据通道", $"system {system.Id} may push {string.Join(", ", system.FeedList)}, not {feed}."));
        }

        var (lines, rejected, count) = ExchangeLines.Split(body.Span, target.MaxLineBytes);
        if (count > target.MaxLines)
        {
            return ApiProblems.Problem(413, "too-many-lines", Bilingual.Say("行数过多", "Too many lines"),
                Bilingual.Say($"一批至多 {target.MaxLines} 行，收到 {count} 行，未作任何处理", $"at most {target.MaxLines} lines per batch; nothing was stored."));
        }

        var answer = await target.IngestAsync(new ExchangeSender(system.Id, system.OrganisationCode, system.RegionPath), lines, ct);
        return TypedResults.Ok(rejected.Count == 0 ? answer : answer with { Rejected = [.. answer.Rejected.Concat(rejected).OrderBy(r => r.Line)] });
    }

    /// <summary>NDJSON by any of the names it goes by (application/x-ndjson, application/ndjson, application/jsonl), optionally with charset=utf-8.</summary>
    internal static bool IsNdjson(string? contentType) =>
        Microsoft.Net.Http.Headers.MediaTypeHeaderValue.TryParse(contentType, out var type)
        && type.MediaType.Value is { } media
        && (media.Equals("application/x-ndjson", StringComparison.OrdinalIgnoreCase) || media.Equals("application/ndjson", StringComparison.OrdinalIgnoreCase)
            || media.Equals("application/jsonl", StringComparison.OrdinalIgnoreCase) || media.Equals("application/x-jsonlines", StringComparison.OrdinalIgnoreCase))
        && (type.Charset.Value is not { } charset || charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase));

    private static ProblemHttpResult TooLarge(IExchangeFeed feed) =>
        ApiProblems.Problem(413, "too-large", Bilingual.Say("请求过大", "Request too large"),
            Bilingual.Say($"请求体超过 {feed.MaxBytes / 1024 / 1024} MB，请分批报送，每批至多 {feed.MaxLines} 行", $"split the items into batches of at most {feed.MaxLines} lines."));

    private static async Task<Created<SystemSecret>> Register(SystemInput input, Caller caller, ExchangeSystems systems, CancellationToken ct)
    {
        var created = await systems.AddAsync(caller.Who, input.Id ?? "", input.Organisation ?? "", input.Feeds, ct);
        return TypedResults.Created($"/api/v1/exchange/systems/{created.Id}", created);
    }

    private static async Task<Results<Ok<SystemSecret>, ProblemHttpResult>> Rotate(string id, Caller caller, ExchangeSystems systems, CancellationToken ct) =>
        await systems.RotateAsync(caller.Who, id, ct) is { } rotated
            ? TypedResults.Ok(rotated)
            : ApiProblems.Problem(404, "not-found", Bilingual.Say("未找到", "Not found"), Bilingual.Say($"您的管辖范围内没有系统 {id}", $"no system {id} in your jurisdiction."));

    private static async Task<Ok<IReadOnlyList<SystemListing>>> List(Caller caller, ExchangeSystems systems, CancellationToken ct) =>
        TypedResults.Ok(await systems.ListAsync(caller.Who, ct));
}

/// <summary>Body of a system registration.</summary>
public sealed record SystemInput(string? Id, string? Organisation, IReadOnlyList<string>? Feeds);

/// <summary>Splits a request body into numbered lines, each decoded as strict UTF-8 on its own.</summary>
public static class ExchangeLines
{
    private static readonly UTF8Encoding Strict = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>
    /// The lines (numbered from 1; CRLF or LF; blank lines and a UTF-8 byte-order mark at the start dropped), the lines
    /// refused because their bytes are not UTF-8 (the signed bytes must be kept exactly, so nothing is rewritten), and
    /// the count of lines sent. A line longer than <paramref name="maxLineBytes"/> is refused on its own.
    /// </summary>
    public static (List<ExchangeLine> Lines, List<IntakeRejection> Rejected, int Count) Split(ReadOnlySpan<byte> body, int maxLineBytes = int.MaxValue)
    {
        if (body.StartsWith(Strict.Preamble))
        {
            body = body[Strict.Preamble.Length..];
        }

        var lines = new List<ExchangeLine>();
        var rejected = new List<IntakeRejection>();
        var number = 0;
        var count = 0;
        while (body.Length > 0)
        {
            number++;
            var end = body.IndexOf((byte)'\n');
            var line = end < 0 ? body : body[..end];
            body = end < 0 ? [] : body[(end + 1)..];
            if (line.Length > 0 && line[^1] == (byte)'\r')
            {
                line = line[..^1];
            }

            if (line.IsEmpty)
            {
                continue;
            }

            count = number;
            if (line.Length > maxLineBytes)
            {
                rejected.Add(new IntakeRejection(number, null,
                    Bilingual.Say($"该行 {line.Length} 字节，超过每行上限 {maxLineBytes / 1024} KB：请删减过长的文字", $"the line is {line.Length} bytes, over the {maxLineBytes / 1024} KB a line may have; shorten its text")));
                continue;
            }

            try
            {
                lines.Add(new ExchangeLine(number, Strict.GetString(line)));
            }
            catch (DecoderFallbackException e)
            {
                rejected.Add(new IntakeRejection(number, null,
                    Bilingual.Say($"该行不是有效的 UTF-8（第 {e.Index + 1} 字节附近）：请以 UTF-8 编码报送，原样签名", $"the line is not valid UTF-8 near byte {e.Index + 1}; send UTF-8 and sign it as sent")));
            }
        }

        return (lines, rejected, count);
    }
}
