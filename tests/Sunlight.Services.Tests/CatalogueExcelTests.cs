using System.Net;
using System.Net.Http.Headers;
using MiniExcelLibs;

namespace Sunlight.Services.Tests;

/// <summary>The catalogue in Excel: template, export, all-or-nothing import with located errors, idempotent re-import.</summary>
public abstract class CatalogueExcelTests(SunlightNode node)
{
    private static readonly string[] ItemHeaders =
        ["事项编码(code)", "事项名称(name)", "类别(category)", "实施机构编码(organisation)", "设定依据(legalBasis)", "法定时限(statutoryLimit)", "承诺时限(committedLimit)", "生效日期(effectiveFrom)"];

    private static readonly string[] StepHeaders = ["事项编码(item)", "环节编码(code)", "环节名称(name)", "角色(role)", "时限(limit)"];

    private static byte[] Workbook(IEnumerable<object[]> items, IEnumerable<object[]> steps)
    {
        static List<Dictionary<string, object>> Rows(string[] headers, IEnumerable<object[]> rows) =>
            rows.Select(r => headers.Select((h, i) => (h, v: r[i])).ToDictionary(x => x.h, x => x.v)).ToList();
        using var stream = new MemoryStream();
        stream.SaveAs(new Dictionary<string, object> { ["items"] = Rows(ItemHeaders, items), ["steps"] = Rows(StepHeaders, steps) });
        return stream.ToArray();
    }

    private static MultipartFormDataContent Upload(byte[] bytes)
    {
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        return new MultipartFormDataContent { { file, "file", "catalogue.xlsx" } };
    }

    [Fact]
    public async Task Exported_catalogue_imports_back_without_new_versions()
    {
        var admin = await node.As("admin-370781");
        var export = await admin.GetAsync("/api/v1/catalogue/export");
        Assert.Equal(HttpStatusCode.OK, export.StatusCode);
        var bytes = await export.Content.ReadAsByteArrayAsync();
        using (var stream = new MemoryStream(bytes))
        {
            Assert.Equal(["fees", "items", "pauses", "steps", "tiers"], MiniExcel.GetSheetNames(stream).Order().ToArray());
        }

        var result = await (await admin.PostAsync("/api/v1/catalogue/import", Upload(bytes))).Expect(HttpStatusCode.OK);
        Assert.Equal(0, result.GetProperty("published").GetInt32());
        Assert.True(result.GetProperty("unchanged").GetInt32() >= 71, result.GetRawText());
    }

    [Fact]
    public async Task Template_imports_as_one_new_item_with_its_steps_and_pause()
    {
        var admin = await node.As("admin-370781");
        var template = await (await admin.GetAsync("/api/v1/catalogue/template")).Content.ReadAsByteArrayAsync();
        var result = await (await admin.PostAsync("/api/v1/catalogue/import", Upload(template))).Expect(HttpStatusCode.OK);
        Assert.Equal(1, result.GetProperty("published").GetInt32());
        var item = await (await node.Anonymous().GetAsync("/api/v1/catalogue/items/370781-XK-EXAMPLE-001")).Expect(HttpStatusCode.OK);
        Assert.Equal(["S1", "S2", "S3"], item.GetProperty("steps").Strings("code"));
        Assert.Equal("correction", item.GetProperty("pauses")[0].GetProperty("code").GetString());
    }

