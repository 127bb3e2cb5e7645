using System.Net;

namespace Sunlight.Server.Tests;

/// <summary>Health, API documents, the public home page in both languages.</summary>
public abstract class PlatformTests(SunlightNode node)
{
    [Fact]
    public async Task Health_reports_the_database_reachable()
    {
        var response = await node.Anonymous().GetAsync("/health");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task OpenApi_document_and_reference_are_served()
    {
        var doc = await (await node.Anonymous().GetAsync("/openapi/v1.json")).Expect(HttpStatusCode.OK);
        var paths = doc.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        Assert.Contains("/api/v1/directory/organisations", paths);
        Assert.Contains("/api/v1/calendar/add-workdays", paths);
        var docs = await node.Anonymous().GetAsync("/api/docs/");
        Assert.Equal(HttpStatusCode.OK, docs.StatusCode);
    }

    [Fact]
    public async Task Home_page_is_chinese_by_default_and_english_on_request()
    {
        var zh = await node.Anonymous().GetStringAsync("/");
        Assert.Contains("让权力在阳光下运行", zh, StringComparison.Ordinal);
        Assert.Contains("lang=\"zh-CN\"", zh, StringComparison.Ordinal);
        // Public pages are in the menu for everyone.
        Assert.Contains("href=\"calendar\"", zh, StringComparison.Ordinal);
        Assert.Contains("href=\"identifiers\"", zh, StringComparison.Ordinal);
        var en = await node.Anonymous().GetStringAsync("/?culture=en&ui-culture=en");
        Assert.Contains("Power exercised online", en, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Public_pages_render_without_a_circuit_and_their_forms_answer_without_one()
    {
        // docs/adr/0010-static-public-pages.md: a public page carries no interactive component marker; a live page does.
        var anonymous = node.Anonymous();
        foreach (var path in new[] { "/", "/identifiers", "/ledger/check" })
        {
            Assert.False((await anonymous.GetStringAsync(path)).Contains("\"type\":\"server\"", StringComparison.Ordinal), $"{path} starts a circuit");
        }

        Assert.Contains("\"type\":\"server\"", await anonymous.GetStringAsync("/calendar"), StringComparison.Ordinal);

        // The identifier is posted (never in an address); a wrong check digit is named.
        var valid = await (await Browserless.PostFormAsync(anonymous, "/identifiers", "identifier",
            new Dictionary<string, string> { ["Form.Kind"] = "id-card", ["Form.Value"] = "11010519491231002X" })).Content.ReadAsStringAsync();
        Assert.Contains("<b>有效</b>", valid, StringComparison.Ordinal);
        var invalid = await (await Browserless.PostFormAsync(anonymous, "/identifiers", "identifier",
            new Dictionary<string, string> { ["Form.Kind"] = "id-card", ["Form.Value"] = "110105194912310021" })).Content.ReadAsStringAsync();
        Assert.Contains("<b>无效</b>", invalid, StringComparison.Ordinal);

        // The record check is a link; a bad number or an unknown record is said so on the page.
        Assert.Contains("记录序号应为非负整数。", await anonymous.GetStringAsync("/ledger/check?seq=abc&hash=00"), StringComparison.Ordinal);
        Assert.Contains("尚未进入已签名的检查点", await anonymous.GetStringAsync($"/ledger/check?seq=999999999&hash={new string('0', 64)}"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bug_11_11_the_login_page_tells_the_demo_password_where_the_demo_city_is_seeded()
    {
        Assert.Contains("demo-hint", await node.Anonymous().GetStringAsync("/account/login"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_api_route_answers_problem_details()
    {
        var problem = await (await node.Anonymous().GetAsync("/api/v1/no-such-thing")).Expect(HttpStatusCode.NotFound);
        Assert.Contains("no-such-thing", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }
}

public sealed class PlatformTestsOnSqlite(SqliteNode node) : PlatformTests(node), IClassFixture<SqliteNode>;

public sealed class PlatformTestsOnPostgres(PostgresNode node) : PlatformTests(node), IClassFixture<PostgresNode>;

/// <summary>Every UI string exists in Chinese and English, and every key the pages use exists, for the host and every module.</summary>
public sealed class LocalisationTests
{
    /// <summary>The host's strings, or a module's: the folder of its project and the resource file's base name.</summary>
    private static (string Folder, string Name) ResourcesOf(Sunlight.Core.Modules.ISunlightModule module) => module.Resources is { } type
        ? (Path.Combine(Processes.RepositoryRoot(), "src", type.Assembly.GetName().Name!), type.Name)
        : (Path.Combine(Processes.RepositoryRoot(), "src", "Sunlight.Server"), "SharedResource");

    /// <summary>The .resx of <paramref name="name"/> (culture <paramref name="suffix"/>) wherever it sits in the project.</summary>
    private static string ResxFile(string folder, string name, string suffix) =>
        Assert.Single(Directory.GetFiles(folder, name + suffix + ".resx", SearchOption.AllDirectories), f => !f.Contains("/obj/", StringComparison.Ordinal));

    [Fact]
    public void Every_module_has_chinese_and_english_strings_for_its_name_menu_and_pages()
    {
        foreach (var group in SunlightApp.Modules.GroupBy(ResourcesOf))
        {
            var (folder, name) = group.Key;
            var zh = ResourceFiles.Keys(ResxFile(folder, name, ""));
            var en = ResourceFiles.Keys(ResxFile(folder, name, ".en"));
            Assert.Empty(zh.Except(en));
            Assert.Empty(en.Except(zh));
            Assert.Empty(ResourceFiles.Used(folder, name).Except(zh));
            foreach (var module in group)
            {
                Assert.Contains(module.DisplayNameKey, zh);
                Assert.All(module.Navigation, n => Assert.Contains(n.TitleKey, zh));
            }
        }
    }
}
