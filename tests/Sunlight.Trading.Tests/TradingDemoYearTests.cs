using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Sunlight.Core.Storage;
using Sunlight.Trading.Demo;

namespace Sunlight.Trading.Tests;

/// <summary>A node that seeds the trading demo year.</summary>
public sealed class TradingDemoNode : SqliteNode
{
    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string> { ["Sunlight:Trading:Demo"] = "true" };
}

/// <summary>
/// The demo year through the whole node: every release through the import and the record rules, the nightly batch,
/// the plan in its record — and the alerts raised are exactly the planted cases' (trading.md "Demo").
/// </summary>
public sealed class TradingDemoYearTests(TradingDemoNode node) : IClassFixture<TradingDemoNode>
{
    [Fact]
    public async Task Every_planted_trade_is_caught_through_the_node_and_no_clean_one_is_flagged()
    {
        await using var scope = node.Services.CreateAsyncScope();
        var core = scope.ServiceProvider.GetRequiredService<CoreDbContext>();
        var record = await core.LedgerRecords.SingleAsync(r => r.Type == TradeDemoYear.Record, TestContext.Current.CancellationToken);
        var plan = TradeDemoYear.Plan(record.Body).ToHashSet();
        var alerts = (await core.Alerts.Where(a => a.Rule.StartsWith("TRD-")).Select(a => new { a.Rule, a.Subject, a.OrganisationCode }).ToListAsync(TestContext.Current.CancellationToken));
        var raised = alerts.Select(a => (a.Rule, a.Subject)).ToHashSet();
        var subjects = plan.Select(p => p.Subject).ToHashSet(StringComparer.Ordinal);

        Assert.Equal(41 - 1, plan.Select(p => p.Rule).Distinct().Count());
        var missed = plan.Except(raised).ToList();
        Assert.True(missed.Count == 0, "planted but not raised: " + string.Join(", ", missed.Take(20)));
        var clean = raised.Where(r => !subjects.Contains(r.Subject)).ToList();
        Assert.True(clean.Count == 0, "raised on clean subjects: " + string.Join(", ", clean.Take(20)));

        // Process alerts go to the supervising department; party alerts to the city's trading centre.
        Assert.Contains(alerts, a => a.Subject.StartsWith("ocds-", StringComparison.Ordinal) && a.OrganisationCode.EndsWith("-zjj", StringComparison.Ordinal));
        Assert.All(alerts.Where(a => a.Subject.StartsWith("tenderer:", StringComparison.Ordinal)), a => Assert.Equal("370700-ggzy", a.OrganisationCode));
        Assert.Equal(TradeDemoYear.Processes + TradeDemo.PlantedProcesses, record.Body.Length > 0 ? await scope.ServiceProvider.GetRequiredService<IDbContextFactory<Sunlight.Trading.Storage.TradingDbContext>>().CreateDbContext().Projects.CountAsync(TestContext.Current.CancellationToken) : 0);
    }

    [Fact]
    public async Task Trading_joins_the_dashboard_with_its_trades_by_county_and_its_alerts_by_rule()
    {
        var supervisor = Sunlight.Core.Accounts.Jurisdiction.From(await PrincipalAsync("supervisor"))!;
        var dashboard = node.Services.GetRequiredService<Sunlight.Core.Supervision.SupervisionDashboard>();
        var figures = await dashboard.GetAsync(supervisor, null, null);
        var trading = Assert.Single(figures.Sections, s => s.Resources == typeof(TradingResource));
        Assert.Equal(TradeDemoYear.Processes + TradeDemo.PlantedProcesses, trading.Figures.Single(f => f.Key == "trades-year").Value);
        Assert.InRange(trading.Figures.Single(f => f.Key == "bidders-per-trade").Value!.Value, 4.0, 7.0);
        var byCounty = Assert.Single(trading.Series);
        Assert.Contains(byCounty.Rows, r => r.Name == "青州市" && r.Values[0] > 0);
        Assert.Contains(figures.ByRule, r => r.Key == "TRD-SAME-DEVICE" && r.Red == TradeDemo.PlantsPerRule);
    }

    private async Task<System.Security.Claims.ClaimsPrincipal> PrincipalAsync(string userName)
    {
        await using var scope = node.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<Sunlight.Core.Accounts.SunlightUser>>();
        var factory = scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.IUserClaimsPrincipalFactory<Sunlight.Core.Accounts.SunlightUser>>();
        return await factory.CreateAsync((await users.FindByNameAsync(userName))!);
    }
}
