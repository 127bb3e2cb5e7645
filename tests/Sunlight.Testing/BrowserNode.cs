using Microsoft.Playwright;


namespace Sunlight.Testing;

/// <summary>
/// A node on real Kestrel (loopback, random port) with Debian's Chromium driven by Playwright. The browser is the
/// system one at <c>/usr/bin/chromium</c> (override with SUNLIGHT_CHROMIUM); nothing is downloaded. Without it the
/// tests fail and say how to install it.
/// </summary>
public class BrowserNode : SqliteNode
{
    private IPlaywright? _playwright;

    public BrowserNode() => UseKestrel(0);

    public IBrowser Browser { get; private set; } = default!;

    public string BaseUrl => KestrelBaseUrl;

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        StartServer();
        var chromium = Environment.GetEnvironmentVariable("SUNLIGHT_CHROMIUM") ?? "/usr/bin/chromium";
        if (!File.Exists(chromium))
        {
            throw new InvalidOperationException($"Chromium not found at {chromium}. Install it with 'apt-get install -y chromium fonts-noto-cjk' (./test.sh and .ci/run do this).");
        }

        // A live page answers through its circuit; on a loaded 2-core machine that can take longer than Playwright's
        // default 5 s for an expectation (seen: a chosen file listed after 5 s in a full run). Waiting longer costs
        // nothing when the page is right.
        Assertions.SetDefaultExpectTimeout(20_000);
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
    }

    public override async ValueTask DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        _playwright?.Dispose();
        await base.DisposeAsync();
        GC.SuppressFinalize(this);
    }

    /// <summary>
    /// Waits until the page's Blazor circuit is live (the layout's <c>#interactive</c> marker says so). Until then
    /// the page is the prerendered HTML and clicks on rows or buttons reach nothing.
    /// </summary>
    public static Task InteractiveAsync(IPage page) =>
        page.Locator("#interactive[data-ready='1']").WaitForAsync(new() { State = WaitForSelectorState.Attached });

    /// <summary>
    /// Signs in through the form and lands on <paramref name="path"/> with the circuit live. Under a loaded machine the
    /// redirect may take a while: up to 60 s, and when it does not come the failure says where the page is and what
    /// it shows (with a screenshot), rather than only "timeout".
    /// </summary>
    public async Task<IPage> SignInAsync(IBrowserContext context, string user, string path, float timeout = 30_000)
    {
        ArgumentNullException.ThrowIfNull(context);
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(timeout);
        await page.GotoAsync($"{BaseUrl}/account/login?ReturnUrl={Uri.EscapeDataString(path)}", new PageGotoOptions { WaitUntil = WaitUntilState.DOMContentLoaded });
        await page.FillAsync("#username", user);
        await page.FillAsync("#password", Sunlight.Core.Directory.Demo.DemoCity.DemoPassword);
        await page.ClickAsync("#sign-in");
        try
        {
            // Polled in the page rather than WaitForURL: under load the redirect sometimes commits before WaitForURL
            // starts listening, and it then waited for a navigation that had already happened (seen in a full run:
            // the page was at the right address and the wait still timed out).
            await page.WaitForFunctionAsync("p => location.pathname === p", path, new PageWaitForFunctionOptions { Timeout = 60_000, PollingInterval = 100 });
        }
        catch (TimeoutException)
        {
            await SaveScreenshotAsync(page, $"sign-in-failed-{user}");
            var text = await page.Locator("body").InnerTextAsync();
            throw new InvalidOperationException($"{user} did not reach {path} after signing in; the page is {page.Url}: {text[..Math.Min(400, text.Length)]}");
        }

        await InteractiveAsync(page);
        return page;
    }

    /// <summary>Waits until the page's address is <paramref name="path"/> (polled in the page; see <see cref="SignInAsync"/>).</summary>
    public static Task AtAsync(IPage page, string path) =>
        page.WaitForFunctionAsync("p => location.pathname === p", path, new PageWaitForFunctionOptions { Timeout = 60_000, PollingInterval = 100 });

    /// <summary>Saves a screenshot under test-results/screenshots and attaches it to the test's results.</summary>
    public static async Task SaveScreenshotAsync(IPage page, string name)
    {
        var bytes = await page.ScreenshotAsync(new PageScreenshotOptions { FullPage = true });
        var folder = Path.Combine(Processes.RepositoryRoot(), "test-results", "screenshots");
        Directory.CreateDirectory(folder);
        await File.WriteAllBytesAsync(Path.Combine(folder, name + ".png"), bytes);
        TestContext.Current.AddAttachment(name + ".png", bytes, "image/png");
    }
}
