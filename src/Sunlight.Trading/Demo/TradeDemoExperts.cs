using Sunlight.Core.Accounts;
using Sunlight.Core.Files;
using Sunlight.Trading.Experts;

namespace Sunlight.Trading.Demo;

/// <summary>
/// The demo city's expert pool (trading.md "Demo": 400 experts in 20 specialties), one pool for the city (五统一: one
/// 评标专家库), loaded through the same Excel import an administrator uses — so each expert is checked and recorded
/// (<c>trading.expert.imported</c>) — with the codes and organisations the demo year's committees name.
/// </summary>
internal static class TradeDemoExperts
{
    public const int Count = 400;

    /// <summary>评标专业 of the demo pool: works, goods and services, land and mining, assets, medicine.</summary>
    public static IReadOnlyList<string> Specialties { get; } =
    [
        "房屋建筑", "市政工程", "公路工程", "水利工程", "园林绿化", "电气工程", "给排水", "暖通空调", "工程造价", "建筑智能化",
        "医疗设备", "信息化", "办公设备", "物业管理", "交通运输", "环境保护", "土地评估", "矿产资源", "资产评估", "药学",
    ];

    private static readonly string[] Surnames = ["王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙", "马", "朱", "胡", "郭", "何", "高", "林", "罗"];

    private static readonly string[] Given = ["建国", "志强", "秀英", "丽华", "海峰", "文静", "国庆", "晓东", "红梅", "立新", "春生", "雪梅", "永刚", "玉兰", "德明", "淑芬", "振华", "桂英", "伟", "敏"];

    private static readonly string[] Employers = ["潍坊市建筑设计研究院", "潍坊学院", "山东省潍坊市工程咨询院", "潍坊市人民医院", "青州市水利勘测设计院", "寿光市建设工程质量检测中心", "潍坊职业学院", "山东某会计师事务所"];

    /// <summary>The pool as an expert workbook (sheet <c>experts</c>): expert n's code is E3707-n, two specialties each, every specialty ≥ 40 experts.</summary>
    public static byte[] Workbook()
    {
        var rows = new List<Dictionary<string, object>>(Count);
        for (var e = 0; e < Count; e++)
        {
            var specialties = string.Join('|', SpecialtiesOf(e));
            rows.Add(Sheets.Row(ExpertExcel.ExpertColumns,
                $"E3707-{e + 1:D4}", Surnames[e % Surnames.Length] + Given[(e / Surnames.Length) % Given.Length], TradeDemo.Person(20_000 + e),
                "CN-SAIC-" + TradeDemo.Code(400_000 + e), Employers[e % Employers.Length], "", specialties, "370700", "active", "", ""));
        }

        return Sheets.Save(new Dictionary<string, object> { ["experts"] = rows });
    }

    /// <summary>Expert n's (0-based) specialties: two, or one when the formula gives the same twice.</summary>
    public static IReadOnlyList<string> SpecialtiesOf(int e)
    {
        var first = Specialties[e % Specialties.Count];
        var second = Specialties[(e / Specialties.Count + e + 7) % Specialties.Count];
        return first == second ? [first] : [first, second];
    }

    /// <summary>The experts (0-based) of a specialty, in code order.</summary>
    public static IReadOnlyList<int> Of(string specialty) => BySpecialty.Value[specialty];

    private static readonly Lazy<Dictionary<string, List<int>>> BySpecialty = new(() =>
        Specialties.ToDictionary(s => s, s => Enumerable.Range(0, Count).Where(e => SpecialtiesOf(e).Contains(s)).ToList(), StringComparer.Ordinal));

    /// <summary>Loads the pool as the city's administrator would; throws when the import refuses it (a bug in the demo).</summary>
    public static async Task<int> SeedAsync(ExpertExcel excel, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(excel);
        var admin = new Jurisdiction("370700", "/370000/370700/", "370700-jw", new HashSet<string>(StringComparer.Ordinal) { SunlightRoles.Admin });
        using var file = new MemoryStream(Workbook());
        var result = await excel.ImportAsync(admin, "demo", file, ct).ConfigureAwait(false);
        return result.Applied
            ? result.Added
            : throw new InvalidOperationException("The demo expert pool was refused: " + string.Join("; ", result.Errors.Take(5).Select(e => $"{e.Sheet} {e.Row} {e.Column} {e.Message}")));
    }
}
