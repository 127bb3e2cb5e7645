using Sunlight.Core;
using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Sunlight.Core.Files;
using Sunlight.Core.Accounts;
using Sunlight.Core.Directory.Contracts;
using Sunlight.Services.Contracts;
using Sunlight.Services.Storage;

namespace Sunlight.Services.Catalogue;

/// <summary>The answer to a catalogue import: applied or not, how many items got a new version, how many were unchanged, and every error.</summary>
internal sealed record CatalogueImportResult(bool Applied, int Published, int Unchanged, IReadOnlyList<InputError> Errors);

/// <summary>
/// Excel import and export of the power catalogue (the format of <c>docs</c>: one workbook, sheets <c>items</c>,
/// <c>steps</c>, <c>fees</c>, <c>pauses</c>, <c>tiers</c>; lists point at their item by code). Import is
/// all-or-nothing through the same validation as the API; every error names its sheet, row and column. An item
/// identical to its latest version is left alone, so re-importing an export changes nothing.
/// </summary>
internal sealed partial class CatalogueExcel(CatalogueService catalogue, IDbContextFactory<ServicesDbContext> services)
{
    public const long MaxBytes = 20 * 1024 * 1024;
    public const int MaxRows = 100_000;

    internal static readonly (string Key, string Header)[] ItemColumns =
    [
        ("code", "事项编码(code)"), ("name", "事项名称(name)"), ("category", "类别(category)"), ("organisation", "实施机构编码(organisation)"),
        ("legalBasis", "设定依据(legalBasis)"), ("statutoryLimit", "法定时限(statutoryLimit)"), ("committedLimit", "承诺时限(committedLimit)"),
        ("effectiveFrom", "生效日期(effectiveFrom)"), ("conditions", "办理条件(conditions)"), ("materials", "申请材料(materials)"), ("lifeEvents", "一件事(lifeEvents)"),
    ];

    internal static readonly (string Key, string Header)[] StepColumns =
        [("item", "事项编码(item)"), ("code", "环节编码(code)"), ("name", "环节名称(name)"), ("role", "角色(role)"), ("limit", "时限(limit)")];

    internal static readonly (string Key, string Header)[] FeeColumns =
        [("item", "事项编码(item)"), ("code", "收费编码(code)"), ("name", "收费名称(name)"), ("min", "最低(min)"), ("max", "最高(max)"), ("legalBasis", "收费依据(legalBasis)")];

    internal static readonly (string Key, string Header)[] PauseColumns =
        [("item", "事项编码(item)"), ("code", "事由编码(code)"), ("name", "事由名称(name)"), ("maxDays", "最长天数(maxDays)"), ("legalBasis", "法律依据(legalBasis)")];

    internal static readonly (string Key, string Header)[] TierColumns =
        [("item", "事项编码(item)"), ("tier", "档次(tier)"), ("min", "最低(min)"), ("max", "最高(max)")];

    private static readonly string[] Optional = ["effectiveFrom", "conditions", "materials", "lifeEvents", "legalBasis:fees"];

    /// <summary>An empty workbook with every sheet, its headers and one example item.</summary>
    public static byte[] Template()
    {
        var sheets = new Dictionary<string, object>
        {
            ["items"] = new[] { Sheets.Row(ItemColumns, "370781-XK-EXAMPLE-001", "示例许可事项", "licensing", "370781-xzsp", "《中华人民共和国行政许可法》第四十二条", "20", "10", "2025-01-01", "符合法定条件", "申请书；身份证明", "开办企业") },
            ["steps"] = new[]
            {
                Sheets.Row(StepColumns, "370781-XK-EXAMPLE-001", "S1", "受理", "Clerk", "1"),
                Sheets.Row(StepColumns, "370781-XK-EXAMPLE-001", "S2", "审查", "Clerk", "6"),
                Sheets.Row(StepColumns, "370781-XK-EXAMPLE-001", "S3", "决定", "DepartmentHead", "3"),
            },
            ["fees"] = new[] { Sheets.Row(FeeColumns, "", "", "", "", "", "") },
            ["pauses"] = new[] { Sheets.Row(PauseColumns, "370781-XK-EXAMPLE-001", "correction", "补正材料", "20", "《中华人民共和国行政许可法》第三十二条") },
            ["tiers"] = new[] { Sheets.Row(TierColumns, "", "", "", "") },
        };
        return Sheets.Save(sheets);
    }

