using Microsoft.Extensions.Configuration;

namespace Sunlight.Core.Storage;

/// <summary>Which database engine a node runs on.</summary>
public enum DatabaseProvider
{
    /// <summary>Embedded SQLite file: the default, no set-up.</summary>
    Sqlite,

    /// <summary>PostgreSQL: production, several instances on one primary.</summary>
    Postgres,
}

/// <summary>
/// Storage settings: <c>Sunlight:Database:Provider</c> and <c>ConnectionStrings:Sunlight</c>
/// (environment: <c>Sunlight__Database__Provider</c>, <c>ConnectionStrings__Sunlight</c>).
/// </summary>
public sealed class DatabaseOptions
{
    public const string DefaultSqliteConnection = "Data Source=./data/sunlight.db";

    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    public string ConnectionString { get; set; } = DefaultSqliteConnection;

    /// <summary>Apply pending migrations at start (server and CLI). On by default.</summary>
    public bool AutoMigrate { get; set; } = true;

    public static DatabaseOptions FromConfiguration(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var options = new DatabaseOptions();
        var provider = configuration["Sunlight:Database:Provider"];
        if (!string.IsNullOrWhiteSpace(provider))
        {
            options.Provider = provider.Trim().ToUpperInvariant() switch
            {
                "SQLITE" => DatabaseProvider.Sqlite,
                "POSTGRES" or "POSTGRESQL" or "NPGSQL" => DatabaseProvider.Postgres,
                _ => throw new InvalidOperationException(
                    $"Sunlight:Database:Provider 的值 \"{provider}\" 无效，只能是 Sqlite 或 Postgres (unknown database provider \"{provider}\"; use Sqlite or Postgres)."),
            };
        }

        var connection = configuration.GetConnectionString("Sunlight");
        if (!string.IsNullOrWhiteSpace(connection))
        {
            options.ConnectionString = connection;
        }
        else if (options.Provider == DatabaseProvider.Postgres)
        {
            throw new InvalidOperationException(
                "使用 PostgreSQL 时必须设置 ConnectionStrings:Sunlight (ConnectionStrings__Sunlight) (a PostgreSQL connection string is required).");
        }

        if (bool.TryParse(configuration["Sunlight:Database:AutoMigrate"], out var autoMigrate))
        {
            options.AutoMigrate = autoMigrate;
        }

        return options;
    }
}
