using Microsoft.EntityFrameworkCore;

namespace Sunlight.Services.Tests;

/// <summary>The services module's commands through the real <c>sunlight</c> executable: systems, import and replay of case events.</summary>
public sealed class ServicesCliTests : IDisposable
{
    private readonly CliRunner _cli = new();

    private string _folder => _cli.Folder;

    private Task<(int Exit, string Out, string Err)> Run(IDictionary<string, string>? env, params string[] args) => _cli.Run(env, args);

    [Fact]
    public async Task Systems_add_prints_the_secret_alone_on_its_last_line()
    {
        var migrate = await Run(null, "db", "migrate", "--demo");
        Assert.True(migrate.Exit == 0, migrate.Err);
        var r = await Run(null, "systems", "add", "qz-scjg-approval", "--organisation", "370781-scjg");
        Assert.True(r.Exit == 0, r.Err);
        Assert.Matches("^[0-9a-f]{64}$", r.Out.TrimEnd().Split('\n')[^1]);
        var again = await Run(null, "systems", "add", "qz-scjg-approval", "--organisation", "370781-scjg");
        Assert.Equal(2, again.Exit);
        Assert.Contains("已存在", again.Err, StringComparison.Ordinal);
        var unknown = await Run(null, "systems", "add", "qz-x", "--organisation", "999999-none");
        Assert.Equal(2, unknown.Exit);
    }

    [Fact]
    public async Task Import_case_events_loads_a_file_with_a_progress_bar_and_reports_bad_lines()
    {
        Assert.Equal(0, (await Run(null, "db", "migrate", "--demo")).Exit);
        Assert.Equal(0, (await Run(null, "systems", "add", "qz-scjg-legacy", "--organisation", "370781-scjg")).Exit);
        var options = new DbContextOptionsBuilder<Sunlight.Services.Storage.ServicesSqliteDbContext>().UseSqlite($"Data Source={Path.Combine(_folder, "cli.db")}").Options;
        string item;
        await using (var services = new Sunlight.Services.Storage.ServicesSqliteDbContext(options))
        {
            item = await services.Items.Where(i => i.OrganisationCode == "370781-scjg").Select(i => i.Code).FirstAsync(TestContext.Current.CancellationToken);
        }

        var lines = new List<string>();
        for (var i = 0; i < 1500; i++)
        {
            lines.Add(System.Text.Json.JsonSerializer.Serialize(new
            {
                id = $"m{i}", caseNo = $"LEGACY-{i}", type = "submitted", at = "2025-05-06T09:00:00+08:00", itemCode = item, channel = "window",
                applicant = new { name = "王五", idType = "other", idNo = $"X{i}" },
            }));
        }

        lines.Add("""{"id":"bad","caseNo":"LEGACY-NONE","type":"accepted","at":"2025-05-06T10:00:00+08:00"}""");
        var file = Path.Combine(_folder, "events.ndjson");
        await File.WriteAllLinesAsync(file, lines, TestContext.Current.CancellationToken);

        var r = await Run(null, "import", "case-events", file, "--system", "qz-scjg-legacy");
        Assert.Equal(1, r.Exit);
        Assert.Contains("1,500 accepted", r.Out, StringComparison.Ordinal);
        Assert.Contains("line 1501", r.Err, StringComparison.Ordinal);
        Assert.Contains("import [", r.Err, StringComparison.Ordinal);
        var again = await Run(null, "import", "case-events", file, "--system", "qz-scjg-legacy");
        Assert.Contains("1,500 duplicates", again.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Replay_runs_history_through_the_rules_on_a_copy_and_writes_the_alerts()
    {
        Assert.Equal(0, (await Run(null, "db", "migrate", "--demo")).Exit);
        const string item = "370781-XK-XZSP-003";
        string[] lines =
        [
            $$$"""{"id":"r1","caseNo":"RP0001","type":"submitted","at":"2025-03-03T09:00:00+08:00","itemCode":"{{{item}}}","channel":"system","applicant":{"name":"李四","idType":"id-card","idNo":"11010519491231002X"}}""",
            $$$"""{"id":"r2","caseNo":"RP0001","type":"accepted","at":"2025-03-03T10:00:00+08:00","receivedAt":"2025-03-07T18:00:00+08:00","actor":"nobody"}""",
            $$$"""{"id":"r3","caseNo":"RP0002","type":"submitted","at":"2025-03-03T09:30:00+08:00","itemCode":"{{{item}}}","channel":"system","applicant":{"name":"王五","idType":"id-card","idNo":"11010519491231002X"}}""",
            "not json",
        ];
        var file = Path.Combine(_folder, "history.ndjson");
        var output = Path.Combine(_folder, "alerts.jsonl");
        await File.WriteAllLinesAsync(file, lines, TestContext.Current.CancellationToken);

        var r = await Run(null, "replay", "case-events", file, "--until", "2025-03-12T00:00:00+08:00", "--out", output);
        Assert.Equal(1, r.Exit);
        Assert.Contains("line 4", r.Err, StringComparison.Ordinal);
        Assert.Contains("3 events accepted", r.Out, StringComparison.Ordinal);
        var alerts = (await File.ReadAllLinesAsync(output, TestContext.Current.CancellationToken)).Select(l => System.Text.Json.JsonDocument.Parse(l).RootElement).ToList();
        // RP0002 was never accepted: the acceptance deadline (end of 10 March) fired at its own instant on the simulated clock.
        var late = alerts.Single(a => a.GetProperty("rule").GetString() == "SVC-ACCEPT-LATE" && a.GetProperty("subject").GetString() == "RP0002");
        Assert.Equal(new DateTimeOffset(2025, 3, 10, 16, 0, 1, TimeSpan.Zero), late.GetProperty("detectedAt").GetDateTimeOffset());
        Assert.Contains(alerts, a => a.GetProperty("rule").GetString() == "SVC-LATE-REPORT" && a.GetProperty("subject").GetString() == "RP0001");
        Assert.Contains(alerts, a => a.GetProperty("rule").GetString() == "SVC-UNAUTHORIZED-HANDLER");
        Assert.DoesNotContain(alerts, a => a.GetProperty("rule").GetString() == "SVC-OVERDUE");

        // The node itself was not touched.
        var options = new DbContextOptionsBuilder<Sunlight.Services.Storage.ServicesSqliteDbContext>().UseSqlite($"Data Source={Path.Combine(_folder, "cli.db")}").Options;
        await using var services = new Sunlight.Services.Storage.ServicesSqliteDbContext(options);
        Assert.False(await services.Cases.AnyAsync(c => c.CaseNo == "RP0001", TestContext.Current.CancellationToken));
        var bad = await Run(null, "replay", "case-events", file, "--until", "yesterday");
        Assert.Equal(2, bad.Exit);
    }

    public void Dispose() => _cli.Dispose();
}
