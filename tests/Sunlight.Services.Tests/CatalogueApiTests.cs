using System.Net;
using System.Xml.Linq;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Sunlight.Core.Accounts;
using Sunlight.Core.Directory.Demo;
using Sunlight.Core.Storage;

namespace Sunlight.Services.Tests;

/// <summary>The power catalogue: publish, version, validate, find, draw.</summary>
public abstract class CatalogueApiTests(SunlightNode node)
{
    private const string Items = "/api/v1/catalogue/items";

    private static object Licence(string code, string org = "370781-scjg", int committed = 5, object? effectiveFrom = null, string name = "食品经营许可（测试）") => new
    {
        code,
        name,
        category = "licensing",
        organisation = org,
        legalBasis = "《中华人民共和国食品安全法》第三十五条；《食品经营许可和备案管理办法》",
        statutoryLimit = 20,
        committedLimit = committed,
        steps = new object[]
        {
            new { code = "S1", name = "受理", role = "Clerk", limit = 1 },
            new { code = "S2", name = "审查与现场核查", role = "Clerk", limit = 2 },
            new { code = "S3", name = "决定", role = "DepartmentHead", limit = 1 },
        },
        fees = Array.Empty<object>(),
        pauses = new object[] { new { code = "correction", name = "补正材料", maxDays = 5, legalBasis = "《行政许可法》第三十二条" } },
        tiers = Array.Empty<object>(),
        effectiveFrom,
        materials = new[] { "申请书", "营业执照复印件" },
    };

