using System.CommandLine;
using Microsoft.EntityFrameworkCore;
using Sunlight.Core.Modules;
using Sunlight.Core.Storage;
using Sunlight.Server;

namespace Sunlight.Cli;

/// <summary>
/// The <c>sunlight</c> command, assembled from the modules: the host adds <c>serve</c> and <c>db</c>; every module adds
/// its own commands (<see cref="ISunlightModule.Commands"/>), at the top or under a shared verb such as <c>import</c>.
/// It reads the same configuration as the server (appsettings.json in the current folder, then environment variables
/// such as <c>ConnectionStrings__Sunlight</c> and <c>Sunlight__Database__Provider</c>).
/// </summary>
internal static class SunlightCommands
{
    /// <summary>Shared verbs several modules fill, with what each is for.</summary>
    private static readonly Dictionary<string, string> Verbs = new(StringComparer.Ordinal)
    {
        ["import"] = "Bulk loads (migrations from older systems).",
        ["replay"] = "Re-run history through the rules on a simulated clock.",
        ["flags"] = "Red flags computed over whole data sets.",
        ["check"] = "Batch cross-checks over whole data sets.",
    };

    public static RootCommand Build()
    {
        var root = new RootCommand("阳光监察 Sunlight — command-line tools. Configuration: appsettings.json in the current folder and environment variables (ConnectionStrings__Sunlight, Sunlight__Database__Provider).");
        root.Subcommands.Add(Serve());
        root.Subcommands.Add(Db());
        var node = new CommandNode();
        var shared = new Dictionary<string, Command>(StringComparer.Ordinal);
        foreach (var (command, verb) in SunlightApp.Modules.SelectMany(m => m.Commands(node)))
        {
            if (verb is null)
            {
                root.Subcommands.Add(command);
                continue;
            }

            if (!shared.TryGetValue(verb, out var parent))
            {
                parent = shared[verb] = new Command(verb, Verbs.GetValueOrDefault(verb, verb));
                root.Subcommands.Add(parent);
            }

            parent.Subcommands.Add(command);
        }

        return root;
    }

    private static Command Serve()
    {
        var urls = new Option<string?>("--urls") { Description = "Where to listen, e.g. http://localhost:5080 (default from appsettings.json)." };
        var command = new Command("serve", "Start the server (same as dotnet run --project src/Sunlight.Server).") { urls };
        command.SetAction(async (parse, ct) =>
        {
            var args = parse.GetValue(urls) is { } u ? new[] { "--urls", u } : [];
            var app = SunlightApp.Build(args);
            await SunlightApp.InitialiseAsync(app.Services, app.Configuration, Console.Out, ct);
            SunlightApp.PrintWelcome(app, Console.Out);
            await app.RunAsync(ct);
            return 0;
        });
        return command;
    }

    private static Command Db()
    {
        var demo = new Option<bool>("--demo") { Description = "Also seed the demo city when the database is empty." };
        var migrate = new Command("migrate", "Create or upgrade the database and load reference data (roles, calendar).") { demo };
        migrate.SetAction(async (parse, ct) =>
        {
            await using var session = await new CommandNode().OpenAsync(new CommandNodeOptions(Demo: parse.GetValue(demo)), ct);
            var options = session.Services.GetRequiredService<DatabaseOptions>();
            Console.WriteLine($"数据库已是最新 (database is up to date): {options.Provider}");
            return 0;
        });
        return new Command("db", "Database tools.") { migrate };
    }

    /// <summary>The node's services without the web server: migrated, reference data loaded.</summary>
    private sealed class CommandNode : ICommandNode
    {
        public async Task<ICommandSession> OpenAsync(CommandNodeOptions options, CancellationToken ct)
        {
            var app = SunlightApp.Build([], b =>
            {
                b.Logging.SetMinimumLevel(LogLevel.Warning);
                b.Configuration["Sunlight:Demo:Enabled"] = options.Demo ? "true" : "false";
                b.Configuration["Sunlight:Ledger:Background"] = "false";
                b.Configuration["Sunlight:Supervision:DueIntervalSeconds"] = "0";
                if (options.SqliteFile is { } file)
                {
                    b.Configuration["ConnectionStrings:Sunlight"] = $"Data Source={file}";
                    b.Configuration["Sunlight:Database:Provider"] = "Sqlite";
                }
            });
            if (options.Initialise)
            {
                await SunlightApp.InitialiseAsync(app.Services, app.Configuration, Console.Error, ct);
            }

            return new Session(app);
        }
    }

    private sealed class Session(WebApplication app) : ICommandSession
    {
        public IServiceProvider Services => app.Services;

        public async Task SnapshotAsync(string file, CancellationToken ct)
        {
            var database = app.Services.GetRequiredService<DatabaseOptions>();
            if (database.Provider != DatabaseProvider.Sqlite)
            {
                throw new NotSupportedException("只能复制 SQLite 节点；PostgreSQL 节点请先把库还原为副本再指向它 (only a SQLite node can be copied here; for PostgreSQL restore a copy and point ConnectionStrings__Sunlight at it).");
            }

            await using var scope = app.Services.CreateAsyncScope();
            var core = scope.ServiceProvider.GetRequiredService<CoreDbContext>();
            // VACUUM INTO takes its file name as a bound value too.
            await core.Database.ExecuteSqlAsync($"VACUUM INTO {file}", ct);
        }

        public ValueTask DisposeAsync() => app.DisposeAsync();
    }
}
