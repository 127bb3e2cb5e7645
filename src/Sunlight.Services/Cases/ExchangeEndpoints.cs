using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Sunlight.Core.Accounts;
using Sunlight.Core.Api;

namespace Sunlight.Services.Cases;

/// <summary>交换接口 — <c>/api/v1/exchange</c>: signed case events from departments' systems, and the systems themselves.</summary>
internal static class ExchangeEndpoints
{
    /// <summary>Largest accepted intake request body.</summary>
    public const int MaxIntakeBytes = 16 * 1024 * 1024;

    public static void Map(IEndpointRouteBuilder api)
    {
        var exchange = api.MapGroup("exchange").WithTags("Exchange");
        exchange.MapPost("case-events", CaseEvents).AllowAnonymous().DisableAntiforgery()
            .WithSummary("NDJSON case events from a department system, signed with HMAC-SHA256 (X-Sunlight-System, X-Sunlight-Timestamp, X-Sunlight-Signature).");
        exchange.MapPost("systems", Register).RequireAuthorization(SunlightPolicies.DirectoryManage).WithSummary("Registers a department system; the secret is in this answer only.");
        exchange.MapPost("systems/{id}/rotate", Rotate).RequireAuthorization(SunlightPolicies.DirectoryManage).DisableAntiforgery()
            .WithSummary("Replaces a system's secret; the old one stops working at once.");
        exchange.MapGet("systems", List).RequireAuthorization(SunlightPolicies.DirectoryManage).WithSummary("The systems registered in the caller's region.");
    }

    private static async Task<Results<Ok<IntakeResult>, ProblemHttpResult>> CaseEvents(HttpRequest request, ExchangeSystems systems, CaseIntake intake, CancellationToken ct)
    {
        if (request.ContentLength > MaxIntakeBytes)
        {
            return ApiProblems.Problem(413, "too-large", "请求过大 (Request too large)", $"请求体超过 {MaxIntakeBytes / 1024 / 1024} MB，请分批报送，每批至多 {CaseIntake.MaxLines} 行 (split the events into batches of at most {CaseIntake.MaxLines} lines).");
        }

        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, ct);
        if (buffer.Length > MaxIntakeBytes)
        {
            return ApiProblems.Problem(413, "too-large", "请求过大 (Request too large)", $"请求体超过 {MaxIntakeBytes / 1024 / 1024} MB (request body too large).");
        }

        var body = buffer.GetBuffer().AsMemory(0, (int)buffer.Length);
        var (system, error) = await systems.AuthenticateAsync(request.Headers["X-Sunlight-System"], request.Headers["X-Sunlight-Timestamp"], request.Headers["X-Sunlight-Signature"], body, ct);
        if (system is null)
        {
            return ApiProblems.Problem(401, "bad-signature", "签名无效 (Signature rejected)", error!);
        }

        var lines = System.Text.Encoding.UTF8.GetString(body.Span).Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        while (lines.Count > 0 && lines[^1].Length == 0)
        {
            lines.RemoveAt(lines.Count - 1);
        }

        if (lines.Count > CaseIntake.MaxLines)
        {
            return ApiProblems.Problem(413, "too-many-lines", "行数过多 (Too many lines)", $"一批至多 {CaseIntake.MaxLines} 行，收到 {lines.Count} 行，未作任何处理 (at most {CaseIntake.MaxLines} lines per batch; nothing was stored).");
        }

        return TypedResults.Ok(await intake.IngestAsync(system.Id, system.OrganisationCode, lines, ct));
    }

    private static async Task<Results<Created<SystemSecret>, ProblemHttpResult>> Register(SystemInput input, Caller caller, ExchangeSystems systems, CancellationToken ct)
    {
        try
        {
            var created = await systems.AddAsync(caller.Who, input.Id ?? "", input.Organisation ?? "", ct);
            return TypedResults.Created($"/api/v1/exchange/systems/{created.Id}", created);
        }
        catch (ArgumentException e)
        {
            return ApiProblems.Problem(400, "invalid-input", "输入有误 (Invalid input)", e.Message);
        }
    }

    private static async Task<Results<Ok<SystemSecret>, ProblemHttpResult>> Rotate(string id, Caller caller, ExchangeSystems systems, CancellationToken ct) =>
        await systems.RotateAsync(caller.Who, id, ct) is { } rotated
            ? TypedResults.Ok(rotated)
            : ApiProblems.Problem(404, "not-found", "未找到 (Not found)", $"您的管辖范围内没有系统 {id} (no system {id} in your jurisdiction).");

    private static async Task<Ok<IEnumerable<SystemListing>>> List(Caller caller, ExchangeSystems systems, CancellationToken ct) =>
        TypedResults.Ok((await systems.ListAsync(caller.Who, ct)).Select(s => new SystemListing(s.Id, s.Organisation, s.CreatedAt, s.RotatedAt)));
}

/// <summary>A registered system as listed (never its secret).</summary>
internal sealed record SystemListing(string Id, string Organisation, DateTimeOffset CreatedAt, DateTimeOffset? RotatedAt);
