using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Microsoft.Playwright;
using Sunlight.Core.Files;
using Sunlight.Core.Ledger;
using Sunlight.Trading.Draws;
using Sunlight.Trading.Experts;
using Sunlight.Trading.Storage;

namespace Sunlight.Trading.Tests;

/// <summary>A browser node whose clock the walk moves: a trade spans weeks (20 days of bidding, 3 of publicity).</summary>
public sealed class ClockedBrowserNode : BrowserNode
{
    /// <summary>Monday 2 March 2026, 09:00 in China: a working day of a year whose holidays are loaded.</summary>
    public FakeTimeProvider Fake { get; } = new(new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.FromHours(8)));

    protected override TimeProvider? Clock => Fake;
}

/// <summary>
/// The operator runs a trade end to end in the browser — announce, amend, receive bids, open, draw the experts, record
/// the scores, publish the candidate, award, contract — with the clock moving as the law's periods pass; the admin
/// loads the expert pool by Excel on its page; the supervisor sees the trade in full, the draw and the flags; the public
/// sees the notices. Each step is a release through the one import, with its ledger record on the timeline; a lawful
/// trade raises no alert.
/// </summary>
public sealed class TradeWalkBrowserTests(ClockedBrowserNode node) : IClassFixture<ClockedBrowserNode>
{
    private const float Timeout = 30_000;

    private static ILocator Field(IPage page, string testId) =>
        page.Locator($"input[data-testid='{testId}'], [data-testid='{testId}'] input, textarea[data-testid='{testId}'], [data-testid='{testId}'] textarea").First;

    private static async Task SelectAsync(IPage page, string testId, string option)
    {
        await page.GetByTestId(testId).ClickAsync();
        await page.Locator(".mud-popover-open .mud-list-item", new() { HasText = option }).First.ClickAsync();
    }

    /// <summary>Waits for the step's own confirmation (a previous step's may still be on the page) and no error.</summary>
    private static async Task DoneAsync(IPage page, string text)
    {
        await Assertions.Expect(page.GetByTestId("action-done")).ToContainTextAsync(text);
        Assert.Equal(0, await page.GetByTestId("action-error").CountAsync());
    }

    private static byte[] Pool()
    {
        var rows = Enumerable.Range(1, 12).Select(i => Sheets.Row(ExpertExcel.ExpertColumns,
            $"E3707-07{i:D2}", $"评委{i}", Trades.Person(700 + i), Trades.Org(700 + i), $"专家单位{i}", "", "房屋建筑|市政工程", "370781", "active", "", "")).ToList();
        return Sheets.Save(new Dictionary<string, object> { ["experts"] = rows, ["interests"] = new List<Dictionary<string, object>>() });
    }

