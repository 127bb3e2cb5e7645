using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Sunlight.Core.Accounts;
using Sunlight.Core.Supervision;

namespace Sunlight.Supervision.Tests;

/// <summary>
/// An alert of a rule only supervisors may see (about staff, CROSS-MODULE "Visibility per rule") stays out of every
/// place others read alerts: lists, exports, the dashboard, its ledger record; and it cannot be sent to the department
/// as a notice. The node carries a test rule of that visibility.
/// </summary>
public abstract class VisibilityTests(SunlightNode node)
{
    [Fact]
    public async Task A_supervisor_only_alert_is_seen_by_supervisors_and_by_nobody_else_anywhere()
    {
        var subject = "STAFF-" + Guid.NewGuid().ToString("N")[..8];
        using (var scope = node.Services.CreateScope())
        {
            var regionPath = "/370000/370700/370781/";
            await scope.ServiceProvider.GetRequiredService<AlertService>().RaiseAsync(
                [new AlertDraft(StaffRule.Code, Severities.Red, subject, "", "370781-xzsp", regionPath, null, new Sunlight.Core.BilingualText("经办人亲属参与交易", "a relative of the handler took part"), [])], CancellationToken.None);
        }

        async Task<int> Count(string user) =>
            (await (await (await node.As(user)).GetAsync($"/api/v1/alerts?subject={subject}")).Expect(HttpStatusCode.OK)).GetProperty("total").GetInt32();
        Assert.Equal(1, await Count("supervisor-370781"));
        Assert.Equal(1, await Count("supervisor"));
        Assert.Equal(0, await Count("clerk-370781"));
        Assert.Equal(0, await Count("departmenthead-370781"));
        Assert.Equal(0, await Count("inspector-370781"));
        Assert.Equal(0, await Count("admin-370781"));

        var csv = await (await node.As("clerk-370781")).GetStringAsync("/api/v1/alerts/export.csv");
        Assert.DoesNotContain(subject, csv, StringComparison.Ordinal);
        Assert.Contains(subject, await (await node.As("supervisor-370781")).GetStringAsync("/api/v1/alerts/export.csv"), StringComparison.Ordinal);

        var supervisor = await node.As("supervisor-370781");
        var alert = (await (await supervisor.GetAsync($"/api/v1/alerts?subject={subject}")).Expect(HttpStatusCode.OK)).GetProperty("items")[0];
        var sequence = alert.GetProperty("recordSequence").GetInt64();
        await (await (await node.As("inspector-370781")).GetAsync($"/api/v1/ledger/records/{sequence}")).Expect(HttpStatusCode.Forbidden);
        await (await supervisor.GetAsync($"/api/v1/ledger/records/{sequence}")).Expect(HttpStatusCode.OK);

        var refused = await (await supervisor.PostJson("/api/v1/notices", new { alerts = new[] { alert.GetProperty("id").GetInt64() }, request = "请说明" })).Expect(HttpStatusCode.BadRequest);
        Assert.Contains("仅监察人员可见", refused.GetRawText(), StringComparison.Ordinal);

        var dashboard = node.Services.GetRequiredService<SupervisionDashboard>();
        var county = "/370000/370700/370781/";
        var clerk = new Jurisdiction("370781", county, "370781-xzsp", new HashSet<string>(StringComparer.Ordinal) { SunlightRoles.Clerk });
        Assert.DoesNotContain((await dashboard.GetAsync(clerk, null, null)).ByRule, r => r.Key == StaffRule.Code);
        var chief = new Jurisdiction("370781", county, "370781-jw", new HashSet<string>(StringComparer.Ordinal) { SunlightRoles.Supervisor });
        Assert.Contains((await dashboard.GetAsync(chief, null, null)).ByRule, r => r.Key == StaffRule.Code);
    }
}

/// <summary>A rule whose alerts only supervisors see, as integrity rules about staff will be.</summary>
internal sealed class StaffRule : IRuleSource
{
    public const string Code = "TEST-ABOUT-STAFF";

    public IReadOnlyList<RuleDefinition> Rules { get; } =
        [new(Code, Severities.Red, "test", "关于工作人员 (about staff)", "raised by the test", []) { Visibility = AlertVisibility.Supervisor }];
}

public sealed class StaffRuleSqliteNode : SqliteNode
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(s => s.AddSingleton<IRuleSource, StaffRule>());
    }
}

public sealed class StaffRulePostgresNode(PostgresServer server) : PostgresNode(server)
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(s => s.AddSingleton<IRuleSource, StaffRule>());
    }
}

public sealed class VisibilityTestsOnSqlite(StaffRuleSqliteNode node) : VisibilityTests(node), IClassFixture<StaffRuleSqliteNode>;

public sealed class VisibilityTestsOnPostgres(StaffRulePostgresNode node) : VisibilityTests(node), IClassFixture<StaffRulePostgresNode>;
