using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Sunlight.Core.Storage;
using Sunlight.Services.Storage;

namespace Sunlight.Services.Tests;

/// <summary>
/// Upgrading a node whose department systems were registered before the exchange moved to Core: each system is
/// kept — id, organisation, protected secret, dates — and scoped to the case events it pushed; nothing is lost.
/// </summary>
public sealed class SystemsMoveTests(PostgresServer postgres)
{
    [Fact]
    public async Task Systems_registered_before_the_move_are_kept_with_their_secret_and_scoped_to_case_events_on_sqlite()
    {
        var file = Path.Combine(Path.GetTempPath(), $"systems-move-{Guid.NewGuid():N}.db");
        try
        {
            var connection = $"Data Source={file}";
            await UpgradeAsync(
                () => new CoreSqliteDbContext(Options<CoreSqliteDbContext>(o => SunlightStorage.ConfigureSqlite(o, connection, CoreDbContext.Schema))),
                () => new ServicesSqliteDbContext(Options<ServicesSqliteDbContext>(o => SunlightStorage.ConfigureSqlite(o, connection, ServicesDbContext.Schema))),
                "INSERT INTO services_systems (Id, OrganisationCode, RegionPath, ProtectedSecret, CreatedAt) VALUES ('old-sys', '370781-scjg', '/370000/370700/370781/', 'protected', 0)");
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            File.Delete(file);
        }
    }

    [Fact]
    public async Task Systems_registered_before_the_move_are_kept_with_their_secret_and_scoped_to_case_events_on_postgres()
    {
        var connection = await postgres.CreateDatabaseAsync("systemsmove");
        await UpgradeAsync(
            () => new CorePostgresDbContext(Options<CorePostgresDbContext>(o => SunlightStorage.ConfigurePostgres(o, connection, CoreDbContext.Schema))),
            () => new ServicesPostgresDbContext(Options<ServicesPostgresDbContext>(o => SunlightStorage.ConfigurePostgres(o, connection, ServicesDbContext.Schema))),
            "INSERT INTO services.systems (\"Id\", \"OrganisationCode\", \"RegionPath\", \"ProtectedSecret\", \"CreatedAt\") VALUES ('old-sys', '370781-scjg', '/370000/370700/370781/', 'protected', now())");
    }

    private static DbContextOptions<T> Options<T>(Action<DbContextOptionsBuilder> configure)
        where T : DbContext
    {
        var builder = new DbContextOptionsBuilder<T>();
        configure(builder);
        return builder.Options;
    }

    private static async Task UpgradeAsync(Func<CoreDbContext> core, Func<ServicesDbContext> services, string insertOldSystem)
    {
        var ct = TestContext.Current.CancellationToken;
        await using (var db = core())
        {
            await db.Database.MigrateAsync(ct);
        }

        await using (var db = services())
        {
            // The node as it was: Services' schema up to the migration before the move, one system registered.
            await db.GetService<IMigrator>().MigrateAsync("CaseClosedAt", ct);
            await db.Database.ExecuteSqlRawAsync(insertOldSystem, ct);
            await db.Database.MigrateAsync(ct);
            Assert.Empty(await db.Database.GetPendingMigrationsAsync(ct));
        }

        await using (var db = core())
        {
            var moved = await db.ExchangeSystems.AsNoTracking().SingleAsync(s => s.Id == "old-sys", ct);
            Assert.Equal(("370781-scjg", "/370000/370700/370781/", "protected", "case-events"), (moved.OrganisationCode, moved.RegionPath, moved.ProtectedSecret, moved.Feeds));
        }
    }
}
