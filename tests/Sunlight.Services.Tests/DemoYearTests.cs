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
[Collection(DemoYearShared.Name)]
public sealed class DemoYearTests(DemoYearNode node)
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
        Assert.All(CaseRules.Definitions, d => Assert.True(planted.TryGetValue(d.Code, out var cases) && cases.Count >= DemoYear.PlantedPerRule, $"{d.Code} was not planted"));

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

    /// <summary>11.8: on the day it starts (today here), history runs to yesterday, every department has open work and the 12-week trend is alive.</summary>
    [Fact]
    public async Task Bug_11_8_the_demo_is_alive_on_the_day_it_starts()
    {
        using var scope = node.Services.CreateScope();
        var cases = await (await scope.ServiceProvider.GetRequiredService<IDbContextFactory<Sunlight.Services.Storage.ServicesDbContext>>().CreateDbContextAsync())
            .Cases.AsNoTracking().Select(c => new { c.CaseNo, c.OrganisationCode, c.SubmittedAt, c.Closed }).ToListAsync();
        var calendar = scope.ServiceProvider.GetRequiredService<Sunlight.Core.Calendar.CalendarService>().Current;
        var today = CaseClock.Day(DateTimeOffset.UtcNow);
        var lastWorkday = calendar.IsWorkday(today.AddDays(-1)) ? today.AddDays(-1) : calendar.AddWorkdays(today.AddDays(-1), -1);
        Assert.Equal(lastWorkday, cases.Max(c => CaseClock.Day(c.SubmittedAt)));
        var (items, crews) = await DemoYear.InputsAsync(scope.ServiceProvider, CancellationToken.None);
        var departments = cases.Select(c => c.OrganisationCode).Distinct(StringComparer.Ordinal).ToList();
        Assert.True(departments.Count >= 5, $"only {departments.Count} departments have demo cases");
        Assert.All(departments, d => Assert.True(cases.Any(c => c.OrganisationCode == d && !c.Closed), $"{d} has no open case in its inbox"));

        var detected = await scope.ServiceProvider.GetRequiredService<CoreDbContext>().Alerts.AsNoTracking().Select(a => a.DetectedAt).ToListAsync();
        var monday = today.AddDays(-(((int)today.DayOfWeek + 6) % 7));
        var weeks = Enumerable.Range(0, 12).Select(w => detected.Count(d => CaseClock.Day(d) >= monday.AddDays(-7 * (w + 1)) && CaseClock.Day(d) < monday.AddDays(-7 * w))).ToList();
        TestContext.Current.SendDiagnosticMessage("alerts in the last 12 full weeks, newest first: " + string.Join(", ", weeks));
        Assert.True(weeks.Count(n => n > 0) >= 11, $"the 12-week trend is flat: {string.Join(", ", weeks)}");
        Assert.True(weeks.Take(4).Sum() > 0, $"no alert in the last four weeks: {string.Join(", ", weeks)}");

        // Whatever the start date: the same holds for a demo started on other days of the year.
        foreach (var lastDay in new[] { new DateOnly(2026, 2, 24), new DateOnly(2026, 10, 9) })
        {
            var plan = DemoYear.Generate(DemoYear.Seed, lastDay, items, crews, calendar);
            var submitted = plan.Lines.Select(l => JsonDocument.Parse(l).RootElement).Where(e => e.GetProperty("type").GetString() == "submitted")
                .Select(e => (Case: e.GetProperty("caseNo").GetString()!, Day: DateOnly.FromDateTime(DateTimeOffset.Parse(e.GetProperty("at").GetString()!, System.Globalization.CultureInfo.InvariantCulture).DateTime)))
                .ToList();
            var closed = plan.Lines.Select(l => JsonDocument.Parse(l).RootElement).Where(e => e.GetProperty("type").GetString() is "concluded" or "rejected")
                .Select(e => e.GetProperty("caseNo").GetString()!).ToHashSet(StringComparer.Ordinal);
            Assert.Equal(calendar.IsWorkday(lastDay) ? lastDay : calendar.AddWorkdays(lastDay, -1), submitted.Max(s => s.Day));
            var byOrg = items.ToDictionary(i => i.Code, i => i.Organisation, StringComparer.Ordinal);
            var open = plan.Lines.Select(l => JsonDocument.Parse(l).RootElement).Where(e => e.GetProperty("type").GetString() == "submitted" && !closed.Contains(e.GetProperty("caseNo").GetString()!))
                .Select(e => byOrg[e.GetProperty("itemCode").GetString()!]).ToHashSet(StringComparer.Ordinal);
            var withCases = plan.Lines.Select(l => JsonDocument.Parse(l).RootElement).Where(e => e.GetProperty("type").GetString() == "submitted")
                .Select(e => byOrg[e.GetProperty("itemCode").GetString()!]).ToHashSet(StringComparer.Ordinal);
            Assert.Equal(withCases.Order(StringComparer.Ordinal), open.Order(StringComparer.Ordinal));
            var plantedDays = plan.Planted.Values.SelectMany(c => c).Select(c => submitted.First(s => s.Case == c).Day).ToList();
            Assert.Contains(plantedDays, d => d > lastDay.AddDays(-56));
            Assert.All(CaseRules.Definitions, d => Assert.True(plan.Planted[d.Code].Count >= DemoYear.PlantedPerRule, $"{d.Code}: {plan.Planted[d.Code].Count} planted"));
        }
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