    /// <summary>The latest version of every item in <paramref name="who"/>'s region that they may maintain, in the import format.</summary>
    public async Task<byte[]> ExportAsync(Jurisdiction who, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(who);
        await using var db = await services.CreateDbContextAsync(ct).ConfigureAwait(false);
        var kept = db.Items.AsNoTracking().Where(i => i.RegionPath.StartsWith(who.RegionPath));
        if (!who.IsInRole(SunlightRoles.Admin))
        {
            // A catalogue editor exports the organisations of their grant, the workbook they send back.
            var mine = who.Grants.Where(g => g.Grant == ServicesPolicies.CatalogueEditor).Select(g => g.Scope).ToList();
            kept = kept.Where(i => mine.Contains(i.OrganisationCode));
        }

        var latest = await kept
            .Join(db.ItemVersions.AsNoTracking(), i => new { Code = i.Code, V = i.LatestVersion }, v => new { Code = v.ItemCode, V = v.Version }, (i, v) => v)
            .OrderBy(v => v.OrganisationCode).ThenBy(v => v.ItemCode).ToListAsync(ct).ConfigureAwait(false);
        var items = latest.Select(CatalogueService.ToDto).ToList();
        static string Money(decimal d) => d.ToString("0.##", CultureInfo.InvariantCulture);
        var sheets = new Dictionary<string, object>
        {
            ["items"] = items.Select(i => Sheets.Row(ItemColumns, i.Code, i.Name, i.Category, i.Organisation, i.LegalBasis, I(i.StatutoryLimit), I(i.CommittedLimit),
                i.EffectiveFrom.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK", CultureInfo.InvariantCulture), i.Conditions ?? "", string.Join("\n", i.Materials ?? []), string.Join("，", i.LifeEvents ?? []))).ToList(),
            ["steps"] = items.SelectMany(i => i.Steps.Select(s => Sheets.Row(StepColumns, i.Code, s.Code, s.Name, s.Role, I(s.Limit)))).ToList(),
            ["fees"] = items.SelectMany(i => i.Fees.Select(f => Sheets.Row(FeeColumns, i.Code, f.Code, f.Name, Money(f.Min), Money(f.Max), f.LegalBasis ?? ""))).ToList(),
            ["pauses"] = items.SelectMany(i => i.Pauses.Select(p => Sheets.Row(PauseColumns, i.Code, p.Code, p.Name, I(p.MaxDays), p.LegalBasis ?? ""))).ToList(),
            ["tiers"] = items.SelectMany(i => i.Tiers.Select(t => Sheets.Row(TierColumns, i.Code, t.Tier, Money(t.Min), Money(t.Max)))).ToList(),
        };
        return Sheets.Save(sheets);
    }

    /// <summary>Reads, checks and (when every row is good) publishes a workbook in one transaction.</summary>
    public async Task<CatalogueImportResult> ImportAsync(Jurisdiction who, string publishedBy, Stream file, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(who);
        ArgumentNullException.ThrowIfNull(file);
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
        if (!sheetNames.Contains("items"))
        {
            return Fail(new InputError("file", Bilingual.Say($"工作簿中没有 items 工作表（现有：{string.Join("、", sheetNames)}）", "the workbook has no 'items' sheet.")));
        }

        var errors = new List<InputError>();
        var itemRows = Read(workbook, "items", ItemColumns, errors);
        var stepRows = Read(workbook, "steps", StepColumns, errors);
        var feeRows = Read(workbook, "fees", FeeColumns, errors);
        var pauseRows = Read(workbook, "pauses", PauseColumns, errors);
        var tierRows = Read(workbook, "tiers", TierColumns, errors);
        if (itemRows.Count + stepRows.Count + feeRows.Count + pauseRows.Count + tierRows.Count > MaxRows)
        {
            return Fail(new InputError("file", Bilingual.Say($"行数超过 {MaxRows}", $"more than {MaxRows} rows; split the file.")));
        }

        if (errors.Count > 0)
        {
            return new CatalogueImportResult(false, 0, 0, errors);
        }

        var codes = itemRows.Select(r => r.Cells["code"]).OfType<string>().ToHashSet(StringComparer.Ordinal);
        foreach (var (sheet, rows) in new[] { ("steps", stepRows), ("fees", feeRows), ("pauses", pauseRows), ("tiers", tierRows) })
        {
            foreach (var r in rows.Where(r => r.Cells["item"] is not { } c || !codes.Contains(c)))
            {
                errors.Add(new InputError("item", Bilingual.Say($"事项编码 {r.Cells["item"]} 不在 items 工作表中", $"item code not on the items sheet"), sheet, r.Row, "item"));
            }
        }

        // Build one input per item row, remembering where each list entry came from.
        var inputs = new List<ItemInput>();
        var origins = new List<Dictionary<string, List<int>>>();
        var itemRowNumbers = new List<int>();
        foreach (var r in itemRows)
        {
            var code = r.Cells["code"];
            var c = r.Cells;
            var steps = stepRows.Where(s => s.Cells["item"] == code).ToList();
            var fees = feeRows.Where(s => s.Cells["item"] == code).ToList();
            var pauses = pauseRows.Where(s => s.Cells["item"] == code).ToList();
            var tiers = tierRows.Where(s => s.Cells["item"] == code).ToList();
            DateTimeOffset? effective = null;
            if (c["effectiveFrom"] is { } text)
            {
                if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
                {
                    // A bare date means that day in China.
                    effective = DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)
                        ? new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.FromHours(8))
                        : parsed;
                }
                else
                {
                    errors.Add(new InputError("effectiveFrom", Bilingual.Say($"生效日期 \"{text}\" 无法识别，请写成 2025-01-01", $"effectiveFrom: write a date like 2025-01-01"), "items", r.Row, "effectiveFrom"));
                }
            }

            inputs.Add(new ItemInput(
                code, c["name"], c["category"], c["organisation"], c["legalBasis"], Int(c["statutoryLimit"], "items", r.Row, "statutoryLimit", errors),
                Int(c["committedLimit"], "items", r.Row, "committedLimit", errors),
                steps.Select(s => new StepDto(s.Cells["code"] ?? "", s.Cells["name"] ?? "", s.Cells["role"] ?? "", Int(s.Cells["limit"], "steps", s.Row, "limit", errors) ?? -1)).ToList(),
                fees.Select(f => new FeeDto(f.Cells["code"] ?? "", f.Cells["name"] ?? "", Dec(f.Cells["min"], "fees", f.Row, "min", errors), Dec(f.Cells["max"], "fees", f.Row, "max", errors), f.Cells["legalBasis"])).ToList(),
                pauses.Select(p => new PauseDto(p.Cells["code"] ?? "", p.Cells["name"] ?? "", Int(p.Cells["maxDays"], "pauses", p.Row, "maxDays", errors) ?? 0, p.Cells["legalBasis"])).ToList(),
                tiers.Select(t => new TierDto(t.Cells["tier"] ?? "", Dec(t.Cells["min"], "tiers", t.Row, "min", errors), Dec(t.Cells["max"], "tiers", t.Row, "max", errors))).ToList(),
                effective, c["conditions"], Split(c["materials"], MaterialSeparators()), Split(c["lifeEvents"], EventSeparators())));
            origins.Add(new()
            {
                ["steps"] = steps.Select(s => s.Row).ToList(), ["fees"] = fees.Select(s => s.Row).ToList(),
                ["pauses"] = pauses.Select(s => s.Row).ToList(), ["tiers"] = tiers.Select(s => s.Row).ToList(),
            });
            itemRowNumbers.Add(r.Row);
        }

        if (errors.Count > 0)
        {
            return new CatalogueImportResult(false, 0, 0, errors);
        }

        var (published, unchanged, problems) = await catalogue.PublishManyAsync(who, inputs, publishedBy, ct).ConfigureAwait(false);
        if (problems.Count > 0)
        {
            return new CatalogueImportResult(false, 0, 0, problems.Select(p => Locate(p.Error, itemRowNumbers[p.Index], origins[p.Index])).ToList());
        }

        return new CatalogueImportResult(true, published, unchanged, []);
    }

