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

    [Fact]
    public async Task Bug_11_11_an_unknown_address_gets_sunlights_404_page_in_the_chosen_language()
    {
        var client = node.Anonymous();
        using var zh = await client.GetAsync("/no-such-page/at-all");
        Assert.Equal(HttpStatusCode.NotFound, zh.StatusCode);
        var zhPage = await zh.Content.ReadAsStringAsync();
        Assert.Contains("页面不存在", zhPage, StringComparison.Ordinal);
        Assert.Contains("阳光监察", zhPage, StringComparison.Ordinal);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/no-such-page");
        request.Headers.Add("Cookie", ".AspNetCore.Culture=c%3Den%7Cuic%3Den");
        using var en = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.NotFound, en.StatusCode);
        var enPage = await en.Content.ReadAsStringAsync();
        Assert.Contains("Page not found", enPage, StringComparison.Ordinal);
        Assert.DoesNotContain("页面不存在", enPage, StringComparison.Ordinal);

        // API callers keep their problem.
        using var api = await client.GetAsync("/api/v1/no-such-endpoint");
        Assert.Equal(HttpStatusCode.NotFound, api.StatusCode);
        Assert.Equal("application/problem+json", api.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Bug_11_11_the_api_reference_loads_nothing_from_outside_the_node()
    {
        var client = node.Anonymous();
        var page = await client.GetStringAsync("/api/docs/");
        var external = System.Text.RegularExpressions.Regex.Matches(page, "(?:src|href)=\"(https?:)?//[^\"]+\"").Select(m => m.Value).ToList();
        Assert.True(external.Count == 0, "the reference page loads " + string.Join(", ", external));
        Assert.DoesNotContain("fonts.scalar.com", page, StringComparison.Ordinal);
        Assert.Matches("\"withDefaultFonts\"\\s*:\\s*false", page);
        foreach (var script in System.Text.RegularExpressions.Regex.Matches(page, "<script[^>]+src=\"([^\"]+)\"").Select(m => m.Groups[1].Value))
        {
            using var response = await client.GetAsync(new Uri(new Uri("http://localhost/api/docs/"), script).PathAndQuery);
            Assert.True(response.IsSuccessStatusCode, $"{script} is not served by the node: {(int)response.StatusCode}");
        }
    }
}
