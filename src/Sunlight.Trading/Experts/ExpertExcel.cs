using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Sunlight.Core;
using Sunlight.Core.Accounts;
using Sunlight.Core.Directory;
using Sunlight.Core.Directory.Contracts;
using Sunlight.Core.Files;
using Sunlight.Core.Identifiers;
using Sunlight.Core.Ledger;
using Sunlight.Core.Storage;
using Sunlight.Trading.Storage;

namespace Sunlight.Trading.Experts;

/// <summary>What an expert import did: applied or not, how many experts were added, changed or left as they were, and every error.</summary>
internal sealed record ExpertImportResult(bool Applied, int Added, int Changed, int Unchanged, IReadOnlyList<InputError> Errors);

/// <summary>
/// The expert pool by Excel (trading.md "Experts"): a template, an export of the administrator's region (citizen ID
/// numbers left blank: never exported) and an all-or-nothing import whose every error names its sheet, row and column.
/// Sheets <c>experts</c> and <c>interests</c>; an expert in the file replaces the stored one (its interests too); an
/// expert not in the file is left alone (removal is a status). Each added or changed expert is a ledger record.
/// </summary>
internal sealed partial class ExpertExcel(Units units, IDbContextFactory<TradingDbContext> contexts, IDirectory directory, IOptions<TradingOptions> options, TimeProvider clock)
{
    public const int MaxRows = 50_000;

    public const string Imported = "trading.expert.imported";

    public const string Changed = "trading.expert.changed";

    internal static readonly (string Key, string Header)[] ExpertColumns =
    [
        ("code", "专家编号(code)"), ("name", "姓名(name)"), ("idNumber", "身份证号码(idNumber)"), ("organisationId", "工作单位标识(organisationId)"),
        ("organisationName", "工作单位(organisationName)"), ("directoryCode", "目录机构编码(directoryCode)"), ("specialties", "评标专业(specialties)"),
        ("region", "所属地区(region)"), ("status", "状态(status)"), ("suspendedUntil", "暂停至(suspendedUntil)"), ("reason", "状态原因(reason)"),
    ];

    internal static readonly (string Key, string Header)[] InterestColumns =
    [
        ("expert", "专家编号(expert)"), ("organisationId", "单位标识(organisationId)"), ("organisationName", "单位名称(organisationName)"),
        ("relation", "关系(relation)"), ("until", "截止日期(until)"),
    ];

    private static readonly string[] Optional = ["idNumber", "directoryCode", "suspendedUntil", "reason", "until", "organisationName:interests"];

    [GeneratedRegex(@"^E\d{4}-\d{4}$")]
    private static partial Regex CodePattern();

    [GeneratedRegex("[|、，,；;\n]")]
    private static partial Regex SpecialtySeparators();

    public static byte[] Template() => Sheets.Save(new Dictionary<string, object>
    {
        ["experts"] = new[] { Sheets.Row(ExpertColumns, "E3707-0001", "张三", "370781198001010019", "CN-SAIC-913707007060000002", "潍坊市建筑设计研究院", "", "房屋建筑|市政工程", "370700", "active", "", "") },
        ["interests"] = new[] { Sheets.Row(InterestColumns, "E3707-0001", "CN-SAIC-913707007060000002", "潍坊市建筑设计研究院", "employee", "2029-12-31") },
    });

