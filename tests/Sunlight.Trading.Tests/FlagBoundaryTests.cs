using System.Text.Json;
using System.Text.Json.Nodes;
using Sunlight.Core.Calendar;
using Sunlight.Trading.Flags;

namespace Sunlight.Trading.Tests;

/// <summary>
/// Every rule of trading-flags.md beyond cardinal's eleven at its boundary: the last clean value and the first that
/// raises it (the built-in settings, one rule read at a time). Cardinal's own rules are checked by <see cref="CardinalTests"/>.
/// </summary>
public sealed class FlagBoundaryTests
{
    private static int _n;

    /// <summary>A compiled release of an open works tender with three valid bids and an active award to the lowest.</summary>
    private static JsonObject Trade(string details = "公开招标", string kind = "works")
    {
        var ocid = $"ocds-sl3707-370781-2026-{Interlocked.Increment(ref _n):D4}";
        var release = Trades.Tender(ocid, endDate: "2026-03-25T09:30:00+08:00");
        release["tag"] = new JsonArray("compiled");
        release["tender"]!["procurementMethodDetails"] = details;
        release["tender"]!["tradingKind"] = kind;
        release["tender"]!["bidOpening"] = new JsonObject { ["date"] = "2026-03-25T09:30:00+08:00" };
        release["bids"] = Trades.Bids(ocid)["bids"]!.DeepClone();
        release["awards"] = new JsonArray(new JsonObject
        {
            ["id"] = "a1", ["status"] = "active", ["date"] = "2026-04-10T10:00:00+08:00", ["value"] = Trades.Value(11_000_000m),
            ["suppliers"] = new JsonArray(new JsonObject { ["id"] = Trades.Org(10) }),
        });
        return release;
    }

    private static JsonArray Bids(JsonObject release) => release["bids"]!["details"]!.AsArray();

    private static JsonObject Bid(JsonObject release, int i) => Bids(release)[i]!.AsObject();

    private static bool Flags(string code, JsonObject release, string? settings = null) => Raised(code, [release], settings).Contains((string)release["ocid"]!);

    private static HashSet<string> Raised(string code, IEnumerable<JsonObject> releases, string? settings = null)
    {
        var run = new FlagRun(settings is null ? FlagSettings.BuiltIn() : FlagSettings.Parse(settings), new WorkCalendar(HolidayTable.Shipped));
        foreach (var release in releases)
        {
            using var doc = JsonDocument.Parse(release.ToJsonString());
            run.Add(doc.RootElement);
        }

        run.Finish();
        return run.Results.TryGetValue(FlagRun.Ocid, out var ocids) ? [.. ocids.Where(o => o.Value.ContainsKey(code)).Select(o => o.Key)] : [];
    }

    private static void Period(JsonObject release, string start, string end)
    {
        release["tender"]!["tenderPeriod"] = new JsonObject { ["startDate"] = start, ["endDate"] = end };
        release["tender"]!["bidOpening"] = new JsonObject { ["date"] = end };
        foreach (var bid in Bids(release))
        {
            bid!["date"] = start;
        }
    }

    [Fact]
    public void TRD_BID_PERIOD_20_days_for_open_tenders_3_working_days_for_negotiation_not_for_works_that_need_no_tender()
    {
        var ok = Trade();
        Period(ok, "2026-03-01T09:00:00+08:00", "2026-03-21T09:00:00+08:00");
        var tooShort = Trade();
        Period(tooShort, "2026-03-01T09:00:00+08:00", "2026-03-20T23:59:00+08:00");
        Assert.False(Flags("TRD-BID-PERIOD", ok));
        Assert.True(Flags("TRD-BID-PERIOD", tooShort));

        // 竞争性谈判: 3 working days (Mon 2 March → Thu 5 March 2026 counts 3, 3, 4, 5; Wednesday only 2).
        var talks = Trade("竞争性谈判", "government-procurement");
        Period(talks, "2026-03-02T09:00:00+08:00", "2026-03-05T09:00:00+08:00");
        var hasty = Trade("竞争性谈判", "government-procurement");
        Period(hasty, "2026-03-02T09:00:00+08:00", "2026-03-04T17:00:00+08:00");
        Assert.False(Flags("TRD-BID-PERIOD", talks));
        Assert.True(Flags("TRD-BID-PERIOD", hasty));

        var optional = Trade();
        optional["tender"]!["mustTender"] = false;
        Period(optional, "2026-03-01T09:00:00+08:00", "2026-03-05T09:00:00+08:00");
        Assert.False(Flags("TRD-BID-PERIOD", optional));
    }

