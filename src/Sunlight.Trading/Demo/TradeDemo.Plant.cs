using System.Text.Json.Nodes;

namespace Sunlight.Trading.Demo;

/// <summary>The planted cases: for every rule, <see cref="PlantsPerRule"/> processes or parties that break it.</summary>
internal sealed partial class TradeDemo
{
    private const int WorksOpen = 0;
    private const int ProcurementOpen = 3;

    private void Mark(string flag, string subject) => _planted.Add(new PlantedCase(flag, subject));

    /// <summary>A new process of <paramref name="kind"/>, changed by <paramref name="change"/> before it is counted and by <paramref name="spoil"/> when written; planted under <paramref name="flag"/>.</summary>
    private Draft Planted(string? flag, int kind, Action<Draft>? change = null, Action<JsonObject>? spoil = null, int? buyer = null, int bidders = 5)
    {
        var d = Clean(_drafts.Count, kind, buyer, bidders, count: false);
        change?.Invoke(d);
        Panel(d);
        d.Spoil = spoil;
        Count(d);
        _drafts.Add(d);
        if (flag is not null)
        {
            Mark(flag, d.Ocid);
        }

        return d;
    }

    /// <summary>A process whose winner is <paramref name="winner"/> among <paramref name="others"/> (the others never co-bid with the winner a third time).</summary>
    private Draft Forced(int kind, int winner, IReadOnlyList<int> others, int? buyer = null, Action<Draft>? change = null)
    {
        var d = NewDraft(_drafts.Count, kind, buyer);
        d.Winner = winner;
        Price(d, [winner, .. others], disqualify: false);
        Panel(d);
        change?.Invoke(d);
        Count(d);
        _drafts.Add(d);
        return d;
    }

    /// <summary>Clean tenderers, each the one with the fewest joint bids so far with <paramref name="with"/> and those already picked.</summary>
    private List<int> Strangers(int count, params int[] with)
    {
        var list = new List<int>();
        while (list.Count < count)
        {
            var pick = Enumerable.Range(0, _tenderers).Where(t => !with.Contains(t) && !list.Contains(t))
                .OrderBy(t => with.Concat(list).Select(x => Joint(x, t)).DefaultIfEmpty(0).Max())
                .ThenBy(_ => _random.Next()).First();
            list.Add(pick);
        }

        return list;
    }

    private static JsonObject BidJson(JsonObject release, int i) => release["bids"]!["details"]![i]!.AsObject();

    private void Plant()
    {
        for (var n = 0; n < PlantsPerRule; n++)
        {
            PlantProcessRules(n);
        }

        PlantParties();
    }

