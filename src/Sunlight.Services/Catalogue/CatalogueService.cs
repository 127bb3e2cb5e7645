using Sunlight.Core;
using Sunlight.Core.Directory;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Sunlight.Core.Accounts;
using Sunlight.Core.Api;
using Sunlight.Core.Directory.Contracts;
using Sunlight.Core.Ledger;
using Sunlight.Core.Storage;
using Sunlight.Services.Contracts;
using Sunlight.Services.Storage;

namespace Sunlight.Services.Catalogue;

/// <summary>
/// The power catalogue (权力清单): publishes validated, immutable item versions (each a ledger record) and answers
/// which version is in force. Amounts are yuan at the edge and fen inside.
/// </summary>
internal sealed partial class CatalogueService(Units units, IDirectory directory, IDbContextFactory<ServicesDbContext> services, TimeProvider clock)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private static readonly HashSet<string> StepRoles = [SunlightRoles.Clerk, SunlightRoles.DepartmentHead];

    /// <summary>The stored lists of a version (fees and tiers in fen).</summary>
    internal sealed record Definition(
        List<StepDto> Steps, List<FeeFen> Fees, List<PauseDto> Pauses, List<TierFen> Tiers, List<string> Materials, List<string> LifeEvents);

    internal sealed record FeeFen(string Code, string Name, long Min, long Max, string? LegalBasis);

    internal sealed record TierFen(string Tier, long Min, long Max);

    /// <summary>Items whose latest version in force matches the filters.</summary>
    public async Task<IReadOnlyList<ItemSummary>> ListAsync(string? organisation, string? category, string? q, string? regionPath, CancellationToken ct)
    {
        if (category is not null && !ItemCategories.All.Contains(category))
        {
            throw new InputException(Refusal.Invalid, Bilingual.Say($"类别 \"{category}\" 无效，可选：{string.Join(", ", ItemCategories.All)}", $"unknown category."));
        }

        await using var db = await services.CreateDbContextAsync(ct).ConfigureAwait(false);
        var now = clock.GetUtcNow();
        var versions = db.ItemVersions.AsNoTracking().Where(v => v.EffectiveFrom <= now);
        if (!string.IsNullOrWhiteSpace(organisation))
        {
            versions = versions.Where(v => v.OrganisationCode == organisation);
        }

        if (regionPath is not null)
        {
            var codes = db.Items.Where(i => i.RegionPath.StartsWith(regionPath)).Select(i => i.Code);
            versions = versions.Where(v => codes.Contains(v.ItemCode));
        }

        var rows = await versions.Select(v => new { v.ItemCode, v.Version, v.Name, v.Category, v.OrganisationCode, v.CommittedLimit, v.StatutoryLimit, v.Free })
            .ToListAsync(ct).ConfigureAwait(false);
        var words = (q ?? "").Split([' ', '　'], StringSplitOptions.RemoveEmptyEntries);
        return rows.GroupBy(r => r.ItemCode).Select(g => g.MaxBy(r => r.Version)!)
            .Where(r => category is null || r.Category == category)
            .Where(r => words.All(w => r.Name.Contains(w, StringComparison.OrdinalIgnoreCase) || r.ItemCode.Contains(w, StringComparison.OrdinalIgnoreCase)))
            .OrderBy(r => r.OrganisationCode, StringComparer.Ordinal).ThenBy(r => r.ItemCode, StringComparer.Ordinal)
            .Select(r => new ItemSummary(r.ItemCode, r.Name, r.Category, r.OrganisationCode, r.CommittedLimit, r.StatutoryLimit, r.Free, r.Version))
            .ToList();
    }

    /// <summary>The life events (一件事) of the given item versions, for the hall's filters.</summary>
    public async Task<Dictionary<string, IReadOnlyList<string>>> LifeEventsAsync(IReadOnlyList<(string Code, int Version)> items, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(items);
        await using var db = await services.CreateDbContextAsync(ct).ConfigureAwait(false);
        var codes = items.Select(i => i.Code).ToList();
        var wanted = items.ToHashSet();
        var rows = await db.ItemVersions.AsNoTracking().Where(v => codes.Contains(v.ItemCode)).ToListAsync(ct).ConfigureAwait(false);
        return rows.Where(v => wanted.Contains((v.ItemCode, v.Version)))
            .ToDictionary(v => v.ItemCode, v => (IReadOnlyList<string>)Read(v).LifeEvents, StringComparer.Ordinal);
    }

    /// <summary>The version in force now (or the given version).</summary>
    public async Task<ItemDto> GetAsync(string code, int? version, CancellationToken ct)
    {
        await using var db = await services.CreateDbContextAsync(ct).ConfigureAwait(false);
        var now = clock.GetUtcNow();
        var query = db.ItemVersions.AsNoTracking().Where(v => v.ItemCode == code);
        query = version is { } n ? query.Where(v => v.Version == n) : query.Where(v => v.EffectiveFrom <= now);
        var row = await query.OrderByDescending(v => v.Version).FirstOrDefaultAsync(ct).ConfigureAwait(false)
            ?? throw new InputException(Refusal.NotFound, version is null
                ? Bilingual.Say($"事项 {code} 不存在或尚未生效", $"no item {code} in force.")
                : Bilingual.Say($"事项 {code} 没有第 {version} 版", $"item {code} has no version {version}."));
        return ToDto(row);
    }

    /// <summary>
    /// Validates and publishes an item (version 1) or a new version of an existing one, with its ledger record, in one
    /// transaction. <paramref name="who"/> must cover the handling organisation.
    /// </summary>
    public async Task<ItemDto> PublishAsync(Jurisdiction who, ItemInput input, string publishedBy, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(who);
        ArgumentNullException.ThrowIfNull(input);
        await using var db = await services.CreateDbContextAsync(ct).ConfigureAwait(false);
        var (errors, prepared) = await PrepareAsync(who, input, publishedBy, db, ct).ConfigureAwait(false);
        if (errors.Count > 0)
        {
            throw new InputException(Refusal.Invalid, Bilingual.Say($"事项有 {errors.Count} 处错误，未发布", $"{errors.Count} error(s); nothing was published."), errors);
        }

        await using var unit = await units.BeginAsync(ct).ConfigureAwait(false);
        unit.Enlist(db);
        var dto = Stage(db, unit, prepared!);
        await unit.CommitAsync(ct).ConfigureAwait(false);
        return dto;
    }

    /// <summary>
    /// Publishes many items all-or-nothing (the Excel import): every input is checked first; with any error nothing
    /// is written and the errors come back keyed by the input's index. Items identical to their latest version
    /// (content and effective-from) are left alone and counted as unchanged.
    /// </summary>
    public async Task<(int Published, int Unchanged, IReadOnlyList<(int Index, InputError Error)> Errors)> PublishManyAsync(
        Jurisdiction who, IReadOnlyList<ItemInput> inputs, string publishedBy, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(who);
        ArgumentNullException.ThrowIfNull(inputs);
        await using var db = await services.CreateDbContextAsync(ct).ConfigureAwait(false);
        var errors = new List<(int, InputError)>();
        var staged = new List<Prepared>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var unchanged = 0;
        for (var i = 0; i < inputs.Count; i++)
        {
            if (!seen.Add(inputs[i].Code?.Trim() ?? ""))
            {
                errors.Add((i, new InputError("code", Bilingual.Say($"事项编码 {inputs[i].Code} 在文件中重复", $"item code repeated in the file"))));
                continue;
            }

            var (problems, prepared) = await PrepareAsync(who, inputs[i], publishedBy, db, ct).ConfigureAwait(false);
            errors.AddRange(problems.Select(e => (i, e)));
            if (prepared is null)
            {
                continue;
            }

            var latest = prepared.Existing is null ? null
                : await db.ItemVersions.AsNoTracking().FirstAsync(v => v.ItemCode == prepared.Version.ItemCode && v.Version == prepared.Existing.LatestVersion, ct).ConfigureAwait(false);
            if (latest is not null && Same(latest, prepared.Version))
            {
                unchanged++;
            }
            else
            {
                staged.Add(prepared);
            }
        }

        if (errors.Count > 0)
        {
            return (0, 0, errors);
        }

        await using var unit = await units.BeginAsync(ct).ConfigureAwait(false);
        unit.Enlist(db);
        foreach (var p in staged)
        {
            Stage(db, unit, p);
        }

        await unit.CommitAsync(ct).ConfigureAwait(false);
        return (staged.Count, unchanged, []);
    }

    private static bool Same(PowerItemVersion a, PowerItemVersion b) =>
        a.Name == b.Name && a.Category == b.Category && a.OrganisationCode == b.OrganisationCode && a.LegalBasis == b.LegalBasis
        && (a.Conditions ?? "") == (b.Conditions ?? "") && a.StatutoryLimit == b.StatutoryLimit && a.CommittedLimit == b.CommittedLimit
        && a.Definition == b.Definition && a.EffectiveFrom == b.EffectiveFrom;

    /// <summary>A checked version ready to be written, with the item row it belongs to (null: a new item).</summary>
    private sealed record Prepared(PowerItemVersion Version, PowerItem? Existing, string RegionPath);

    private static ItemDto Stage(ServicesDbContext db, UnitOfWork unit, Prepared p)
    {
        if (p.Existing is null)
        {
            db.Items.Add(new PowerItem { Code = p.Version.ItemCode, OrganisationCode = p.Version.OrganisationCode, RegionPath = p.RegionPath, LatestVersion = 1 });
        }
        else
        {
            p.Existing.LatestVersion = p.Version.Version;
        }

        db.ItemVersions.Add(p.Version);
        var dto = ToDto(p.Version);
        unit.Record(RecordDraft.Json("services.item.published", p.Version.ItemCode, dto, p.RegionPath));
        return dto;
    }

    private async Task<(List<InputError> Errors, Prepared? Prepared)> PrepareAsync(Jurisdiction who, ItemInput input, string publishedBy, ServicesDbContext db, CancellationToken ct)
    {
        var errors = new List<InputError>();
        var code = input.Code?.Trim() ?? "";
        if (!CodePattern().IsMatch(code))
        {
            errors.Add(new("code", Bilingual.Say("事项编码须为 2–64 位字母、数字或连字符", "code: 2–64 letters, digits or hyphens")));
        }

        var name = input.Name?.Trim() ?? "";
        if (name.Length is 0 or > 200)
        {
            errors.Add(new("name", Bilingual.Say("事项名称不能为空且不超过 200 字", "name is required, at most 200 characters")));
        }

        TextInput.Check(errors, "name", name, 200);
        TextInput.Check(errors, "legalBasis", input.LegalBasis);
        TextInput.Check(errors, "conditions", input.Conditions);
        foreach (var (list, field) in new[] { (input.Materials, "materials"), (input.LifeEvents, "lifeEvents") })
        {
            for (var i = 0; i < (list?.Count ?? 0); i++)
            {
                TextInput.Check(errors, $"{field}[{i}]", list![i], 500);
            }
        }

        for (var i = 0; i < (input.Steps?.Count ?? 0); i++)
        {
            TextInput.Check(errors, $"steps[{i}].name", input.Steps![i]?.Name, 100);
        }

        if (input.Category is null || !ItemCategories.All.Contains(input.Category))
        {
            errors.Add(new("category", Bilingual.Say($"类别 \"{input.Category}\" 无效，可选：{string.Join(", ", ItemCategories.All)}", $"unknown category")));
        }

        var org = string.IsNullOrWhiteSpace(input.Organisation) ? null
            : await directory.OrganisationAsync(input.Organisation, ct).ConfigureAwait(false);
        if (org is null)
        {
            errors.Add(new("organisation", Bilingual.Say($"实施机构 \"{input.Organisation}\" 不存在", $"unknown organisation")));
        }
        else if (!who.CoversRegionPath(org.RegionPath))
        {
            errors.Add(new("organisation", Bilingual.Say($"机构 {org.Code} 不在您的管辖范围内", $"organisation outside your jurisdiction")));
        }
        else if (!ServicesPolicies.MayEditCatalogue(who, org.Code))
        {
            errors.Add(new("organisation", Bilingual.Say($"您未被授权维护机构 {org.Code} 的权责清单", $"you hold no catalogue-editor grant for {org.Code}")));
        }

        if (string.IsNullOrWhiteSpace(input.LegalBasis))
        {
            errors.Add(new("legalBasis", Bilingual.Say("须写明设定依据", "a legal basis is required")));
        }

        var statutory = input.StatutoryLimit ?? 0;
        var committed = input.CommittedLimit ?? 0;
        if (statutory is < 1 or > 365)
        {
            errors.Add(new("statutoryLimit", Bilingual.Say("法定时限须为 1–365 个工作日", "statutory limit: 1–365 working days")));
        }

        if (committed < 1 || committed > statutory)
        {
            errors.Add(new("committedLimit", Bilingual.Say($"承诺时限须为 1 到法定时限 {statutory} 之间", $"committed limit must be between 1 and the statutory limit")));
        }

        var steps = input.Steps ?? [];
        if (steps.Count == 0)
        {
            errors.Add(new("steps", Bilingual.Say("至少需要一个办理环节", "at least one step")));
        }

        for (var i = 0; i < steps.Count; i++)
        {
            var s = steps[i];
            if (string.IsNullOrWhiteSpace(s.Code) || steps.Take(i).Any(p => p.Code == s.Code))
            {
                errors.Add(new($"steps[{i}].code", Bilingual.Say($"环节编码 \"{s.Code}\" 为空或重复", $"step code empty or repeated")));
            }

            if (string.IsNullOrWhiteSpace(s.Name))
            {
                errors.Add(new($"steps[{i}].name", Bilingual.Say("环节名称不能为空", "step name is required")));
            }

            if (!StepRoles.Contains(s.Role))
            {
                errors.Add(new($"steps[{i}].role", Bilingual.Say($"环节角色 \"{s.Role}\" 无效，可选 Clerk、DepartmentHead", $"step role must be Clerk or DepartmentHead")));
            }

            if (s.Limit < 0)
            {
                errors.Add(new($"steps[{i}].limit", Bilingual.Say("环节时限不能为负", "step limit cannot be negative")));
            }
        }

        if (steps.Count > 0 && steps.Sum(s => Math.Max(0, s.Limit)) > committed)
        {
            errors.Add(new("steps", Bilingual.Say($"各环节时限之和 {steps.Sum(s => s.Limit)} 超过承诺时限 {committed}", $"step limits add up to more than the committed limit")));
        }

        var fees = new List<FeeFen>();
        var feeInput = input.Fees ?? [];
        for (var i = 0; i < feeInput.Count; i++)
        {
            var f = feeInput[i];
            if (string.IsNullOrWhiteSpace(f.Code) || feeInput.Take(i).Any(p => p.Code == f.Code))
            {
                errors.Add(new($"fees[{i}].code", Bilingual.Say($"收费编码 \"{f.Code}\" 为空或重复", $"fee code empty or repeated")));
            }

            if (!Fen(f.Min, out var min) || !Fen(f.Max, out var max) || min < 0 || max < min)
            {
                errors.Add(new($"fees[{i}]", Bilingual.Say("收费标准须为 0 ≤ 最低 ≤ 最高，金额最多两位小数", "fee standard: 0 ≤ min ≤ max, at most two decimals")));
                continue;
            }

            fees.Add(new FeeFen(f.Code, f.Name, min, max, f.LegalBasis));
        }

        var pauses = input.Pauses ?? [];
        for (var i = 0; i < pauses.Count; i++)
        {
            var p = pauses[i];
            if (string.IsNullOrWhiteSpace(p.Code) || pauses.Take(i).Any(x => x.Code == p.Code))
            {
                errors.Add(new($"pauses[{i}].code", Bilingual.Say($"暂停事由编码 \"{p.Code}\" 为空或重复", $"pause code empty or repeated")));
            }

            if (string.IsNullOrWhiteSpace(p.LegalBasis))
            {
                errors.Add(new($"pauses[{i}].legalBasis", Bilingual.Say("暂停事由须写明法律依据", "a pause needs its legal basis")));
            }

            if (p.MaxDays < 1)
            {
                errors.Add(new($"pauses[{i}].maxDays", Bilingual.Say("最长暂停天数须 ≥ 1", "maxDays must be at least 1")));
            }
        }

        var tiers = new List<TierFen>();
        var tierInput = input.Tiers ?? [];
        if (input.Category == "penalty" && tierInput.Count == 0)
        {
            errors.Add(new("tiers", Bilingual.Say("行政处罚事项须设定裁量基准（轻微/一般/较重/严重）", "a penalty needs its discretion tiers")));
        }
        else if (input.Category != "penalty" && tierInput.Count > 0)
        {
            errors.Add(new("tiers", Bilingual.Say("只有行政处罚事项才有裁量基准", "only penalties have discretion tiers")));
        }

        for (var i = 0; i < tierInput.Count; i++)
        {
            var t = tierInput[i];
            if (!DiscretionTiers.All.Contains(t.Tier) || tierInput.Take(i).Any(x => x.Tier == t.Tier))
            {
                errors.Add(new($"tiers[{i}].tier", Bilingual.Say($"裁量档次 \"{t.Tier}\" 无效或重复，可选 {string.Join("/", DiscretionTiers.All)}", $"unknown or repeated tier")));
            }

            if (!Fen(t.Min, out var min) || !Fen(t.Max, out var max) || min < 0 || max < min)
            {
                errors.Add(new($"tiers[{i}]", Bilingual.Say("裁量金额须为 0 ≤ 最低 ≤ 最高，最多两位小数", "tier range: 0 ≤ min ≤ max, at most two decimals")));
                continue;
            }

            tiers.Add(new TierFen(t.Tier, min, max));
        }

        var ordered = tiers.OrderBy(t => DiscretionTiers.All.ToList().IndexOf(t.Tier)).ToList();
        for (var i = 1; i < ordered.Count; i++)
        {
            if (ordered[i].Min < ordered[i - 1].Max)
            {
                errors.Add(new("tiers", Bilingual.Say($"裁量档次 {ordered[i - 1].Tier} 与 {ordered[i].Tier} 的金额区间重叠或倒置", $"tier ranges overlap or go down")));
            }
        }

        var effectiveFrom = input.EffectiveFrom ?? clock.GetUtcNow();
        if (effectiveFrom > clock.GetUtcNow().AddYears(1))
        {
            errors.Add(new("effectiveFrom", Bilingual.Say("生效时间不能晚于一年以后", "effectiveFrom is more than a year ahead")));
        }

        var existing = code.Length == 0 ? null : await db.Items.FirstOrDefaultAsync(i => i.Code == code, ct).ConfigureAwait(false);
        if (existing is not null && org is not null && existing.OrganisationCode != org.Code)
        {
            errors.Add(new("organisation", Bilingual.Say($"事项 {code} 属于 {existing.OrganisationCode}，新版本不能换实施机构", $"a new version cannot move the item to another organisation")));
        }

        if (errors.Count > 0)
        {
            return (errors, null);
        }

        var definition = new Definition([.. steps], fees, [.. pauses], ordered, [.. input.Materials ?? []], [.. input.LifeEvents ?? []]);
        var version = new PowerItemVersion
        {
            ItemCode = code,
            Version = (existing?.LatestVersion ?? 0) + 1,
            Name = name,
            Category = input.Category!,
            OrganisationCode = org!.Code,
            LegalBasis = input.LegalBasis!.Trim(),
            Conditions = input.Conditions?.Trim(),
            StatutoryLimit = statutory,
            CommittedLimit = committed,
            Definition = JsonSerializer.Serialize(definition, Json),
            Free = fees.Count == 0 || fees.All(f => f.Max == 0),
            EffectiveFrom = LedgerLeaf.Normalise(effectiveFrom),
            PublishedAt = clock.GetUtcNow(),
            PublishedBy = publishedBy,
        };
        return (errors, new Prepared(version, existing, org.RegionPath));
    }

    internal static Definition Read(PowerItemVersion v) =>
        JsonSerializer.Deserialize<Definition>(v.Definition, Json) ?? throw new InvalidDataException($"Item {v.ItemCode} v{v.Version} has no definition.");

    internal static ItemDto ToDto(PowerItemVersion v)
    {
        var d = Read(v);
        return new ItemDto(v.ItemCode, v.Name, v.Category, v.OrganisationCode, v.LegalBasis, v.StatutoryLimit, v.CommittedLimit,
            d.Steps, d.Fees.Select(f => new FeeDto(f.Code, f.Name, f.Min / 100m, f.Max / 100m, f.LegalBasis)).ToList(), d.Pauses,
            d.Tiers.Select(t => new TierDto(t.Tier, t.Min / 100m, t.Max / 100m)).ToList(), v.EffectiveFrom, v.Version, v.Conditions,
            d.Materials, d.LifeEvents);
    }

    /// <summary>Yuan to fen; false when the amount has more than two decimals or is out of range.</summary>
    private static bool Fen(decimal yuan, out long fen)
    {
        fen = 0;
        if (decimal.Round(yuan, 2) != yuan || yuan > 1_000_000_000m || yuan < -1_000_000_000m)
        {
            return false;
        }

        fen = (long)(yuan * 100);
        return true;
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9-]{1,63}$")]
    private static partial Regex CodePattern();
}
