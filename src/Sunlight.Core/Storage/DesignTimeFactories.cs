using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Sunlight.Core.Storage;

/// <summary>
/// Lets <c>dotnet ef migrations add</c> build each provider's context without the server. Migrations for both
/// providers are added together; see docs/adr/0004-two-migration-sets.md.
/// </summary>
internal sealed class CoreSqliteDesignFactory : IDesignTimeDbContextFactory<CoreSqliteDbContext>
{
    public CoreSqliteDbContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<CoreSqliteDbContext>();
        options.UseSqlite("Data Source=design-time.db", o => o.MigrationsHistoryTable($"{CoreDbContext.Schema}_ef_migrations"));
        return new CoreSqliteDbContext(options.Options);
    }
}

/// <summary>Design-time PostgreSQL context; the connection string is never opened when adding migrations.</summary>
internal sealed class CorePostgresDesignFactory : IDesignTimeDbContextFactory<CorePostgresDbContext>
{
    public CorePostgresDbContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<CorePostgresDbContext>();
        SunlightStorage.ConfigurePostgres(options, "Host=localhost;Database=sunlight_design", CoreDbContext.Schema);
        return new CorePostgresDbContext(options.Options);
    }
}
