using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Sunlight.Core.Accounts;
using Sunlight.Core.Api;

namespace Sunlight.Core.Ledger;

/// <summary>
/// 防篡改账本 — the C2SP routes at <c>/ledger/…</c> (public: hashes only; the paths are fixed by the standards) and the
/// JSON helpers at <c>/api/v1/ledger</c>.
/// </summary>
internal static class LedgerEndpoints
{
    private const string Text = "text/plain; charset=utf-8";

    public static void MapRoot(IEndpointRouteBuilder root)
    {
        var ledger = root.MapGroup("/ledger").WithTags("Ledger (C2SP)").AllowAnonymous();
        ledger.MapGet("checkpoint", Checkpoint).WithSummary("The latest signed checkpoint (C2SP tlog-checkpoint) with its witnesses' cosignatures.");
        ledger.MapGet("key", (LedgerKeys keys) => Results.Text(keys.VerifierKey + "\n", Text)).WithSummary("The log's verifier key (C2SP vkey: name+keyid+base64(0x01‖key)).");
        ledger.MapGet("witness/key", (LedgerKeys keys) => Results.Text(keys.CosignerKey + "\n", Text))
            .WithSummary("This node's cosigner verifier key, for children that submit checkpoints here.");
        ledger.MapGet("tile/{**path}", Tile).WithSummary("Hash tiles and entry bundles (C2SP tlog-tiles). Entry bundles hold each leaf behind a 2-byte big-endian length.");
        ledger.MapPost("witness/add-checkpoint", AddCheckpoint).DisableAntiforgery()
            .WithSummary("C2SP tlog-witness: a child submits a checkpoint with a consistency proof; 200 returns the cosignature.");
    }

    public static void Map(IEndpointRouteBuilder api)
    {
        var ledger = api.MapGroup("ledger").WithTags("Ledger");
        ledger.MapGet("proof/inclusion", Inclusion).AllowAnonymous().WithSummary("RFC 9162 inclusion proof of leaf index in the tree of the given size.");
        ledger.MapGet("proof/consistency", Consistency).AllowAnonymous().WithSummary("RFC 9162 consistency proof between two tree sizes.");
        ledger.MapGet("check", Check).AllowAnonymous().WithSummary("Anyone checks a record: its sequence number and body hash against the latest signed checkpoint.");
        ledger.MapGet("records/{seq:long}", Record).RequireAuthorization(SunlightPolicies.LedgerRead).WithSummary("A record's body with its inclusion proof, for readers allowed to see it.");
        ledger.MapGet("status", Status).RequireAuthorization(SunlightPolicies.LedgerRead).WithSummary("Size, latest checkpoint, witnesses and incidents.");
        ledger.MapPost("checkpoint", SignNow).RequireAuthorization(SunlightPolicies.LedgerManage).WithSummary("Integrate and sign a checkpoint now.");
    }

    private static async Task<IResult> Checkpoint(LedgerReader reader, CancellationToken ct) =>
        await reader.CheckpointNoteAsync(ct) is { } note ? Results.Text(note, Text) : Results.Text("no checkpoint has been signed yet\n", Text, statusCode: 404);

    private static async Task<IResult> Tile(string path, HttpContext http, LedgerReader reader, CancellationToken ct)
    {
        if (!TilePath.TryParse("tile/" + path, out var address))
        {
            return Results.Text($"'tile/{path}' is not a C2SP tile path (tile/<L>/<N>[.p/<W>] or tile/entries/<N>[.p/<W>])\n", Text, statusCode: 400);
        }

        var bytes = address.IsEntries
            ? await reader.EntriesAsync(address.Index, address.Width, ct)
            : await reader.TileAsync(address.Level, address.Index, address.Width, ct);
        if (bytes is null)
        {
            return Results.Text($"tile/{path} is beyond the current tree\n", Text, statusCode: 404);
        }

        if (address.Width == TilePath.Width)
        {
            http.Response.Headers.CacheControl = "public, max-age=31536000, immutable";
        }

        return Results.Bytes(bytes, "application/octet-stream");
    }

    private static async Task<IResult> AddCheckpoint(HttpRequest request, WitnessService witness, CancellationToken ct)
    {
        if (request.ContentLength > WitnessService.MaxBodyBytes)
        {
            return Results.Text($"request body larger than {WitnessService.MaxBodyBytes} bytes\n", Text, statusCode: 413);
        }

        var buffer = new byte[WitnessService.MaxBodyBytes + 1];
        var read = 0;
        int n;
        while (read < buffer.Length && (n = await request.Body.ReadAsync(buffer.AsMemory(read), ct)) > 0)
        {
            read += n;
        }

        if (read > WitnessService.MaxBodyBytes)
        {
            return Results.Text($"request body larger than {WitnessService.MaxBodyBytes} bytes\n", Text, statusCode: 413);
        }

        var answer = await witness.AddCheckpointAsync(Encoding.UTF8.GetString(buffer, 0, read), ct);
        return Results.Text(answer.Body, answer.ContentType, statusCode: answer.Status);
    }

    private static async Task<Ok<ProofAnswer>> Inclusion(long? index, long? size, LedgerReader reader, CancellationToken ct) =>
        index is null || size is null
            ? throw new LedgerRequestException(Refusal.Invalid, "missing-parameter", Bilingual.Say("需要 index 和 size 两个整数参数", "index and size are required integers."))
            : TypedResults.Ok(new ProofAnswer(Encode(await reader.InclusionProofAsync(index.Value, size.Value, ct))));

    private static async Task<Ok<ProofAnswer>> Consistency(long? from, long? to, LedgerReader reader, CancellationToken ct) =>
        from is null || to is null
            ? throw new LedgerRequestException(Refusal.Invalid, "missing-parameter", Bilingual.Say("需要 from 和 to 两个整数参数", "from and to are required integers."))
            : TypedResults.Ok(new ProofAnswer(Encode(await reader.ConsistencyProofAsync(from.Value, to.Value, ct))));

    private static async Task<Ok<RecordCheck>> Check(long? seq, string? bodyHash, LedgerStatusService status, CancellationToken ct) =>
        TypedResults.Ok(await status.CheckAsync(seq, bodyHash, ct));

    private static async Task<Ok<RecordAnswer>> Record(long seq, Caller caller, LedgerStatusService status, CancellationToken ct) =>
        TypedResults.Ok(await status.RecordAsync(caller.Who, seq, ct));

    private static async Task<Ok<LedgerStatusService.Status>> Status(LedgerStatusService status, CancellationToken ct) => TypedResults.Ok(await status.StatusAsync(ct));

    private static async Task<Ok<SignedNow>> SignNow(LedgerIntegrator integrator, WitnessClient witness, CancellationToken ct)
    {
        var checkpoint = await integrator.CheckpointAsync(ct);
        var cosigned = witness.Enabled && await witness.SubmitAsync(checkpoint, ct);
        return TypedResults.Ok(new SignedNow(checkpoint.Size, Convert.ToBase64String(checkpoint.Root), checkpoint.Note, cosigned));
    }

    private static List<string> Encode(IReadOnlyList<byte[]> hashes) => hashes.Select(Convert.ToBase64String).ToList();
}

/// <summary>A checkpoint signed on request: its size, root, note and whether the level above cosigned it.</summary>
public sealed record SignedNow(long Size, string Root, string Note, bool Cosigned);
