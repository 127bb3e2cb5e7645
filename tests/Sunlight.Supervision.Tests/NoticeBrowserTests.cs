using System.Net;
using System.Text;
using Microsoft.Playwright;

namespace Sunlight.Supervision.Tests;

/// <summary>A supervisor takes an alert through notice → reply → verified closure, each person in their own browser.</summary>
public sealed class NoticeBrowserTests(BrowserNode node) : IClassFixture<BrowserNode>
{
    private const float Timeout = 30_000;

    private Task<IPage> SignedInAsync(IBrowserContext context, string user, string path) => node.SignInAsync(context, user, path, Timeout);

    private static ILocator Field(IPage page, string testId) =>
        page.Locator($"textarea[data-testid='{testId}'], input[data-testid='{testId}'], [data-testid='{testId}'] textarea, [data-testid='{testId}'] input").First;

    /// <summary>A case handled off-system in 2025 and sent now: red alerts for 青州市行政审批服务局.</summary>
    private async Task<string> OffSystemCaseAsync()
    {
        var system = await ExchangeClient.RegisterAsync(node, "370781-xzsp");
        var caseNo = "NB" + Guid.NewGuid().ToString("N")[..10].ToUpperInvariant();
        object[] events =
        [
            new { id = caseNo + "-1", caseNo, type = "submitted", at = "2025-03-03T09:00:00+08:00", itemCode = "370781-XK-XZSP-003", channel = "system", applicant = new { name = "李四", idType = "id-card", idNo = "11010519491231002X" } },
            new { id = caseNo + "-2", caseNo, type = "accepted", at = "2025-03-03T10:00:00+08:00", actor = "370781-xzsp-01" },
            new { id = caseNo + "-3", caseNo, type = "decided", at = "2025-03-04T10:00:00+08:00", actor = "370781-xzsp-03", outcome = "approved" },
            new { id = caseNo + "-4", caseNo, type = "concluded", at = "2025-03-04T11:00:00+08:00", actor = "370781-xzsp-01" },
        ];
        await (await system.SendAsync("case-events", ExchangeClient.Ndjson(events))).Expect(HttpStatusCode.OK);
        return caseNo;
    }