    [Fact]
    public async Task An_operator_runs_a_trade_end_to_end_and_every_step_is_a_release_with_its_proof()
    {
        var options = new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1366, Height = 900 }, Locale = "zh-CN" };
        await using var adminBrowser = await node.Browser.NewContextAsync(options);
        await using var operatorBrowser = await node.Browser.NewContextAsync(options);
        await using var supervisorBrowser = await node.Browser.NewContextAsync(options);
        await using var publicBrowser = await node.Browser.NewContextAsync(options);

        // The admin loads the pool on its page (all or nothing).
        var admin = await node.SignInAsync(adminBrowser, "admin-370781", "/trading/experts", Timeout);
        await admin.WaitForFunctionAsync("() => document.querySelector(\"[data-testid='experts-import-file']\")?._blazorInputFileNextFileId !== undefined");
        await admin.GetByTestId("experts-import-file").SetInputFilesAsync(new FilePayload
        {
            Name = "experts.xlsx", MimeType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", Buffer = Pool(),
        });
        await Assertions.Expect(admin.GetByTestId("experts-import-ok")).ToContainTextAsync("新增 12");
        await Assertions.Expect(admin.GetByTestId("expert-row")).ToHaveCountAsync(12);

        // Announce: the form suggests a deadline 21 days ahead; the trade gets its ocid and its page.
        var op = await node.SignInAsync(operatorBrowser, "tradingoperator-370781", "/trading", Timeout);
        await op.GetByTestId("announce-new").ClickAsync();
        await BrowserNode.AtAsync(op, "/trading/new");
        await BrowserNode.InteractiveAsync(op);
        await Field(op, "announce-title").FillAsync("青州市第一中学教学楼建设工程施工");
        await Field(op, "announce-buyer-name").FillAsync("青州市第一中学");
        await Field(op, "announce-buyer-code").FillAsync(Trades.CreditCode(31));
        await Field(op, "announce-agency-name").FillAsync("青州市建设工程招标代理有限公司");
        await Field(op, "announce-agency-code").FillAsync(Trades.CreditCode(32));
        await SelectAsync(op, "announce-supervising", "住房和城乡建设局");
        await Field(op, "announce-budget").FillAsync("5000000");
        await Field(op, "announce-max-price").FillAsync("4800000");
        await Assertions.Expect(Field(op, "announce-deadline")).ToHaveValueAsync("2026-03-23T09:30");
        await op.GetByTestId("announce-submit").ClickAsync();
        await op.WaitForFunctionAsync("() => location.pathname.startsWith('/trading/projects/')");
        var ocid = (await op.GetByTestId("project-ocid").InnerTextAsync()).Trim();
        Assert.Equal("ocds-sl3707-370781-2026-00001", ocid);
        await Assertions.Expect(op.GetByTestId("project-stage")).ToHaveTextAsync("招标公告");
        await Assertions.Expect(op.GetByTestId("bids-sealed")).ToBeVisibleAsync();
        var path = $"/trading/projects/{ocid}";

        // Two days on: a substantive amendment moves the deadline (still 21 days ahead, 招标投标法 §23).
        node.Fake.Advance(TimeSpan.FromDays(2));
        op = await node.SignInAsync(operatorBrowser, "tradingoperator-370781", path, Timeout);
        await Field(op, "amend-description").FillAsync("调整工程量清单第 3 章");
        await op.Locator("input[data-testid='amend-substantive'], [data-testid='amend-substantive'] input").First.CheckAsync(new() { Force = true });
        await Field(op, "amend-deadline").FillAsync("2026-03-25T09:30");
        await op.GetByTestId("amend-submit").ClickAsync();
        await DoneAsync(op, "澄清或者修改已记录");
        await Assertions.Expect(op.GetByTestId("project-deadline")).ToHaveTextAsync("2026-03-25 09:30");

        // An opening before the deadline is refused with the law's reason.
        await op.GetByTestId("open-submit").ClickAsync();
        await Assertions.Expect(op.GetByTestId("action-error")).ToContainTextAsync("第三十四条");

        // Bids arrive in the last days; none is shown before the opening.
        node.Fake.Advance(TimeSpan.FromDays(20));
        op = await node.SignInAsync(operatorBrowser, "tradingoperator-370781", path, Timeout);
        var bids = new[]
        {
            ("潍坊宏达建设集团有限公司", 41, "4300000", "10.8.1.11", "张工", "0A:1B:2C:3D:4E:01"),
            ("山东青州建工有限公司", 42, "4480000", "10.8.2.12", "李工", "0A:1B:2C:3D:4E:02"),
            ("寿光市路桥工程有限公司", 43, "4620000", "10.8.3.13", "王工", "0A:1B:2C:3D:4E:03"),
        };
        foreach (var (name, n, amount, ip, author, mac) in bids)
        {
            node.Fake.Advance(TimeSpan.FromMinutes(20));
            await Field(op, "bid-name").FillAsync(name);
            await Field(op, "bid-code").FillAsync(Trades.CreditCode(n));
            await Field(op, "bid-amount").FillAsync(amount);
            await Field(op, "bid-account").FillAsync($"6222 0207 0000 00{n}");
            await Field(op, "bid-hash").FillAsync(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(name))));
            await Field(op, "bid-ip").FillAsync(ip);
            await Field(op, "bid-author").FillAsync(author);
            await Field(op, "bid-mac").FillAsync(mac);
            await op.GetByTestId("bid-submit").ClickAsync();
            await DoneAsync(op, $"bid-{Array.IndexOf(bids, (name, n, amount, ip, author, mac)) + 1}");
        }

        Assert.Equal(0, await op.GetByTestId("bid-row").CountAsync());

        // At the deadline: open. The bids appear, with their fingerprints for the centre.
        node.Fake.SetUtcNow(new DateTimeOffset(2026, 3, 25, 9, 30, 0, TimeSpan.FromHours(8)));
        op = await node.SignInAsync(operatorBrowser, "tradingoperator-370781", path, Timeout);
        await op.GetByTestId("open-submit").ClickAsync();
        await DoneAsync(op, "已开标");
        await Assertions.Expect(op.GetByTestId("bid-row")).ToHaveCountAsync(3);
        await Assertions.Expect(op.GetByTestId("bids")).ToContainTextAsync("10.8.2.12");

        // Draw the experts for an hour later; the draw waits for the next checkpoint as its beacon.
        await op.GetByTestId("draw-submit").ClickAsync();
        await DoneAsync(op, "已承诺");
        await Assertions.Expect(op.GetByTestId("draw-status")).ToHaveTextAsync("已承诺");
        await using (var scope = node.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<LedgerIntegrator>().CheckpointAsync(CancellationToken.None);
            Assert.Equal(1, await scope.ServiceProvider.GetRequiredService<DrawService>().RunDueAsync(node.Fake.GetUtcNow(), CancellationToken.None));
        }

        // At the evaluation: each member scores each bid.
        node.Fake.Advance(TimeSpan.FromHours(1));
        op = await node.SignInAsync(operatorBrowser, "tradingoperator-370781", path, Timeout);
        await Assertions.Expect(op.GetByTestId("draw-status")).ToHaveTextAsync("已完成（未会签）");
        var members = (await op.GetByTestId("draw-row").Locator("td").Nth(3).InnerTextAsync()).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(5, members.Length);

        // One of them cannot come: the next alternate takes the seat, never a choice (trading.draw.replaced).
        await SelectAsync(op, "replace-expert", members[0]);
        await Field(op, "replace-reason").FillAsync("临时出差");
        await op.GetByTestId("replace-submit").ClickAsync();
        await DoneAsync(op, "替补");
        var seated = (await op.GetByTestId("draw-row").Locator("td").Nth(3).InnerTextAsync()).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Assert.DoesNotContain(members[0], seated);
        Assert.Equal(members[1..], seated[1..]);
        members = seated;
        for (var b = 1; b <= 3; b++)
        {
            for (var m = 0; m < members.Length; m++)
            {
                await op.GetByTestId($"score-bid-{b}-{members[m]}").FillAsync((92 - (3 * b) + (m % 3)).ToString(CultureInfo.InvariantCulture));
                await op.GetByTestId($"score-bid-{b}-{members[m]}").DispatchEventAsync("change");
            }
        }

        await op.GetByTestId("evaluate-submit").ClickAsync();
        await DoneAsync(op, "评标结果已记录");
        await Assertions.Expect(op.GetByTestId("committee-member")).ToHaveCountAsync(5);
        // Names stay sealed until the award (招标投标法 §37).
        await Assertions.Expect(op.GetByTestId("committee")).ToContainTextAsync("定标前密封");

        // The first candidate (highest mean) is published for 3 days; the award notice waits for the end.
        await Assertions.Expect(op.GetByTestId("publicity-candidate")).ToContainTextAsync("潍坊宏达建设集团有限公司");
        await op.GetByTestId("publicity-submit").ClickAsync();
        await DoneAsync(op, "中标候选人公示已发布");
        await op.GetByTestId("award-submit").ClickAsync();
        await Assertions.Expect(op.GetByTestId("action-error")).ToContainTextAsync("第五十四条");

        node.Fake.Advance(TimeSpan.FromDays(3).Add(TimeSpan.FromMinutes(5)));
        op = await node.SignInAsync(operatorBrowser, "tradingoperator-370781", path, Timeout);
        await op.GetByTestId("award-submit").ClickAsync();
        await DoneAsync(op, "中标通知书已发出");
        await Assertions.Expect(op.GetByTestId("project-stage")).ToHaveTextAsync("中标结果公告");
        await Assertions.Expect(op.GetByTestId("committee")).ToContainTextAsync("评委");

        node.Fake.Advance(TimeSpan.FromDays(5));
        op = await node.SignInAsync(operatorBrowser, "tradingoperator-370781", path, Timeout);
        await Assertions.Expect(Field(op, "contract-value")).ToHaveValueAsync("4300000");
        await op.GetByTestId("contract-submit").ClickAsync();
        await DoneAsync(op, "合同已记录");
        await Assertions.Expect(op.GetByTestId("steps-done")).ToBeVisibleAsync();

        // Every step is a release with its ledger record; after the next checkpoint each is proven. A lawful trade: no alert.
        await using (var scope = node.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<LedgerIntegrator>().CheckpointAsync(CancellationToken.None);
        }

        await op.ReloadAsync(new PageReloadOptions { WaitUntil = WaitUntilState.DOMContentLoaded });
        await Assertions.Expect(op.GetByTestId("timeline-row")).ToHaveCountAsync(10);
        await Assertions.Expect(op.Locator("[data-testid='timeline-proof'][data-state='proven']")).ToHaveCountAsync(10);
        await Assertions.Expect(op.GetByTestId("alerts-none")).ToBeVisibleAsync();
        await BrowserNode.SaveScreenshotAsync(op, "trading-project");

        // The supervisor sees the trade in full, the draw with its proof, and the flags page.
        var supervisor = await node.SignInAsync(supervisorBrowser, "supervisor-370781", path, Timeout);
        await Assertions.Expect(supervisor.GetByTestId("bids")).ToContainTextAsync("10.8.1.11");
        var drawLink = supervisor.GetByTestId("draw-row").Locator("a").First;
        var drawId = (await drawLink.InnerTextAsync()).Trim();
        await supervisor.GotoAsync($"{node.BaseUrl}/trading/draws/{drawId}", new PageGotoOptions { WaitUntil = WaitUntilState.DOMContentLoaded });
        await Assertions.Expect(supervisor.GetByTestId("draw-selected")).ToContainTextAsync(members[0]);
        await Assertions.Expect(supervisor.GetByTestId("draw-uncosigned")).ToBeVisibleAsync();
        await supervisor.GotoAsync($"{node.BaseUrl}/trading/flags", new PageGotoOptions { WaitUntil = WaitUntilState.DOMContentLoaded });
        await BrowserNode.InteractiveAsync(supervisor);
        await Assertions.Expect(supervisor.Locator("#trading-chart-months[data-rendered='1']")).ToBeAttachedAsync();
        await Assertions.Expect(supervisor.Locator("#blazor-error-ui")).ToBeHiddenAsync();

        // The public sees the notices of the centre and, once awarded, the draw and its proof.
        var citizen = await publicBrowser.NewPageAsync();
        citizen.SetDefaultTimeout(Timeout);
        await citizen.GotoAsync($"{node.BaseUrl}/trading/public?centre=370781-ggzy", new PageGotoOptions { WaitUntil = WaitUntilState.DOMContentLoaded });
        await Assertions.Expect(citizen.GetByTestId("trading-notices")).ToContainTextAsync("青州市第一中学教学楼建设工程施工");
        await citizen.GetByTestId("trading-notices").Locator("a", new() { HasText = "青州市第一中学教学楼建设工程施工" }).First.ClickAsync();
        await BrowserNode.AtAsync(citizen, $"/trading/public/{ocid}");
        await Assertions.Expect(citizen.GetByTestId("public-trade-awards")).ToContainTextAsync("潍坊宏达建设集团有限公司");
        await Assertions.Expect(citizen.GetByTestId("public-trade-contracts")).ToContainTextAsync("4,300,000.00");
        await Assertions.Expect(citizen.GetByTestId("public-trade-committee")).ToContainTextAsync("评委");
        // The public never sees fingerprints, deposits or scores.
        Assert.DoesNotContain("10.8.1.11", await citizen.ContentAsync(), StringComparison.Ordinal);
        await citizen.GotoAsync($"{node.BaseUrl}/trading/draws/{drawId}", new PageGotoOptions { WaitUntil = WaitUntilState.DOMContentLoaded });
        await Assertions.Expect(citizen.GetByTestId("draw-proof")).ToBeVisibleAsync();

        await using var check = node.Services.CreateAsyncScope();
        var db = await check.ServiceProvider.GetRequiredService<IDbContextFactory<TradingDbContext>>().CreateDbContextAsync();
        Assert.Equal(10, await db.Releases.CountAsync(r => r.Ocid == ocid));
    }
}
