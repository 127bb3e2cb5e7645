using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;



namespace Sunlight.Testing;

/// <summary>
/// A real PostgreSQL for the test run: the server named by <c>SUNLIGHT_TEST_POSTGRES</c> (a connection string whose
/// user may create databases), or else Debian's binaries started here in a temporary folder (as the
/// <c>postgres</c> user when running as root, since initdb refuses root). Started lazily by the first test that
/// needs it; stopped and deleted at the end of the run. Never skipped: if PostgreSQL is missing the tests fail
/// and say how to install it.
/// </summary>
public sealed class PostgresServer : IAsyncDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private Process? _process;
    private string? _folder;
    private string? _adminConnection;
    private static readonly System.Collections.Concurrent.ConcurrentQueue<string> Log = new();

    public async Task<string> CreateDatabaseAsync(string hint)
    {
        var admin = await EnsureStartedAsync();
        var name = "sunlight_" + new string(hint.ToLowerInvariant().Where(char.IsAsciiLetterOrDigit).Take(30).ToArray()) + "_" + Guid.NewGuid().ToString("N")[..8];
        await using (var connection = new NpgsqlConnection(admin))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await command.ExecuteNonQueryAsync();
        }

        return new NpgsqlConnectionStringBuilder(admin) { Database = name, Pooling = true }.ConnectionString;
    }

    private async Task<string> EnsureStartedAsync()
    {
        await _gate.WaitAsync();
        try
        {
            if (_adminConnection is not null)
            {
                return _adminConnection;
            }

            var external = Environment.GetEnvironmentVariable("SUNLIGHT_TEST_POSTGRES");
            _adminConnection = string.IsNullOrWhiteSpace(external) ? await StartLocalAsync() : external;
            return _adminConnection;
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<string> StartLocalAsync()
    {
        var bin = FindBin() ?? throw new InvalidOperationException(
            "PostgreSQL server binaries not found under /usr/lib/postgresql/*/bin. Install them with " +
            "'apt-get install -y postgresql-15' (./test.sh and .ci/run do this), or set SUNLIGHT_TEST_POSTGRES to a connection string.");
        var root = Environment.UserName == "root";
        _folder = Path.Combine(Path.GetTempPath(), "sunlight-pg-" + Guid.NewGuid().ToString("N")[..8]);
        var data = Path.Combine(_folder, "data");
        Directory.CreateDirectory(_folder);
        if (root)
        {
            await RunAsync("chown", $"postgres:postgres {_folder}");
        }

        await RunAsync(Path.Combine(bin, "initdb"), $"-D {data} -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 --no-sync", asPostgres: root);
        var port = FreePort();
        var args = $"-D {data} -p {port} -k {_folder} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300";
        _process = Start(Path.Combine(bin, "postgres"), args, root);
        var connection = $"Host=127.0.0.1;Port={port};Username=postgres;Database=postgres;Timeout=5";
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            try
            {
                await using var c = new NpgsqlConnection(connection);
                await c.OpenAsync();
                return connection;
            }
            catch (NpgsqlException) when (DateTime.UtcNow < deadline && !_process.HasExited)
            {
                await Task.Delay(200);
            }
            catch (NpgsqlException e)
            {
                throw new InvalidOperationException($"PostgreSQL did not start:\n{string.Join('\n', Log)}", e);
            }
        }
    }

    private static string? FindBin() =>
        Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql")
                .Select(d => Path.Combine(d, "bin"))
                .Where(d => File.Exists(Path.Combine(d, "initdb")) && File.Exists(Path.Combine(d, "postgres")))
                .OrderByDescending(d => int.TryParse(Path.GetFileName(Path.GetDirectoryName(d)), out var v) ? v : 0)
                .FirstOrDefault()
            : null;

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static Process Start(string file, string args, bool asPostgres)
    {
        var info = asPostgres
            ? new ProcessStartInfo("runuser", $"-u postgres -- {file} {args}")
            : new ProcessStartInfo(file, args);
        info.RedirectStandardOutput = true;
        info.RedirectStandardError = true;
        info.UseShellExecute = false;
        var process = Process.Start(info)!;
        process.OutputDataReceived += (_, e) => Remember(e.Data);
        process.ErrorDataReceived += (_, e) => Remember(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static void Remember(string? line)
    {
        if (line is null)
        {
            return;
        }

        Log.Enqueue(line);
        while (Log.Count > 200)
        {
            Log.TryDequeue(out _);
        }
    }

    private static async Task RunAsync(string file, string args, bool asPostgres = false)
    {
        using var process = Start(file, args, asPostgres);
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"'{file} {args}' failed with exit code {process.ExitCode}:\n{string.Join('\n', Log)}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is { HasExited: false })
        {
            // runuser forwards SIGTERM to postgres: a "smart" shutdown.
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process?.Dispose();
        if (_folder is not null && Directory.Exists(_folder))
        {
            try
            {
                Directory.Delete(_folder, recursive: true);
            }
            catch (IOException)
            {
                // A file still held open by a stopping backend; the temp folder is cleaned by the OS.
            }
        }

        _gate.Dispose();
    }
}
