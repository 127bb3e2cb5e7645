using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Sunlight.Core.Accounts;
using Sunlight.Core.Directory;
using Sunlight.Core.Storage;

namespace Sunlight.Server.Tests;

/// <summary>Migrations match the model on both providers; the unit of work commits or rolls back as one.</summary>
public abstract class StorageTests(SunlightNode node)
{
    [Fact]
    public async Task Every_module_store_has_no_model_changes_without_a_migration()
    {
        var stores = SunlightApp.Modules.SelectMany(m => m.Stores.Select(s => (Module: m.Key, Store: s))).ToList();
        Assert.Contains(stores, s => s.Module == "services");
        foreach (var (module, store) in stores)
        {
            await using var db = store.Create(node.Services);
            Assert.False(db.Database.HasPendingModelChanges(),
                $"The {store.Context.Name} model ({module}) changed without a migration for {node.Provider}. Run ./scripts/add-migration.sh <Name> <Module> (it adds both providers' migrations).");
            Assert.Empty(await db.Database.GetPendingMigrationsAsync(TestContext.Current.CancellationToken));
        }
    }

    [Fact]
    public async Task Every_module_maps_its_tables_to_its_own_schema_or_prefix()
    {
        foreach (var store in SunlightApp.Modules.SelectMany(m => m.Stores))
        {
            await using var db = store.Create(node.Services);
            foreach (var entity in db.Model.GetEntityTypes().Where(e => e.GetTableName() is not null))
            {
                var where = node.Provider == "Postgres" ? entity.GetSchema() : entity.GetTableName()!.Split('_')[0];
                Assert.True(where == store.Schema, $"{store.Context.Name} maps {entity.ClrType.Name} to {entity.GetSchema()}.{entity.GetTableName()}, outside '{store.Schema}'");
            }
        }
    }

    [Fact]
    public async Task Every_ledger_record_type_belongs_to_the_prefix_of_one_module()
    {
        var prefixes = SunlightApp.Modules.SelectMany(m => m.RecordPrefixes).ToList();
        await using var scope = node.Services.CreateAsyncScope();
        var types = await scope.ServiceProvider.GetRequiredService<CoreDbContext>().LedgerRecords.AsNoTracking().Select(r => r.Type).Distinct()
            .ToListAsync(TestContext.Current.CancellationToken);
        Assert.Contains("directory.organisation.created", types);
        Assert.All(types, t => Assert.True(prefixes.Count(p => t.StartsWith(p, StringComparison.Ordinal)) == 1, $"record type {t} is not under exactly one module's prefix"));
    }

    [Fact]
    public async Task Tables_carry_the_module_prefix_or_schema()
    {
        await using var scope = node.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CoreDbContext>();
        var table = db.Model.FindEntityType(typeof(Organisation))!;
        if (node.Provider == "Postgres")
        {
            Assert.Equal(("core", "organisations"), (table.GetSchema(), table.GetTableName()));
        }
        else
        {
            Assert.Equal("core_organisations", table.GetTableName());
        }
    }

    [Fact]
    public async Task Unit_of_work_rolls_back_every_enlisted_context_together()
    {
        var ct = TestContext.Current.CancellationToken;
        var factory = node.Services.GetRequiredService<IDbContextFactory<CoreDbContext>>();
        var marker = "uow-" + Guid.NewGuid().ToString("N")[..8];
        await using (var core = factory.CreateDbContext())
        await using (var other = factory.CreateDbContext())
        {
            await using var unit = await UnitOfWork.BeginAsync(core, ct);
            unit.Enlist(other);
            core.AuditEvents.Add(new AuditEvent { At = DateTimeOffset.UtcNow, Kind = "test", Detail = marker + "-a" });
            other.AuditEvents.Add(new AuditEvent { At = DateTimeOffset.UtcNow, Kind = "test", Detail = marker + "-b" });
            await core.SaveChangesAsync(ct);
            await other.SaveChangesAsync(ct);
            // Disposed without commit.
        }

        await using (var check = factory.CreateDbContext())
        {
            Assert.Equal(0, await check.AuditEvents.CountAsync(a => a.Detail!.StartsWith(marker), ct));
        }

        await using (var core = factory.CreateDbContext())
        await using (var other = factory.CreateDbContext())
        {
            await using var unit = await UnitOfWork.BeginAsync(core, ct);
            unit.Enlist(other);
            core.AuditEvents.Add(new AuditEvent { At = DateTimeOffset.UtcNow, Kind = "test", Detail = marker + "-a" });
            other.AuditEvents.Add(new AuditEvent { At = DateTimeOffset.UtcNow, Kind = "test", Detail = marker + "-b" });
            await unit.CommitAsync(ct);
        }

        await using (var check = factory.CreateDbContext())
        {
            Assert.Equal(2, await check.AuditEvents.CountAsync(a => a.Detail!.StartsWith(marker), ct));
        }
    }
}

public sealed class StorageTestsOnSqlite(SqliteNode node) : StorageTests(node), IClassFixture<SqliteNode>;

public sealed class StorageTestsOnPostgres(PostgresNode node) : StorageTests(node), IClassFixture<PostgresNode>;