    [Fact]
    public void TRD_AMEND_LATE_a_substantive_change_needs_15_days_before_the_deadline()
    {
        JsonObject Amended(string date, bool substantive)
        {
            var t = Trade();
            t["tender"]!["amendments"] = new JsonArray(new JsonObject { ["id"] = "m1", ["date"] = date, ["description"] = "改", ["substantive"] = substantive });
            return t;
        }

        Assert.False(Flags("TRD-AMEND-LATE", Amended("2026-03-10T18:00:00+08:00", true)));
        Assert.True(Flags("TRD-AMEND-LATE", Amended("2026-03-11T08:00:00+08:00", true)));
        Assert.False(Flags("TRD-AMEND-LATE", Amended("2026-03-20T08:00:00+08:00", false)));
    }

    [Fact]
    public void TRD_OPENING_TIME_opens_at_the_deadline_or_within_the_grace()
    {
        JsonObject Opening(string at)
        {
            var t = Trade();
            t["tender"]!["bidOpening"] = new JsonObject { ["date"] = at };
            return t;
        }

        Assert.False(Flags("TRD-OPENING-TIME", Opening("2026-03-25T09:30:00+08:00")));
        Assert.False(Flags("TRD-OPENING-TIME", Opening("2026-03-25T10:30:00+08:00")));
        Assert.True(Flags("TRD-OPENING-TIME", Opening("2026-03-25T10:31:00+08:00")));
        Assert.True(Flags("TRD-OPENING-TIME", Opening("2026-03-25T09:29:00+08:00")));
        var talks = Trade("竞争性谈判");
        talks["tender"]!["bidOpening"] = new JsonObject { ["date"] = "2026-03-25T09:00:00+08:00" };
        Assert.False(Flags("TRD-OPENING-TIME", talks));
    }

    [Fact]
    public void TRD_LATE_BID_a_valid_bid_received_after_the_deadline()
    {
        var onTime = Trade();
        Bid(onTime, 0)["date"] = "2026-03-25T09:30:00+08:00";
        var late = Trade();
        Bid(late, 0)["date"] = "2026-03-25T09:30:01+08:00";
        var refused = Trade();
        Bid(refused, 0)["date"] = "2026-03-25T09:31:00+08:00";
        Bid(refused, 0)["status"] = "disqualified";
        Assert.False(Flags("TRD-LATE-BID", onTime));
        Assert.True(Flags("TRD-LATE-BID", late));
        Assert.False(Flags("TRD-LATE-BID", refused));
    }

    [Fact]
    public void TRD_PUBLICITY_SHORT_works_candidates_are_published_3_days()
    {
        JsonObject Publicity(string kind, string end)
        {
            var t = Trade(kind: kind);
            t["awards"]![0]!["publicityPeriod"] = new JsonObject { ["startDate"] = "2026-04-01T09:00:00+08:00", ["endDate"] = end };
            return t;
        }

        Assert.False(Flags("TRD-PUBLICITY-SHORT", Publicity("works", "2026-04-04T09:00:00+08:00")));
        Assert.True(Flags("TRD-PUBLICITY-SHORT", Publicity("works", "2026-04-03T23:59:00+08:00")));
        Assert.False(Flags("TRD-PUBLICITY-SHORT", Publicity("government-procurement", "2026-04-02T09:00:00+08:00")));
    }

    private static JsonObject Contracted(string kind, string signed, decimal value, decimal? original = null, string? published = null, bool amended = false)
    {
        var t = Trade(kind: kind);
        var contract = new JsonObject { ["id"] = "c1", ["awardID"] = "a1", ["dateSigned"] = signed, ["value"] = Trades.Value(value) };
        if (original is { } o)
        {
            contract["originalValue"] = Trades.Value(o);
        }

        if (published is not null)
        {
            contract["documents"] = new JsonArray(new JsonObject { ["id"] = "d1", ["documentType"] = "contractSigned", ["datePublished"] = published });
        }

        if (amended)
        {
            contract["amendments"] = new JsonArray(new JsonObject { ["id"] = "ca1", ["date"] = signed });
        }

        t["contracts"] = new JsonArray(contract);
        return t;
    }