    [Fact]
    public async Task A_workbook_with_errors_publishes_nothing_and_locates_every_error()
    {
        var admin = await node.As("admin-370781");
        var bytes = Workbook(
            [
                ["370781-XK-BAD-001", "坏事项一", "licensing", "370781-xzsp", "《行政许可法》", 10, 12, "2025-01-01"],
                ["370781-XK-BAD-002", "坏事项二", "licensing", "370700-xzsp", "《行政许可法》", "二十", 5, "someday"],
                ["370781-XK-GOOD-003", "好事项", "licensing", "370781-xzsp", "《行政许可法》", 20, 5, ""],
            ],
            [
                ["370781-XK-BAD-001", "S1", "受理", "Clerk", 1],
                ["370781-XK-BAD-001", "S2", "审查", "Boss", 1],
                ["370781-XK-GOOD-003", "S1", "受理", "Clerk", 5],
                ["370781-XK-NONE", "S1", "受理", "Clerk", 1],
            ]);
        var result = await (await admin.PostAsync("/api/v1/catalogue/import", Upload(bytes))).Expect(HttpStatusCode.UnprocessableEntity);
        var errors = result.GetProperty("errors").EnumerateArray()
            .Select(e => $"{e.GetProperty("sheet").GetString()}:{e.GetProperty("row")}:{(e.TryGetProperty("column", out var c) ? c.ToString() : "")}").ToList();
        // Parse errors first: the text limit, the date, the step of an item not on the sheet.
        Assert.Contains("items:3:statutoryLimit", errors);
        Assert.Contains("items:3:effectiveFrom", errors);
        Assert.Contains("steps:5:item", errors);
        await (await node.Anonymous().GetAsync("/api/v1/catalogue/items/370781-XK-GOOD-003")).Expect(HttpStatusCode.NotFound);

        // With those fixed, validation errors point at their cells too.
        bytes = Workbook(
            [
                ["370781-XK-BAD-001", "坏事项一", "licensing", "370781-xzsp", "《行政许可法》", 10, 12, "2025-01-01"],
                ["370781-XK-BAD-002", "坏事项二", "licensing", "370700-xzsp", "《行政许可法》", 20, 5, "2025-01-01"],
                ["370781-XK-GOOD-003", "好事项", "licensing", "370781-xzsp", "《行政许可法》", 20, 5, ""],
            ],
            [
                ["370781-XK-BAD-001", "S1", "受理", "Clerk", 1],
                ["370781-XK-BAD-001", "S2", "审查", "Boss", 1],
                ["370781-XK-BAD-002", "S1", "受理", "Clerk", 1],
                ["370781-XK-GOOD-003", "S1", "受理", "Clerk", 5],
            ]);
        result = await (await admin.PostAsync("/api/v1/catalogue/import", Upload(bytes))).Expect(HttpStatusCode.UnprocessableEntity);
        errors = result.GetProperty("errors").EnumerateArray()
            .Select(e => $"{e.GetProperty("sheet").GetString()}:{e.GetProperty("row")}:{(e.TryGetProperty("column", out var c) ? c.ToString() : "")}").ToList();
        Assert.Contains("items:2:committedLimit", errors);
        Assert.Contains("steps:3:role", errors);
        Assert.Contains("items:3:organisation", errors);
        Assert.DoesNotContain(errors, e => e.StartsWith("items:4", StringComparison.Ordinal));
        await (await node.Anonymous().GetAsync("/api/v1/catalogue/items/370781-XK-GOOD-003")).Expect(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Malformed_uploads_get_precise_answers()
    {
        var admin = await node.As("admin-370781");
        var garbage = await (await admin.PostAsync("/api/v1/catalogue/import", Upload("not a workbook"u8.ToArray()))).Expect(HttpStatusCode.UnprocessableEntity);
        Assert.Contains(".xlsx", garbage.GetProperty("errors")[0].GetProperty("message").GetString(), StringComparison.Ordinal);
        await (await admin.PostAsync("/api/v1/catalogue/import", new MultipartFormDataContent { { new StringContent("x"), "other" } })).Expect(HttpStatusCode.BadRequest);
        await (await admin.PostJson("/api/v1/catalogue/import", new { })).Expect(HttpStatusCode.UnsupportedMediaType);
        await (await admin.PostAsync("/api/v1/catalogue/import", new MultipartFormDataContent())).Expect(HttpStatusCode.BadRequest);
    }
}

public sealed class CatalogueExcelTestsOnSqlite(SqliteNode node) : CatalogueExcelTests(node), IClassFixture<SqliteNode>;

public sealed class CatalogueExcelTestsOnPostgres(PostgresNode node) : CatalogueExcelTests(node), IClassFixture<PostgresNode>;
