using System.Net;

namespace Sunlight.Server.Tests;

/// <summary>Directory API: lists scoped by jurisdiction, changes validated field by field.</summary>
public abstract class DirectoryApiTests(SunlightNode node)
{
    private const string Orgs = "/api/v1/directory/organisations";

    [Fact]
    public async Task City_supervisor_sees_every_county_and_the_fifteen_county_level_units()
    {
        var client = await node.As("supervisor");
        var orgs = await (await client.GetAsync($"{Orgs}?kind=SupervisionBody")).Expect(HttpStatusCode.OK);
        var regions = orgs.Strings("region").ToHashSet();
        Assert.Contains("370781", regions);
        Assert.Contains("370782", regions);
        Assert.Contains("370700", regions);
        var counties = await (await client.GetAsync("/api/v1/directory/regions?parent=370700")).Expect(HttpStatusCode.OK);
        Assert.Equal(15, counties.GetArrayLength());
    }

    [Fact]
    public async Task County_supervisor_sees_only_their_county()
    {
        var client = await node.As("supervisor-370781");
        var orgs = await (await client.GetAsync(Orgs)).Expect(HttpStatusCode.OK);
        Assert.NotEmpty(orgs.EnumerateArray());
        Assert.All(orgs.Strings("region"), r => Assert.StartsWith("370781", r, StringComparison.Ordinal));
        // Township service centres of 青州市 are in the county's subtree.
        Assert.Contains(orgs.Strings("code"), c => c == "370781001-bmfw");
    }

    [Fact]
    public async Task County_supervisor_asking_for_another_county_is_refused_with_a_reason()
    {
        var client = await node.As("supervisor-370781");
        var problem = await (await client.GetAsync($"{Orgs}?region=370782")).Expect(HttpStatusCode.Forbidden);
        Assert.Contains("370782", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        await (await client.GetAsync($"{Orgs}/370782-fgw/staff")).Expect(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Unknown_region_and_unknown_kind_get_precise_errors()
    {
        var client = await node.As("supervisor");
        var notFound = await (await client.GetAsync($"{Orgs}?region=999999")).Expect(HttpStatusCode.NotFound);
        Assert.Contains("999999", notFound.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var bad = await (await client.GetAsync($"{Orgs}?kind=Ministry")).Expect(HttpStatusCode.BadRequest);
        Assert.Contains("Department", bad.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Clerk_sees_only_their_own_department()
    {
        var client = await node.As("clerk-370781");
        var orgs = await (await client.GetAsync(Orgs)).Expect(HttpStatusCode.OK);
        Assert.Equal(["370781-xzsp"], orgs.Strings("code").ToArray());
        var staff = await (await client.GetAsync($"{Orgs}/370781-xzsp/staff")).Expect(HttpStatusCode.OK);
        Assert.Equal(3, staff.GetArrayLength());
        Assert.Contains("Clerk", staff[0].GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
        await (await client.GetAsync($"{Orgs}/370781-fgw/staff")).Expect(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Applicants_and_anonymous_callers_cannot_read_the_directory()
    {
        await (await (await node.As("applicant")).GetAsync(Orgs)).Expect(HttpStatusCode.Forbidden);
        await (await node.Anonymous().GetAsync(Orgs)).Expect(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Admin_creates_an_organisation_and_a_second_with_the_same_code_conflicts()
    {
        var client = await node.As("admin-370781");
        var body = new { code = "370781-test-create", name = "青州市测试局", kind = "Department", region = "370781", parent = (string?)null };
        var created = await (await client.PostJson(Orgs, body)).Expect(HttpStatusCode.Created);
        Assert.Equal("青州市测试局", created.GetProperty("name").GetString());
        await (await client.PostJson(Orgs, body)).Expect(HttpStatusCode.Conflict);
        var staff = await (await client.PostJson($"{Orgs}/370781-test-create/staff", new { code = "370781-test-create-01", name = "李四", roles = new[] { "Clerk" } }))
            .Expect(HttpStatusCode.Created);
        Assert.Equal("李四", staff.GetProperty("name").GetString());
    }

    [Fact]
    public async Task Invalid_organisation_fields_are_each_reported_and_nothing_is_stored()
    {
        var client = await node.As("admin-370781");
        var body = new { code = "bad code!", name = "", kind = "Ministry", region = "999999", parent = "nope" };
        var problem = await (await client.PostJson(Orgs, body)).Expect(HttpStatusCode.BadRequest);
        var fields = problem.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("field").GetString()).ToHashSet();
        Assert.Superset(new HashSet<string?> { "code", "name", "kind", "region" }, fields);
    }

    [Fact]
    public async Task County_admin_cannot_create_in_another_county()
    {
        var client = await node.As("admin-370781");
        var body = new { code = "370782-test-x", name = "诸城市测试局", kind = "Department", region = "370782" };
        var problem = await (await client.PostJson(Orgs, body)).Expect(HttpStatusCode.BadRequest);
        Assert.Contains("region", problem.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("field").GetString()));
        await (await (await node.As("supervisor")).GetAsync($"{Orgs}/370782-test-x")).Expect(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Staff_with_an_unknown_role_is_rejected()
    {
        var client = await node.As("admin");
        var problem = await (await client.PostJson($"{Orgs}/370700-fgw/staff", new { code = "370700-fgw-99", name = "王五", roles = new[] { "Boss" } }))
            .Expect(HttpStatusCode.BadRequest);
        Assert.Contains("Boss", problem.GetRawText(), StringComparison.Ordinal);
    }
}

public sealed class DirectoryApiTestsOnSqlite(SqliteNode node) : DirectoryApiTests(node), IClassFixture<SqliteNode>;

public sealed class DirectoryApiTestsOnPostgres(PostgresNode node) : DirectoryApiTests(node), IClassFixture<PostgresNode>;