    public async Task<byte[]> ExportAsync(Jurisdiction who, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct).ConfigureAwait(false);
        var experts = await db.Experts.AsNoTracking().Where(e => e.RegionPath.StartsWith(who.RegionPath)).OrderBy(e => e.Code).ToListAsync(ct).ConfigureAwait(false);
        var codes = experts.Select(e => e.Code).ToList();
        var interests = await db.ExpertInterests.AsNoTracking().Where(i => codes.Contains(i.ExpertCode)).OrderBy(i => i.ExpertCode).ThenBy(i => i.Id).ToListAsync(ct).ConfigureAwait(false);
        return Sheets.Save(new Dictionary<string, object>
        {
            ["experts"] = experts.Select(e => Sheets.Row(ExpertColumns, e.Code, e.Name, "", e.OrganisationId, e.OrganisationName, e.DirectoryCode ?? "", e.Specialties, e.RegionCode, e.Status,
                e.SuspendedUntil?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "", e.StatusReason ?? "")).ToList(),
            ["interests"] = interests.Select(i => Sheets.Row(InterestColumns, i.ExpertCode, i.OrganisationId, i.OrganisationName, i.Relation, i.Until?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "")).ToList(),
        });
    }

    public async Task<ExpertImportResult> ImportAsync(Jurisdiction who, string by, Stream file, CancellationToken ct)
    {
        Workbook workbook;
        try
        {
            workbook = await Workbook.OpenAsync(file, new WorkbookLimits(MaxRows), ct).ConfigureAwait(false);
        }
        catch (WorkbookRefusedException e)
        {
            return new(false, 0, 0, 0, [e.Error]);
        }

        using var _ = workbook;
        if (!workbook.SheetNames.Contains("experts"))
        {
            return new(false, 0, 0, 0, [new InputError("file", Bilingual.Say($"工作簿中没有 experts 工作表（现有：{string.Join("、", workbook.SheetNames)}）", "the workbook has no 'experts' sheet"))]);
        }

        var errors = new List<InputError>();
        bool Opt(string key, string sheet) => Optional.Contains(key) || Optional.Contains($"{key}:{sheet}");
        var expertRows = workbook.Table("experts", ExpertColumns, k => Opt(k, "experts"), errors);
        var interestRows = workbook.SheetNames.Contains("interests") ? workbook.Table("interests", InterestColumns, k => Opt(k, "interests"), errors) : [];
        if (errors.Count > 0)
        {
            return new(false, 0, 0, 0, errors);
        }

        await using var db = await contexts.CreateDbContextAsync(ct).ConfigureAwait(false);
        var fileCodes = expertRows.Select(r => r.Cells["code"]).OfType<string>().ToList();
        var stored = await db.Experts.Where(e => fileCodes.Contains(e.Code)).ToDictionaryAsync(e => e.Code, StringComparer.Ordinal, ct).ConfigureAwait(false);
        var regionCodes = expertRows.Select(r => r.Cells["region"]).OfType<string>().Distinct().ToList();
        var regionNames = await directory.RegionPathsAsync(regionCodes, ct).ConfigureAwait(false);
        var prefix = options.Value.OrgIdPrefix;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var parsed = new List<Expert>();
        void Error(string sheet, int row, string column, string zh, string en) => errors.Add(new InputError(column, Bilingual.Say(zh, en), sheet, row, column));

        foreach (var (row, c) in expertRows)
        {
            var code = c["code"]!.Trim();
            if (!CodePattern().IsMatch(code))
            {
                Error("experts", row, "code", $"专家编号 \"{code}\" 应形如 E3707-0001", "an expert code looks like E3707-0001");
            }
            else if (!seen.Add(code))
            {
                Error("experts", row, "code", $"专家编号 {code} 在本表中重复", "this expert code appears twice in the sheet");
            }

            var name = c["name"]!.Trim();
            if (name.Length > 50)
            {
                Error("experts", row, "name", "姓名至多 50 个字符", "a name has at most 50 characters");
            }

            var id = c["idNumber"]?.Trim();
            if (id is null or "")
            {
                if (!stored.ContainsKey(code))
                {
                    Error("experts", row, "idNumber", "新专家须填写身份证号码（导出文件不含身份证号码，已有专家可留空以保留原值）", "a new expert needs a citizen ID number (exports leave it blank; blank keeps a stored expert's)");
                }
            }
            else if (CitizenId.Validate(id) is { Valid: false } bad)
            {
                Error("experts", row, "idNumber", "身份证号码不符合 GB 11643：" + string.Join("；", bad.Errors), "not a valid GB 11643 citizen ID number");
            }

            var org = c["organisationId"]!.Trim();
            if (!ValidOrg(org, prefix))
            {
                Error("experts", row, "organisationId", $"单位标识须为 {prefix}-<18 位统一社会信用代码>", $"an organisation id is {prefix}-<unified social credit code>");
            }

            var specialties = SpecialtySeparators().Split(c["specialties"]!).Select(s => s.Trim()).Where(s => s.Length > 0).Distinct().ToList();
            if (specialties.Count == 0 || specialties.Any(s => s.Length > 50))
            {
                Error("experts", row, "specialties", "至少一个评标专业，每个至多 50 个字符，以 | 或顿号分隔", "at least one specialty of at most 50 characters, separated by | or 、");
            }

            var region = c["region"]!.Trim();
            if (!regionNames.ContainsKey(region))
            {
                Error("experts", row, "region", $"没有地区 {region}", $"no region {region}");
            }

            var status = c["status"]!.Trim();
            DateOnly? until = null;
            if (!ExpertStatus.All.Contains(status))
            {
                Error("experts", row, "status", $"状态应为 {string.Join(" | ", ExpertStatus.All)}", $"status is one of {string.Join(" | ", ExpertStatus.All)}");
            }
            else if (status == ExpertStatus.Suspended)
            {
                if (c["suspendedUntil"] is not { } text || !DateOnly.TryParseExact(text.Trim()[..Math.Min(10, text.Trim().Length)], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
                {
                    Error("experts", row, "suspendedUntil", "暂停须写明截止日期，如 2027-06-30", "a suspension needs its end date, e.g. 2027-06-30");
                }
                else
                {
                    until = day;
                }
            }

            if (status is ExpertStatus.Suspended or ExpertStatus.Removed && string.IsNullOrWhiteSpace(c["reason"]))
            {
                Error("experts", row, "reason", "暂停或除名须写明原因", "a suspension or removal needs its reason");
            }

            parsed.Add(new Expert
            {
                Code = code, Name = name, IdNumber = id is { Length: > 0 } ? id.ToUpperInvariant() : stored.GetValueOrDefault(code)?.IdNumber ?? "",
                OrganisationId = org, OrganisationName = c["organisationName"]!.Trim(), DirectoryCode = c["directoryCode"] is { Length: > 0 } dc ? dc.Trim() : null,
                Specialties = string.Join('|', specialties), RegionCode = region, Status = status, SuspendedUntil = until,
                StatusReason = c["reason"]?.Trim() is { Length: > 0 } reason ? reason : null,
            });
        }

        var interests = new List<ExpertInterest>();
        foreach (var (row, c) in interestRows)
        {
            var code = c["expert"]!.Trim();
            if (!seen.Contains(code))
            {
                Error("interests", row, "expert", $"专家 {code} 不在 experts 工作表中（利害关系随专家一并导入）", "the expert is not on the experts sheet (interests come with their expert)");
            }

            var org = c["organisationId"]!.Trim();
            if (!ValidOrg(org, prefix))
            {
                Error("interests", row, "organisationId", $"单位标识须为 {prefix}-<18 位统一社会信用代码>", $"an organisation id is {prefix}-<unified social credit code>");
            }

            var relation = c["relation"]!.Trim();
            if (!ExpertStatus.Relations.Contains(relation))
            {
                Error("interests", row, "relation", $"关系应为 {string.Join(" | ", ExpertStatus.Relations)}", $"relation is one of {string.Join(" | ", ExpertStatus.Relations)}");
            }

            DateOnly? until = null;
            if (c["until"] is { Length: > 0 } text)
            {
                if (DateOnly.TryParseExact(text.Trim()[..Math.Min(10, text.Trim().Length)], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
                {
                    until = day;
                }
                else
                {
                    Error("interests", row, "until", $"截止日期 \"{text}\" 无法识别，请写成 2027-12-31", "write the date like 2027-12-31");
                }
            }

            interests.Add(new ExpertInterest { ExpertCode = code, OrganisationId = org, OrganisationName = c["organisationName"]?.Trim() ?? "", Relation = relation, Until = until });
        }

        // Regions must be the administrator's.
        foreach (var (row, c) in expertRows)
        {
            if (c["region"]?.Trim() is { } region && regionNames.ContainsKey(region))
            {
                var path = regionNames[region];
                if (!who.CoversRegionPath(path))
                {
                    Error("experts", row, "region", $"地区 {region} 不在您的辖区内", "the region is outside your jurisdiction");
                }
                else
                {
                    parsed.First(e => e.Code == c["code"]!.Trim()).RegionPath = path;
                }
            }
        }

        if (errors.Count > 0)
        {
            return new(false, 0, 0, 0, errors);
        }

        var now = clock.GetUtcNow();
        int added = 0, changed = 0, unchanged = 0;
        await using var unit = await units.BeginAsync(ct).ConfigureAwait(false);
        unit.Enlist(db);
        var oldInterests = await db.ExpertInterests.Where(i => fileCodes.Contains(i.ExpertCode)).ToListAsync(ct).ConfigureAwait(false);
        foreach (var expert in parsed)
        {
            var mine = interests.Where(i => i.ExpertCode == expert.Code).ToList();
            var before = oldInterests.Where(i => i.ExpertCode == expert.Code).ToList();
            var body = RecordBody(expert, mine);
            if (stored.TryGetValue(expert.Code, out var existing))
            {
                if (RecordBody(existing, before) == body && existing.IdNumber == expert.IdNumber && existing.DirectoryCode == expert.DirectoryCode)
                {
                    unchanged++;
                    continue;
                }

                db.Entry(existing).CurrentValues.SetValues(expert);
                existing.UpdatedAt = now;
                existing.UpdatedBy = by;
                db.ExpertInterests.RemoveRange(before);
                db.ExpertInterests.AddRange(mine);
                unit.Record(new RecordDraft(Changed, expert.Code, Encoding.UTF8.GetBytes(body), expert.RegionPath));
                changed++;
            }
            else
            {
                expert.UpdatedAt = now;
                expert.UpdatedBy = by;
                db.Experts.Add(expert);
                db.ExpertInterests.AddRange(mine);
                unit.Record(new RecordDraft(Imported, expert.Code, Encoding.UTF8.GetBytes(body), expert.RegionPath));
                added++;
            }
        }

        await unit.CommitAsync(ct).ConfigureAwait(false);
        return new(true, added, changed, unchanged, []);
    }

    /// <summary>What the ledger keeps of an expert: everything but the citizen ID number.</summary>
    private static string RecordBody(Expert e, IEnumerable<ExpertInterest> interests) => JsonSerializer.Serialize(new
    {
        code = e.Code, name = e.Name, organisation = new { id = e.OrganisationId, name = e.OrganisationName }, specialties = e.Specialties.Split('|'),
        region = e.RegionCode, status = e.Status, suspendedUntil = e.SuspendedUntil, reason = e.StatusReason,
        interests = interests.OrderBy(i => i.OrganisationId, StringComparer.Ordinal).ThenBy(i => i.Relation, StringComparer.Ordinal)
            .Select(i => new { organisation = i.OrganisationId, relation = i.Relation, until = i.Until }),
    }, Ocds.TradeReader.Compact);

    private static bool ValidOrg(string id, string prefix) =>
        id.StartsWith(prefix + "-", StringComparison.Ordinal) && CreditCode.Validate(id[(prefix.Length + 1)..]) is { Valid: true } check && check.Normalized == id[(prefix.Length + 1)..];

}
