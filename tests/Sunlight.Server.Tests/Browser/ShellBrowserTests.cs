using Microsoft.Playwright;
using Sunlight.Core.Directory.Demo;

namespace Sunlight.Server.Tests.Browser;

/// <summary>A person in a real browser: sign in as a county supervisor, see the shell, stay inside the county.</summary>
public sealed class ShellBrowserTests(BrowserNode node) : IClassFixture<BrowserNode>
{
    private const float Timeout = 30_000;

    // Wait for the navigation to be committed, not for every sub-resource: the assertions that follow wait for what
    // a person would look at.

    [Fact]
    public async Task County_supervisor_signs_in_and_sees_the_shell_for_their_county()
    {
        await using var context = await node.Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1366, Height = 900 }, Locale = "zh-CN" });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(Timeout);

        await page.GotoAsync($"{node.BaseUrl}/workspace", new PageGotoOptions { WaitUntil = WaitUntilState.DOMContentLoaded });
        await BrowserNode.AtAsync(page, "/account/login");
        await page.FillAsync("#username", "supervisor-370781");
        await page.FillAsync("#password", DemoCity.DemoPassword);
        await page.ClickAsync("#sign-in");
        await BrowserNode.AtAsync(page, "/workspace");

        var region = page.GetByTestId("region-name");
        await Assertions.Expect(region).ToHaveTextAsync("青州市");
        await Assertions.Expect(page.GetByTestId("user-name")).ToContainTextAsync("监察人员");
        await Assertions.Expect(page.Locator(".mud-nav-link", new() { HasText = "机构与人员" })).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator(".mud-nav-link", new() { HasText = "安全审计日志" })).ToBeVisibleAsync();
        // A supervisor is not an administrator: no import entry.
        await Assertions.Expect(page.Locator(".mud-nav-link", new() { HasText = "目录导入导出" })).ToHaveCountAsync(0);
        await BrowserNode.SaveScreenshotAsync(page, "county-supervisor-workspace");

        // Follow the menu once the workspace's circuit is live: a click during the circuit's start raced it, and the
        // circuit then drew the page it started on over the organisations page the click had fetched (2 of 4 full runs).
        await BrowserNode.InteractiveAsync(page);
        await page.ClickAsync(".mud-nav-link:has-text('机构与人员')");
        await BrowserNode.AtAsync(page, "/directory/organisations");
        var table = page.GetByTestId("organisations");
        await Assertions.Expect(table).ToContainTextAsync("青州市行政审批服务局");
        await Assertions.Expect(table).Not.ToContainTextAsync("诸城市");
        // A row opens its staff, with the organisation's last change checked against the ledger (once the circuit is
        // live: a click on the prerendered table reaches nothing).
        await BrowserNode.InteractiveAsync(page);
        await page.ClickAsync("tr:has-text('青州市行政审批服务局')");
        await Assertions.Expect(page.GetByTestId("staff-panel")).ToContainTextAsync("部门负责人");
        await Assertions.Expect(page.GetByTestId("ledger-badge")).ToContainTextAsync("✓");
        await BrowserNode.SaveScreenshotAsync(page, "county-supervisor-organisations");

        // 11.4: audit events are named in the reader's language (the sign-in above is 登录), not by their machine kind.
        await page.ClickAsync(".mud-nav-link:has-text('安全审计日志')");
        await BrowserNode.AtAsync(page, "/audit");
        await Assertions.Expect(page.GetByTestId("audit-kind").First).ToBeVisibleAsync();
        Assert.DoesNotContain(await page.GetByTestId("audit-kind").AllInnerTextsAsync(), k => System.Text.RegularExpressions.Regex.IsMatch(k.Trim(), "^[a-z-]+$"));
        await Assertions.Expect(page.GetByTestId("audit-kind").Filter(new() { HasTextString = "登录" }).First).ToBeVisibleAsync();
        await page.GoBackAsync();
        await BrowserNode.AtAsync(page, "/directory/organisations");

        // The English switch keeps the person where they are. After going back, the address changes at once but the
        // circuit redraws the bar (and the switch's target) a moment later; under load a click in between went to the
        // page before (1 of the full runs): click once the switch points here.
        await Assertions.Expect(page.Locator("a.lang-switch")).ToHaveAttributeAsync("href", new System.Text.RegularExpressions.Regex("redirect=%2Fdirectory%2Forganisations$"));
        await page.ClickAsync("a.lang-switch");
        await BrowserNode.AtAsync(page, "/directory/organisations");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Organisations and staff");
    }

    [Fact]
    public async Task Home_page_reads_well_on_a_phone()
    {
        await using var context = await node.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = 390, Height = 844 },
            IsMobile = true,
            HasTouch = true,
            Locale = "zh-CN",
        });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(Timeout);
        await page.GotoAsync(node.BaseUrl + "/", new PageGotoOptions { WaitUntil = WaitUntilState.DOMContentLoaded });
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("让权力在阳光下运行");
        var width = await page.EvaluateAsync<int>("document.documentElement.scrollWidth");
        Assert.True(width <= 390, $"page is {width}px wide on a 390px phone: something overflows");
        await BrowserNode.SaveScreenshotAsync(page, "home-phone");

        // The home page holds no circuit (docs/adr/0010): the menu button still opens the drawer, and closes it.
        var menu = page.Locator(".mud-drawer").GetByText("工作日历");
        await Assertions.Expect(menu).Not.ToBeVisibleAsync();
        await page.Locator("[data-nav-toggle]").ClickAsync();
        await Assertions.Expect(menu).ToBeVisibleAsync();
        await BrowserNode.SaveScreenshotAsync(page, "home-phone-menu");
        await page.Locator("[data-nav-toggle]").ClickAsync();
        await Assertions.Expect(menu).Not.ToBeVisibleAsync();
    }
}