    [Fact]
    public async Task Supervisor_takes_an_alert_through_notice_reply_and_verified_closure()
    {
        var caseNo = await OffSystemCaseAsync();
        var options = new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1440, Height = 900 }, Locale = "zh-CN" };
        await using var supervisorBrowser = await node.Browser.NewContextAsync(options);
        await using var clerkBrowser = await node.Browser.NewContextAsync(options);

        var supervisor = await SignedInAsync(supervisorBrowser, "supervisor-370781", "/supervision");
        await Assertions.Expect(supervisor.GetByTestId("alert-counts")).ToContainTextAsync("红牌");
        var row = supervisor.GetByTestId("alert-row").Filter(new() { HasText = caseNo }).Filter(new() { HasText = "SVC-BACKFILL" });
        // Each alert links to its own ledger record's proof.
        await Assertions.Expect(row.Locator("a[href*='ledger/check?seq=']")).ToHaveCountAsync(1);
        await Assertions.Expect(supervisor.GetByTestId("figure-on-time-rate")).ToContainTextAsync("%");
        await row.GetByTestId("notice-open").ClickAsync();
        await Field(supervisor, "notice-request").FillAsync("请说明该办件为何在办结后才报送，并整改");
        await row.GetByTestId("notice-submit").ClickAsync();
        await Assertions.Expect(supervisor.GetByTestId("notice-issued")).ToContainTextAsync("DB-370781-");
        // Under notice now: the row says so and offers no second notice (issue 11.2).
        await Assertions.Expect(row).ToContainTextAsync("督办中");
        await Assertions.Expect(row.GetByTestId("notice-open")).ToHaveCountAsync(0);
        // 11.11: every alert's state reads on one line, not one character per line.
        var wrapped = await supervisor.EvaluateAsync<string[]>("""
            () => [...document.querySelectorAll("[data-testid='alert-state']")].filter(td => {
                const text = [...td.childNodes].find(n => n.nodeType === 3 && n.textContent.trim().length > 0);
                if (!text) { return false; }
                const range = document.createRange();
                range.selectNodeContents(text);
                return new Set([...range.getClientRects()].map(r => Math.round(r.top))).size > 1;
            }).map(td => td.textContent.trim())
            """);
        Assert.True(wrapped.Length == 0, "states broken over lines: " + string.Join(" | ", wrapped));
        await BrowserNode.SaveScreenshotAsync(supervisor, "supervision-dashboard");

        var clerk = await SignedInAsync(clerkBrowser, "clerk-370781", "/notices");
        var notice = clerk.GetByTestId("notice-row").Filter(new() { HasText = "请说明该办件为何在办结后才报送" });
        await Assertions.Expect(notice.GetByTestId("notice-status")).ToHaveTextAsync("待答复");
        await Field(clerk, "notice-reply-text").FillAsync("系统对接故障期间线下办理，现已补录并恢复对接");
        // InputFile sees a change only once its script has set the element up in the live circuit.
        await Assertions.Expect(notice.Locator("input[type=file]")).ToHaveCountAsync(1);
        await notice.Locator("input[type=file]").EvaluateAsync("(el) => new Promise(resolve => { const poll = () => el._blazorInputFileNextFileId !== undefined ? resolve(true) : setTimeout(poll, 50); poll(); })");
        await notice.Locator("input[type=file]").SetInputFilesAsync(new FilePayload
        {
            Name = "整改报告.pdf", MimeType = "application/pdf", Buffer = Encoding.ASCII.GetBytes("%PDF-1.4\n% report\n%%EOF\n"),
        });
        // The page lists the chosen file once the live connection has it; only then is it sent with the reply.
        await Assertions.Expect(notice.GetByTestId("notice-reply-chosen")).ToContainTextAsync("整改报告.pdf");
        await notice.GetByTestId("notice-reply").ClickAsync();
        await Assertions.Expect(notice.GetByTestId("notice-status")).ToHaveTextAsync("已答复待核实");
        await Assertions.Expect(notice.GetByTestId("notice-files")).ToContainTextAsync("整改报告.pdf");

        await supervisor.GotoAsync($"{node.BaseUrl}/notices", new PageGotoOptions { WaitUntil = WaitUntilState.DOMContentLoaded });
        await BrowserNode.InteractiveAsync(supervisor);
        var mine = supervisor.GetByTestId("notice-row").Filter(new() { HasText = "请说明该办件为何在办结后才报送" });
        await Assertions.Expect(mine.GetByTestId("notice-files").Locator("a[href*='/files/']")).ToHaveCountAsync(1);
        await mine.GetByTestId("notice-verify").ClickAsync();
        await Assertions.Expect(mine.GetByTestId("notice-status")).ToHaveTextAsync("已办结");
        await BrowserNode.SaveScreenshotAsync(supervisor, "notices-closed");

        // The verified notice resolved its alert: the dashboard shows it resolved, offers reopening, not a notice.
        await supervisor.GotoAsync($"{node.BaseUrl}/supervision", new PageGotoOptions { WaitUntil = WaitUntilState.DOMContentLoaded });
        await BrowserNode.InteractiveAsync(supervisor);
        await Assertions.Expect(row).ToContainTextAsync("已办结");
        await Assertions.Expect(row.GetByTestId("notice-open")).ToHaveCountAsync(0);
        await Assertions.Expect(row.GetByTestId("alert-reopen")).ToHaveCountAsync(1);
        await Assertions.Expect(supervisor.GetByTestId("count-resolved").Locator(".stat-number")).Not.ToHaveTextAsync("0");
    }

    [Fact]
    public async Task Dashboard_draws_its_charts_and_shows_a_new_alert_without_reloading()
    {
        await OffSystemCaseAsync();
        await using var browser = await node.Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1440, Height = 900 }, Locale = "zh-CN" });
        var page = await SignedInAsync(browser, "supervisor-370781", "/supervision");
        await BrowserNode.InteractiveAsync(page);
        await Assertions.Expect(page.Locator("#chart-rules[data-rendered='1'] canvas")).ToHaveCountAsync(1, new() { Timeout = Timeout });
        await Assertions.Expect(page.Locator("#chart-regions[data-rendered='1'] canvas")).ToHaveCountAsync(1, new() { Timeout = Timeout });
        var marker = await page.EvaluateAsync<string>("() => { window.__sameDocument = 'yes'; return window.__sameDocument; }");

        // Another supervisor's manual alert, committed through the API while this page stays open.
        var subject = "看板实时-" + Guid.NewGuid().ToString("N")[..6];
        await (await (await node.As("supervisor-370781")).PostJson("/api/v1/alerts", new { subject, organisation = "370781-xzsp", severity = "red", summary = "实时推送测试" }))
            .Expect(HttpStatusCode.Created);
        await Assertions.Expect(page.GetByTestId("alert-row").Filter(new() { HasText = subject })).ToHaveCountAsync(1, new() { Timeout = Timeout });
        // Same document: the row came over the live connection, not by a reload.
        Assert.Equal(marker, await page.EvaluateAsync<string>("() => window.__sameDocument"));
        await BrowserNode.SaveScreenshotAsync(page, "supervision-live");
    }

    [Fact]
    public async Task A_department_sees_its_alerts_but_has_no_way_to_dismiss_or_change_them_in_the_ui()
    {
        var caseNo = await OffSystemCaseAsync();
        await using var browser = await node.Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1440, Height = 900 }, Locale = "zh-CN" });
        var clerk = await SignedInAsync(browser, "clerk-370781", "/supervision");
        await BrowserNode.InteractiveAsync(clerk);
        var rows = clerk.GetByTestId("alert-row").Filter(new() { HasText = caseNo });
        await Assertions.Expect(rows.First).ToBeVisibleAsync(new() { Timeout = Timeout });
        // Nothing on the page acts on an alert for a department: no notice, no dismissal, no edit.
        await Assertions.Expect(clerk.GetByTestId("notice-open")).ToHaveCountAsync(0);
        await Assertions.Expect(clerk.GetByRole(AriaRole.Button, new() { Name = "撤销" })).ToHaveCountAsync(0);
        await Assertions.Expect(clerk.Locator("[data-testid='alerts'] input, [data-testid='alerts'] textarea")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task Big_screen_draws_its_echarts_on_a_dark_1920_by_1080_wall()
    {
        await OffSystemCaseAsync();
        await using var wall = await node.Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1920, Height = 1080 }, Locale = "zh-CN" });
        var page = await SignedInAsync(wall, "supervisor-370781", "/supervision/screen");
        await Assertions.Expect(page.Locator("h1")).ToContainTextAsync("电子监察大屏");
        // ECharts draws into canvases once its bundle is loaded.
        await Assertions.Expect(page.Locator("#screen-rules[data-rendered='1'] canvas")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("#screen-departments[data-rendered='1'] canvas")).ToHaveCountAsync(1);
        // Case volumes beside the alerts: the off-system case was received (and is closed).
        await Assertions.Expect(page.Locator("#screen-cases[data-rendered='1'] canvas")).ToHaveCountAsync(1);
        await Assertions.Expect(page.GetByTestId("figure-cases-open")).ToContainTextAsync("在办件");
        await Assertions.Expect(page.GetByTestId("screen-latest")).ToContainTextAsync("补录/体外循环");
        // 11.11: the panels fill the wall to its bottom edge (no empty band), and nothing scrolls.
        var fill = await page.EvaluateAsync<double[]>("() => [document.querySelector('.screen .grid').getBoundingClientRect().bottom, innerHeight, document.documentElement.scrollHeight]");
        Assert.True(fill[0] >= fill[1] - 30 && fill[2] <= fill[1], $"the panels end at {fill[0]} of {fill[1]} (page {fill[2]} high)");
        await BrowserNode.SaveScreenshotAsync(page, "big-screen");
    }
}