    [Fact]
    public async Task The_demo_catalogue_covers_all_ten_categories_for_the_city_and_a_county()
    {
        var items = await (await node.Anonymous().GetAsync(Items)).Expect(HttpStatusCode.OK);
        var demo = items.EnumerateArray().Where(i => !i.GetProperty("code").GetString()!.Contains("-T-", StringComparison.Ordinal)).ToList();
        var county = demo.Where(i => i.GetProperty("organisation").GetString()!.StartsWith("370781-", StringComparison.Ordinal)).ToList();
        Assert.True(county.Count >= 60, $"only {county.Count} demo items for 青州市");
        Assert.Equal(10, county.Select(i => i.GetProperty("category").GetString()).Distinct().Count());
        Assert.Contains(demo, i => i.GetProperty("organisation").GetString()!.StartsWith("370700-", StringComparison.Ordinal));
        var hall = await node.Anonymous().GetStringAsync("/hall");
        Assert.Contains("网上办事大厅", hall, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Admin_publishes_an_item_and_a_new_version_and_both_stay_readable()
    {
        var admin = await node.As("admin-370781");
        var first = await (await admin.PostJson(Items, Licence("370781-T-PUB", effectiveFrom: "2025-01-01T00:00:00+08:00"))).Expect(HttpStatusCode.Created);
        Assert.Equal(1, first.GetProperty("version").GetInt32());
        await (await admin.PostJson(Items, Licence("370781-T-PUB", committed: 4))).Expect(HttpStatusCode.Created);

        var current = await (await node.Anonymous().GetAsync($"{Items}/370781-T-PUB")).Expect(HttpStatusCode.OK);
        Assert.Equal(2, current.GetProperty("version").GetInt32());
        Assert.Equal(4, current.GetProperty("committedLimit").GetInt32());
        Assert.Equal(3, current.GetProperty("steps").GetArrayLength());
        Assert.Equal("DepartmentHead", current.GetProperty("steps")[2].GetProperty("role").GetString());
        var old = await (await node.Anonymous().GetAsync($"{Items}/370781-T-PUB?version=1")).Expect(HttpStatusCode.OK);
        Assert.Equal(5, old.GetProperty("committedLimit").GetInt32());

        await using var scope = node.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CoreDbContext>();
        Assert.Equal(2, await db.LedgerRecords.CountAsync(r => r.Type == "services.item.published" && r.Subject == "370781-T-PUB"));
    }

    [Fact]
    public async Task A_version_effective_in_the_future_does_not_replace_the_one_in_force()
    {
        var admin = await node.As("admin");
        await (await admin.PostJson(Items, Licence("370700-T-FUT", org: "370700-scjg", effectiveFrom: "2025-01-01T00:00:00+08:00"))).Expect(HttpStatusCode.Created);
        await (await admin.PostJson(Items, Licence("370700-T-FUT", org: "370700-scjg", committed: 4, effectiveFrom: DateTimeOffset.UtcNow.AddDays(30)))).Expect(HttpStatusCode.Created);
        var current = await (await node.Anonymous().GetAsync($"{Items}/370700-T-FUT")).Expect(HttpStatusCode.OK);
        Assert.Equal(1, current.GetProperty("version").GetInt32());
    }

    [Fact]
    public async Task Every_rule_of_a_valid_item_is_checked_and_named()
    {
        var admin = await node.As("admin-370781");
        var bad = new
        {
            code = "370781-T-BAD",
            name = "对未取得许可从事经营的处罚（测试）",
            category = "penalty",
            organisation = "370782-scjg",
            legalBasis = "",
            statutoryLimit = 20,
            committedLimit = 30,
            steps = new object[] { new { code = "S1", name = "立案", role = "Boss", limit = 40 }, new { code = "S1", name = "", role = "Clerk", limit = 1 } },
            fees = new object[] { new { code = "F1", name = "工本费", min = 10.005m, max = 10m } },
            pauses = new object[] { new { code = "hearing", name = "听证", maxDays = 0 } },
            tiers = new object[] { new { tier = "minor", min = 0m, max = 5000m }, new { tier = "ordinary", min = 4000m, max = 20000m }, new { tier = "giant", min = 1m, max = 2m } },
        };
        var problem = await (await admin.PostJson(Items, bad)).Expect(HttpStatusCode.BadRequest);
        var fields = problem.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("field").GetString()).ToHashSet();
        Assert.Superset(new HashSet<string?>
        {
            "organisation", "legalBasis", "committedLimit", "steps", "steps[0].role", "steps[1].code", "steps[1].name", "fees[0]",
            "pauses[0].legalBasis", "pauses[0].maxDays", "tiers", "tiers[2].tier",
        }, fields);

        var noTiers = await (await admin.PostJson(Items, new
        {
            code = "370781-T-NOTIER", name = "处罚（测试）", category = "penalty", organisation = "370781-scjg", legalBasis = "《行政处罚法》",
            statutoryLimit = 60, committedLimit = 30, steps = new object[] { new { code = "S1", name = "立案", role = "Clerk", limit = 5 } },
        })).Expect(HttpStatusCode.BadRequest);
        Assert.Contains("tiers", noTiers.GetRawText(), StringComparison.Ordinal);
        var licenceWithTiers = await (await admin.PostJson(Items, new
        {
            code = "370781-T-TIERS", name = "许可（测试）", category = "licensing", organisation = "370781-scjg", legalBasis = "《行政许可法》",
            statutoryLimit = 20, committedLimit = 5, steps = new object[] { new { code = "S1", name = "受理", role = "Clerk", limit = 1 } },
            tiers = new object[] { new { tier = "minor", min = 0m, max = 100m } },
        })).Expect(HttpStatusCode.BadRequest);
        Assert.Contains("只有行政处罚事项", licenceWithTiers.GetRawText(), StringComparison.Ordinal);
        await (await node.Anonymous().GetAsync($"{Items}/370781-T-BAD")).Expect(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_new_version_cannot_move_the_item_to_another_department()
    {
        var admin = await node.As("admin-370781");
        await (await admin.PostJson(Items, Licence("370781-T-MOVE"))).Expect(HttpStatusCode.Created);
        var problem = await (await admin.PostJson(Items, Licence("370781-T-MOVE", org: "370781-zjj"))).Expect(HttpStatusCode.BadRequest);
        Assert.Contains("organisation", problem.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_catalogue_is_found_by_department_category_and_words()
    {
        var admin = await node.As("admin-370781");
        await (await admin.PostJson(Items, Licence("370781-T-FIND", org: "370781-jtj", name: "道路货物运输经营许可（测试）"))).Expect(HttpStatusCode.Created);
        var byOrg = await (await node.Anonymous().GetAsync($"{Items}?organisation=370781-jtj")).Expect(HttpStatusCode.OK);
        Assert.Contains("370781-T-FIND", byOrg.Strings("code"));
        Assert.All(byOrg.Strings("organisation"), o => Assert.Equal("370781-jtj", o));
        var byWords = await (await node.Anonymous().GetAsync($"{Items}?q=货物运输")).Expect(HttpStatusCode.OK);
        Assert.Contains("370781-T-FIND", byWords.Strings("code"));
        var byCategory = await (await node.Anonymous().GetAsync($"{Items}?category=penalty&q=货物运输")).Expect(HttpStatusCode.OK);
        Assert.DoesNotContain("370781-T-FIND", byCategory.Strings("code"));
        await (await node.Anonymous().GetAsync($"{Items}?category=tax")).Expect(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task The_flowchart_is_an_svg_with_every_step_and_the_limits()
    {
        var admin = await node.As("admin-370781");
        await (await admin.PostJson(Items, Licence("370781-T-SVG"))).Expect(HttpStatusCode.Created);
        var response = await node.Anonymous().GetAsync($"{Items}/370781-T-SVG/flowchart.svg");
        Assert.Equal("image/svg+xml", response.Content.Headers.ContentType!.MediaType);
        var svg = XDocument.Parse(await response.Content.ReadAsStringAsync());
        var texts = svg.Descendants().Where(e => e.Name.LocalName == "text").Select(e => e.Value).ToList();
        Assert.Contains("审查与现场核查", texts);
        Assert.Contains(texts, t => t.Contains("部门负责人", StringComparison.Ordinal) && t.Contains("≤ 1 个工作日", StringComparison.Ordinal));
        Assert.Contains(texts, t => t.Contains("承诺时限 5 个工作日", StringComparison.Ordinal));

        var page = await node.Anonymous().GetStringAsync("/hall/items/370781-T-SVG");
        Assert.Contains("食品经营许可（测试）", page, StringComparison.Ordinal);
        Assert.Contains("<svg", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_catalogue_editor_grant_lets_a_department_keep_its_own_items_and_nothing_else()
    {
        string editor;
        await using (var scope = node.Services.CreateAsyncScope())
        {
            editor = "t-editor-" + Guid.NewGuid().ToString("N")[..6];
            await scope.ServiceProvider.GetRequiredService<AccountService>().CreateAsync(
                editor, DemoCity.DemoPassword, SunlightRoles.DepartmentHead, "370781", "370781-scjg", null, CancellationToken.None);
        }

        var client = await node.As(editor);
        await (await client.PostJson(Items, Licence("370781-T-GRANT"))).Expect(HttpStatusCode.Forbidden);

        var admin = await node.As("admin-370781");
        var grant = await (await admin.PostJson($"/api/v1/accounts/{editor}/grants", new { grant = "services.catalogue-editor", scope = "370781-scjg" }))
            .Expect(HttpStatusCode.Created);

        // Tokens read the grant on the next request: the editor publishes for the organisation of the grant only.
        await (await client.PostJson(Items, Licence("370781-T-GRANT"))).Expect(HttpStatusCode.Created);
        var refused = await (await client.PostJson(Items, Licence("370781-T-GRANT-2", org: "370781-zjj"))).Expect(HttpStatusCode.BadRequest);
        Assert.Contains("organisation", refused.GetProperty("errors").Strings("field"));

        var export = await (await client.GetAsync("/api/v1/catalogue/export")).Content.ReadAsByteArrayAsync();
        using (var stream = new MemoryStream(export))
        {
            var orgs = MiniExcelLibs.MiniExcel.Query(stream, useHeaderRow: false, sheetName: "items").Skip(1)
                .Select(r => (string?)((IDictionary<string, object?>)r)["D"]?.ToString()).ToHashSet();
            Assert.Equal(["370781-scjg"], orgs);
        }

        await (await admin.DeleteAsync($"/api/v1/accounts/grants/{grant.GetProperty("id").GetInt64()}")).Expect(HttpStatusCode.NoContent);
        await (await client.PostJson(Items, Licence("370781-T-GRANT"))).Expect(HttpStatusCode.Forbidden);
    }
}

public sealed class CatalogueApiTestsOnSqlite(SqliteNode node) : CatalogueApiTests(node), IClassFixture<SqliteNode>;

public sealed class CatalogueApiTestsOnPostgres(PostgresNode node) : CatalogueApiTests(node), IClassFixture<PostgresNode>;