    /// <summary>Turns a validation error's field (<c>steps[1].role</c>, <c>committedLimit</c>) into its sheet, row and column.</summary>
    private static InputError Locate(InputError error, int itemRow, Dictionary<string, List<int>> origins)
    {
        var m = ListField().Match(error.Field);
        if (m.Success && origins.TryGetValue(m.Groups[1].Value, out var rows) && int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture) is var index && index < rows.Count)
        {
            var column = m.Groups[3].Success ? m.Groups[3].Value : null;
            return error with { Sheet = m.Groups[1].Value, Row = rows[index], Column = column };
        }

        return error with { Sheet = "items", Row = itemRow, Column = ItemColumns.Any(c => c.Key == error.Field) ? error.Field : null };
    }

    private static List<(int Row, Dictionary<string, string?> Cells)> Read(Workbook workbook, string sheet, (string Key, string Header)[] columns, List<InputError> errors) =>
        workbook.Table(sheet, columns, key => Optional.Contains(key) || Optional.Contains($"{key}:{sheet}"), errors);

    private static int? Int(string? text, string sheet, int row, string column, List<InputError> errors)
    {
        if (text is null)
        {
            return null;
        }

        if (decimal.TryParse(text, NumberStyles.Number, CultureInfo.InvariantCulture, out var d) && d == decimal.Truncate(d) && d is >= int.MinValue and <= int.MaxValue)
        {
            return (int)d;
        }

        errors.Add(new InputError(column, Bilingual.Say($"\"{text}\" 不是整数（工作日数）", $"not a whole number"), sheet, row, column));
        return null;
    }

    private static decimal Dec(string? text, string sheet, int row, string column, List<InputError> errors)
    {
        if (text is not null && decimal.TryParse(text, NumberStyles.Number, CultureInfo.InvariantCulture, out var d))
        {
            return d;
        }

        errors.Add(new InputError(column, Bilingual.Say($"\"{text}\" 不是金额（元）", $"not an amount in yuan"), sheet, row, column));
        return 0;
    }

    private static List<string> Split(string? text, Regex separators) =>
        text is null ? [] : separators.Split(text).Select(x => x.Trim()).Where(x => x.Length > 0).ToList();

    private static string I(int n) => n.ToString(CultureInfo.InvariantCulture);

    private static CatalogueImportResult Fail(InputError error) => new(false, 0, 0, [error]);

    [GeneratedRegex(@"^(steps|fees|pauses|tiers)\[(\d+)\](?:\.(\w+))?$")]
    private static partial Regex ListField();

    [GeneratedRegex("[\n；;]")]
    private static partial Regex MaterialSeparators();

    [GeneratedRegex("[，,、；;\n]")]
    private static partial Regex EventSeparators();
}
