using Sunlight.Core.Api;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Sunlight.Core.Accounts;
using Sunlight.Core.Directory.Contracts;
using Sunlight.Core.Ledger;
using Sunlight.Core.Storage;

namespace Sunlight.Core.Directory;

/// <summary>Reads and changes the directory, always inside a jurisdiction.</summary>
public sealed partial class DirectoryService(CoreDbContext db, TimeProvider clock)
{
    /// <summary>A staged organisation row: where it came from and what it says.</summary>
    public sealed record OrganisationRow(int? Row, OrganisationInput Input);

    /// <summary>A staged staff row; <paramref name="Organisation"/> names the organisation by code.</summary>
    public sealed record StaffRow(int? Row, string? Organisation, StaffInput Input);

    public async Task<IReadOnlyList<RegionDto>> ListRegionsAsync(Jurisdiction who, string? parent, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(who);
        var query = db.Regions.AsNoTracking().Where(r => r.Path.StartsWith(who.RegionPath));
        if (!string.IsNullOrWhiteSpace(parent))
        {
            query = query.Where(r => r.ParentCode == parent);
        }

        var rows = await query.OrderBy(r => r.Code).ToListAsync(ct).ConfigureAwait(false);
        return rows.Select(r => new RegionDto(r.Code, r.Name, r.Level.ToString(), r.ParentCode)).ToList();
    }

    public async Task<IReadOnlyList<OrganisationDto>> ListOrganisationsAsync(
        Jurisdiction who, string? regionCode, string? kind, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(who);
        var path = who.RegionPath;
        if (!string.IsNullOrWhiteSpace(regionCode))
        {
            var region = await db.Regions.AsNoTracking().FirstOrDefaultAsync(r => r.Code == regionCode, ct).ConfigureAwait(false)
                ?? throw new DirectoryException(Refusal.NotFound, Bilingual.Say($"行政区划代码 {regionCode} 不存在", $"unknown region code {regionCode}."));
            if (!who.CoversRegionPath(region.Path))
            {
                throw new DirectoryException(Refusal.Forbidden, Bilingual.Say($"区划 {regionCode} 不在您的管辖范围内", $"region {regionCode} is outside your jurisdiction {who.RegionCode}."));
            }

            path = region.Path;
        }

        var query = db.Organisations.AsNoTracking().Where(o => o.RegionPath.StartsWith(path));
        if (!string.IsNullOrWhiteSpace(kind))
        {
            if (!Enum.TryParse<OrganisationKind>(kind, ignoreCase: true, out var k))
            {
                throw new DirectoryException(Refusal.Invalid, Bilingual.Say($"机构类型 \"{kind}\" 无效，可选：{KindList}", $"unknown kind; use one of {KindList}."));
            }

            query = query.Where(o => o.Kind == k);
        }

        if (who.IsDepartmentBound)
        {
            query = query.Where(o => o.Code == who.OrganisationCode);
        }

        var rows = await query.OrderBy(o => o.RegionCode).ThenBy(o => o.Code).ToListAsync(ct).ConfigureAwait(false);
        return rows.Select(ToDto).ToList();
    }

    public async Task<OrganisationDto> GetOrganisationAsync(Jurisdiction who, string code, CancellationToken ct)
    {
        var org = await FindVisibleAsync(who, code, ct).ConfigureAwait(false);
        return ToDto(org);
    }

    public async Task<IReadOnlyList<StaffDto>> ListStaffAsync(Jurisdiction who, string organisationCode, CancellationToken ct)
    {
        var org = await FindVisibleAsync(who, organisationCode, ct).ConfigureAwait(false);
        var rows = await db.Staff.AsNoTracking().Where(s => s.OrganisationCode == org.Code)
            .OrderBy(s => s.Code).ToListAsync(ct).ConfigureAwait(false);
        return rows.Select(s => new StaffDto(s.Code, s.Name, s.Roles)).ToList();
    }

    /// <summary>Creates one organisation; a code already in use is a conflict.</summary>
    public async Task<OrganisationDto> CreateOrganisationAsync(Jurisdiction who, OrganisationInput input, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.Code is not null && await db.Organisations.AnyAsync(o => o.Code == input.Code.Trim(), ct).ConfigureAwait(false))
        {
            throw new DirectoryException(Refusal.Conflict, Bilingual.Say($"机构编码 {input.Code} 已被使用", $"organisation code {input.Code} is already in use."),
                [new InputError("code", Bilingual.Say("编码已存在", "code already exists"))]);
        }