    [Fact]
    public void TRD_CONTRACT_LATE_signed_within_30_days_of_the_award()
    {
        Assert.False(Flags("TRD-CONTRACT-LATE", Contracted("works", "2026-05-10T23:00:00+08:00", 11_000_000m)));
        Assert.True(Flags("TRD-CONTRACT-LATE", Contracted("works", "2026-05-11T08:00:00+08:00", 11_000_000m)));
    }

    [Fact]
    public void TRD_GP_CONTRACT_PUBLISH_within_2_working_days_of_signing()
    {
        // Signed Monday 8 June 2026; Wednesday 10 June is the 2nd working day, Thursday the 3rd.
        Assert.False(Flags("TRD-GP-CONTRACT-PUBLISH", Contracted("government-procurement", "2026-06-08T10:00:00+08:00", 11_000_000m, published: "2026-06-10T17:00:00+08:00")));
        Assert.True(Flags("TRD-GP-CONTRACT-PUBLISH", Contracted("government-procurement", "2026-06-08T10:00:00+08:00", 11_000_000m, published: "2026-06-11T09:00:00+08:00")));
        Assert.False(Flags("TRD-GP-CONTRACT-PUBLISH", Contracted("works", "2026-06-08T10:00:00+08:00", 11_000_000m, published: "2026-06-30T09:00:00+08:00")));
    }

    [Fact]
    public void TRD_FEW_BIDDERS_an_open_tender_awarded_with_fewer_than_3_tenderers()
    {
        var three = Trade();
        var two = Trade();
        Bids(two).RemoveAt(2);
        var talks = Trade("竞争性磋商", "government-procurement");
        Bids(talks).RemoveAt(2);
        Assert.False(Flags("TRD-FEW-BIDDERS", three));
        Assert.True(Flags("TRD-FEW-BIDDERS", two));
        Assert.False(Flags("TRD-FEW-BIDDERS", talks));
    }

    [Fact]
    public void TRD_OVER_CEILING_a_valid_bid_or_award_above_the_ceiling_by_one_fen()
    {
        var atCeiling = Trade();
        Bid(atCeiling, 2)["value"] = Trades.Value(11_800_000m);
        var above = Trade();
        Bid(above, 2)["value"] = Trades.Value(11_800_000.01m);
        Assert.False(Flags("TRD-OVER-CEILING", atCeiling));
        Assert.True(Flags("TRD-OVER-CEILING", above));

        // A lot's own ceiling comes before the tender's.
        var lot = Trade();
        lot["tender"]!["lots"] = new JsonArray(new JsonObject { ["id"] = "L1", ["maxPrice"] = Trades.Value(11_100_000m) });
        Bid(lot, 2)["relatedLots"] = new JsonArray("L1");
        Assert.True(Flags("TRD-OVER-CEILING", lot));
    }

    [Fact]
    public void TRD_CONTRACT_MISMATCH_and_TOPUP_in_fen()
    {
        Assert.False(Flags("TRD-CONTRACT-MISMATCH", Contracted("works", "2026-04-20T10:00:00+08:00", 11_000_000m)));
        Assert.True(Flags("TRD-CONTRACT-MISMATCH", Contracted("works", "2026-04-20T10:00:00+08:00", 11_000_000.01m)));
        Assert.False(Flags("TRD-CONTRACT-MISMATCH", Contracted("works", "2026-04-20T10:00:00+08:00", 12_000_000m, original: 11_000_000m)));

        Assert.False(Flags("TRD-CONTRACT-TOPUP", Contracted("government-procurement", "2026-04-20T10:00:00+08:00", 12_100_000m, original: 11_000_000m)));
        Assert.True(Flags("TRD-CONTRACT-TOPUP", Contracted("government-procurement", "2026-04-20T10:00:00+08:00", 12_100_000.01m, original: 11_000_000m)));
        Assert.False(Flags("TRD-CONTRACT-TOPUP", Contracted("works", "2026-04-20T10:00:00+08:00", 20_000_000m, original: 11_000_000m)));
    }

