using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Sunlight.Core.Storage;

/// <summary>
/// Store naming shared by every module's DbContext: on PostgreSQL each module has its own schema,
/// on SQLite each table carries the module's prefix (<c>core_users</c>).
/// </summary>
public static class ModuleStoreNaming
{
    public static void Apply(ModelBuilder modelBuilder, string schema, bool usesSchemas)
    {
        ArgumentNullException.ThrowIfNull(modelBuilder);
        if (usesSchemas)
        {
            modelBuilder.HasDefaultSchema(schema);
            return;
        }

        foreach (var entity in modelBuilder.Model.GetEntityTypes())
        {
            var table = entity.GetTableName();
            if (table is not null && !table.StartsWith(schema + "_", StringComparison.Ordinal))
            {
                entity.SetTableName($"{schema}_{table}");
            }
        }
    }

    /// <summary>SQLite cannot compare DateTimeOffset values; store them as UTC ticks so ordering works.</summary>
    public static void ConfigureSqliteConventions(ModelConfigurationBuilder configurationBuilder)
    {
        ArgumentNullException.ThrowIfNull(configurationBuilder);
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<DateTimeOffsetToBinaryConverter>();
    }
}
