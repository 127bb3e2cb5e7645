using System.Net;
using System.Net.Http.Headers;
using MiniExcelLibs;

namespace Sunlight.Server.Tests;

/// <summary>Excel import is all-or-nothing with a full error report by sheet, row and column.</summary>
public abstract class DirectoryImportTests(SunlightNode node)
{
    private static byte[] Workbook(IEnumerable<object[]> organisations, IEnumerable<object[]> staff)
    {
        string[] orgHeaders = ["编码(code)", "名称(name)", "类型(kind)", "区划代码(region)", "上级机构编码(parent)"];
        string[] staffHeaders = ["编码(code)", "姓名(name)", "机构编码(organisation)", "角色(roles)", "职务(title)"];
        static List<Dictionary<string, object>> Rows(string[] headers, IEnumerable<object[]> rows) =>
            rows.Select(r => headers.Select((h, i) => (h, v: r[i])).ToDictionary(x => x.h, x => x.v)).ToList();
        using var stream = new MemoryStream();
        stream.SaveAs(new Dictionary<string, object> { ["organisations"] = Rows(orgHeaders, organisations), ["staff"] = Rows(staffHeaders, staff) });
        return stream.ToArray();
    }

    private static MultipartFormDataContent Upload(byte[] bytes, string name = "directory.xlsx")
    {
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        return new MultipartFormDataContent { { file, "file", name } };
    }

    [Fact]
    public async Task Template_downloads_as_a_workbook_with_both_sheets()
    {
        var client = await node.As("admin");
        var response = await client.GetAsync("/api/v1/directory/import/template");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var stream = new MemoryStream(await response.Content.ReadAsByteArrayAsync());
        Assert.Equal(["organisations", "staff"], MiniExcel.GetSheetNames(stream).Order().ToArray());
    }

    [Fact]
    public async Task A_good_workbook_is_applied_whole()
    {
        var client = await node.As("admin-370781");
        var bytes = Workbook(
            [["370781-imp-a", "青州市导入甲局", "Department", "370781", ""], ["370781-imp-b", "青州市导入乙窗口", "Window", "370781001", "370781-imp-a"]],
            [["370781-imp-a-01", "赵六", "370781-imp-a", "Clerk,DepartmentHead", "科长"]]);
        var result = await (await client.PostAsync("/api/v1/directory/import", Upload(bytes))).Expect(HttpStatusCode.OK);
        Assert.Equal(2, result.GetProperty("organisations").GetInt32());
        Assert.Equal(1, result.GetProperty("staff").GetInt32());
        var staff = await (await client.GetAsync("/api/v1/directory/organisations/370781-imp-a/staff")).Expect(HttpStatusCode.OK);
        Assert.Equal("赵六", staff[0].GetProperty("name").GetString());
        var child = await (await client.GetAsync("/api/v1/directory/organisations/370781-imp-b")).Expect(HttpStatusCode.OK);
        Assert.Equal("370781-imp-a", child.GetProperty("parent").GetString());
    }

    [Fact]
    public async Task A_workbook_with_errors_is_rejected_whole_with_every_error_located()
    {
        var client = await node.As("admin-370781");
        var bytes = Workbook(
            [
                ["370781-rej-ok", "本行正确", "Department", "370781", ""],
                ["370781-rej-1", "未知区划", "Department", "999999", ""],
                ["370781-rej-ok", "重复编码", "Department", "370781", ""],
                ["370781-rej-2", "别县", "Department", "370782", ""],
                ["370781-rej-3", "坏类型", "Ministry", "370781", ""],
            ],
            [
                ["370781-rej-s1", "钱七", "370781-no-such-org", "Clerk", ""],
                ["370781-rej-s2", "孙八", "370781-rej-ok", "Boss", ""],
            ]);
        var result = await (await client.PostAsync("/api/v1/directory/import", Upload(bytes))).Expect(HttpStatusCode.UnprocessableEntity);
        Assert.False(result.GetProperty("applied").GetBoolean());
        var errors = result.GetProperty("errors").EnumerateArray()
            .Select(e => (Sheet: e.GetProperty("sheet").GetString(), Row: e.GetProperty("row").GetInt32(), Column: e.GetProperty("column").GetString()))
            .ToHashSet();
        Assert.Contains(("organisations", 3, "region"), errors);
        Assert.Contains(("organisations", 4, "code"), errors);
        Assert.Contains(("organisations", 5, "region"), errors);
        Assert.Contains(("organisations", 6, "kind"), errors);
        Assert.Contains(("staff", 2, "organisation"), errors);
        Assert.Contains(("staff", 3, "roles"), errors);
        // Nothing was written, not even the good row.
        await (await client.GetAsync("/api/v1/directory/organisations/370781-rej-ok")).Expect(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_file_that_is_not_a_workbook_gets_a_clear_error()
    {
        var client = await node.As("admin");
        var result = await (await client.PostAsync("/api/v1/directory/import", Upload("this is not a spreadsheet"u8.ToArray(), "x.xlsx")))
            .Expect(HttpStatusCode.UnprocessableEntity);
        Assert.Contains("xlsx", result.GetProperty("errors")[0].GetProperty("message").GetString(), StringComparison.Ordinal);
        await (await client.PostAsync("/api/v1/directory/import", new StringContent("x"))).Expect(HttpStatusCode.UnsupportedMediaType);
    }

    [Fact]
    public async Task Export_round_trips_through_import()
    {
        var client = await node.As("admin-370781");
        var exported = await client.GetByteArrayAsync("/api/v1/directory/export");
        using (var stream = new MemoryStream(exported))
        {
            var rows = MiniExcel.Query(stream, useHeaderRow: true, sheetName: "organisations").ToList();
            Assert.True(rows.Count > 30);
        }

        var result = await (await client.PostAsync("/api/v1/directory/import", Upload(exported))).Expect(HttpStatusCode.OK);
        Assert.True(result.GetProperty("organisations").GetInt32() > 30);
    }

    [Fact]
    public async Task Only_administrators_import()
    {
        var client = await node.As("supervisor");
        await (await client.PostAsync("/api/v1/directory/import", Upload(Workbook([], [])))).Expect(HttpStatusCode.Forbidden);
    }
}

public sealed class DirectoryImportTestsOnSqlite(SqliteNode node) : DirectoryImportTests(node), IClassFixture<SqliteNode>;

public sealed class DirectoryImportTestsOnPostgres(PostgresNode node) : DirectoryImportTests(node), IClassFixture<PostgresNode>;
