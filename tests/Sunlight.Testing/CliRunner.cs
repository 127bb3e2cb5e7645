using System.Reflection;

namespace Sunlight.Testing;

/// <summary>
/// The real <c>sunlight</c> executable run as a process, in a folder of its own with its own SQLite database
/// (<see cref="Database"/>), reading the server's configuration keys from the environment. Disposing removes the folder.
/// </summary>
public sealed class CliRunner : IDisposable
{
    public string Folder { get; } = Directory.CreateTempSubdirectory("sunlight-cli-").FullName;

    /// <summary>The SQLite file the commands use unless the environment names another database.</summary>
    public string Database => Path.Combine(Folder, "cli.db");

    private static string CliPath => typeof(CliRunner).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "SunlightCli").Value!;

    public Task<(int Exit, string Out, string Err)> Run(IDictionary<string, string>? env, params string[] args)
    {
        var environment = new Dictionary<string, string> { ["ConnectionStrings__Sunlight"] = $"Data Source={Database}" };
        foreach (var (k, v) in env ?? new Dictionary<string, string>())
        {
            environment[k] = v;
        }

        return Processes.RunAsync("dotnet", Folder, [CliPath, .. args], environment);
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(Folder, recursive: true);
    }
}
