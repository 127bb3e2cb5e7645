using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Sunlight.Core.Accounts;
using Sunlight.Core.Api;
using Sunlight.Core.Modules;

namespace Sunlight.Core.Ledger;

/// <summary>
/// 防篡改账本 — records in an RFC 9162 Merkle tree, C2SP checkpoints and tiles, witnessing by the level above.
/// The C2SP routes live at <c>/ledger/…</c> (public: they carry hashes only); JSON helpers at <c>/api/v1/ledger</c>.
/// </summary>
public sealed class LedgerModule : ISunlightModule
{
    public string Key => "ledger";

    public string DisplayNameKey => "Module_Ledger";

    private const string RoutePrefix = "ledger";

    public IReadOnlyList<ModulePolicy> Policies { get; } = [SunlightPolicies.Of(SunlightPolicies.LedgerRead), SunlightPolicies.Of(SunlightPolicies.LedgerManage)];

    public IReadOnlyList<string> RecordPrefixes { get; } = ["ledger."];

    public IReadOnlyList<NavigationEntry> Navigation { get; } =
    [
        new("ledger", "Nav_Ledger", "VerifiedUser", [SunlightRoles.Supervisor, SunlightRoles.Inspector, SunlightRoles.Admin], 50),
        new("ledger/check", "Nav_LedgerCheck", "FactCheck", [], 42),
    ];

