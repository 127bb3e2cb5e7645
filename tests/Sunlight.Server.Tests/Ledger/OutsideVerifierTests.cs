using Microsoft.Extensions.DependencyInjection;
using Sunlight.Core.Ledger;
using Sunlight.Core.Storage;

namespace Sunlight.Server.Tests.Ledger;

/// <summary>
/// An implementation that is not ours checks the node: Go's golang.org/x/mod/sumdb/note and sumdb/tlog (Debian's
/// packages golang-go and golang-golang-x-mod-dev) verify the signed checkpoint, every tile and entry bundle, the
/// level-1 tile, inclusion proofs and a consistency proof, over HTTP on loopback.
/// </summary>
public sealed class OutsideVerifierTests : IAsyncLifetime
{
    private LedgerPeer _node = default!;

    public async ValueTask InitializeAsync()
    {
        _node = new LedgerPeer(Enumerable.Range(40, 32).Select(i => (byte)i).ToArray(), "sunlight.test/370783", new Dictionary<string, string>());
        await _node.InitializeAsync();
    }

    [Fact]
    public async Task Go_transparency_log_code_verifies_checkpoint_tiles_and_proofs()
    {
        if (!File.Exists("/usr/bin/go") || !System.IO.Directory.Exists("/usr/share/gocode/src/golang.org/x/mod/sumdb/tlog"))
        {
            Assert.Fail("Go and golang.org/x/mod are needed: 'apt-get install -y golang-go golang-golang-x-mod-dev' (./test.sh does this).");
        }

        // Past 65,536 leaves, so a level-1 tile exists and is compared too.
        await using (var scope = _node.Services.CreateAsyncScope())
        {
            var factory = scope.ServiceProvider.GetRequiredService<Microsoft.EntityFrameworkCore.IDbContextFactory<CoreDbContext>>();
            for (var batch = 0; batch < 66; batch++)
            {
                await using var db = factory.CreateDbContext();
                await using var unit = await UnitOfWork.BeginAsync(db, CancellationToken.None);
                for (var i = 0; i < 1000; i++)
                {
                    unit.Record(RecordDraft.Json("test.outside", $"r-{batch}-{i}", new { batch, i }));
                }

                await unit.CommitAsync(CancellationToken.None);
            }
        }

        await _node.Services.GetRequiredService<LedgerIntegrator>().CheckpointAsync(CancellationToken.None);

        var work = System.IO.Directory.CreateTempSubdirectory("sunlight-go-").FullName;
        try
        {
            var env = new Dictionary<string, string>
            {
                ["GO111MODULE"] = "off",
                ["GOPATH"] = "/usr/share/gocode",
                ["GOCACHE"] = Path.Combine(work, "cache"),
                ["GOFLAGS"] = "",
            };
            var binary = Path.Combine(work, "outside-verifier");
            var build = await Processes.RunAsync("/usr/bin/go", Path.Combine(Processes.RepositoryRoot(), "tests", "outside-verifier"), ["build", "-o", binary, "."], env);
            Assert.True(build.Exit == 0, build.Err);
            var run = await Processes.RunAsync(binary, work, [_node.KestrelBaseUrl], env);
            Assert.True(run.Exit == 0, run.Out + run.Err);
            Assert.StartsWith("OK:", run.Out, StringComparison.Ordinal);
        }
        finally
        {
            System.IO.Directory.Delete(work, recursive: true);
        }
    }

    public async ValueTask DisposeAsync() => await _node.DisposeAsync();
}
