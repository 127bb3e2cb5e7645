using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Sunlight.Core.Files;
using Sunlight.Core.Storage;
using Sunlight.Trading.Experts;

namespace Sunlight.Trading.Tests;

/// <summary>The expert pool by Excel: template, all-or-nothing import with errors by sheet, row and column, export without ID numbers, records.</summary>
public sealed class ExpertTests(SqliteNode node) : IClassFixture<SqliteNode>
{
    private static MultipartFormDataContent Workbook(IEnumerable<string[]> experts, IEnumerable<string[]>? interests = null)
    {
        var bytes = Sheets.Save(new Dictionary<string, object>
        {
            ["experts"] = experts.Select(e => Sheets.Row(ExpertExcel.ExpertColumns, e)).ToList(),
            ["interests"] = (interests ?? []).Select(i => Sheets.Row(ExpertExcel.InterestColumns, i)).ToList(),
        });
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        return new MultipartFormDataContent { { file, "file", "experts.xlsx" } };
    }

    private static string[] Expert(string code, string id = "", string region = "370781", string status = "active", string until = "", string reason = "", string org = "") =>
        [code, "专家" + code, id, org.Length > 0 ? org : Trades.Org(700 + (code.Length * 7) + code[^1]), "某设计院", "", "房屋建筑|市政工程", region, status, until, reason];

    [Fact]
    public async Task An_administrator_keeps_the_pool_by_excel_and_each_change_is_a_record()
    {
        var admin = await node.As("admin-370781");
        using var template = await admin.GetAsync("/api/v1/trading/experts/template");
        Assert.Equal(HttpStatusCode.OK, template.StatusCode);

        var first = JsonNode.Parse(await (await admin.PostAsync("/api/v1/trading/experts/import", Workbook(
            [Expert("E3707-0101", Trades.Person(101)), Expert("E3707-0102", Trades.Person(102))],
            [["E3707-0101", Trades.Org(10), "投标人10", "employee", "2029-12-31"]]))).Content.ReadAsStringAsync())!;
        Assert.True((bool)first["applied"]!, first.ToJsonString());
        Assert.Equal(2, (int)first["added"]!);

        // The export leaves ID numbers blank; sent back unchanged it changes nothing.
        var export = await admin.GetByteArrayAsync("/api/v1/trading/experts/export");
        var file = new ByteArrayContent(export);
        var again = JsonNode.Parse(await (await admin.PostAsync("/api/v1/trading/experts/import", new MultipartFormDataContent { { file, "file", "experts.xlsx" } })).Content.ReadAsStringAsync())!;
        Assert.True((bool)again["applied"]!, again.ToJsonString());
        Assert.True((int)again["unchanged"]! >= 2, again.ToJsonString());
        Assert.Equal(0, (int)again["changed"]!);

        var suspended = JsonNode.Parse(await (await admin.PostAsync("/api/v1/trading/experts/import", Workbook(
            [Expert("E3707-0102", status: "suspended", until: "2027-06-30", reason: "评标中打分明显偏离")]))).Content.ReadAsStringAsync())!;
        Assert.Equal(1, (int)suspended["changed"]!);

        await using var scope = node.Services.CreateAsyncScope();
        var core = scope.ServiceProvider.GetRequiredService<CoreDbContext>();
        var records = await core.LedgerRecords.Where(r => r.Subject == "E3707-0102").OrderBy(r => r.Sequence).ToListAsync();
        Assert.Equal([ExpertExcel.Imported, ExpertExcel.Changed], records.Select(r => r.Type));
        Assert.DoesNotContain(Trades.Person(102), System.Text.Encoding.UTF8.GetString(records[0].Body), StringComparison.Ordinal);
        Assert.DoesNotContain(Trades.Person(101), System.Text.Encoding.UTF8.GetString(export), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bad_workbook_is_refused_whole_with_every_error_by_sheet_row_and_column()
    {
        var admin = await node.As("admin-370781");
        using var response = await admin.PostAsync("/api/v1/trading/experts/import", Workbook(
        [
            Expert("E3707-0201", Trades.Person(201)),
            Expert("X-1", Trades.Person(202)),
            Expert("E3707-0203", "370781198001010018"),
            Expert("E3707-0204", Trades.Person(204), org: "CN-SAIC-123"),
            Expert("E3707-0205", Trades.Person(205), region: "999999"),
            Expert("E3707-0206", Trades.Person(206), status: "suspended"),
            Expert("E3707-0207", Trades.Person(207), region: "370700"),
            Expert("E3707-0208"),
        ],
        [["E3707-9999", Trades.Org(10), "投标人10", "friend", ""]]));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var errors = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["errors"]!.AsArray()
            .Select(e => $"{e!["sheet"]}/{e["row"]}/{e["column"]}").ToHashSet();
        foreach (var expected in new[]
        {
            "experts/3/code", "experts/4/idNumber", "experts/5/organisationId", "experts/6/region", "experts/7/suspendedUntil", "experts/7/reason",
            "experts/8/region", "experts/9/idNumber", "interests/2/expert", "interests/2/relation",
        })
        {
            Assert.True(errors.Contains(expected), $"{expected} missing from {string.Join(", ", errors)}");
        }

        await using var scope = node.Services.CreateAsyncScope();
        var trading = scope.ServiceProvider.GetRequiredService<Microsoft.EntityFrameworkCore.IDbContextFactory<Sunlight.Trading.Storage.TradingDbContext>>();
        await using var db = await trading.CreateDbContextAsync();
        Assert.False(await db.Experts.AnyAsync(e => e.Code == "E3707-0201"));
    }
}