    [Fact]
    public void TRD_SAME_pairs_of_bids_sharing_a_mark_of_one_hand()
    {
        JsonObject With(Action<JsonObject, JsonObject> mark)
        {
            var t = Trade();
            mark(Bid(t, 0), Bid(t, 1));
            return t;
        }

        var fp = (JsonObject b) => b["fingerprint"]!.AsObject();
        Assert.False(Flags("TRD-SAME-AUTHOR", Trade()));
        Assert.True(Flags("TRD-SAME-AUTHOR", With((a, b) => { fp(a)["author"] = " zhang "; fp(b)["author"] = "ZHANG"; })));
        Assert.False(Flags("TRD-SAME-AUTHOR", With((a, b) => { fp(a)["author"] = "Administrator"; fp(b)["author"] = "administrator"; })));
        Assert.True(Flags("TRD-SAME-AUTHOR", With((a, b) => fp(a)["creatorUnit"] = new JsonObject { ["id"] = Trades.Org(11) })));
        Assert.False(Flags("TRD-SAME-AUTHOR", With((a, b) => { fp(a)["creatorUnit"] = new JsonObject { ["id"] = Trades.Org(2) }; fp(b)["creatorUnit"] = new JsonObject { ["id"] = Trades.Org(2) }; })));

        Assert.False(Flags("TRD-SAME-PERSON", Trade()));
        Assert.True(Flags("TRD-SAME-PERSON", With((a, b) => b["agent"] = new JsonObject { ["name"] = "代理人", ["id"] = Trades.Person(10).ToLowerInvariant() })));

        Assert.False(Flags("TRD-SAME-DEVICE", Trade()));
        Assert.True(Flags("TRD-SAME-DEVICE", With((a, b) => fp(b)["macs"] = new JsonArray("AA-BB-CC-DD-EE-01"))));
        Assert.False(Flags("TRD-SAME-DEVICE", With((a, b) => { fp(a)["macs"] = new JsonArray("00:00:00:00:00:00"); fp(b)["macs"] = new JsonArray("000000000000"); })));
        Assert.False(Flags("TRD-SAME-DEVICE", With((a, b) => { fp(a)["machineCodes"] = new JsonArray(new JsonObject { ["kind"] = "cpu", ["value"] = "BFEBFBFF000906EA" }); fp(b)["machineCodes"] = new JsonArray(new JsonObject { ["kind"] = "cpu", ["value"] = "BFEBFBFF000906EA" }); })));
        Assert.True(Flags("TRD-SAME-DEVICE", With((a, b) => { fp(a)["machineCodes"] = new JsonArray(new JsonObject { ["kind"] = "Disk", ["value"] = " wd-123 " }); fp(b)["machineCodes"] = new JsonArray(new JsonObject { ["kind"] = "disk", ["value"] = "WD-123" }); })));

        var sameIp = With((a, b) => { fp(a)["uploadIp"] = "2001:db8:0:0::1"; fp(b)["uploadIp"] = "2001:DB8::1"; });
        Assert.True(Flags("TRD-SAME-IP", sameIp));
        var centre = With((a, b) => { fp(a)["uploadIp"] = "10.7.0.5"; fp(b)["uploadIp"] = "10.7.0.5"; });
        Assert.False(Flags("TRD-SAME-IP", centre, "[TRD-SAME-IP]\nignore_networks = 10.7.0.0/16\n"));
        Assert.True(Flags("TRD-SAME-IP", centre, "[TRD-SAME-IP]\n"));

        Assert.False(Flags("TRD-SAME-DEPOSIT", Trade()));
        Assert.True(Flags("TRD-SAME-DEPOSIT", With((a, b) => b["deposit"]!["payerAccount"] = "622200001 0")));

        Assert.False(Flags("TRD-SAME-ANOMALY", Trade()));
        Assert.True(Flags("TRD-SAME-ANOMALY", With((a, b) => fp(b)["fileHash"] = ((string)fp(a)["fileHash"]!).ToUpperInvariant())));
        Assert.True(Flags("TRD-SAME-ANOMALY", With((a, b) => { fp(a)["quirks"] = new JsonArray("清单第3项单价错位"); fp(b)["quirks"] = new JsonArray(" 清单第3项单价错位 "); })));

        // One tenderer's two bids (a consortium member bidding again) are no pair.
        Assert.False(Flags("TRD-SAME-AUTHOR", With((a, b) => { b["tenderers"] = a["tenderers"]!.DeepClone(); fp(a)["author"] = "Z"; fp(b)["author"] = "Z"; })));
    }

    [Fact]
    public void TRD_PRICE_PATTERN_equal_steps_or_equal_ratios_within_one_fen()
    {
        JsonObject Priced(decimal a, decimal b, decimal c)
        {
            var t = Trade();
            Bid(t, 0)["value"] = Trades.Value(a);
            Bid(t, 1)["value"] = Trades.Value(b);
            Bid(t, 2)["value"] = Trades.Value(c);
            return t;
        }

        Assert.True(Flags("TRD-PRICE-PATTERN", Priced(10_000_000m, 10_500_000m, 11_000_000.01m)));
        Assert.False(Flags("TRD-PRICE-PATTERN", Priced(10_000_000m, 10_500_000m, 11_000_000.02m)));
        Assert.True(Flags("TRD-PRICE-PATTERN", Priced(10_000_000m, 11_000_000m, 12_100_000m)));
        Assert.False(Flags("TRD-PRICE-PATTERN", Priced(10_000_000m, 10_400_000m, 11_000_000m)));
    }

