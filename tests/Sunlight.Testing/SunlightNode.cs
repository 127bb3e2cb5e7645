using System.Net.Http.Headers;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Sunlight.Core.Accounts;

namespace Sunlight.Testing;

/// <summary>
/// One Sunlight node with its own fresh database and the demo city, hosted by <see cref="WebApplicationFactory{T}"/>.
/// Subclasses pick the database; a test class gets one node (so tests in a class share the demo data, and never
/// depend on what another test wrote).
/// </summary>
public abstract class SunlightNode : WebApplicationFactory<Program>, IAsyncLifetime
{
    private readonly Dictionary<string, string> _tokens = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _tokenGate = new(1, 1);

    public abstract string Provider { get; }

    /// <summary>This node's ledger key file (in the temp folder, removed with the node).</summary>
    public string KeyFile { get; } = Path.Combine(Path.GetTempPath(), "sunlight-tests", $"ledger-{Guid.NewGuid():N}.key");

    /// <summary>This node's attachment folder (in the temp folder, removed with the node).</summary>
    public string AttachmentRoot { get; } = Path.Combine(Path.GetTempPath(), "sunlight-tests", $"attachments-{Guid.NewGuid():N}");

    protected string ConnectionString { get; set; } = "";

    /// <summary>Extra settings, e.g. <c>Sunlight:Security:RequireTwoFactor</c>.</summary>
    protected virtual IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>();

    /// <summary>The node's clock; null: the system clock. A test that needs a date (a year without its notice, a deadline) sets a fake one.</summary>
    protected virtual TimeProvider? Clock => null;

    public virtual async ValueTask InitializeAsync()
    {
        await PrepareDatabaseAsync();
        // Building the host runs Program: migrations and the demo seed happen here.
        _ = Services;
    }

    protected abstract Task PrepareDatabaseAsync();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("Sunlight:Database:Provider", Provider);
        builder.UseSetting("ConnectionStrings:Sunlight", ConnectionString);
        builder.UseSetting("Sunlight:Demo:Enabled", "true");
        // Each node its own key; tests integrate and sign on demand instead of on a timer.
        builder.UseSetting("Sunlight:Ledger:KeyFile", KeyFile);
        builder.UseSetting("Sunlight:Security:PseudonymKey", Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)));
        builder.UseSetting("Sunlight:Ledger:Background", "false");
        builder.UseSetting("Sunlight:Files:Root", AttachmentRoot);
        // Tests drive due instants themselves.
        builder.UseSetting("Sunlight:Supervision:DueIntervalSeconds", "0");
        // A year of demo history only where a test asks for it (DemoYearTests).
        builder.UseSetting("Sunlight:Demo:Year", "false");
        builder.UseSetting("Sunlight:Trading:Demo", "false");
        foreach (var (key, value) in Settings)
        {
            builder.UseSetting(key, value);
        }

        if (Clock is { } clock)
        {
            builder.ConfigureTestServices(services =>
            {
                services.RemoveAll<TimeProvider>();
                services.AddSingleton(clock);
            });
        }
    }

    /// <summary>Forgets the tokens issued so far (after a fake clock moved past their expiry).</summary>
    public void ForgetTokens() => _tokens.Clear();

    /// <summary>Where a node started with <c>UseKestrel(0)</c> listens, as a loopback URL.</summary>
    public string KestrelBaseUrl => Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>()
        .Features.Get<Microsoft.AspNetCore.Hosting.Server.Features.IServerAddressesFeature>()!.Addresses.First()
        .Replace("[::]", "127.0.0.1", StringComparison.Ordinal).Replace("0.0.0.0", "127.0.0.1", StringComparison.Ordinal).TrimEnd('/');

    /// <summary>A client without credentials.</summary>
    public HttpClient Anonymous() => CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, BaseAddress = ClientOptions.BaseAddress });

    /// <summary>A client that sends a bearer token of <paramref name="userName"/> (issued once per node).</summary>
    public async Task<HttpClient> As(string userName)
    {
        var client = Anonymous();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await TokenFor(userName));
        return client;
    }

    public async Task<string> TokenFor(string userName)
    {
        await _tokenGate.WaitAsync();
        try
        {
            if (_tokens.TryGetValue(userName, out var token))
            {
                return token;
            }

            await using var scope = Services.CreateAsyncScope();
            var users = scope.ServiceProvider.GetRequiredService<UserManager<SunlightUser>>();
            var user = await users.FindByNameAsync(userName) ?? throw new InvalidOperationException($"No demo user {userName}.");
            var issued = await scope.ServiceProvider.GetRequiredService<ApiTokenService>().IssueAsync(user, "tests", TimeSpan.FromHours(2), CancellationToken.None);
            _tokens[userName] = issued.Secret;
            return issued.Secret;
        }
        finally
        {
            _tokenGate.Release();
        }
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        _tokenGate.Dispose();
        await CleanupDatabaseAsync();
        File.Delete(KeyFile);
        if (Directory.Exists(AttachmentRoot))
        {
            Directory.Delete(AttachmentRoot, recursive: true);
        }

        GC.SuppressFinalize(this);
    }

    protected virtual Task CleanupDatabaseAsync() => Task.CompletedTask;
}

/// <summary>A node on SQLite in a temporary file.</summary>
public class SqliteNode : SunlightNode
{
    private string? _file;

    public override string Provider => "Sqlite";

    protected override Task PrepareDatabaseAsync()
    {
        var folder = Path.Combine(Path.GetTempPath(), "sunlight-tests");
        Directory.CreateDirectory(folder);
        _file = Path.Combine(folder, $"{GetType().Name}-{Guid.NewGuid():N}.db");
        ConnectionString = $"Data Source={_file}";
        return Task.CompletedTask;
    }

    protected override Task CleanupDatabaseAsync()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" })
        {
            if (_file is not null && File.Exists(_file + suffix))
            {
                File.Delete(_file + suffix);
            }
        }

        return Task.CompletedTask;
    }
}

/// <summary>A node on its own fresh PostgreSQL database.</summary>
public class PostgresNode(PostgresServer server) : SunlightNode
{
    public override string Provider => "Postgres";

    protected override async Task PrepareDatabaseAsync() =>
        ConnectionString = await server.CreateDatabaseAsync(GetType().Name);
}