    private void PlantProcessRules(int n)
    {
        Planted("R003", WorksOpen, d => { d.End = d.Start.AddDays(10); d.Opening = d.End; Shift(d); });
        Planted("R018", WorksOpen, spoil: r => r["tender"]!["numberOfTenderers"] = 1);
        Planted("R024", ProcurementOpen, d => d.Bids[1] = d.Bids[1] with { Fen = d.Bids[0].Fen + (d.Bids[0].Fen / 2000) });
        Planted("R058", ProcurementOpen, d =>
        {
            var w = d.Estimate * 55 / 100;
            d.Bids[0] = d.Bids[0] with { Fen = w };
            for (var i = 1; i < d.Bids.Count; i++)
            {
                d.Bids[i] = d.Bids[i] with { Fen = (w * (160 + (i * 3) + (i * i))) / 100 };
            }
        });
        Planted("R028", ProcurementOpen, d => d.Bids[3] = d.Bids[3] with { Fen = d.Bids[2].Fen });
        Planted("R030", ProcurementOpen, d => d.Bids[0] = d.Bids[0] with { At = d.End.AddHours(1) });
        Planted("R031", ProcurementOpen, d => d.Estimate = d.Bids[0].Fen * 1000 / 995);
        Planted("R061", WorksOpen, d => d.Award = d.End.AddDays(1));
        Planted("R069", WorksOpen, spoil: r => Amend(r, 105));
        Planted("TRD-BID-PERIOD", WorksOpen, d => { d.End = d.Start.AddDays(17); d.Opening = d.End; Shift(d); });
        Planted("TRD-AMEND-LATE", WorksOpen, spoil: r => r["tender"]!["amendments"] = new JsonArray(new JsonObject
        {
            ["id"] = "amend-1", ["date"] = At(Instant(r["tender"]!["tenderPeriod"]!["endDate"]!).AddDays(-10)), ["description"] = "变更评标办法", ["substantive"] = true,
        }));
        Planted("TRD-OPENING-TIME", WorksOpen, d => d.Opening = d.End.AddHours(2));
        Planted("TRD-LATE-BID", WorksOpen, d => d.Bids[2] = d.Bids[2] with { At = d.End.AddMinutes(10), Status = "valid" });
        Planted("TRD-PUBLICITY-SHORT", WorksOpen, spoil: r => r["awards"]![0]!["publicityPeriod"]!["endDate"] = At(Instant(r["awards"]![0]!["publicityPeriod"]!["startDate"]!).AddDays(2)));
        Planted("TRD-CONTRACT-LATE", WorksOpen, d => { d.Signed = d.Award.AddDays(40); d.Published = d.Signed.AddDays(1); });
        Planted("TRD-GP-CONTRACT-PUBLISH", ProcurementOpen, d => d.Published = d.Signed.AddDays(9));
        Planted("TRD-FEW-BIDDERS", WorksOpen, bidders: 2);
        Planted("TRD-OVER-CEILING", ProcurementOpen, d => d.Bids[4] = d.Bids[4] with { Fen = d.Estimate + 100, Status = "valid" });
        Planted("TRD-CONTRACT-MISMATCH", WorksOpen, spoil: r => r["contracts"]![0]!["value"]!["amount"] = (decimal)r["contracts"]![0]!["value"]!["amount"]! + 1000m);
        Planted("TRD-CONTRACT-TOPUP", ProcurementOpen, spoil: r => Amend(r, 115));
        Planted("TRD-SAME-AUTHOR", ProcurementOpen, spoil: r => BidJson(r, 3)["fingerprint"]!["author"] = BidJson(r, 2)["fingerprint"]!["author"]!.DeepClone());
        Planted("TRD-SAME-PERSON", ProcurementOpen, spoil: r => BidJson(r, 3)["projectManager"]!["id"] = BidJson(r, 2)["projectManager"]!["id"]!.DeepClone());
        Planted("TRD-SAME-DEVICE", ProcurementOpen, spoil: r => BidJson(r, 3)["fingerprint"]!["macs"] = BidJson(r, 2)["fingerprint"]!["macs"]!.DeepClone());
        Planted("TRD-SAME-IP", ProcurementOpen, spoil: r => BidJson(r, 3)["fingerprint"]!["uploadIp"] = BidJson(r, 2)["fingerprint"]!["uploadIp"]!.DeepClone());
        Planted("TRD-SAME-DEPOSIT", ProcurementOpen, spoil: r => BidJson(r, 3)["deposit"]!["payerAccount"] = BidJson(r, 2)["deposit"]!["payerAccount"]!.DeepClone());
        Planted("TRD-SAME-ANOMALY", ProcurementOpen, spoil: r => BidJson(r, 3)["fingerprint"]!["fileHash"] = BidJson(r, 2)["fingerprint"]!["fileHash"]!.DeepClone());
        Planted("TRD-PRICE-PATTERN", ProcurementOpen, d =>
        {
            var step = (d.Bids[4].Fen - d.Bids[1].Fen) / 3;
            d.Bids[2] = d.Bids[2] with { Fen = d.Bids[1].Fen + step, Status = "valid" };
            d.Bids[3] = d.Bids[3] with { Fen = d.Bids[1].Fen + (2 * step), Status = "valid" };
        });
        Planted("TRD-DEPOSIT-THIRD-PARTY", ProcurementOpen, spoil: r => BidJson(r, 2)["deposit"]!["payer"] = new JsonObject { ["id"] = Org(900_000 + n), ["name"] = "某咨询公司" });
        Planted("TRD-EXPERT-NOT-DRAWN", ProcurementOpen, spoil: r => r["tender"]!["evaluationCommittees"]![0]!["members"]![0]!.AsObject().Remove("drawId"));
        Planted("TRD-EXPERT-CONFLICT", ProcurementOpen, spoil: r => r["tender"]!["evaluationCommittees"]![0]!["members"]![0]!["organization"] = r["buyer"]!.DeepClone());
        Planted("TRD-SCORE-OUTLIER", ProcurementOpen, spoil: r => BidJson(r, 1)["scores"]![0]!["total"] = 150);

        // Three panels of one buyer within 180 days with the same expert: the third is the finding.
        var buyer = _random.Next(_buyers);
        var expert = 1000 + n;
        var first = Planted(null, ProcurementOpen, d =>
        {
            d.Start = _end.AddDays(-300 + (n * 20));
            d.End = d.Start.AddDays(22);
            d.Opening = d.End;
            Shift(d);
        }, buyer: buyer);
        foreach (var (offset, flagged) in new[] { (0, false), (40, false), (80, true) })
        {
            var d = offset == 0 ? first : Planted(null, ProcurementOpen, d =>
            {
                d.Start = first.Start.AddDays(offset);
                d.End = first.End.AddDays(offset);
                d.Opening = d.End;
                Shift(d);
            }, buyer: buyer);
            d.Experts[0] = ($"E3707-{expert + 1:D4}", 400_000 + expert, $"D-R{n}{offset}");
            if (flagged)
            {
                Mark("TRD-EXPERT-REPEAT", d.Ocid);
            }
        }

        // R034: the same four tenderers bid in the same order three times (not every one of them wins).
        var four = Strangers(4);
        foreach (var w in new[] { four[0], four[0], four[1] })
        {
            var d = Forced(ProcurementOpen, w, [.. four.Where(t => t != w)], change: d => Order(d, four));
            Mark("R034", d.Ocid);
        }

        // R057: three tenderers take turns: each wins once, nobody else.
        var three = Strangers(3);
        foreach (var w in three)
        {
            var d = Forced(ProcurementOpen, w, [.. three.Where(t => t != w)], change: d => Order(d, [.. three.OrderBy(_ => _random.Next())]));
            Mark("R057", d.Ocid);
        }

        // R053: one of a pair wins every one of their four joint bids; the others differ each time.
        var pair = Strangers(2);
        for (var i = 0; i < 4; i++)
        {
            Forced(ProcurementOpen, pair[0], [pair[1], .. Strangers(3, pair[0], pair[1])]);
        }

        Mark("R053", "tenderer:" + Tenderer(pair[0]));
        Mark("R053", "tenderer:" + Tenderer(pair[1]));
    }