    [Fact]
    public void TRD_DEPOSIT_THIRD_PARTY_a_transfer_paid_by_someone_else()
    {
        var other = Trade();
        Bid(other, 0)["deposit"]!["payer"] = new JsonObject { ["id"] = Trades.Org(99), ["name"] = "某公司" };
        var guarantee = Trade();
        Bid(guarantee, 0)["deposit"]!["payer"] = new JsonObject { ["id"] = Trades.Org(99), ["name"] = "某银行" };
        Bid(guarantee, 0)["deposit"]!["form"] = "guarantee";
        Assert.False(Flags("TRD-DEPOSIT-THIRD-PARTY", Trade()));
        Assert.True(Flags("TRD-DEPOSIT-THIRD-PARTY", other));
        Assert.False(Flags("TRD-DEPOSIT-THIRD-PARTY", guarantee));
    }

    private static JsonObject Committee(JsonObject release, string date, params (string Id, string Role, int Org, string? Draw)[] members)
    {
        release["tender"]!["evaluationCommittees"] = new JsonArray(new JsonObject
        {
            ["id"] = "ec1", ["date"] = date,
            ["members"] = new JsonArray([.. members.Select(m => (JsonNode)new JsonObject
            {
                ["id"] = m.Id, ["name"] = "专家", ["role"] = m.Role, ["organization"] = new JsonObject { ["id"] = Trades.Org(m.Org), ["name"] = "单位" }, ["drawId"] = m.Draw,
            })]),
        });
        return release;
    }

    [Fact]
    public void TRD_EXPERT_rules_not_drawn_conflicted_and_repeated()
    {
        Assert.False(Flags("TRD-EXPERT-NOT-DRAWN", Committee(Trade(), "2026-03-25T10:00:00+08:00", ("E1", "expert", 50, "d1"), ("B1", "buyerRepresentative", 1, null))));
        Assert.True(Flags("TRD-EXPERT-NOT-DRAWN", Committee(Trade(), "2026-03-25T10:00:00+08:00", ("E1", "expert", 50, ""))));

        Assert.False(Flags("TRD-EXPERT-CONFLICT", Committee(Trade(), "2026-03-25T10:00:00+08:00", ("E1", "expert", 50, "d1"))));
        Assert.True(Flags("TRD-EXPERT-CONFLICT", Committee(Trade(), "2026-03-25T10:00:00+08:00", ("E1", "expert", 11, "d1"))));
        Assert.True(Flags("TRD-EXPERT-CONFLICT", Committee(Trade(), "2026-03-25T10:00:00+08:00", ("E1", "expert", 1, "d1"))));

        // Two earlier panels of the same buyer within 180 days: the third is flagged; 181 days back does not count.
        var first = Committee(Trade(), "2026-01-01T10:00:00+08:00", ("E7", "expert", 50, "d1"));
        var second = Committee(Trade(), "2026-03-01T10:00:00+08:00", ("E7", "expert", 50, "d2"));
        var third = Committee(Trade(), "2026-06-30T10:00:00+08:00", ("E7", "expert", 50, "d3"));
        var late = Committee(Trade(), "2026-07-01T10:00:00+08:00", ("E7", "expert", 50, "d4"));
        var raised = Raised("TRD-EXPERT-REPEAT", [first, second, third]);
        Assert.Equal([(string)third["ocid"]!], raised);
        Assert.DoesNotContain((string)late["ocid"]!, Raised("TRD-EXPERT-REPEAT", [first, second, late]));
    }

    [Fact]
    public void TRD_SCORE_OUTLIER_one_score_more_than_20_percent_from_the_mean()
    {
        JsonObject Scored(params double[] totals)
        {
            var t = Trade();
            Bid(t, 0)["scores"] = new JsonArray([.. totals.Select((s, i) => (JsonNode)new JsonObject { ["member"] = $"E{i}", ["total"] = s })]);
            return t;
        }

        Assert.False(Flags("TRD-SCORE-OUTLIER", Scored(80, 80, 80, 100)));
        Assert.True(Flags("TRD-SCORE-OUTLIER", Scored(80, 80, 80, 110)));
        Assert.False(Flags("TRD-SCORE-OUTLIER", Scored(80, 200)));
    }

