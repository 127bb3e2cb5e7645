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
        var demo = (await scope.ServiceProvider.GetRequiredService<IDbContextFactory<Sunlight.Trading.Storage.TradingDbContext>>().CreateDbContext().Releases
            .Where(r => r.Sender == "demo").Select(r => r.Ocid).Distinct().ToListAsync(TestContext.Current.CancellationToken)).ToHashSet(StringComparer.Ordinal);
        var clean = raised.Where(r => !subjects.Contains(r.Subject) && (!r.Subject.StartsWith("ocds-", StringComparison.Ordinal) || demo.Contains(r.Subject))).ToList();
        Assert.True(clean.Count == 0, "raised on clean subjects: " + string.Join(", ", clean.Take(20)));

        // Process alerts go to the supervising department; party alerts to the city's trading centre.
        Assert.Contains(alerts, a => a.Subject.StartsWith("ocds-", StringComparison.Ordinal) && a.OrganisationCode.EndsWith("-zjj", StringComparison.Ordinal));
        Assert.All(alerts.Where(a => a.Subject.StartsWith("tenderer:", StringComparison.Ordinal)), a => Assert.Equal("370700-ggzy", a.OrganisationCode));
        // The demo's processes (another test of this class adds a trade of its own to the node).
        Assert.Equal(TradeDemoYear.Processes + TradeDemo.PlantedProcesses, demo.Count);
    }

    [Fact]
    public async Task The_demo_pool_holds_400_experts_in_20_specialties_every_demo_committee_sits_from_it_and_a_new_trade_can_draw()
    {
        await using var scope = node.Services.CreateAsyncScope();
        await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<Sunlight.Trading.Storage.TradingDbContext>>().CreateDbContextAsync(TestContext.Current.CancellationToken);
        var experts = await db.Experts.AsNoTracking().ToListAsync(TestContext.Current.CancellationToken);
        Assert.Equal(TradeDemoExperts.Count, experts.Count);
        Assert.Equal(20, experts.SelectMany(e => e.Specialties.Split('|')).Distinct().Count());
        Assert.All(experts, e => Assert.True(Sunlight.Core.Identifiers.CitizenId.Validate(e.IdNumber).Valid, e.Code));
        var codes = experts.Select(e => e.Code).ToHashSet(StringComparer.Ordinal);
        var members = (await db.Projects.AsNoTracking().Select(p => p.Compiled).ToListAsync(TestContext.Current.CancellationToken))
            .SelectMany(c => (System.Text.Json.Nodes.JsonNode.Parse(c)!["tender"]?["evaluationCommittees"] as System.Text.Json.Nodes.JsonArray ?? [])
                .SelectMany(m => m!["members"] as System.Text.Json.Nodes.JsonArray ?? []).Select(m => (string)m!["id"]!)).Distinct().ToList();
        Assert.NotEmpty(members);
        // Every member sits from the pool but the planted TRD-EXPERT-REPEAT experts (E3707-1001…), kept outside the 400
        // so that clean panels never meet them.
        Assert.All(members.Where(m => int.Parse(m.AsSpan(6), System.Globalization.CultureInfo.InvariantCulture) <= TradeDemoExperts.Count), m => Assert.Contains(m, codes));
        Assert.Equal(["E3707-1001", "E3707-1002", "E3707-1003"], members.Where(m => !codes.Contains(m)).Order(StringComparer.Ordinal));
        Assert.Equal(TradeDemoExperts.Count, await scope.ServiceProvider.GetRequiredService<CoreDbContext>().LedgerRecords.CountAsync(r => r.Type == Experts.ExpertExcel.Imported, TestContext.Current.CancellationToken));

        // The operator of 青州市 announces a new trade and draws its committee from the demo pool.
        var who = new Sunlight.Core.Accounts.Jurisdiction("370781", "/370000/370700/370781/", "370781-ggzy", new HashSet<string>(StringComparer.Ordinal) { Sunlight.Core.Accounts.SunlightRoles.TradingOperator });
        var now = DateTimeOffset.UtcNow;
        var ocid = await scope.ServiceProvider.GetRequiredService<Desk.TradeDesk>().AnnounceAsync(who, "op",
            new Desk.AnnounceForm("道路工程", "works", "公开招标", "某镇人民政府", Trades.CreditCode(77), null, null, null, 1_000_000m, null, now.AddDays(21), null), TestContext.Current.CancellationToken);
        var draw = await scope.ServiceProvider.GetRequiredService<Draws.DrawService>().RequestAsync(who, "op",
            new Draws.DrawRequest(ocid, "1", now.AddDays(21).AddHours(1), [new Draws.DrawGroupRequest(TradeDemoExperts.Specialties[0], 5, 2)], false), TestContext.Current.CancellationToken);
        Assert.Equal("committed", draw.Status);
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
