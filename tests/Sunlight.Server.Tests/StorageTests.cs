using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Sunlight.Core.Accounts;
using Sunlight.Core.Directory;
using Sunlight.Core.Storage;
using Sunlight.Server.Tests.Infrastructure;

namespace Sunlight.Server.Tests;

/// <summary>Migrations match the model on both providers; the unit of work commits or rolls back as one.</summary>
public abstract class StorageTests(SunlightNode node)
{
    [Fact]
    public async Task The_model_has_no_changes_without_a_migration()
    {
        await using var scope = node.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CoreDbContext>();
        Assert.False(db.Database.HasPendingModelChanges(),
            $"The Core model changed without a migration for {node.Provider}. Run ./scripts/add-migration.sh <Name> (it adds both providers' migrations).");
        Assert.Empty(await db.Database.GetPendingMigrationsAsync(TestContext.Current.CancellationToken));

        await using var services = await node.Services.GetRequiredService<IDbContextFactory<Sunlight.Services.Storage.ServicesDbContext>>()
            .CreateDbContextAsync(TestContext.Current.CancellationToken);
        Assert.False(services.Database.HasPendingModelChanges(),
            $"The Services model changed without a migration for {node.Provider}. Run ./scripts/add-migration.sh <Name> Services.");
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
