using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Sunlight.Core.Accounts;
using Sunlight.Core.Api;
using Sunlight.Core.Ledger;
using Sunlight.Trading.Desk;

namespace Sunlight.Trading.Tests;

/// <summary>
/// The operator's desk and the trade's page on a node: each step refused with its field and the law's reason when
/// the moment forbids it, someone else's trade not found, who sees which trades, and the supervisor's unseal audited
/// and recorded.
/// </summary>
public sealed class TradeDeskTests(SqliteNode node) : IClassFixture<SqliteNode>
{
    private const string County = "/370000/370700/370781/";

    private static Jurisdiction Who(string role, string? organisation, string region = "370781", string path = County) =>
        new(region, path, organisation, new HashSet<string>(StringComparer.Ordinal) { role });

    private static readonly Jurisdiction Operator = Who(SunlightRoles.TradingOperator, "370781-ggzy");

    private static AnnounceForm Form(DateTimeOffset deadline, string buyerCode) =>
        new("道路改造工程", "works", "公开招标", "某镇人民政府", buyerCode, null, null, "370781-zjj", 1_000_000m, 950_000m, deadline, null);

    private static async Task<InputException> Refused(Func<Task> act) => await Assert.ThrowsAsync<InputException>(act);

    [Fact]
    public async Task Each_step_is_refused_with_its_field_when_the_law_or_the_input_forbids_it()
    {
        await using var scope = node.Services.CreateAsyncScope();
        var desk = scope.ServiceProvider.GetRequiredService<TradeDesk>();
        var now = DateTimeOffset.UtcNow;

        var bad = await Refused(() => desk.AnnounceAsync(Operator, "op", Form(now.AddDays(-1), "91370700MA0000000X") with { Budget = 1.005m, Kind = "lottery" }, CancellationToken.None));
        Assert.Equal(["budget", "buyerCode", "deadline", "kind"], bad.Errors.Select(e => e.Field).Order(StringComparer.Ordinal));
        Assert.Contains(bad.Errors, e => e.Field == "buyerCode" && e.Message.Contains("GB 32100", StringComparison.Ordinal));
        Assert.Contains(bad.Errors, e => e.Field == "deadline");
        Assert.Contains(bad.Errors, e => e.Field == "budget");

        // Only a centre's operator announces; an administrator is refused.
        Assert.Equal(Refusal.Forbidden, (await Refused(() => desk.AnnounceAsync(Who(SunlightRoles.Admin, "370781-jw"), "admin", Form(now.AddDays(21), Trades.CreditCode(61)), CancellationToken.None))).Kind);

        var ocid = await desk.AnnounceAsync(Operator, "op", Form(now.AddMinutes(30), Trades.CreditCode(61)), CancellationToken.None);
        Assert.StartsWith("ocds-sl3707-370781-", ocid, StringComparison.Ordinal);

        // Someone else's trade does not exist for them; the opening waits for the deadline.
        Assert.Equal(Refusal.NotFound, (await Refused(() => desk.OpenAsync(Who(SunlightRoles.TradingOperator, "370700-ggzy", "370700", "/370000/370700/"), "other", ocid, CancellationToken.None))).Kind);
        Assert.Contains("第三十四条", (await Refused(() => desk.OpenAsync(Operator, "op", ocid, CancellationToken.None))).Errors[0].Message, StringComparison.Ordinal);

        var badBid = await Refused(() => desk.BidAsync(Operator, "op", ocid,
            new BidForm("投标人", Trades.CreditCode(62), 100m, "cheque", null, null, null, null, "abc", null, "10.0.0.300", null, "张三", "110105194912310021"), CancellationToken.None));
        Assert.Equal(["depositForm", "fileHash", "managerId", "uploadIp"], badBid.Errors.Select(e => e.Field).Order(StringComparer.Ordinal));

        // Scores need a completed draw of this trade, and an opening first.
        var early = await Refused(() => desk.EvaluateAsync(Operator, "op", ocid, new EvaluationForm("D-none", new Dictionary<string, string>(), new Dictionary<(string, string), decimal?>()), CancellationToken.None));
        Assert.Equal(["drawId", "open"], early.Errors.Select(e => e.Field).Order(StringComparer.Ordinal));

        // Thirty minutes to bid breaks 招标投标法 §24: the announcement is recorded and its alert counted on the list.
        var row = (await scope.ServiceProvider.GetRequiredService<TradeBoard>().ListAsync(Who(SunlightRoles.Supervisor, "370781-jw"), null, null, ocid, 1, 50, CancellationToken.None)).Items.Single();
        Assert.True(row.OpenAlerts >= 1, $"open alerts on {ocid}: {row.OpenAlerts}");

        // Nothing refused was kept: one release, the announcement.
        var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<Storage.TradingDbContext>>().CreateDbContextAsync();
        Assert.Equal(1, await db.Releases.CountAsync(r => r.Ocid == ocid));
    }

