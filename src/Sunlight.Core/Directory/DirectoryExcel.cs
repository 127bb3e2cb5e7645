using Microsoft.EntityFrameworkCore;
using Sunlight.Core.Files;
using Sunlight.Core.Accounts;
using Sunlight.Core.Directory.Contracts;
using Sunlight.Core.Storage;

namespace Sunlight.Core.Directory;

/// <summary>
/// Excel import and export of organisations and staff. One workbook, two sheets (<c>organisations</c>, <c>staff</c>).
/// Import is all-or-nothing: every row is checked first; one bad cell and nothing is written, and the report lists
/// every error with its sheet, row and column.
/// </summary>
public sealed class DirectoryExcel(CoreDbContext db, DirectoryService directory)
{
    public const int MaxRows = 50_000;
    public const long MaxBytes = 20 * 1024 * 1024;

    internal static readonly (string Key, string Header)[] OrganisationColumns =
        [("code", "编码(code)"), ("name", "名称(name)"), ("kind", "类型(kind)"), ("region", "区划代码(region)"), ("parent", "上级机构编码(parent)")];

    internal static readonly (string Key, string Header)[] StaffColumns =
        [("code", "编码(code)"), ("name", "姓名(name)"), ("organisation", "机构编码(organisation)"), ("roles", "角色(roles)"), ("title", "职务(title)")];

    /// <summary>An empty workbook with both sheets, their headers and one example row each.</summary>
    public static byte[] Template()
    {
        var sheets = new Dictionary<string, object>
        {
            ["organisations"] = new[] { Sheets.Row(OrganisationColumns, "370781-example", "青州市示例局", "Department", "370781", "") },
            ["staff"] = new[] { Sheets.Row(StaffColumns, "370781-example-01", "张三", "370781-example", "Clerk", "工作人员") },
        };
        return Sheets.Save(sheets);
    }

    /// <summary>The directory within <paramref name="who"/>'s jurisdiction, in the import format.</summary>
    public async Task<byte[]> ExportAsync(Jurisdiction who, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(who);
        var orgs = await db.Organisations.AsNoTracking().Where(o => o.RegionPath.StartsWith(who.RegionPath))
            .OrderBy(o => o.RegionCode).ThenBy(o => o.Code).ToListAsync(ct).ConfigureAwait(false);
        var staff = await db.Staff.AsNoTracking().Where(s => s.RegionPath.StartsWith(who.RegionPath))
            .OrderBy(s => s.OrganisationCode).ThenBy(s => s.Code).ToListAsync(ct).ConfigureAwait(false);
        var sheets = new Dictionary<string, object>
        {
            ["organisations"] = orgs.Select(o => Sheets.Row(OrganisationColumns, o.Code, o.Name, o.Kind.ToString(), o.RegionCode, o.ParentCode ?? "")).ToList(),
            ["staff"] = staff.Select(s => Sheets.Row(StaffColumns, s.Code, s.Name, s.OrganisationCode, string.Join(",", s.Roles), s.Title ?? "")).ToList(),
        };
        return Sheets.Save(sheets);
    }

    /// <summary>Reads, checks and (when every row is good) applies a workbook in one transaction.</summary>
    public async Task<ImportResult> ImportAsync(Jurisdiction who, Stream file, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(who);
        ArgumentNullException.ThrowIfNull(file);
        var errors = new List<InputError>();
        Workbook workbook;
        try
        {
            workbook = await Workbook.OpenAsync(file, new WorkbookLimits(MaxRows) { MaxBytes = MaxBytes }, ct).ConfigureAwait(false);
        }
        catch (WorkbookRefusedException e)
        {
            return Fail(e.Error);
        }

        using var _ = workbook;
        var sheetNames = workbook.SheetNames;
        var orgRows = new List<DirectoryService.OrganisationRow>();
        var staffRows = new List<DirectoryService.StaffRow>();
        if (!sheetNames.Contains("organisations") && !sheetNames.Contains("staff"))
        {
            return Fail(new InputError("file", Bilingual.Say($"工作簿中没有 organisations 或 staff 工作表（现有：{string.Join("、", sheetNames)}）", "the workbook has neither an 'organisations' nor a 'staff' sheet.")));
        }

        if (sheetNames.Contains("organisations"))
        {
            foreach (var (row, cells) in workbook.Table("organisations", OrganisationColumns, key => key is "parent", errors))
            {
                orgRows.Add(new(row, new OrganisationInput(cells["code"], cells["name"], cells["kind"], cells["region"], cells["parent"])));
            }
        }

        if (sheetNames.Contains("staff"))
        {
            foreach (var (row, cells) in workbook.Table("staff", StaffColumns, key => key is "title", errors))
            {
                var roles = (cells["roles"] ?? "").Split([',', '，', ';', '；', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                staffRows.Add(new(row, cells["organisation"], new StaffInput(cells["code"], cells["name"], roles, cells["title"])));
            }
        }

        if (orgRows.Count + staffRows.Count > MaxRows)
        {
            return Fail(new InputError("file", Bilingual.Say($"行数超过 {MaxRows}", $"more than {MaxRows} rows; split the file.")));
        }

        if (errors.Count > 0)
        {
            return new ImportResult(false, 0, 0, errors);
        }

        try
        {
            var (o, s) = await directory.ApplyAsync(who, orgRows, staffRows, ct).ConfigureAwait(false);
            return new ImportResult(true, o, s, []);
        }
        catch (DirectoryException e)
        {
            return new ImportResult(false, 0, 0, e.Errors);
        }
    }

    private static ImportResult Fail(InputError error) => new(false, 0, 0, [error]);
}
