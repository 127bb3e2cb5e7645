using System.Net;

namespace Sunlight.Server.Tests;

/// <summary>A node without the demo city: nothing on it may hint at the demo password.</summary>
public sealed class NoDemoNode : SqliteNode
{
    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string> { ["Sunlight:Demo:Enabled"] = "false" };
}

/// <summary>Issue 11.11's small but visible things, each with its test.</summary>
public sealed class SmallVisibleTests(NoDemoNode node) : IClassFixture<NoDemoNode>
{
    [Fact]
    public async Task Bug_11_11_the_login_page_shows_no_demo_password_when_the_demo_is_off()
    {
        var page = await node.Anonymous().GetStringAsync("/account/login");
        Assert.DoesNotContain("Sunlight@2026", page, StringComparison.Ordinal);
        Assert.DoesNotContain("demo-hint", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bug_11_11_an_odd_culture_redirect_goes_home_and_never_fails()
    {
        var client = node.Anonymous();
        foreach (var redirect in new[] { "/\\evil.example", "//evil.example", "http://evil.example/", "/ok\u0001", "", "hall" })
        {
            using var response = await client.GetAsync("/culture?c=en&redirect=" + Uri.EscapeDataString(redirect));
            Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"redirect '{redirect}' answered {(int)response.StatusCode}");
            Assert.Equal("/", response.RedirectPath());
        }

        using var home = await client.GetAsync("/culture?c=en&redirect=" + Uri.EscapeDataString("/hall?q=水"));
        Assert.Equal("/hall?q=%E6%B0%B4", home.RedirectPath());
    }
}