    [Fact]
    public async Task Trades_are_seen_by_their_centre_their_department_and_the_region_and_a_supervisor_unseals_with_a_reason_on_record()
    {
        await using var scope = node.Services.CreateAsyncScope();
        var desk = scope.ServiceProvider.GetRequiredService<TradeDesk>();
        var board = scope.ServiceProvider.GetRequiredService<TradeBoard>();
        var ocid = await desk.AnnounceAsync(Operator, "op", Form(DateTimeOffset.UtcNow.AddDays(21), Trades.CreditCode(71)), CancellationToken.None);

        Assert.NotNull(await board.GetAsync(Operator, "op", ocid, unsealed: false, CancellationToken.None));
        Assert.NotNull(await board.GetAsync(Who(SunlightRoles.Clerk, "370781-zjj"), "zjj", ocid, unsealed: false, CancellationToken.None));
        Assert.Null(await board.GetAsync(Who(SunlightRoles.Clerk, "370781-xzsp"), "xzsp", ocid, unsealed: false, CancellationToken.None));
        Assert.Null(await board.GetAsync(Who(SunlightRoles.TradingOperator, "370700-ggzy", "370700", "/370000/370700/"), "other", ocid, unsealed: false, CancellationToken.None));
        var supervisor = Who(SunlightRoles.Supervisor, "370781-jw");
        var sheet = await board.GetAsync(supervisor, "sup", ocid, unsealed: false, CancellationToken.None);
        Assert.True(sheet!.Full);
        Assert.Single(sheet.Timeline);
        Assert.Contains(ocid, (await board.ListAsync(supervisor, "works", null, null, 1, 50, CancellationToken.None)).Items.Select(r => r.Ocid));

        Assert.Equal(Refusal.Invalid, (await Refused(() => board.UnsealAsync(supervisor, "sup", ocid, " ", CancellationToken.None))).Kind);
        Assert.Equal(Refusal.Forbidden, (await Refused(() => board.UnsealAsync(Who(SunlightRoles.Inspector, "370781-jw"), "insp", ocid, "核查", CancellationToken.None))).Kind);
        await board.UnsealAsync(supervisor, "sup", ocid, "举报核查", CancellationToken.None);
        var records = await scope.ServiceProvider.GetRequiredService<LedgerStatusService>().SubjectRecordsAsync(ocid, [TradeBoard.NamesUnsealed], CancellationToken.None);
        Assert.Contains("举报核查", System.Text.Encoding.UTF8.GetString(Assert.Single(records).Body), StringComparison.Ordinal);
        var core = scope.ServiceProvider.GetRequiredService<Sunlight.Core.Storage.CoreDbContext>();
        Assert.True(await core.AuditEvents.AnyAsync(a => a.Kind == TradeBoard.NamesUnsealed && a.Detail!.Contains(ocid)));
    }
}
