using System.Reflection;
using Microsoft.EntityFrameworkCore;
using Sunlight.Core.Accounts;
using Sunlight.Core.Ledger;
using Sunlight.Core.Storage;

namespace Sunlight.Core.Directory.Demo;

/// <summary>
/// The demo city, 潍坊市: real region codes and names (see <c>weifang-regions.tsv</c> for sources), the usual
/// municipal and county departments, a service centre with windows, a trading centre and a supervision body per
/// county-level unit, and township 便民服务中心 in 青州市 and 寿光市. Deterministic: the same data every time.
/// </summary>
public static class DemoCity
{
    public const string CityCode = "370700";

    /// <summary>The county whose accounts carry the region code suffix (<c>supervisor-370781</c>).</summary>
    public const string DemoCountyCode = "370781";

    /// <summary>Password of every demo account. Demo data only: never enable demo seeding in production.</summary>
    public const string DemoPassword = "Sunlight@2026";

    private static readonly (string Key, string CityName, string CountyName, OrganisationKind Kind)[] Departments =
    [
        ("fgw", "发展和改革委员会", "发展和改革局", OrganisationKind.Department),
        ("zjj", "住房和城乡建设局", "住房和城乡建设局", OrganisationKind.Department),
        ("zrzy", "自然资源和规划局", "自然资源局", OrganisationKind.Department),
        ("scjg", "市场监督管理局", "市场监督管理局", OrganisationKind.Department),
        ("gaj", "公安局", "公安局", OrganisationKind.Department),
        ("mzj", "民政局", "民政局", OrganisationKind.Department),
        ("rsj", "人力资源和社会保障局", "人力资源和社会保障局", OrganisationKind.Department),
        ("czj", "财政局", "财政局", OrganisationKind.Department),
        ("wjw", "卫生健康委员会", "卫生健康局", OrganisationKind.Department),
        ("jyj", "教育局", "教育和体育局", OrganisationKind.Department),
        ("jtj", "交通运输局", "交通运输局", OrganisationKind.Department),
        ("sthj", "生态环境局", "生态环境分局", OrganisationKind.Department),
        ("xzsp", "行政审批服务局", "行政审批服务局", OrganisationKind.Department),
        ("ggzy", "公共资源交易中心", "公共资源交易中心", OrganisationKind.TradingCentre),
        ("jw", "纪委监委", "纪委监委", OrganisationKind.SupervisionBody),
    ];

    private static readonly (string Key, string Name)[] ZoneDepartments =
    [
        ("xzsp", "行政审批服务部"),
        ("jsj", "建设局"),
        ("czj", "财政金融局"),
        ("jw", "纪工委监察工委"),
    ];

    private static readonly string[] Windows = ["综合受理窗口", "投资项目审批窗口", "社会事务窗口", "不动产登记窗口", "出件窗口"];

    private static readonly string[] Surnames = ["王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙", "马", "朱", "胡", "郭", "何", "高", "林", "郑"];

    private static readonly string[] GivenNames = ["伟", "芳", "娜", "敏", "静", "磊", "强", "军", "洋", "勇", "艳", "杰", "涛", "明", "超", "秀英", "建国", "海燕", "志强", "丽娟", "文博", "子涵", "雨桐", "晓东"];

    /// <summary>
    /// The display name of a demo account without a person in the directory (supervisors, inspectors, administrators,
    /// applicants): a person's name drawn from the user name, as a real account's would be. The shell shows it with the
    /// account's role in the reader's language, so the name itself carries no role words.
    /// </summary>
    public static string PersonName(string userName)
    {
        ArgumentNullException.ThrowIfNull(userName);
        var n = 0;
        foreach (var c in userName)
        {
            n = ((n * 31) + c) % 1_000_003;
        }

        return Surnames[n % Surnames.Length] + GivenNames[(n / Surnames.Length) % GivenNames.Length];
    }

