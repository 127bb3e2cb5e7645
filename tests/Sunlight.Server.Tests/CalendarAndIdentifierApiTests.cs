using System.Net;

namespace Sunlight.Server.Tests;

/// <summary>The public calendar and identifier APIs, and adding a year as an administrator.</summary>
public abstract class CalendarAndIdentifierApiTests(SunlightNode node)
{
    [Fact]
    public async Task Add_workdays_crosses_the_2025_spring_festival_with_its_adjusted_days()
    {
        var json = await (await node.Anonymous().GetAsync("/api/v1/calendar/add-workdays?date=2025-01-20&days=20")).Expect(HttpStatusCode.OK);
        Assert.Equal("2025-02-21", json.GetProperty("date").GetString());
    }

    [Fact]
    public async Task Is_workday_knows_adjusted_sundays_and_holidays()
    {
        var sunday = await (await node.Anonymous().GetAsync("/api/v1/calendar/is-workday?date=2025-01-26")).Expect(HttpStatusCode.OK);
        Assert.True(sunday.GetProperty("workday").GetBoolean());
        Assert.Equal("AdjustedWorkday", sunday.GetProperty("reason").GetString());
        var holiday = await (await node.Anonymous().GetAsync("/api/v1/calendar/is-workday?date=2025-10-01")).Expect(HttpStatusCode.OK);
        Assert.False(holiday.GetProperty("workday").GetBoolean());
    }

    [Fact]
    public async Task A_year_without_its_notice_is_reckoned_provisionally_and_beyond_the_reckoning_is_an_error()
    {
        // 2031 has no notice: the statutory holidays decide, and the answer says it is provisional (暂定).
        var sunday = await (await node.Anonymous().GetAsync("/api/v1/calendar/is-workday?date=2031-03-02")).Expect(HttpStatusCode.OK);
        Assert.False(sunday.GetProperty("workday").GetBoolean());
        Assert.True(sunday.GetProperty("provisional").GetBoolean());
        var across = await (await node.Anonymous().GetAsync("/api/v1/calendar/add-workdays?date=2026-12-20&days=30")).Expect(HttpStatusCode.OK);
        Assert.True(across.GetProperty("provisional").GetBoolean());
        var inside = await (await node.Anonymous().GetAsync("/api/v1/calendar/add-workdays?date=2025-01-20&days=20")).Expect(HttpStatusCode.OK);
        Assert.False(inside.GetProperty("provisional").GetBoolean());

        var problem = await (await node.Anonymous().GetAsync("/api/v1/calendar/is-workday?date=2101-03-02")).Expect((HttpStatusCode)422);
        Assert.Contains("2101", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        await (await node.Anonymous().GetAsync("/api/v1/calendar/is-workday?date=2007-06-01")).Expect((HttpStatusCode)422);
    }

    [Fact]
    public async Task Malformed_questions_get_a_400_that_says_what_to_send()
    {
        var bad = await (await node.Anonymous().GetAsync("/api/v1/calendar/add-workdays?date=20250120&days=3")).Expect(HttpStatusCode.BadRequest);
        Assert.Contains("YYYY-MM-DD", bad.GetProperty("detail").GetString(), StringComparison.Ordinal);
        await (await node.Anonymous().GetAsync("/api/v1/calendar/add-workdays?date=2025-01-20&days=lots")).Expect(HttpStatusCode.BadRequest);
        await (await node.Anonymous().GetAsync("/api/v1/calendar/add-workdays?date=2025-01-20&days=99999")).Expect(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Admin_adds_a_year_and_it_is_used_at_once()
    {
        var admin = await node.As("admin");
        var lines = "2029-01-01 off 元旦\n2029-02-10 work 春节\n2029-02-12 off 春节";
        await (await admin.PutAsync("/api/v1/calendar/years/2029", new StringContent(lines))).Expect(HttpStatusCode.OK);
        var json = await (await node.Anonymous().GetAsync("/api/v1/calendar/is-workday?date=2029-02-10")).Expect(HttpStatusCode.OK);
        Assert.True(json.GetProperty("workday").GetBoolean());
        Assert.False(json.GetProperty("provisional").GetBoolean());
        var bad = await (await admin.PutAsync("/api/v1/calendar/years/2028", new StringContent("2028-02-30 off 春节"))).Expect(HttpStatusCode.BadRequest);
        Assert.Contains("2028-02-30", bad.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.True((await (await node.Anonymous().GetAsync("/api/v1/calendar/is-workday?date=2028-03-01")).Expect(HttpStatusCode.OK)).GetProperty("provisional").GetBoolean());
        await (await (await node.As("supervisor")).PutAsync("/api/v1/calendar/years/2030", new StringContent(lines))).Expect(HttpStatusCode.Forbidden);
    }

    [Theory]
    [InlineData("id-card", "11010519491231002X", true)]
    [InlineData("id-card", "11010519491231002x", true)]
    [InlineData("id-card", "36042619910102009X", false)]
    [InlineData("id-card", "990426199112010074", false)]
    [InlineData("credit-code", "91110000600037341L", true)]
    [InlineData("credit-code", "91110000600037341N", false)]
    public async Task Validate_answers_valid_errors_and_warnings(string kind, string value, bool valid)
    {
        var json = await (await node.Anonymous().PostJson("/api/v1/identifiers/validate", new { kind, value })).Expect(HttpStatusCode.OK);
        Assert.Equal(valid, json.GetProperty("valid").GetBoolean());
        Assert.Equal(valid, json.GetProperty("errors").GetArrayLength() == 0);
    }

    [Fact]
    public async Task Validate_rejects_an_unknown_kind_and_a_missing_body()
    {
        await (await node.Anonymous().PostJson("/api/v1/identifiers/validate", new { kind = "passport", value = "E1234" })).Expect(HttpStatusCode.BadRequest);
        await (await node.Anonymous().PostJson("/api/v1/identifiers/validate", new { value = "1" })).Expect(HttpStatusCode.BadRequest);
    }
}

public sealed class CalendarAndIdentifierApiTestsOnSqlite(SqliteNode node) : CalendarAndIdentifierApiTests(node), IClassFixture<SqliteNode>;

public sealed class CalendarAndIdentifierApiTestsOnPostgres(PostgresNode node) : CalendarAndIdentifierApiTests(node), IClassFixture<PostgresNode>;