        await ApplyAsync(who, [new OrganisationRow(null, input)], [], ct).ConfigureAwait(false);
        return await GetOrganisationAsync(who, input.Code!.Trim(), ct).ConfigureAwait(false);
    }

    /// <summary>Renames, re-kinds or moves an existing organisation.</summary>
    public async Task<OrganisationDto> UpdateOrganisationAsync(Jurisdiction who, string code, OrganisationInput input, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(input);
        await FindVisibleAsync(who, code, ct).ConfigureAwait(false);
        await ApplyAsync(who, [new OrganisationRow(null, input with { Code = code })], [], ct).ConfigureAwait(false);
        return await GetOrganisationAsync(who, code, ct).ConfigureAwait(false);
    }

    /// <summary>Adds a member of staff; a code already in use is a conflict.</summary>
    public async Task<StaffDto> CreateStaffAsync(Jurisdiction who, string organisationCode, StaffInput input, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(input);
        await FindVisibleAsync(who, organisationCode, ct).ConfigureAwait(false);
        if (input.Code is not null && await db.Staff.AnyAsync(s => s.Code == input.Code.Trim(), ct).ConfigureAwait(false))
        {
            throw new DirectoryException(Refusal.Conflict, Bilingual.Say($"人员编码 {input.Code} 已被使用", $"staff code {input.Code} is already in use."),
                [new InputError("code", Bilingual.Say("编码已存在", "code already exists"))]);
        }

        await ApplyAsync(who, [], [new StaffRow(null, organisationCode, input)], ct).ConfigureAwait(false);
        var saved = await db.Staff.AsNoTracking().FirstAsync(s => s.Code == input.Code!.Trim(), ct).ConfigureAwait(false);
        return new StaffDto(saved.Code, saved.Name, saved.Roles);
    }

    /// <summary>
    /// Validates and applies a batch in one transaction, writing one ledger record per organisation and member of
    /// staff created or changed. Throws with every error found; nothing is written when any row fails.
    /// </summary>
    public async Task<(int Organisations, int Staff)> ApplyAsync(
        Jurisdiction who, IReadOnlyList<OrganisationRow> organisations, IReadOnlyList<StaffRow> staff, CancellationToken ct)
    {
        await using var unit = await UnitOfWork.BeginAsync(db, clock, ct).ConfigureAwait(false);
        try
        {
            var (o, s, records) = await StageAsync(who, organisations, staff, ct).ConfigureAwait(false);
            foreach (var record in records)
            {
                unit.Record(record);
            }

            await unit.CommitAsync(ct).ConfigureAwait(false);
            return (o, s);
        }
        catch
        {
            db.ChangeTracker.Clear();
            throw;
        }
    }

    /// <summary>
    /// Validates every row against the database and the batch itself, and stages inserts and updates on the
    /// context (existing codes are updated). Throws with every error found; nothing is staged when any row fails.
    /// Returns the ledger records that describe the changes; the caller records them, saves and commits.
    /// </summary>
    private async Task<(int Organisations, int Staff, List<RecordDraft> Records)> StageAsync(
        Jurisdiction who, IReadOnlyList<OrganisationRow> organisations, IReadOnlyList<StaffRow> staff, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(who);
        ArgumentNullException.ThrowIfNull(organisations);
        ArgumentNullException.ThrowIfNull(staff);
        var errors = new List<InputError>();
        var regions = await db.Regions.ToDictionaryAsync(r => r.Code, StringComparer.Ordinal, ct).ConfigureAwait(false);
        var existingOrgs = await db.Organisations.ToDictionaryAsync(o => o.Code, StringComparer.Ordinal, ct).ConfigureAwait(false);
        var batchOrgs = new Dictionary<string, (OrganisationRow Row, string Name, OrganisationKind Kind, Region Region, string? Parent)>(StringComparer.Ordinal);

        foreach (var row in organisations)
        {
            var e = new List<InputError>();
            var input = row.Input;
            var code = input.Code?.Trim() ?? "";
            var name = input.Name?.Trim() ?? "";
            if (!CodePattern().IsMatch(code))
            {
                e.Add(Error(row.Row, "code", Bilingual.Say($"编码 \"{code}\" 无效：须为 2–64 位字母、数字或连字符", $"code must be 2–64 letters, digits or hyphens")));
            }
            else if (batchOrgs.TryGetValue(code, out var first))
            {
                e.Add(Error(row.Row, "code", Bilingual.Say($"编码 {code} 在本批中重复，首次出现在第 {first.Row.Row} 行", $"duplicate code {code} in this file; first on row {first.Row.Row}")));
            }

            if (name.Length is 0 or > 200)
            {
                e.Add(Error(row.Row, "name", Bilingual.Say("名称不能为空且不超过 200 字", "name is required, at most 200 characters")));
            }
            else if (TextInput.Problem("name", name, 200) is { } badName)
            {
                e.Add(Error(row.Row, "name", badName));
            }

            OrganisationKind kind = default;
            if (!Enum.TryParse(input.Kind?.Trim(), ignoreCase: true, out kind) || int.TryParse(input.Kind, out _))
            {
                e.Add(Error(row.Row, "kind", Bilingual.Say($"机构类型 \"{input.Kind}\" 无效，可选：{KindList}", $"kind must be one of {KindList}")));
            }

            Region? region = null;
            var regionCode = input.Region?.Trim() ?? "";
            if (!regions.TryGetValue(regionCode, out region))
            {
                e.Add(Error(row.Row, "region", Bilingual.Say($"行政区划代码 \"{regionCode}\" 不存在", $"unknown region code \"{regionCode}\"")));
            }
            else if (!who.CoversRegionPath(region.Path))
            {
                e.Add(Error(row.Row, "region", Bilingual.Say($"区划 {regionCode} 不在您的管辖范围 {who.RegionCode} 内", $"region {regionCode} is outside your jurisdiction")));
            }

            var parent = string.IsNullOrWhiteSpace(input.Parent) ? null : input.Parent.Trim();
            if (parent is not null && parent == code)
            {
                e.Add(Error(row.Row, "parent", Bilingual.Say("上级机构不能是其本身", "an organisation cannot be its own parent")));
            }

            errors.AddRange(e);
            if (e.Count == 0)
            {
                batchOrgs[code] = (row, name, kind, region!, parent);
            }
        }

        // Parents may be in the database or anywhere in the batch; no cycles.
        foreach (var (code, item) in batchOrgs)
        {
            if (item.Parent is null)
            {
                continue;
            }

            if (!batchOrgs.ContainsKey(item.Parent) && !existingOrgs.ContainsKey(item.Parent))
            {
                errors.Add(Error(item.Row.Row, "parent", Bilingual.Say($"上级机构 {item.Parent} 不存在", $"parent organisation {item.Parent} does not exist")));
                continue;
            }

            var seen = new HashSet<string>(StringComparer.Ordinal) { code };
            var cursor = item.Parent;
            while (cursor is not null)
            {
                if (!seen.Add(cursor))
                {
                    errors.Add(Error(item.Row.Row, "parent", Bilingual.Say($"上级关系形成循环：{string.Join(" → ", seen)}", $"parent chain loops")));
                    break;
                }

                cursor = batchOrgs.TryGetValue(cursor, out var b) ? b.Parent
                    : existingOrgs.TryGetValue(cursor, out var o) ? o.ParentCode : null;
            }
        }

        foreach (var (code, item) in batchOrgs)
        {
            if (existingOrgs.TryGetValue(code, out var existing) && !who.CoversRegionPath(existing.RegionPath))
            {
                errors.Add(Error(item.Row.Row, "code", Bilingual.Say($"机构 {code} 属于其他辖区，不能修改", $"organisation {code} belongs to another jurisdiction")));
            }
        }

        var existingStaff = await db.Staff.ToDictionaryAsync(s => s.Code, StringComparer.Ordinal, ct).ConfigureAwait(false);
        var batchStaff = new Dictionary<string, StaffRow>(StringComparer.Ordinal);
        var staffResolved = new List<(StaffRow Row, string Code, string Name, string Org, IReadOnlyList<string> Roles)>();
        foreach (var row in staff)
        {
            var before = errors.Count;
            var code = row.Input.Code?.Trim() ?? "";
            var name = row.Input.Name?.Trim() ?? "";
            var org = row.Organisation?.Trim() ?? "";
            if (!CodePattern().IsMatch(code))
            {
                errors.Add(Error(row.Row, "code", Bilingual.Say($"人员编码 \"{code}\" 无效：须为 2–64 位字母、数字或连字符", $"staff code must be 2–64 letters, digits or hyphens"), "staff"));
            }
            else if (batchStaff.TryGetValue(code, out var first))
            {
                errors.Add(Error(row.Row, "code", Bilingual.Say($"人员编码 {code} 在本批中重复，首次出现在第 {first.Row} 行", $"duplicate staff code {code}; first on row {first.Row}"), "staff"));
            }
            else
            {
                batchStaff[code] = row;
                if (existingStaff.TryGetValue(code, out var s) && !who.CoversRegionPath(s.RegionPath))
                {
                    errors.Add(Error(row.Row, "code", Bilingual.Say($"人员 {code} 属于其他辖区", $"staff {code} belongs to another jurisdiction"), "staff"));
                }
            }

            if (name.Length is 0 or > 100)
            {
                errors.Add(Error(row.Row, "name", Bilingual.Say("姓名不能为空且不超过 100 字", "name is required, at most 100 characters"), "staff"));
            }
            else if (TextInput.Problem("name", name, 100) is { } badName)
            {
                errors.Add(Error(row.Row, "name", badName, "staff"));
            }

            if (TextInput.Problem("title", row.Input.Title, 100) is { } badTitle)
            {
                errors.Add(Error(row.Row, "title", badTitle, "staff"));
            }

            if (!batchOrgs.ContainsKey(org) && !existingOrgs.ContainsKey(org))
            {
                errors.Add(Error(row.Row, "organisation", Bilingual.Say($"所属机构 \"{org}\" 不存在", $"organisation \"{org}\" does not exist"), "staff"));
            }
            else if (!batchOrgs.ContainsKey(org) && existingOrgs.TryGetValue(org, out var target) && !who.CoversOrganisation(org, target.RegionPath))
            {
                errors.Add(Error(row.Row, "organisation", Bilingual.Say($"机构 {org} 不在您的管辖范围内", $"organisation {org} is outside your jurisdiction"), "staff"));
            }

            var roles = (row.Input.Roles ?? []).Select(r => r.Trim()).Where(r => r.Length > 0).ToList();
            foreach (var role in roles.Where(r => !SunlightRoles.IsKnown(r)))
            {
                errors.Add(Error(row.Row, "roles", Bilingual.Say($"角色 \"{role}\" 无效，可选：{string.Join(", ", SunlightRoles.All)}", $"unknown role"), "staff"));
            }

            if (errors.Count == before)
            {
                staffResolved.Add((row, code, name, org, roles));
            }
        }

        if (errors.Count > 0)
        {
            throw new DirectoryException(Refusal.Invalid,
                Bilingual.Say($"输入有 {errors.Count} 处错误，未作任何修改", $"{errors.Count} error(s); nothing was changed."), errors);
        }

        var records = new List<RecordDraft>();

        // Apply parents-first so every parent exists when its child is placed.
        var placed = new Dictionary<string, Organisation>(existingOrgs, StringComparer.Ordinal);
        var pending = batchOrgs.Keys.ToList();
        while (pending.Count > 0)
        {
            var ready = pending.Where(c => batchOrgs[c].Parent is null || !pending.Contains(batchOrgs[c].Parent!) || batchOrgs[c].Parent == c).ToList();
            foreach (var code in ready)
            {
                var item = batchOrgs[code];
                var parent = item.Parent is null ? null : placed[item.Parent];
                var change = "updated";
                if (placed.TryGetValue(code, out var org))
                {
                    org.Name = item.Name;
                    org.Kind = item.Kind;
                    org.MoveTo(item.Region, parent);
                }
                else
                {
                    org = new Organisation(code, item.Name, item.Kind, item.Region, parent);
                    db.Organisations.Add(org);
                    placed[code] = org;
                    change = "created";
                }

                records.Add(RecordDraft.Json($"directory.organisation.{change}", code, ToDto(org), org.RegionPath));

                pending.Remove(code);
            }
        }

        foreach (var s in staffResolved)
        {
            var org = placed[s.Org];
            var change = "updated";
            if (existingStaff.TryGetValue(s.Code, out var member))
            {
                member.Name = s.Name;
                member.Title = s.Row.Input.Title;
                member.Assign(org, s.Roles);
            }
            else
            {
                member = new StaffMember(s.Code, s.Name, org, s.Roles, s.Row.Input.Title);
                db.Staff.Add(member);
                change = "created";
            }

            records.Add(RecordDraft.Json($"directory.staff.{change}", s.Code,
                new { member.Code, member.Name, member.Title, Organisation = org.Code, member.Roles }, org.RegionPath));
        }

        return (batchOrgs.Count, staffResolved.Count, records);
    }

    private async Task<Organisation> FindVisibleAsync(Jurisdiction who, string code, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(who);
        var org = await db.Organisations.AsNoTracking().FirstOrDefaultAsync(o => o.Code == code, ct).ConfigureAwait(false)
            ?? throw new DirectoryException(Refusal.NotFound, Bilingual.Say($"机构编码 {code} 不存在", $"no organisation with code {code}."));
        if (!who.CoversOrganisation(org.Code, org.RegionPath))
        {
            throw new DirectoryException(Refusal.Forbidden, Bilingual.Say($"机构 {code} 不在您的管辖范围内", $"organisation {code} is outside your jurisdiction."));
        }

        return org;
    }

    private static OrganisationDto ToDto(Organisation o) => new(o.Code, o.Name, o.Kind.ToString(), o.RegionCode, o.ParentCode);

    private static InputError Error(int? row, string field, string message, string sheet = "organisations") =>
        row is null ? new InputError(field, message) : new InputError(field, message, sheet, row, field);

    private static string KindList => string.Join(", ", Enum.GetNames<OrganisationKind>());

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9-]{1,63}$")]
    private static partial Regex CodePattern();
}
