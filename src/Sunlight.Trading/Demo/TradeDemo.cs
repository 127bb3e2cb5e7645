using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Sunlight.Core.Calendar;
using Sunlight.Core.Identifiers;
using Sunlight.Trading.Draws;

namespace Sunlight.Trading.Demo;

/// <summary>A planted case: the rule it must raise (the flag code) and the alert subject (an ocid, or <c>tenderer:</c>/<c>buyer:</c>/<c>agency:</c> + id).</summary>
internal sealed record PlantedCase(string Flag, string Subject);

/// <summary>
/// A generated year: compiled releases (one per process, in order of their start, written out one at a time as they
/// are enumerated — a file of a million is never whole in memory) and what was planted in them.
/// </summary>
internal sealed record TradeDemoSet(IEnumerable<JsonObject> Releases, int Count, IReadOnlyList<PlantedCase> Planted);

/// <summary>
/// A year of trades for the demo city's centres (trading.md "Demo"), deterministic for a seed: clean processes built
/// to stay silent under every rule — periods and limits inside the law, bids in distinct hands and prices, win and
/// disqualification rates spread so that no clean party is a statistical outlier, experts never on more than one panel
/// of a buyer within the window — and <see cref="PlantsPerRule"/> planted cases of every rule beside them. The same
/// generator writes <c>sunlight trading demo-ocds</c> files of any size.
/// </summary>
internal sealed partial class TradeDemo
{
    public const int PlantsPerRule = 3;

    private static readonly string[] Centres = ["370700", "370781", "370783"];

    private readonly Random _random;
    private readonly int _seed;
    private readonly DateTimeOffset _end;
    private readonly string _prefix;
    private readonly List<Draft> _drafts = [];
    private readonly Dictionary<(int, int), (int N, int WinsLow, int WinsHigh)> _pairs = [];
    private readonly List<PlantedCase> _planted = [];
    private int _sequence;

    // Parties: clean tenderers with target win and disqualification rates; buyers with target disqualification rates.
    private readonly int _tenderers;
    private readonly double[] _winTarget;
    private readonly int[] _valid;
    private readonly int[] _wins;
    private readonly double[] _dqTarget;
    private readonly int[] _submitted;
    private readonly int[] _dq;
    private readonly int _buyers;
    private readonly double[] _buyerTarget;
    private readonly int[] _buyerBids;
    private readonly int[] _buyerDq;
    private readonly Dictionary<(int Buyer, int Expert), List<DateTimeOffset>> _panels = [];
    private int _drawn;

    private TradeDemo(int seed, DateTimeOffset end, string prefix, int processes)
    {
        _random = new Random(seed);
        _seed = seed;
        _end = end;
        _prefix = prefix;
        _tenderers = Math.Max(60, processes / 5);
        _winTarget = [.. Enumerable.Range(0, _tenderers).Select(i => 0.15 + (0.2 * i / (_tenderers - 1)))];
        _dqTarget = [.. Enumerable.Range(0, _tenderers).Select(i => 0.10 + (0.2 * ((i * 7) % _tenderers) / (_tenderers - 1)))];
        _valid = new int[_tenderers];
        _wins = new int[_tenderers];
        _submitted = new int[_tenderers];
        _dq = new int[_tenderers];
        _buyers = Math.Max(30, processes / 10);
        _buyerTarget = [.. Enumerable.Range(0, _buyers).Select(i => 0.12 + (0.16 * i / (_buyers - 1)))];
        _buyerBids = new int[_buyers + PlantsPerRule];
        _buyerDq = new int[_buyers + PlantsPerRule];
        _buyerTarget = [.. _buyerTarget, .. Enumerable.Repeat(0.5, PlantsPerRule)];
    }

    /// <summary>
    /// <paramref name="processes"/> clean processes ending before <paramref name="end"/> and, when <paramref name="plant"/>,
    /// <see cref="PlantsPerRule"/> planted cases of every rule.
    /// </summary>
    public static TradeDemoSet Generate(int seed, DateTimeOffset end, int processes, bool plant, string prefix = "ocds-sl3707")
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(processes, 1);
        var demo = new TradeDemo(seed, end, prefix, processes);
        for (var i = 0; i < processes; i++)
        {
            demo.Clean(i);
        }

