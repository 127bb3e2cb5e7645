using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Sunlight.Core.Ledger;
using Sunlight.Core.Storage;

namespace Sunlight.Server.Tests.Ledger;

/// <summary>A node on a PostgreSQL database that another node already uses (several instances behind one balancer).</summary>
public sealed class SharedPostgresNode(string connection, byte[] seed) : SunlightNode
{
    public override string Provider => "Postgres";

    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["Sunlight:Ledger:Key"] = Convert.ToBase64String(seed),
    };

    protected override Task PrepareDatabaseAsync()
    {
        ConnectionString = connection;
        return Task.CompletedTask;
    }
}

/// <summary>Two server instances on one PostgreSQL: sequence numbers stay dense, integration stays single, the ledger verifies.</summary>
public sealed class MultiInstanceTests(PostgresServer postgres)
{
    [Fact]
    public async Task Two_instances_writing_and_integrating_at_once_keep_one_dense_verifiable_ledger()
    {
        var connection = await postgres.CreateDatabaseAsync("multi");
        var seed = Enumerable.Range(7, 32).Select(i => (byte)i).ToArray();
        await using var a = new SharedPostgresNode(connection, seed);
        await a.InitializeAsync();
        await using var b = new SharedPostgresNode(connection, seed);
        await b.InitializeAsync();

        long before;
        var factoryA = a.Services.GetRequiredService<IDbContextFactory<CoreDbContext>>();
        await using (var db = factoryA.CreateDbContext())
        {
            before = await db.LedgerCounters.Select(c => c.Next).SingleAsync();
        }

        async Task Write(SunlightNode node, string name)
        {
            var factory = node.Services.GetRequiredService<IDbContextFactory<CoreDbContext>>();
            for (var i = 0; i < 30; i++)
            {
                await using var db = factory.CreateDbContext();
                await using var unit = await UnitOfWork.BeginAsync(db, CancellationToken.None);
                for (var j = 0; j < 5; j++)
                {
                    unit.Record(RecordDraft.Json("test.multi", $"{name}-{i}-{j}", new { name, i, j }));
                }

                await unit.CommitAsync(CancellationToken.None);
            }
        }

        async Task Integrate(SunlightNode node)
        {
            for (var i = 0; i < 10; i++)
            {
                await node.Services.GetRequiredService<LedgerIntegrator>().CheckpointAsync(CancellationToken.None);
            }
        }

        await Task.WhenAll(Write(a, "a"), Write(b, "b"), Write(a, "a2"), Write(b, "b2"), Integrate(a), Integrate(b));
        await a.Services.GetRequiredService<LedgerIntegrator>().CheckpointAsync(CancellationToken.None);

        await using (var db = factoryA.CreateDbContext())
        {
            var seqs = await db.LedgerRecords.Where(r => r.Sequence >= before).OrderBy(r => r.Sequence).Select(r => r.Sequence).ToListAsync();
            Assert.Equal(600, seqs.Count);
            Assert.Equal(Enumerable.Range(0, 600).Select(i => before + i), seqs);
            var keys = a.Services.GetRequiredService<LedgerKeys>();
            var report = await new LedgerVerifier(db, keys.Verifiers, keys.Origin).VerifyAsync(null, CancellationToken.None);
            Assert.True(report.Intact, report.Problem?.Message);
            Assert.Equal(before + 600, report.TreeSize);
        }
    }
}
