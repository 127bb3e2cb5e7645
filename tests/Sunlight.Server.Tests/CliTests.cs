using Microsoft.EntityFrameworkCore;
using Sunlight.Core.Accounts;
using Sunlight.Core.Storage;

namespace Sunlight.Server.Tests;

/// <summary>The real <c>sunlight</c> executable, run as a process with the server's configuration keys.</summary>
public sealed class CliTests(PostgresServer postgres) : IDisposable
{
    private readonly CliRunner _cli = new();

    private string _folder => _cli.Folder;

    private Task<(int Exit, string Out, string Err)> Run(IDictionary<string, string>? env, params string[] args) => _cli.Run(env, args);

    [Fact]
    public async Task Calendar_commands_print_the_answer_alone()
    {
        var r = await Run(null, "calendar", "add-workdays", "2025-01-20", "20");
        Assert.True(r.Exit == 0, r.Err);
        Assert.Equal("2025-02-21", r.Out.Trim().Split('\n')[^1]);
        var w = await Run(null, "calendar", "is-workday", "2025-01-26");
        Assert.StartsWith("true\tAdjustedWorkday", w.Out.Trim(), StringComparison.Ordinal);
        var before = await Run(null, "calendar", "add-workdays", "2025-02-21", "-20");
        Assert.Equal("2025-01-20", before.Out.Trim());
    }

    [Fact]
    public async Task Calendar_errors_are_clear_and_exit_non_zero()
    {
        var provisional = await Run(null, "calendar", "add-workdays", "2031-01-02", "3");
        Assert.True(provisional.Exit == 0, provisional.Err);
        Assert.Equal("2031-01-07", provisional.Out.Trim().Split('\n')[^1]);
        Assert.Contains("暂定", provisional.Err, StringComparison.Ordinal);
        var outside = await Run(null, "calendar", "add-workdays", "2101-01-03", "3");
        Assert.Equal(3, outside.Exit);
        Assert.Contains("2101", outside.Err, StringComparison.Ordinal);
        var bad = await Run(null, "calendar", "is-workday", "2025/01/20");
        Assert.Equal(2, bad.Exit);
        Assert.Contains("YYYY-MM-DD", bad.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Help_is_on_every_command()
    {
        foreach (var command in new[] { new[] { "--help" }, ["serve", "--help"], ["db", "migrate", "--help"], ["accounts", "token", "--help"], ["calendar", "add-workdays", "--help"] })
        {
            var r = await Run(null, command);
            Assert.True(r.Exit == 0, string.Join(' ', command) + ": " + r.Err);
            Assert.Contains("Usage", r.Out, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public async Task Accounts_token_prints_a_working_token_alone_on_its_last_line()
    {
        var migrate = await Run(null, "db", "migrate", "--demo");
        Assert.True(migrate.Exit == 0, migrate.Err);
        var r = await Run(null, "accounts", "token", "supervisor-370781");
        Assert.True(r.Exit == 0, r.Err);
        var token = r.Out.TrimEnd().Split('\n')[^1];
        Assert.StartsWith(ApiTokenService.TokenPrefix, token, StringComparison.Ordinal);

        var options = new DbContextOptionsBuilder<CoreSqliteDbContext>().UseSqlite($"Data Source={Path.Combine(_folder, "cli.db")}").Options;
        await using var db = new CoreSqliteDbContext(options);
        var found = await new ApiTokenService(db, TimeProvider.System).FindActiveAsync(token, TestContext.Current.CancellationToken);
        Assert.NotNull(found);

        var missing = await Run(null, "accounts", "token", "nobody");
        Assert.Equal(2, missing.Exit);
        Assert.Contains("nobody", missing.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ledger_verify_passes_an_intact_ledger_and_names_the_first_bad_sequence_after_an_edit()
    {
        var migrate = await Run(null, "db", "migrate", "--demo");
        Assert.True(migrate.Exit == 0, migrate.Err);
        var ok = await Run(null, "ledger", "verify");
        Assert.True(ok.Exit == 0, ok.Out + ok.Err);
        Assert.Contains("ledger intact", ok.Out, StringComparison.Ordinal);
        Assert.Contains("verify [", ok.Err, StringComparison.Ordinal);

        var options = new DbContextOptionsBuilder<CoreSqliteDbContext>().UseSqlite($"Data Source={Path.Combine(_folder, "cli.db")}").Options;
        await using (var db = new CoreSqliteDbContext(options))
        {
            await db.LedgerRecords.Where(r => r.Sequence == 77).ExecuteUpdateAsync(x => x.SetProperty(r => r.Body, "{}"u8.ToArray()), TestContext.Current.CancellationToken);
        }

        var bad = await Run(null, "ledger", "verify");
        Assert.Equal(1, bad.Exit);
        Assert.Contains("at sequence 77", bad.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Db_migrate_works_on_postgres_with_the_same_keys()
    {
        var connection = await postgres.CreateDatabaseAsync("cli");
        var env = new Dictionary<string, string> { ["Sunlight__Database__Provider"] = "Postgres", ["ConnectionStrings__Sunlight"] = connection };
        var migrate = await Run(env, "db", "migrate", "--demo");
        Assert.True(migrate.Exit == 0, migrate.Err);
        Assert.Contains("Postgres", migrate.Out, StringComparison.Ordinal);
        var list = await Run(env, "accounts", "list");
        Assert.Contains("supervisor-370781", list.Out, StringComparison.Ordinal);
        var verify = await Run(env, "ledger", "verify");
        Assert.True(verify.Exit == 0, verify.Out + verify.Err);
    }

    public void Dispose() => _cli.Dispose();
}