    public void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        var options = LedgerOptions.FromConfiguration(configuration);
        services.AddSingleton(options);
        services.AddSingleton(sp => LedgerKeys.Load(sp.GetRequiredService<LedgerOptions>()));
        services.AddSingleton<TileCache>();
        services.AddSingleton<LedgerIntegrator>();
        services.AddSingleton<WitnessClient>();
        services.AddScoped<LedgerReader>();
        services.AddScoped<WitnessService>();
        services.AddScoped<LedgerStatusService>();
        services.AddHttpClient("ledger-witness", c => c.Timeout = TimeSpan.FromSeconds(15));
        if (options.Background)
        {
            services.AddHostedService<LedgerBackgroundService>();
        }
    }

    public void MapRootEndpoints(IEndpointRouteBuilder root)
    {
        var ledger = root.MapGroup("/ledger").WithTags("Ledger (C2SP)").AllowAnonymous();

        ledger.MapGet("checkpoint", async (LedgerReader reader, CancellationToken ct) =>
            await reader.CheckpointNoteAsync(ct) is { } note
                ? Results.Text(note, "text/plain; charset=utf-8")
                : Results.Text("no checkpoint has been signed yet\n", "text/plain; charset=utf-8", statusCode: 404))
            .WithSummary("The latest signed checkpoint (C2SP tlog-checkpoint) with its witnesses' cosignatures.");

        ledger.MapGet("key", (LedgerKeys keys) => Results.Text(keys.VerifierKey + "\n", "text/plain; charset=utf-8"))
            .WithSummary("The log's verifier key (C2SP vkey: name+keyid+base64(0x01‖key)).");

        ledger.MapGet("witness/key", (LedgerKeys keys) => Results.Text(keys.CosignerKey + "\n", "text/plain; charset=utf-8"))
            .WithSummary("This node's cosigner verifier key, for children that submit checkpoints here.");

        ledger.MapGet("tile/{**path}", async (string path, HttpContext http, LedgerReader reader, CancellationToken ct) =>
        {
            if (!TilePath.TryParse("tile/" + path, out var address))
            {
                return Results.Text($"'tile/{path}' is not a C2SP tile path (tile/<L>/<N>[.p/<W>] or tile/entries/<N>[.p/<W>])\n", "text/plain; charset=utf-8", statusCode: 400);
            }

            var bytes = address.IsEntries
                ? await reader.EntriesAsync(address.Index, address.Width, ct)
                : await reader.TileAsync(address.Level, address.Index, address.Width, ct);
            if (bytes is null)
            {
                return Results.Text($"tile/{path} is beyond the current tree\n", "text/plain; charset=utf-8", statusCode: 404);
            }

            if (address.Width == TilePath.Width)
            {
                http.Response.Headers.CacheControl = "public, max-age=31536000, immutable";
            }

            return Results.Bytes(bytes, "application/octet-stream");
        }).WithSummary("Hash tiles and entry bundles (C2SP tlog-tiles). Entry bundles hold each leaf behind a 2-byte big-endian length.");

        ledger.MapPost("witness/add-checkpoint", async (HttpRequest request, WitnessService witness, CancellationToken ct) =>
        {
            if (request.ContentLength > WitnessService.MaxBodyBytes)
            {
                return Results.Text($"request body larger than {WitnessService.MaxBodyBytes} bytes\n", "text/plain; charset=utf-8", statusCode: 413);
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
                return Results.Text($"request body larger than {WitnessService.MaxBodyBytes} bytes\n", "text/plain; charset=utf-8", statusCode: 413);
            }

            var answer = await witness.AddCheckpointAsync(Encoding.UTF8.GetString(buffer, 0, read), ct);
            return Results.Text(answer.Body, answer.ContentType, statusCode: answer.Status);
        }).DisableAntiforgery().WithSummary("C2SP tlog-witness: a child submits a checkpoint with a consistency proof; 200 returns the cosignature.");
    }

    public void MapEndpoints(IEndpointRouteBuilder api)
    {
        var group = api.MapGroup(RoutePrefix).WithTags("Ledger");

        group.MapGet("proof/inclusion", async Task<Results<Ok<ProofAnswer>, ProblemHttpResult>> (long? index, long? size, LedgerReader reader, CancellationToken ct) =>
        {
            if (index is null || size is null)
            {
                return ApiProblems.Problem(400, "missing-parameter", "缺少参数 (Missing parameter)", "需要 index 和 size 两个整数参数 (index and size are required integers).");
            }

            return await Answer(async () => new ProofAnswer(Encode(await reader.InclusionProofAsync(index.Value, size.Value, ct))));
        }).AllowAnonymous().WithSummary("RFC 9162 inclusion proof of leaf index in the tree of the given size.");

        group.MapGet("proof/consistency", async Task<Results<Ok<ProofAnswer>, ProblemHttpResult>> (long? from, long? to, LedgerReader reader, CancellationToken ct) =>
        {
            if (from is null || to is null)
            {
                return ApiProblems.Problem(400, "missing-parameter", "缺少参数 (Missing parameter)", "需要 from 和 to 两个整数参数 (from and to are required integers).");
            }

            return await Answer(async () => new ProofAnswer(Encode(await reader.ConsistencyProofAsync(from.Value, to.Value, ct))));
        }).AllowAnonymous().WithSummary("RFC 9162 consistency proof between two tree sizes.");

        group.MapGet("check", async Task<Results<Ok<RecordCheck>, ProblemHttpResult>> (long? seq, string? bodyHash, LedgerStatusService status, CancellationToken ct) =>
            await Answer(() => status.CheckAsync(seq, bodyHash, ct)))
            .AllowAnonymous().WithSummary("Anyone checks a record: its sequence number and body hash against the latest signed checkpoint.");

        group.MapGet("records/{seq:long}", async Task<Results<Ok<RecordAnswer>, ProblemHttpResult>> (long seq, HttpContext http, LedgerStatusService status, CancellationToken ct) =>
        {
            var who = Jurisdiction.From(http.User)!;
            return await Answer(() => status.RecordAsync(who, seq, ct));
        }).RequireAuthorization(SunlightPolicies.LedgerRead).WithSummary("A record's body with its inclusion proof, for readers allowed to see it.");

        group.MapGet("status", async (LedgerStatusService status, CancellationToken ct) => TypedResults.Ok(await status.StatusAsync(ct)))
            .RequireAuthorization(SunlightPolicies.LedgerRead);

        group.MapPost("checkpoint", async (LedgerIntegrator integrator, WitnessClient witness, CancellationToken ct) =>
        {
            var checkpoint = await integrator.CheckpointAsync(ct);
            var cosigned = witness.Enabled && await witness.SubmitAsync(checkpoint, ct);
            return TypedResults.Ok(new { checkpoint.Size, root = Convert.ToBase64String(checkpoint.Root), checkpoint.Note, cosigned });
        }).RequireAuthorization(SunlightPolicies.LedgerManage).WithSummary("Integrate and sign a checkpoint now.");
    }

    public async Task SeedReferenceAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        // Sign a checkpoint at start so /ledger/checkpoint always answers (size 0 on a new node).
        await services.GetRequiredService<LedgerIntegrator>().CheckpointAsync(cancellationToken).ConfigureAwait(false);
    }

    public IEnumerable<ModuleCommand> Commands(ICommandNode node) => [new(LedgerCommands.Build(node))];

    private static List<string> Encode(IReadOnlyList<byte[]> hashes) => hashes.Select(Convert.ToBase64String).ToList();

    private static async Task<Results<Ok<T>, ProblemHttpResult>> Answer<T>(Func<Task<T>> compute)
    {
        try
        {
            return TypedResults.Ok(await compute().ConfigureAwait(false));
        }
        catch (LedgerRequestException e)
        {
            return ApiProblems.Problem(e.Status, e.Slug, "账本请求无效 (Invalid ledger request)", e.Message);
        }
    }
}

/// <summary>Base64 hashes of a proof.</summary>
public sealed record ProofAnswer(IReadOnlyList<string> Hashes);

/// <summary>The outcome of checking one record against the latest signed checkpoint.</summary>
public sealed record RecordCheck(
    long Sequence, string Leaf, string LeafHash, bool BodyHashMatches, long CheckpointSize, string Checkpoint,
    bool CheckpointSignatureValid, IReadOnlyList<string> Proof, bool Included);

/// <summary>A record body with its inclusion proof in the latest checkpoint.</summary>
public sealed record RecordAnswer(
    long Sequence, string Type, string Subject, DateTimeOffset At, JsonElement Body, string BodyHash, string LeafHash,
    long CheckpointSize, string Root, IReadOnlyList<string> Proof, bool Included);