    /// <summary>Bids dated in the order of <paramref name="order"/>, an hour apart.</summary>
    private static void Order(Draft d, IReadOnlyList<int> order)
    {
        for (var i = 0; i < d.Bids.Count; i++)
        {
            var at = d.End.AddHours(-10 + order.ToList().IndexOf(d.Bids[i].Tenderer));
            d.Bids[i] = d.Bids[i] with { At = at };
        }
    }

    /// <summary>After a changed deadline: bids before it, award, contract and notice after it.</summary>
    private static void Shift(Draft d)
    {
        for (var i = 0; i < d.Bids.Count; i++)
        {
            d.Bids[i] = d.Bids[i] with { At = d.End.AddDays(-1).AddMinutes(i * 7) };
        }

        d.Award = d.End.AddDays(9);
        d.Signed = d.Award.AddDays(7);
        d.Published = d.Signed.AddHours(26);
    }

    private static DateTimeOffset Instant(JsonNode node) => Ocds.OcdsCheck.Instant(node.ToString())!.Value;

    /// <summary>An amended contract now worth <paramref name="percent"/> % of its value at signing.</summary>
    private static void Amend(JsonObject release, int percent)
    {
        var contract = release["contracts"]![0]!.AsObject();
        var original = (decimal)contract["value"]!["amount"]!;
        contract["originalValue"] = new JsonObject { ["amount"] = original, ["currency"] = "CNY" };
        contract["value"] = new JsonObject { ["amount"] = decimal.Round(original * percent / 100m, 2), ["currency"] = "CNY" };
        contract["amendments"] = new JsonArray(new JsonObject { ["id"] = "contract-amend-1", ["date"] = contract["dateSigned"]!.DeepClone(), ["description"] = "追加工程量" });
    }

