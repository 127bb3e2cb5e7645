using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Sunlight.Core;
using Sunlight.Core.Api;

namespace Sunlight.Trading.Draws;

/// <summary>专家抽取 — <c>/api/v1/trading/draws</c>: a centre's operator requests a draw; anyone reads it once the lot is awarded.</summary>
internal static class DrawEndpoints
{
    public static void Map(IEndpointRouteBuilder api)
    {
        var draws = api.MapGroup("trading/draws").WithTags("Trading");
        draws.MapPost("", Request).RequireAuthorization(TradingPolicies.Draw)
            .WithSummary("Requests a draw {ocid, lot, evaluationAt, groups:[{specialty, count, alternates}], remote?} for a trade of the caller's centre: 201 {drawId, status committed}; it completes from the ledger's next beacon. 422: past or too early (lead time per region and kind), too small a pool.");
        draws.MapPost("{id}/replacements", Replace).RequireAuthorization(TradingPolicies.Draw)
            .WithSummary("A selected expert declined {expert, reason}: the group's next unused alternate takes the seat (never a choice), recorded as trading.draw.replaced. 409 when no alternate is left or the lot is awarded.");
        draws.MapGet("{id}/proof", Proof).AllowAnonymous()
            .WithSummary("The draw's proof (codes only): both records, the inclusion proof of the commitment in the beacon checkpoint, the signed checkpoint, its cosignature and the verifying keys — what `sunlight trading verify-draw` checks offline.");
        draws.MapGet("{id}", Get).AllowAnonymous()
            .WithSummary("A draw: status, seed and the selected and alternate expert codes per group — public once an award of the lot is active; before that for supervisors and the requesting centre's operators (others see the status only).");
    }

    private static async Task<IResult> Proof(string id, HttpContext http, DrawService draws, CancellationToken ct) =>
        await draws.ProofAsync(Caller.From(http.User)?.Who, id, ct) is { } proof
            ? Results.Text(proof.ToJsonString(), "application/json; charset=utf-8")
            : ApiProblems.Problem(404, "not-found", Bilingual.Say("未找到", "Not found"), Bilingual.Say($"抽取 {id} 尚无可公开的证明", $"no proof of draw {id} you may read yet"));

    private static async Task<Created<DrawView>> Request(DrawRequest input, Caller caller, DrawService draws, CancellationToken ct)
    {
        var view = await draws.RequestAsync(caller.Who, caller.UserName, input, ct);
        return TypedResults.Created($"/api/v1/trading/draws/{view.DrawId}", view);
    }

    /// <summary>The body of a replacement: who declined and why.</summary>
    internal sealed record ReplacementInput(string? Expert, string? Reason);

    private static async Task<Ok<DrawView>> Replace(string id, ReplacementInput input, Caller caller, DrawService draws, CancellationToken ct) =>
        TypedResults.Ok(await draws.ReplaceAsync(caller.Who, caller.UserName, id, input?.Expert, input?.Reason, ct));

    private static async Task<Results<Ok<DrawView>, ProblemHttpResult>> Get(string id, HttpContext http, DrawService draws, CancellationToken ct) =>
        await draws.GetAsync(Caller.From(http.User)?.Who, id, ct) is { } view
            ? TypedResults.Ok(view)
            : ApiProblems.Problem(404, "not-found", Bilingual.Say("未找到", "Not found"), Bilingual.Say($"没有可公开的抽取 {id}", $"no draw {id} you may read"));
}