    [Fact]
    public void R031_an_award_within_one_percent_of_the_estimate()
    {
        var near = Trade();
        near["awards"]![0]!["value"] = Trades.Value(11_880_000m);
        var below = Trade();
        below["awards"]![0]!["value"] = Trades.Value(11_879_999.99m);
        Assert.True(Flags("R031", near));
        Assert.False(Flags("R031", below));
    }

    [Fact]
    public void R061_an_award_fewer_than_2_days_after_the_deadline()
    {
        var quick = Trade();
        quick["awards"]![0]!["date"] = "2026-03-26T23:00:00+08:00";
        var fair = Trade();
        fair["awards"]![0]!["date"] = "2026-03-27T08:00:00+08:00";
        Assert.True(Flags("R061", quick));
        Assert.False(Flags("R061", fair));
    }

    [Fact]
    public void R069_an_amended_contract_worth_more_than_at_signing()
    {
        Assert.True(Flags("R069", Contracted("works", "2026-04-20T10:00:00+08:00", 11_000_000.01m, original: 11_000_000m, amended: true)));
        Assert.False(Flags("R069", Contracted("works", "2026-04-20T10:00:00+08:00", 12_000_000m, original: 11_000_000m)));
    }

    /// <summary>Processes with the same tenderers; <paramref name="winners"/> says who won each.</summary>
    private static List<JsonObject> Rounds(int[] tenderers, int[] winners, bool sameOrder = true)
    {
        var list = new List<JsonObject>();
        for (var i = 0; i < winners.Length; i++)
        {
            var t = Trade();
            var order = sameOrder ? tenderers : [.. tenderers.Skip(i % tenderers.Length), .. tenderers.Take(i % tenderers.Length)];
            t["bids"]!["details"] = new JsonArray([.. order.Select((n, k) =>
            {
                var bid = Trades.Bid($"b{k}", n, 11_000_000m + (k * 137_000m), $"aa:bb:cc:dd:{n:D2}:{k:D2}");
                bid["date"] = $"2026-03-2{k}T08:00:00+08:00";
                return (JsonNode)bid;
            })]);
            t["awards"]![0]!["suppliers"] = new JsonArray(new JsonObject { ["id"] = Trades.Org(winners[i]) });
            list.Add(t);
        }

        return list;
    }

    [Fact]
    public void R034_R053_R057_patterns_across_processes()
    {
        // R034: three processes, same tenderers bidding in the same order.
        Assert.Equal(3, Raised("R034", Rounds([21, 22, 23], [21, 22, 23])).Count);
        Assert.Empty(Raised("R034", Rounds([21, 22, 23], [21, 22])));
        Assert.Empty(Raised("R034", Rounds([21, 22, 23], [21, 22, 23], sameOrder: false)));

        // R057: the same set takes turns; every member won and nobody else.
        Assert.Equal(3, Raised("R057", Rounds([31, 32], [31, 32, 31])).Count);
        Assert.Empty(Raised("R057", Rounds([31, 32], [31, 31, 31])));

        // R053: a pair that co-bid 4 times where one won ≥ 80 %.
        var run = new FlagRun(FlagSettings.BuiltIn(), new WorkCalendar(HolidayTable.Shipped));
        foreach (var release in Rounds([41, 42, 43], [41, 41, 41, 41]))
        {
            using var doc = JsonDocument.Parse(release.ToJsonString());
            run.Add(doc.RootElement);
        }

        run.Finish();
        Assert.Equal(4.0, run.Results[FlagRun.Tenderer][Trades.Org(41)]["R053"]);
        Assert.Equal(0.0, run.Results[FlagRun.Tenderer][Trades.Org(42)]["R053"]);
        var lessThan = new FlagRun(FlagSettings.BuiltIn(), new WorkCalendar(HolidayTable.Shipped));
        foreach (var release in Rounds([41, 42, 43], [41, 41, 41, 42]))
        {
            using var doc = JsonDocument.Parse(release.ToJsonString());
            lessThan.Add(doc.RootElement);
        }

        lessThan.Finish();
        Assert.False(lessThan.Results.TryGetValue(FlagRun.Tenderer, out var t) && t.Values.Any(c => c.ContainsKey("R053")));
    }
}