    /// <summary>Parties: R025's bidders who never win, R038's buyers, agencies and tenderers, R035/R036 among them, R048's suppliers.</summary>
    private void PlantParties()
    {
        // R025: three tenderers bid (valid, highest price) in 40 processes with 40 different winners and never win.
        for (var p = 0; p < PlantsPerRule; p++)
        {
            var loser = _tenderers + p;
            var chosen = _drafts.Where(d => !d.Sale && d.Bids.Count >= 5 && d.Winner < _tenderers && _planted.All(x => x.Subject != d.Ocid))
                .DistinctBy(d => d.Winner).OrderBy(_ => _random.Next()).Take(40).ToList();
            foreach (var d in chosen)
            {
                var top = d.Bids.Max(b => b.Fen);
                d.Bids.Add((loser, Math.Min(top + (top * (2 + (3 * p)) / 100), d.Estimate - p), "valid", d.End.AddDays(-1)));
            }

            Mark("R025", "tenderer:" + Tenderer(loser));
        }

        // R038: three buyers (and their agencies) whose processes see half their bids disqualified — those of three
        // tenderers who are always disqualified; three of these processes keep only the winner valid (R035), three
        // disqualify the lowest price (R036).
        var dq = Enumerable.Range(_tenderers + PlantsPerRule, PlantsPerRule).ToArray();
        for (var p = 0; p < PlantsPerRule; p++)
        {
            var buyer = _buyers + p;
            for (var i = 0; i < 4; i++)
            {
                var kind = i;
                var d = NewDraft(_drafts.Count, ProcurementOpen, buyer);
                var others = Strangers(i == 0 ? 0 : 2);
                d.Winner = Strangers(1, [.. others])[0];
                Price(d, [d.Winner, .. others], disqualify: false);
                var top = d.Bids.Max(b => b.Fen);
                for (var k = 0; k < dq.Length; k++)
                {
                    var fen = kind == 1 && k == 0 ? d.Bids[0].Fen - 1000 : top + ((k + 1) * (top / 40));
                    d.Bids.Add((dq[k], Math.Min(fen, d.Estimate), "disqualified", d.End.AddDays(-1)));
                }

                Panel(d);
                Count(d);
                _drafts.Add(d);
                if (kind == 0)
                {
                    Mark("R035", d.Ocid);
                }
                else if (kind == 1)
                {
                    Mark("R036", d.Ocid);
                }
            }

            Mark("R038", "buyer:" + Buyer(buyer));
            Mark("R038", "agency:" + Agency(buyer));
            Mark("R038", "tenderer:" + Tenderer(dq[p]));
        }

        // R048: three suppliers who win twenty processes each, across many kinds of goods.
        for (var p = 0; p < PlantsPerRule; p++)
        {
            var supplier = _tenderers + (2 * PlantsPerRule) + p;
            for (var i = 0; i < 20; i++)
            {
                var c = i;
                var d = Forced(ProcurementOpen, supplier, Strangers(4, supplier));
                d.Spoil = r => r["awards"]![0]!["items"]![0]!["classification"]!["id"] = Classes[c % Classes.Length] + c.ToString("D2", System.Globalization.CultureInfo.InvariantCulture);
            }

            Mark("R048", "tenderer:" + Tenderer(supplier));
        }
    }
}