    /// <summary>Demo accounts: role, user name suffix, region, organisation key (null = none).</summary>
    public static IReadOnlyList<DemoAccount> Accounts { get; } = BuildAccounts();

    /// <summary>Reads the shipped region table.</summary>
    public static IReadOnlyList<(string Code, string Name, RegionLevel Level, string? Parent)> ReadRegions()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("Sunlight.Core.Directory.Demo.weifang-regions.tsv")
            ?? throw new InvalidOperationException("weifang-regions.tsv is not embedded.");
        using var reader = new StreamReader(stream);
        var rows = new List<(string, string, RegionLevel, string?)>();
        var header = true;
        while (reader.ReadLine() is { } line)
        {
            if (line.StartsWith('#') || line.Length == 0)
            {
                continue;
            }

            if (header)
            {
                header = false;
                continue;
            }

            var f = line.Split('\t');
            rows.Add((f[0], f[1], Enum.Parse<RegionLevel>(f[2]), f.Length > 3 && f[3].Length > 0 ? f[3] : null));
        }

        return rows;
    }

    /// <summary>Seeds regions, organisations and staff when the directory is empty. Returns false when it was not.</summary>
    public static async Task<bool> SeedDirectoryAsync(CoreDbContext db, TimeProvider clock, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        if (await db.Regions.AnyAsync(ct).ConfigureAwait(false))
        {
            return false;
        }

        await using var unit = await UnitOfWork.BeginAsync(db, clock, ct).ConfigureAwait(false);

        var regions = new Dictionary<string, Region>(StringComparer.Ordinal);
        foreach (var (code, name, level, parent) in ReadRegions())
        {
            var region = new Region(code, name, level, parent is null ? null : regions[parent]);
            regions[code] = region;
            db.Regions.Add(region);
        }

        var staffCounter = 0;
        void AddStaff(Organisation org, params string[][] roleSets)
        {
            for (var i = 0; i < roleSets.Length; i++)
            {
                var n = staffCounter++;
                var name = Surnames[(n * 7) % Surnames.Length] + GivenNames[(n * 11 + n / Surnames.Length) % GivenNames.Length];
                var title = roleSets[i].Contains(SunlightRoles.DepartmentHead) ? "负责人" : roleSets[i].Contains(SunlightRoles.Supervisor) ? "监察员" : "工作人员";
                db.Staff.Add(new StaffMember($"{org.Code}-{i + 1:00}", name, org, roleSets[i], title));
            }
        }

        string[] clerk = [SunlightRoles.Clerk];
        string[] head = [SunlightRoles.DepartmentHead];
        foreach (var region in regions.Values.Where(r => r.Level is RegionLevel.City or RegionLevel.County))
        {
            var isCity = region.Level == RegionLevel.City;
            var prefix = region.Name;
            Organisation? xzsp = null;
            foreach (var (key, cityName, countyName, kind) in Departments)
            {
                var name = key == "sthj" && !isCity ? $"潍坊市生态环境局{prefix.TrimEnd('市', '县', '区')}分局" : prefix + (isCity ? cityName : countyName);
                var org = new Organisation($"{region.Code}-{key}", name, kind, region, null);
                db.Organisations.Add(org);
                if (key == "xzsp")
                {
                    xzsp = org;
                }

                switch (kind)
                {
                    case OrganisationKind.SupervisionBody:
                        AddStaff(org, [SunlightRoles.Supervisor], [SunlightRoles.Supervisor], [SunlightRoles.Inspector]);
                        break;
                    case OrganisationKind.TradingCentre:
                        AddStaff(org, [SunlightRoles.TradingOperator], [SunlightRoles.TradingOperator], head);
                        break;
                    default:
                        AddStaff(org, clerk, clerk, head);
                        break;
                }
            }

            var centre = new Organisation($"{region.Code}-zwfw", prefix + "政务服务中心", OrganisationKind.ServiceCentre, region, xzsp);
            db.Organisations.Add(centre);
            AddStaff(centre, clerk, head);
            for (var w = 0; w < Windows.Length; w++)
            {
                var window = new Organisation($"{region.Code}-zwfw-w{w + 1:00}", $"{prefix}政务服务中心{Windows[w]}", OrganisationKind.Window, region, centre);
                db.Organisations.Add(window);
                AddStaff(window, clerk, clerk);
            }

            foreach (var township in regions.Values.Where(t => t.ParentCode == region.Code && t.Level == RegionLevel.Township))
            {
                var bm = new Organisation($"{township.Code}-bmfw", township.Name + "便民服务中心", OrganisationKind.ServiceCentre, township, centre);
                db.Organisations.Add(bm);
                AddStaff(bm, clerk, head);
            }
        }

        foreach (var zone in regions.Values.Where(r => r.Level == RegionLevel.Zone))
        {
            foreach (var (key, name) in ZoneDepartments)
            {
                var kind = key == "jw" ? OrganisationKind.SupervisionBody : OrganisationKind.Department;
                var org = new Organisation($"{zone.Code}-{key}", zone.Name + name, kind, zone, null);
                db.Organisations.Add(org);
                AddStaff(org, kind == OrganisationKind.SupervisionBody ? [SunlightRoles.Supervisor] : clerk, head);
            }
        }

        // The seed is a directory change like any other: one ledger record per region, organisation and person.
        foreach (var r in db.ChangeTracker.Entries<Region>().Select(e => e.Entity))
        {
            unit.Record(RecordDraft.Json("directory.region.created", r.Code, new { r.Code, r.Name, Level = r.Level.ToString(), Parent = r.ParentCode }, r.Path));
        }

        foreach (var o in db.ChangeTracker.Entries<Organisation>().Select(e => e.Entity))
        {
            unit.Record(RecordDraft.Json("directory.organisation.created", o.Code, new { o.Code, o.Name, Kind = o.Kind.ToString(), Region = o.RegionCode, Parent = o.ParentCode }, o.RegionPath));
        }

        foreach (var m in db.ChangeTracker.Entries<StaffMember>().Select(e => e.Entity))
        {
            unit.Record(RecordDraft.Json("directory.staff.created", m.Code, new { m.Code, m.Name, m.Title, Organisation = m.OrganisationCode, m.Roles }, m.RegionPath));
        }

        await unit.CommitAsync(ct).ConfigureAwait(false);
        return true;
    }

    private static List<DemoAccount> BuildAccounts()
    {
        var list = new List<DemoAccount>();
        foreach (var (region, suffix) in new[] { (CityCode, ""), (DemoCountyCode, "-" + DemoCountyCode) })
        {
            // Every staff account has a home organisation (CROSS-MODULE); the platform's administrators and inspectors sit
            // with the supervision body that runs it.
            list.Add(new(SunlightRoles.Admin, "admin" + suffix, region, $"{region}-jw"));
            list.Add(new(SunlightRoles.Supervisor, "supervisor" + suffix, region, $"{region}-jw"));
            list.Add(new(SunlightRoles.Inspector, "inspector" + suffix, region, $"{region}-jw"));
            list.Add(new(SunlightRoles.Clerk, "clerk" + suffix, region, $"{region}-xzsp"));
            list.Add(new(SunlightRoles.DepartmentHead, "departmenthead" + suffix, region, $"{region}-xzsp"));
            list.Add(new(SunlightRoles.TradingOperator, "tradingoperator" + suffix, region, $"{region}-ggzy"));
            list.Add(new(SunlightRoles.Applicant, "applicant" + suffix, region, null));
        }

        return list;
    }
}

/// <summary>A demo account: one role, a jurisdiction, and its home organisation (none for the applicant).</summary>
public sealed record DemoAccount(string Role, string UserName, string RegionCode, string? OrganisationCode);
