using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Sunlight.Core.Storage;
using Sunlight.Core.Supervision;
using Sunlight.Services.Cases;

namespace Sunlight.Services.Tests;

/// <summary>A node that seeds the demo year (the others leave it out to stay small).</summary>
public sealed class DemoYearNode : SqliteNode
{
    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string> { ["Sunlight:Demo:Year"] = "true" };
}

/// <summary>
/// The demo year, fed through replay with planted misconduct of every rule type: every planted case raises its rule
/// and no clean case raises anything.
/// </summary>
public sealed class DemoYearTests(DemoYearNode node) : IClassFixture<DemoYearNode>
{
    [Fact]
    public async Task Every_planted_case_raises_its_rule_and_no_clean_case_raises_anything()
    {
        using var scope = node.Services.CreateScope();
        var core = scope.ServiceProvider.GetRequiredService<CoreDbContext>();
        var record = await core.LedgerRecords.AsNoTracking().SingleAsync(r => r.Type == "services.demo.year");
        using var plan = JsonDocument.Parse(record.Body);
        var clean = plan.RootElement.GetProperty("clean").EnumerateArray().Select(e => e.GetString()!).ToList();
        var planted = plan.RootElement.GetProperty("planted").EnumerateObject()
            .ToDictionary(p => p.Name, p => p.Value.EnumerateArray().Select(e => e.GetString()!).ToList());
        Assert.True(clean.Count > 500, $"only {clean.Count} clean cases");
        Assert.All(CaseRules.Definitions, d => Assert.True(planted.TryGetValue(d.Code, out var cases) && cases.Count == DemoYear.PlantedPerRule, $"{d.Code} was not planted"));

        var alerts = (await core.Alerts.AsNoTracking().Select(a => new { a.Subject, a.Rule }).ToListAsync())
            .ToLookup(a => a.Subject, a => a.Rule, StringComparer.Ordinal);
        foreach (var (rule, cases) in planted)
        {
            Assert.All(cases, c => Assert.True(alerts[c].Contains(rule), $"planted {rule} at {c} raised only [{string.Join(", ", alerts[c])}]"));
        }

        Assert.All(clean, c => Assert.True(!alerts[c].Any(), $"clean case {c} raised [{string.Join(", ", alerts[c])}]"));
        TestContext.Current.SendDiagnosticMessage("alerts per rule in the demo year: " +
            string.Join(", ", alerts.SelectMany(g => g).GroupBy(r => r).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Key} {g.Count()}")));
    }

    [Fact]
    public async Task The_demo_supervisor_finds_a_draft_notice_for_every_open_statutory_overdue_case()
    {
        using var scope = node.Services.CreateScope();
        await scope.ServiceProvider.GetRequiredService<NoticeService>().RunDueAsync(DateTimeOffset.UtcNow, CancellationToken.None);
        var core = scope.ServiceProvider.GetRequiredService<CoreDbContext>();
        var overdue = await core.Alerts.AsNoTracking().Where(a => a.Rule == "SVC-STATUTORY-OVERDUE" && a.Status == "open").Select(a => a.Id).OrderBy(a => a).ToListAsync();
        var drafted = await core.Notices.AsNoTracking().Where(n => n.Origin == "rule:SVC-STATUTORY-OVERDUE").Select(n => n.SourceAlertId!.Value).OrderBy(a => a).ToListAsync();
        Assert.NotEmpty(overdue);
        Assert.Equal(overdue, drafted);
    }
}