        if (plant)
        {
            demo.Plant();
        }

        demo._drafts.Sort((a, b) => a.Start.CompareTo(b.Start));
        return new TradeDemoSet(demo._drafts.Select(demo.Write), demo._drafts.Count, demo._planted);
    }

    /// <summary>How many processes the planted cases add (the same for every seed).</summary>
    public static int PlantedProcesses => s_planted.Value;

    private static readonly Lazy<int> s_planted = new(() => Generate(1, DateTimeOffset.UnixEpoch.AddYears(56), 300, plant: true).Count - 300);

    /// <summary>A set of exactly <paramref name="releases"/> processes: planted cases among them when there is room.</summary>
    public static TradeDemoSet OfSize(int seed, DateTimeOffset end, int releases, string prefix = "ocds-sl3707") =>
        releases >= PlantedProcesses + 300 ? Generate(seed, end, releases - PlantedProcesses, plant: true, prefix) : Generate(seed, end, releases, plant: false, prefix);

    // ---- identities ----

    public static string Code(int n)
    {
        var first17 = "91370700MA" + n.ToString("D7", CultureInfo.InvariantCulture);
        return first17 + CreditCode.ComputeCheck(first17);
    }

    private static string Org(int n) => "CN-SAIC-" + Code(n);

    private static string Tenderer(int t) => Org(100_000 + t);

    private static string Buyer(int b) => Org(200_000 + b);

    private static string Agency(int b) => Org(300_000 + b);

    internal static string Person(int n)
    {
        var first17 = "370781" + (1960 + (n % 40)).ToString(CultureInfo.InvariantCulture) + "0101" + (n % 1000).ToString("D3", CultureInfo.InvariantCulture);
        return first17 + CitizenId.ComputeCheck(first17);
    }

    private static string At(DateTimeOffset at) => at.ToOffset(TimeSpan.FromHours(8)).ToString("yyyy-MM-ddTHH:mm:sszzz", CultureInfo.InvariantCulture);

    private static JsonObject Value(long fen) => new() { ["amount"] = fen / 100m, ["currency"] = "CNY" };

    private static readonly (string Kind, string Method, string Details, string Department, int Days)[] Kinds =
    [
        ("works", "open", "公开招标", "zjj", 22), ("works", "open", "公开招标", "jtj", 25), ("works", "selective", "邀请招标", "zjj", 21),
        ("government-procurement", "open", "公开招标", "czj", 22), ("government-procurement", "limited", "竞争性磋商", "czj", 16),
        ("government-procurement", "limited", "竞争性谈判", "czj", 16), ("government-procurement", "limited", "询价", "czj", 16),
        ("land", "open", "挂牌出让", "zrzy", 35), ("mining-rights", "open", "挂牌出让", "zrzy", 35), ("state-assets", "open", "产权转让", "czj", 45),
        ("medicine", "open", "药品集中带量采购", "wjw", 25),
    ];

    private static readonly string[] Works = ["教学楼建设工程施工", "道路改造工程", "污水管网工程", "保障性住房项目", "农村饮水安全工程", "河道治理工程"];
    private static readonly string[] Goods = ["办公设备采购", "医疗设备采购", "信息化平台建设", "物业服务采购", "校车服务采购", "绿化养护服务"];
    private static readonly string[] Classes = ["A0201", "A0202", "A0301", "A0601", "B0101", "B0201", "C0101", "C0202", "C1601", "C2101", "A0801", "A1001"];

    /// <summary>The parts of one process the rules read, before it is written out.</summary>
    private sealed class Draft
    {
        public string Ocid = "";
        public int Kind;
        public int Centre;
        public int BuyerIndex;
        public DateTimeOffset Start;
        public DateTimeOffset End;
        public DateTimeOffset Opening;
        public DateTimeOffset Award;
        public DateTimeOffset Signed;
        public DateTimeOffset Published;
        public long Estimate;
        public List<(int Tenderer, long Fen, string Status, DateTimeOffset At)> Bids = [];
        public int Winner = -1;
        public List<(string Id, int Org, string? Draw)> Experts = [];
        public Action<JsonObject>? Spoil;
        public bool Sale => Kinds[Kind].Details is "挂牌出让" or "产权转让";
    }

    private Draft NewDraft(int index, int? kind = null, int? buyer = null)
    {
        var k = kind ?? (index * 7 + _random.Next(3)) % Kinds.Length;
        var d = new Draft
        {
            Ocid = $"{_prefix}-{Centres[index % 3]}-{2026}-{++_sequence:D5}",
            Kind = k,
            Centre = index % 3,
            BuyerIndex = buyer ?? _random.Next(_buyers),
        };
        var span = Math.Max(60, (int)(_end - _end.AddYears(-1)).TotalDays - 70);
        var day = ChinaTime.Day(_end.AddDays(-70 - _random.Next(span)));
        d.Start = new DateTimeOffset(day.ToDateTime(new TimeOnly(9, 0)), TimeSpan.FromHours(8));
        d.End = d.Start.AddDays(Kinds[k].Days + _random.Next(5)).AddMinutes(30);
        d.Opening = d.End;
        d.Award = d.End.AddDays(7 + _random.Next(7));
        d.Signed = d.Award.AddDays(5 + _random.Next(10));
        d.Published = d.Signed.AddHours(26);
        d.Estimate = (long)(_random.Next(500, 5000) * 10_000L * 100);
        return d;
    }

    /// <summary>Picks bidders and the winner so that every clean tenderer's win rate stays near its target.</summary>
    private void Bidders(Draft d, int count, IReadOnlyCollection<int>? exclude = null)
    {
        var chosen = new HashSet<int>();
        while (chosen.Count < count)
        {
            var t = _random.Next(_tenderers);
            if (exclude?.Contains(t) != true)
            {
                chosen.Add(t);
            }
        }

        var list = chosen.ToList();
        var order = list.OrderByDescending(t => (_winTarget[t] * (_valid[t] + 1)) - _wins[t]).ToList();
        d.Winner = order.FirstOrDefault(t => !Dominates(t, list), order[0]);
        Price(d, list);
    }

    /// <summary>
    /// Prices: the winner lowest (highest in a sale), the runner-up 10–14 % away (d), the rest spread with uneven steps;
    /// one or none disqualified (never the winner or the runner-up) to keep each buyer's and tenderer's rate on target.
    /// </summary>
    private void Price(Draft d, List<int> bidders, bool disqualify = true)
    {
        var others = bidders.Where(t => t != d.Winner).ToList();
        var winnerFen = (long)(d.Estimate * (0.62 + (_random.NextDouble() * 0.08)));
        var gap = 0.10 + (_random.NextDouble() * 0.04);
        var amounts = new List<long> { winnerFen };
        var step = gap;
        for (var i = 0; i < others.Count; i++)
        {
            amounts.Add((long)(winnerFen * (1 + step)) + (i * 37));
            step += 0.013 + (0.011 * i) + (_random.NextDouble() * 0.004);
        }

        if (d.Sale)
        {
            // A sale goes to the highest price: mirror the amounts around the estimate.
            amounts = [.. amounts.Select(a => (2 * d.Estimate) - a)];
        }

        var bidAt = d.End.AddDays(-2);
        d.Bids.Add((d.Winner, amounts[0], "valid", bidAt.AddMinutes(_random.Next(600))));
        for (var i = 0; i < others.Count; i++)
        {
            d.Bids.Add((others[i], amounts[i + 1], "valid", bidAt.AddMinutes(_random.Next(600))));
        }

        if (disqualify)
        {
            // Disqualify the bidder furthest behind its rate, when the buyer is behind its own; never the two lowest.
            var b = d.BuyerIndex;
            if ((_buyerTarget[b] * (_buyerBids[b] + d.Bids.Count)) - _buyerDq[b] >= 0.5 && d.Bids.Count >= 4)
            {
                var candidates = d.Bids.Skip(2).Select((x, i) => (x.Tenderer, Index: i + 2)).ToList();
                var pick = candidates.OrderByDescending(c => (_dqTarget[c.Tenderer] * (_submitted[c.Tenderer] + 1)) - _dq[c.Tenderer]).First();
                d.Bids[pick.Index] = d.Bids[pick.Index] with { Status = "disqualified" };
            }
        }
    }

    /// <summary>Whether <paramref name="winner"/> winning among <paramref name="bidders"/> would make a pair where one wins ≥ 80 % of ≥ 4 joint bids (R053).</summary>
    private bool Dominates(int winner, IEnumerable<int> bidders) =>
        bidders.Where(t => t != winner).Any(t =>
        {
            var key = (Math.Min(winner, t), Math.Max(winner, t));
            var (n, low, high) = _pairs.GetValueOrDefault(key);
            var wins = (winner < t ? low : high) + 1;
            return n + 1 >= 3 && wins >= 0.6 * (n + 1);
        });

    /// <summary>Joint bids so far of <paramref name="a"/> and <paramref name="b"/>.</summary>
    private int Joint(int a, int b) => _pairs.GetValueOrDefault((Math.Min(a, b), Math.Max(a, b))).N;

    /// <summary>Counts the draft's bids into the running rates (after any planting changed them).</summary>
    private void Count(Draft d)
    {
        foreach (var (t, _, status, _) in d.Bids.Where(b => b.Tenderer < _tenderers))
        {
            _submitted[t]++;
            if (status == "disqualified")
            {
                _dq[t]++;
            }
            else if (status == "valid")
            {
                _valid[t]++;
            }
        }

        if (d.Winner is >= 0 && d.Winner < _tenderers)
        {
            _wins[d.Winner]++;
        }

        var tenderers = d.Bids.Select(b => b.Tenderer).Distinct().Order().ToArray();
        for (var i = 0; i < tenderers.Length; i++)
        {
            for (var j = i + 1; j < tenderers.Length; j++)
            {
                var (n, low, high) = _pairs.GetValueOrDefault((tenderers[i], tenderers[j]));
                _pairs[(tenderers[i], tenderers[j])] = (n + 1, low + (d.Winner == tenderers[i] ? 1 : 0), high + (d.Winner == tenderers[j] ? 1 : 0));
            }
        }

        _buyerBids[d.BuyerIndex] += d.Bids.Count;
        _buyerDq[d.BuyerIndex] += d.Bids.Count(b => b.Status == "disqualified");
    }

    /// <summary>The 评标专业 a kind's committee is drawn from (one of the demo pool's twenty).</summary>
    private static readonly string[] KindSpecialty =
        ["房屋建筑", "公路工程", "市政工程", "信息化", "办公设备", "物业管理", "办公设备", "土地评估", "矿产资源", "资产评估", "药学"];

    /// <summary>
    /// Five experts for the panel, drawn by the draw's own selection (<see cref="FairDraw.Select"/>, sunlight-draw/v1)
    /// from the demo pool's experts of the kind's specialty after the draw's 回避 of recent panels (an expert on
    /// max_panels = 2 of the buyer's panels within the window is left out; the window here is 200 days either side,
    /// wider than the rule's 180, since processes are not drafted in time order). The demo year lies in the past, so
    /// no ledger beacon exists for it: the seed is SHA-256 of the demo's seed and the draw id, and the draw is not
    /// cosigned — draws requested in the running demo are the real, verifiable kind.
    /// </summary>
    private void Panel(Draft d)
    {
        var specialty = KindSpecialty[d.Kind];
        var pool = new List<string>();
        foreach (var e in TradeDemoExperts.Of(specialty))
        {
            var recent = _panels.GetValueOrDefault((d.BuyerIndex, e)) ?? [];
            if (recent.Count(at => Math.Abs((at - d.Opening).TotalDays) <= 200) < 2)
            {
                pool.Add(Expert(e));
            }
        }

        var drawId = $"D-{++_drawn:D6}";
        var seed = SHA256.HashData(Encoding.UTF8.GetBytes($"sunlight-demo-draw\n{_seed}\n{drawId}\n"));
        foreach (var code in FairDraw.Select(seed, [new DrawGroup(specialty, 5, 0, pool)])[0].Selected)
        {
            var e = int.Parse(code.AsSpan(6), CultureInfo.InvariantCulture) - 1;
            (_panels.TryGetValue((d.BuyerIndex, e), out var list) ? list : _panels[(d.BuyerIndex, e)] = []).Add(d.Opening);
            d.Experts.Add((code, 400_000 + e, drawId));
        }
    }

    private static string Expert(int e) => $"E3707-{e + 1:D4}";

    private Draft Clean(int index, int? kind = null, int? buyer = null, int bidders = 5, bool count = true)
    {
        var d = NewDraft(index, kind, buyer);
        Bidders(d, bidders);
        if (count)
        {
            Panel(d);
            Count(d);
            _drafts.Add(d);
        }

        return d;
    }

    /// <summary>The compiled release of a process.</summary>
    private JsonObject Write(Draft d)
    {
        var (kind, method, details, department, _) = Kinds[d.Kind];
        var region = Centres[d.Centre];
        var buyerId = Buyer(d.BuyerIndex);
        var agencyId = Agency(d.BuyerIndex);
        var title = (kind is "works" ? Works : Goods)[d.BuyerIndex % 6];
        var parties = new JsonArray(
            new JsonObject { ["id"] = buyerId, ["name"] = $"采购单位{d.BuyerIndex + 1}", ["roles"] = new JsonArray("buyer"), ["legalRepresentative"] = new JsonObject { ["name"] = "法定代表人", ["id"] = Person(d.BuyerIndex) } },
            new JsonObject { ["id"] = agencyId, ["name"] = $"招标代理机构{d.BuyerIndex + 1}", ["roles"] = new JsonArray("procuringEntity") });
        var bids = new JsonArray();
        var i = 0;
        foreach (var (t, fen, status, at) in d.Bids)
        {
            var id = Tenderer(t);
            parties.Add(new JsonObject { ["id"] = id, ["name"] = $"投标企业{t + 1}", ["roles"] = new JsonArray("tenderer") });
            var experts = d.Experts.Select((e, k) => (JsonNode)new JsonObject { ["member"] = e.Id, ["total"] = 80 + ((t + k) % 7) }).ToArray();
            bids.Add(new JsonObject
            {
                ["id"] = $"bid-{++i}",
                ["date"] = At(at),
                ["status"] = status,
                ["tenderers"] = new JsonArray(new JsonObject { ["id"] = id, ["name"] = $"投标企业{t + 1}" }),
                ["value"] = Value(fen),
                ["fingerprint"] = new JsonObject
                {
                    ["macs"] = new JsonArray($"0A:1B:{t / 256:X2}:{t % 256:X2}:00:{i:X2}"),
                    ["machineCodes"] = new JsonArray(new JsonObject { ["kind"] = "disk", ["value"] = $"WD-{t:D5}-{i}" }, new JsonObject { ["kind"] = "cpu", ["value"] = "BFEBFBFF000906EA" }),
                    ["author"] = $"投标企业{t + 1}经办人",
                    ["creatorUnit"] = new JsonObject { ["id"] = id, ["name"] = $"投标企业{t + 1}" },
                    ["uploadIp"] = $"10.{20 + (t / 250)}.{t % 250}.{1 + i}",
                    ["fileHash"] = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes($"{d.Ocid}/{i}"))),
                },
                ["deposit"] = new JsonObject { ["form"] = "transfer", ["amount"] = 100_000m, ["payerAccount"] = $"6222 0207 {t:D6}", ["payer"] = new JsonObject { ["id"] = id, ["name"] = $"投标企业{t + 1}" }, ["paidAt"] = At(at.AddDays(-1)) },
                ["projectManager"] = new JsonObject { ["name"] = $"项目经理{t + 1}", ["id"] = Person(5000 + t) },
                ["scores"] = d.Sale ? null : new JsonArray(experts),
            });
        }

        var winnerFen = d.Bids.First(b => b.Tenderer == d.Winner).Fen;
        var award = new JsonObject
        {
            ["id"] = "award-1", ["status"] = "active", ["date"] = At(d.Award), ["value"] = Value(winnerFen),
            ["suppliers"] = new JsonArray(new JsonObject { ["id"] = Tenderer(d.Winner), ["name"] = $"投标企业{d.Winner + 1}" }),
            ["items"] = new JsonArray(new JsonObject { ["id"] = "1", ["description"] = title, ["classification"] = new JsonObject { ["scheme"] = "CN-ZFCG", ["id"] = Classes[d.BuyerIndex % Classes.Length] } }),
        };
        if (kind == "works")
        {
            award["publicityPeriod"] = new JsonObject { ["startDate"] = At(d.End.AddDays(2)), ["endDate"] = At(d.End.AddDays(5)) };
        }

        var contract = new JsonObject
        {
            ["id"] = "contract-1", ["awardID"] = "award-1", ["status"] = "active", ["dateSigned"] = At(d.Signed), ["value"] = Value(winnerFen),
            ["documents"] = new JsonArray(new JsonObject { ["id"] = "c-doc-1", ["documentType"] = "contractSigned", ["datePublished"] = At(d.Published) }),
        };
        var tender = new JsonObject
        {
            ["id"] = d.Ocid + "-tender",
            ["title"] = $"{title}（{d.Ocid[^5..]}）",
            ["status"] = "complete",
            ["procurementMethod"] = method,
            ["procurementMethodDetails"] = details,
            ["tradingKind"] = kind,
            ["mustTender"] = kind == "works",
            ["value"] = Value(d.Estimate),
            ["procuringEntity"] = new JsonObject { ["id"] = agencyId, ["name"] = $"招标代理机构{d.BuyerIndex + 1}" },
            ["tradingCentre"] = new JsonObject { ["id"] = $"{region}-ggzy", ["name"] = "公共资源交易中心" },
            ["supervisingDepartment"] = new JsonObject { ["id"] = $"{region}-{department}", ["name"] = department },
            ["tenderPeriod"] = new JsonObject { ["startDate"] = At(d.Start), ["endDate"] = At(d.End) },
            ["bidOpening"] = new JsonObject { ["date"] = At(d.Opening) },
            ["documents"] = new JsonArray(new JsonObject { ["id"] = "notice-1", ["documentType"] = "tenderNotice", ["datePublished"] = At(d.Start) }),
            ["evaluationCommittees"] = new JsonArray(new JsonObject
            {
                ["id"] = "committee-1", ["date"] = At(d.Opening.AddHours(1)),
                ["members"] = new JsonArray([.. d.Experts.Select(e => (JsonNode)new JsonObject
                {
                    ["id"] = e.Id, ["name"] = $"专家{e.Id[^4..]}", ["role"] = "expert", ["organization"] = new JsonObject { ["id"] = Org(e.Org), ["name"] = "专家所在单位" }, ["drawId"] = e.Draw,
                })]),
            }),
        };
        if (!d.Sale)
        {
            tender["maxPrice"] = Value(d.Estimate);
        }

        var release = new JsonObject
        {
            ["ocid"] = d.Ocid,
            ["id"] = $"{d.Ocid}-compiled",
            ["date"] = At(d.Published),
            ["tag"] = new JsonArray("compiled"),
            ["initiationType"] = "tender",
            ["language"] = "zh",
            ["buyer"] = new JsonObject { ["id"] = buyerId, ["name"] = $"采购单位{d.BuyerIndex + 1}" },
            ["parties"] = parties,
            ["tender"] = tender,
            ["bids"] = new JsonObject { ["details"] = bids },
            ["awards"] = new JsonArray(award),
            ["contracts"] = new JsonArray(contract),
        };
        d.Spoil?.Invoke(release);
        return release;
    }
}
