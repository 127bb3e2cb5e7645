using System.Globalization;
using System.Net;
using System.Text.Json;
using Sunlight.Core.Calendar;

namespace Sunlight.Trading.Flags;

/// <summary>The six further OCP flags and every TRD- rule evaluated on one process (trading-flags.md, "Rules").</summary>
internal sealed partial class FlagRun
{
    private void R031(JsonElement release, string ocid)
    {
        if (!PriceCompared(release))
        {
            return;
        }

        var threshold = (decimal)(_settings.Number("R031", "threshold") ?? 0.01);
        var tender = Json.Obj(release, "tender");
        var active = ActiveAwards(release);
        double? highest = null;
        foreach (var award in active)
        {
            var value = Json.Obj(award, "value");
            if (Json.Decimal(value) is not { } amount || Json.Str(value, "currency") is not { } currency)
            {
                continue;
            }

            var lot = Json.Lot(award);
            var estimateValue = lot.Length > 0 ? Json.Obj(LotOf(tender, lot), "value") : active.Count == 1 ? Json.Obj(tender, "value") : default;
            if (Json.Decimal(estimateValue) is not { } estimate || estimate <= 0 || Json.Str(estimateValue, "currency") != currency)
            {
                continue;
            }

            if (amount >= (1 - threshold) * estimate)
            {
                var ratio = (double)(amount / estimate);
                highest = highest is null ? ratio : Math.Max(highest.Value, ratio);
                Hit("R031", ocid, lot);
            }
        }

        if (highest is { } h)
        {
            Set(Ocid, ocid, "R031", h);
        }
    }

    private static JsonElement LotOf(JsonElement tender, string lot)
    {
        foreach (var entry in Json.Items(Json.Arr(tender, "lots")))
        {
            if (Json.Str(entry, "id") == lot)
            {
                return entry;
            }
        }

        return default;
    }

    private void R061(JsonElement release, string ocid)
    {
        var tender = Json.Obj(release, "tender");
        if (!InMethods(tender, _settings.Set("R061", "procurement_methods")) || Json.Instant(Json.Obj(tender, "tenderPeriod"), "endDate") is not { } end)
        {
            return;
        }

        DateTimeOffset? earliest = null;
        foreach (var award in Json.Items(Json.Arr(release, "awards")))
        {
            if (Json.Str(award, "status") == "active" && Json.Instant(award, "date") is { } at && (earliest is null || at < earliest))
            {
                earliest = at;
            }
        }

        if (earliest is { } first && Json.Days(end, first) < (_settings.Integer("R061", "threshold") ?? 2))
        {
            Set(Ocid, ocid, "R061", 1.0);
            Hit("R061", ocid, "");
        }
    }

    private void R069(JsonElement release, string ocid)
    {
        double? highest = null;
        foreach (var contract in Json.Items(Json.Arr(release, "contracts")))
        {
            if (Json.Count(Json.Arr(contract, "amendments")) == 0)
            {
                continue;
            }

            var value = Json.Obj(contract, "value");
            var original = Json.Obj(contract, "originalValue");
            if (Json.Decimal(value) is { } now && Json.Decimal(original) is { } before && before > 0
                && Json.Str(value, "currency") is { } currency && Json.Str(original, "currency") == currency && now > before)
            {
                var growth = (double)((now - before) / before);
                highest = highest is null ? growth : Math.Max(highest.Value, growth);
                Hit("R069", ocid, Json.Str(contract, "id") ?? "");
            }
        }

        if (highest is { } h)
        {
            Set(Ocid, ocid, "R069", h);
        }
    }

    /// <summary>The TRD- rules evaluated on one process.</summary>
    private void Trd(string code, JsonElement release, string ocid)
    {
        try
        {
            switch (code)
            {
                case "TRD-BID-PERIOD": BidPeriod(release, ocid); break;
                case "TRD-AMEND-LATE": AmendLate(release, ocid); break;
                case "TRD-OPENING-TIME": OpeningTime(release, ocid); break;
                case "TRD-LATE-BID": LateBid(release, ocid); break;
                case "TRD-PUBLICITY-SHORT": PublicityShort(release, ocid); break;
                case "TRD-CONTRACT-LATE": ContractLate(release, ocid); break;
                case "TRD-GP-CONTRACT-PUBLISH": ContractPublish(release, ocid); break;
                case "TRD-FEW-BIDDERS": FewBidders(release, ocid); break;
                case "TRD-OVER-CEILING": OverCeiling(release, ocid); break;
                case "TRD-CONTRACT-MISMATCH": ContractMismatch(release, ocid); break;
                case "TRD-CONTRACT-TOPUP": ContractTopUp(release, ocid); break;
                case "TRD-PRICE-PATTERN": PricePattern(release, ocid); break;
                case "TRD-DEPOSIT-THIRD-PARTY": DepositThirdParty(release, ocid); break;
                case "TRD-EXPERT-NOT-DRAWN": ExpertNotDrawn(release, ocid); break;
                case "TRD-EXPERT-CONFLICT": ExpertConflict(release, ocid); break;
                case "TRD-SCORE-OUTLIER": ScoreOutlier(release, ocid); break;
                case "TRD-SAME-AUTHOR" or "TRD-SAME-PERSON" or "TRD-SAME-DEVICE" or "TRD-SAME-IP" or "TRD-SAME-DEPOSIT" or "TRD-SAME-ANOMALY":
                    // All six in one pass over the pairs (PairRules).
                    break;
            }
        }
        catch (CalendarCoverageException)
        {
            // A year the calendar lacks: the rule is not evaluated on this process (trading-flags.md "working days").
        }
    }

    private void Flag(string code, string ocid, string key, params string[] bids)
    {
        Set(Ocid, ocid, code, 1.0);
        Hit(code, ocid, key, bids);
    }

    /// <summary>Whether the natural days (or working days, for a "Nw" minimum) from one instant to the other fall short of <paramref name="minimum"/>.</summary>
    private bool Short(DateTimeOffset from, DateTimeOffset to, string minimum)
    {
        if (minimum.EndsWith('w'))
        {
            var need = int.Parse(minimum[..^1], CultureInfo.InvariantCulture);
            return _calendar.CountWorkdays(Json.Day(from), Json.Day(to)) < need;
        }

        return Json.Days(from, to) < int.Parse(minimum, CultureInfo.InvariantCulture);
    }

    private void BidPeriod(JsonElement release, string ocid)
    {
        var tender = Json.Obj(release, "tender");
        if (Json.Str(tender, "tradingKind") == "works" && tender.TryGetProperty("mustTender", out var must) && must.ValueKind == JsonValueKind.False)
        {
            return;
        }

        var period = Json.Obj(tender, "tenderPeriod");
        if (Json.Str(tender, "procurementMethodDetails") is { } details && _settings.Map("TRD-BID-PERIOD").TryGetValue(details, out var minimum)
            && Json.Instant(period, "startDate") is { } start && Json.Instant(period, "endDate") is { } end && Short(start, end, minimum))
        {
            Flag("TRD-BID-PERIOD", ocid, "");
        }
    }

    private void AmendLate(JsonElement release, string ocid)
    {
        var tender = Json.Obj(release, "tender");
        if (Json.Str(tender, "procurementMethodDetails") is not { } details || !_settings.Map("TRD-AMEND-LATE").TryGetValue(details, out var minimum)
            || Json.Instant(Json.Obj(tender, "tenderPeriod"), "endDate") is not { } end)
        {
            return;
        }

        foreach (var amendment in Json.Items(Json.Arr(tender, "amendments")))
        {
            if (amendment.TryGetProperty("substantive", out var s) && s.ValueKind == JsonValueKind.True && Json.Instant(amendment, "date") is { } at && Short(at, end, minimum))
            {
                Flag("TRD-AMEND-LATE", ocid, Json.Str(amendment, "id") ?? "");
            }
        }
    }

    private void OpeningTime(JsonElement release, string ocid)
    {
        var tender = Json.Obj(release, "tender");
        if (!OpenOrSelective(tender) || Json.Instant(Json.Obj(tender, "tenderPeriod"), "endDate") is not { } end || Json.Instant(Json.Obj(tender, "bidOpening"), "date") is not { } opening)
        {
            return;
        }

        var grace = _settings.Integer("TRD-OPENING-TIME", "grace_minutes") ?? 60;
        if (opening < end || opening > end.AddMinutes(grace))
        {
            Flag("TRD-OPENING-TIME", ocid, "");
        }
    }

    private void LateBid(JsonElement release, string ocid)
    {
        if (Json.Instant(Json.Obj(Json.Obj(release, "tender"), "tenderPeriod"), "endDate") is not { } end)
        {
            return;
        }

        foreach (var b in Bids(release))
        {
            if (b.Status is "valid" or "pending" && Json.Instant(b.Bid, "date") is { } at && at > end)
            {
                Flag("TRD-LATE-BID", ocid, b.Lot, b.Id ?? "");
            }
        }
    }

    private void PublicityShort(JsonElement release, string ocid)
    {
        if (Json.Str(Json.Obj(release, "tender"), "tradingKind") != "works")
        {
            return;
        }

        var minimum = _settings.Integer("TRD-PUBLICITY-SHORT", "minimum_days") ?? 3;
        foreach (var award in Json.Items(Json.Arr(release, "awards")))
        {
            var period = Json.Obj(award, "publicityPeriod");
            if (Json.Instant(period, "startDate") is { } start && Json.Instant(period, "endDate") is { } end && Json.Days(start, end) < minimum)
            {
                Flag("TRD-PUBLICITY-SHORT", ocid, Json.Str(award, "id") ?? "");
            }
        }
    }

    /// <summary>A contract's award: by <c>awardID</c>, else the only active award.</summary>
    private JsonElement AwardOf(JsonElement release, JsonElement contract)
    {
        if (Json.Str(contract, "awardID") is { } awardId)
        {
            return Json.Items(Json.Arr(release, "awards")).FirstOrDefault(a => Json.Str(a, "id") == awardId);
        }

        var active = ActiveAwards(release);
        return active.Count == 1 ? active[0] : default;
    }

    private void ContractLate(JsonElement release, string ocid)
    {
        var maximum = _settings.Integer("TRD-CONTRACT-LATE", "maximum_days") ?? 30;
        foreach (var contract in Json.Items(Json.Arr(release, "contracts")))
        {
            var award = AwardOf(release, contract);
            if (Json.Instant(award, "date") is { } awarded && Json.Instant(contract, "dateSigned") is { } signed && Json.Days(awarded, signed) > maximum)
            {
                Flag("TRD-CONTRACT-LATE", ocid, Json.Str(award, "id") ?? "");
            }
        }
    }

    private void ContractPublish(JsonElement release, string ocid)
    {
        if (Json.Str(Json.Obj(release, "tender"), "tradingKind") != "government-procurement")
        {
            return;
        }

        var maximum = _settings.Integer("TRD-GP-CONTRACT-PUBLISH", "maximum_working_days") ?? 2;
        foreach (var contract in Json.Items(Json.Arr(release, "contracts")))
        {
            if (Json.Instant(contract, "dateSigned") is not { } signed)
            {
                continue;
            }

            DateTimeOffset? published = null;
            foreach (var document in Json.Items(Json.Arr(contract, "documents")))
            {
                if (Json.Str(document, "documentType") == "contractSigned" && Json.Instant(document, "datePublished") is { } at && (published is null || at < published))
                {
                    published = at;
                }
            }

            if (published is { } p && _calendar.CountWorkdays(Json.Day(signed), Json.Day(p)) > maximum)
            {
                Flag("TRD-GP-CONTRACT-PUBLISH", ocid, Json.Str(contract, "id") ?? "");
            }
        }
    }

    private void FewBidders(JsonElement release, string ocid)
    {
        if (!OpenOrSelective(Json.Obj(release, "tender")))
        {
            return;
        }

        var minimum = _settings.Integer("TRD-FEW-BIDDERS", "minimum_tenderers") ?? 3;
        var awarded = ActiveAwards(release).Select(Json.Lot).ToHashSet(StringComparer.Ordinal);
        foreach (var lot in awarded)
        {
            var tenderers = new HashSet<string>(StringComparer.Ordinal);
            foreach (var b in Bids(release))
            {
                if (b.Submitted && b.Lot == lot)
                {
                    tenderers.UnionWith(b.Tenderers);
                }
            }

            if (tenderers.Count < minimum)
            {
                Flag("TRD-FEW-BIDDERS", ocid, lot);
            }
        }
    }

    /// <summary>A lot's ceiling: its own <c>maxPrice</c>, else the tender's.</summary>
    private static JsonElement Ceiling(JsonElement tender, string lot)
    {
        var own = lot.Length > 0 ? Json.Obj(LotOf(tender, lot), "maxPrice") : default;
        return own.Has() ? own : Json.Obj(tender, "maxPrice");
    }

    private void OverCeiling(JsonElement release, string ocid)
    {
        var tender = Json.Obj(release, "tender");
        bool Above(JsonElement value, string lot)
        {
            var ceiling = Ceiling(tender, lot);
            return Json.Fen(value) is { } amount && Json.Fen(ceiling) is { } max && Json.Str(value, "currency") is { } currency && Json.Str(ceiling, "currency") == currency && amount > max;
        }

        foreach (var b in Bids(release))
        {
            if (b.Status == "valid" && Above(Json.Obj(b.Bid, "value"), b.Lot))
            {
                Flag("TRD-OVER-CEILING", ocid, b.Lot, b.Id ?? "");
            }
        }

        foreach (var award in Json.Items(Json.Arr(release, "awards")))
        {
            if (Json.Str(award, "status") == "active" && Above(Json.Obj(award, "value"), Json.Lot(award)))
            {
                Flag("TRD-OVER-CEILING", ocid, Json.Lot(award));
            }
        }
    }

    private void ContractMismatch(JsonElement release, string ocid)
    {
        var tolerance = (decimal)(_settings.Number("TRD-CONTRACT-MISMATCH", "tolerance") ?? 0.0);
        foreach (var contract in Json.Items(Json.Arr(release, "contracts")))
        {
            var award = AwardOf(release, contract);
            var signed = Json.Obj(contract, "originalValue");
            if (!signed.Has())
            {
                signed = Json.Obj(contract, "value");
            }

            var awarded = Json.Obj(award, "value");
            if (Json.Decimal(signed) is { } a && Json.Decimal(awarded) is { } b && Json.Str(signed, "currency") == Json.Str(awarded, "currency") && Math.Abs(a - b) > tolerance)
            {
                Flag("TRD-CONTRACT-MISMATCH", ocid, Json.Str(contract, "id") ?? "");
            }
        }
    }

    private void ContractTopUp(JsonElement release, string ocid)
    {
        if (Json.Str(Json.Obj(release, "tender"), "tradingKind") != "government-procurement")
        {
            return;
        }

        var share = (decimal)(_settings.Number("TRD-CONTRACT-TOPUP", "share") ?? 0.1);
        foreach (var contract in Json.Items(Json.Arr(release, "contracts")))
        {
            var value = Json.Obj(contract, "value");
            var original = Json.Obj(contract, "originalValue");
            if (Json.Fen(value) is { } now && Json.Fen(original) is { } before && Json.Str(value, "currency") == Json.Str(original, "currency") && now - before > share * before)
            {
                Flag("TRD-CONTRACT-TOPUP", ocid, Json.Str(contract, "id") ?? "");
            }
        }
    }

    private void PricePattern(JsonElement release, string ocid)
    {
        if (!PriceCompared(release))
        {
            return;
        }

        var tolerance = (Int128)(_settings.Integer("TRD-PRICE-PATTERN", "tolerance_fen") ?? 1);
        var groups = new Dictionary<(string Lot, string Currency), List<(Int128 Fen, JsonElement Bid)>>();
        foreach (var b in Bids(release))
        {
            if (b.Status == "valid" && b.Tenderers.Count > 0 && b.Currency is { } currency && Json.Fen(Json.Obj(b.Bid, "value")) is { } fen)
            {
                var key = (b.Lot, currency);
                (groups.TryGetValue(key, out var list) ? list : groups[key] = []).Add((fen, b.Bid));
            }
        }

        foreach (var ((lot, _), bids) in groups)
        {
            var sorted = bids.OrderBy(b => b.Fen).ToList();
            for (var i = 0; i + 2 < sorted.Count; i++)
            {
                var (a, b, c) = (sorted[i].Fen, sorted[i + 1].Fen, sorted[i + 2].Fen);
                if (!(a < b && b < c))
                {
                    continue;
                }

                if (Int128.Abs((b - a) - (c - b)) <= tolerance || Int128.Abs((b * b) - (a * c)) <= tolerance * (a + c))
                {
                    Set(Ocid, ocid, "TRD-PRICE-PATTERN", 1.0);
                    var three = new[] { sorted[i].Bid, sorted[i + 1].Bid, sorted[i + 2].Bid };
                    foreach (var id in three.SelectMany(x => Json.Ids(Json.Arr(x, "tenderers"))))
                    {
                        Set(Tenderer, id, "TRD-PRICE-PATTERN", 1.0);
                    }

                    Hit("TRD-PRICE-PATTERN", ocid, lot, [.. three.Select(x => Json.Str(x, "id") ?? "")]);
                }
            }
        }
    }

    private void DepositThirdParty(JsonElement release, string ocid)
    {
        foreach (var b in Bids(release))
        {
            var bid = b.Bid;
            var deposit = Json.Obj(bid, "deposit");
            var tenderers = b.Tenderers;
            if (b.Submitted && Json.Str(deposit, "form") is "transfer" or "cash" && Json.Str(Json.Obj(deposit, "payer"), "id") is { } payer && !tenderers.Contains(payer))
            {
                Set(Ocid, ocid, "TRD-DEPOSIT-THIRD-PARTY", 1.0);
                foreach (var id in tenderers)
                {
                    Set(Tenderer, id, "TRD-DEPOSIT-THIRD-PARTY", 1.0);
                }

                Hit("TRD-DEPOSIT-THIRD-PARTY", ocid, Json.Lot(bid), Json.Str(bid, "id") ?? "");
            }
        }
    }

    private void ExpertNotDrawn(JsonElement release, string ocid)
    {
        foreach (var committee in Json.Items(Json.Arr(Json.Obj(release, "tender"), "evaluationCommittees")))
        {
            foreach (var member in Json.Items(Json.Arr(committee, "members")))
            {
                if (Json.Str(member, "role") == "expert" && Json.Str(member, "drawId") is not { Length: > 0 })
                {
                    Flag("TRD-EXPERT-NOT-DRAWN", ocid, Json.Str(committee, "id") ?? "");
                }
            }
        }
    }

    private void ExpertConflict(JsonElement release, string ocid)
    {
        var tender = Json.Obj(release, "tender");
        var parties = new HashSet<string>(StringComparer.Ordinal);
        if (Json.Str(Json.Obj(release, "buyer"), "id") is { } buyer)
        {
            parties.Add(buyer);
        }

        if (Json.Str(Json.Obj(tender, "procuringEntity"), "id") is { } entity)
        {
            parties.Add(entity);
        }

        foreach (var committee in Json.Items(Json.Arr(tender, "evaluationCommittees")))
        {
            var lots = Json.Items(Json.Arr(committee, "relatedLots")).Select(l => l.ValueKind == JsonValueKind.String ? l.GetString()! : l.GetRawText()).ToHashSet(StringComparer.Ordinal);
            var conflicted = new HashSet<string>(parties, StringComparer.Ordinal);
            foreach (var b in Bids(release))
            {
                if (b.Submitted && (lots.Count == 0 || lots.Contains(b.Lot)))
                {
                    conflicted.UnionWith(b.Tenderers);
                }
            }

            foreach (var member in Json.Items(Json.Arr(committee, "members")))
            {
                if (Json.Str(member, "role") == "expert" && Json.Str(Json.Obj(member, "organization"), "id") is { } org && conflicted.Contains(org))
                {
                    Flag("TRD-EXPERT-CONFLICT", ocid, Json.Str(committee, "id") ?? "");
                }
            }
        }
    }

    private void ScoreOutlier(JsonElement release, string ocid)
    {
        var maxDeviation = _settings.Number("TRD-SCORE-OUTLIER", "max_deviation") ?? 0.2;
        foreach (var b in Bids(release))
        {
            if (!b.Submitted)
            {
                continue;
            }

            var bid = b.Bid;
            var totals = Json.Items(Json.Arr(bid, "scores")).Select(s => Json.F64(s, "total")).OfType<double>().ToList();
            if (totals.Count < 3)
            {
                continue;
            }

            var mean = totals.Average();
            if (mean > 0 && totals.Any(t => Math.Abs(t - mean) > maxDeviation * mean))
            {
                Flag("TRD-SCORE-OUTLIER", ocid, Json.Lot(bid), Json.Str(bid, "id") ?? "");
            }
        }
    }

    // ---- 串标 presumed by 实施条例 §40: pairs of bids of one lot from different tenderers ----

    private static readonly string[] PairCodes = ["TRD-SAME-AUTHOR", "TRD-SAME-PERSON", "TRD-SAME-DEVICE", "TRD-SAME-IP", "TRD-SAME-DEPOSIT", "TRD-SAME-ANOMALY"];

    private string[]? _pairCodes;

    /// <summary>Every enabled pair rule, in one pass over the pairs of bids of each lot.</summary>
    private void PairRules(JsonElement release, string ocid)
    {
        _pairCodes ??= [.. PairCodes.Where(_on.Contains)];
        if (_pairCodes.Length == 0)
        {
            return;
        }

        var bids = _pairBids;
        bids.Clear();
        foreach (var b in Bids(release))
        {
            if (b.Submitted && b.Tenderers.Count > 0)
            {
                bids.Add(b);
            }
        }

        if (bids.Count < 2)
        {
            return;
        }

        var buyer = Json.Str(Json.Obj(release, "buyer"), "id");
        var entity = Json.Str(Json.Obj(Json.Obj(release, "tender"), "procuringEntity"), "id");
        while (_signs.Count < bids.Count)
        {
            _signs.Add(new List<string>(4));
        }

        var creators = new string?[bids.Count];
        for (var i = 0; i < bids.Count; i++)
        {
            creators[i] = Creator(bids[i].Bid, buyer, entity);
        }

        foreach (var code in _pairCodes)
        {
            var marked = 0;
            for (var i = 0; i < bids.Count; i++)
            {
                var list = _signs[i];
                list.Clear();
                Signs(code, bids[i].Bid, creators[i], list);
                marked += list.Count > 0 ? 1 : 0;
            }

            var author = code == "TRD-SAME-AUTHOR";
            if (!author && marked < 2)
            {
                continue;
            }

            for (var i = 0; i < bids.Count; i++)
            {
                for (var j = i + 1; j < bids.Count; j++)
                {
                    var (x, y) = (bids[i], bids[j]);
                    if (x.Lot != y.Lot || Overlap(x.Tenderers, y.Tenderers))
                    {
                        continue;
                    }

                    var shared = Overlap(_signs[i], _signs[j])
                        || (author && ((creators[i] is { } cx && y.Tenderers.Contains(cx)) || (creators[j] is { } cy && x.Tenderers.Contains(cy))));
                    if (!shared)
                    {
                        continue;
                    }

                    Set(Ocid, ocid, code, 1.0);
                    foreach (var id in x.Tenderers.Concat(y.Tenderers))
                    {
                        Set(Tenderer, id, code, 1.0);
                    }

                    var (xId, yId) = (x.Id ?? "", y.Id ?? "");
                    var (a, b) = string.CompareOrdinal(xId, yId) <= 0 ? (xId, yId) : (yId, xId);
                    Hit(code, ocid, $"{x.Lot}|{a}|{b}", a, b);
                }
            }
        }
    }

    private readonly List<LineBid> _pairBids = [];
    private readonly List<List<string>> _signs = [];

    /// <summary>Whether two short lists share an element (ordinal).</summary>
    private static bool Overlap(List<string> a, List<string> b)
    {
        foreach (var x in a)
        {
            foreach (var y in b)
            {
                if (string.Equals(x, y, StringComparison.Ordinal))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>A bid's creator unit id, unless it is the buyer's or the agency's (bidders reuse the tender documents' template).</summary>
    private static string? Creator(JsonElement bid, string? buyer, string? entity)
    {
        var id = Json.Str(Json.Obj(Json.Obj(bid, "fingerprint"), "creatorUnit"), "id");
        return id is null || id == buyer || id == entity ? null : id;
    }

    /// <summary>The normalised marks a pair rule compares, each prefixed by its kind.</summary>
    private void Signs(string code, JsonElement bid, string? creator, List<string> signs)
    {
        var fingerprint = Json.Obj(bid, "fingerprint");
        switch (code)
        {
            case "TRD-SAME-AUTHOR":
                var ignore = _ignoredAuthors ??= (_settings.Set(code, "ignore_authors") ?? new HashSet<string>()).Select(a => a.Trim().ToUpperInvariant()).ToHashSet(StringComparer.Ordinal);
                if (Json.Str(fingerprint, "author")?.Trim().ToUpperInvariant() is { Length: > 0 } author && !ignore.Contains(author))
                {
                    signs.Add("author:" + author);
                }

                if (creator is { } unit)
                {
                    signs.Add("unit:" + unit);
                }

                break;
            case "TRD-SAME-PERSON":
                foreach (var role in new[] { "agent", "projectManager" })
                {
                    if (Json.Str(Json.Obj(bid, role), "id")?.Trim().ToUpperInvariant() is { Length: > 0 } person)
                    {
                        signs.Add(person);
                    }
                }

                break;
            case "TRD-SAME-DEVICE":
                var ignoreMacs = _settings.Set(code, "ignore_macs") ?? new HashSet<string>();
                foreach (var mac in Json.Items(Json.Arr(fingerprint, "macs")))
                {
                    if (mac.ValueKind == JsonValueKind.String && new string([.. mac.GetString()!.Where(char.IsAsciiHexDigit)]).ToUpperInvariant() is { Length: 12 } hex && !ignoreMacs.Contains(hex))
                    {
                        signs.Add("mac:" + hex);
                    }
                }

                var kinds = _settings.Set(code, "kinds") ?? new HashSet<string>();
                foreach (var machine in Json.Items(Json.Arr(fingerprint, "machineCodes")))
                {
                    if (Json.Str(machine, "kind")?.ToLowerInvariant() is { } kind && kinds.Contains(kind) && Json.Str(machine, "value")?.Trim().ToUpperInvariant() is { Length: > 0 } value)
                    {
                        signs.Add(kind + ":" + value);
                    }
                }

                break;
            case "TRD-SAME-IP":
                if (Json.Str(fingerprint, "uploadIp") is { } text && IPAddress.TryParse(text.Trim(), out var ip) && !Ignored(ip))
                {
                    signs.Add(ip.ToString().ToLowerInvariant());
                }

                break;
            case "TRD-SAME-DEPOSIT":
                if (Json.Str(Json.Obj(bid, "deposit"), "payerAccount") is { } account && new string([.. account.Where(char.IsAsciiDigit)]) is { Length: > 0 } digits)
                {
                    signs.Add(digits);
                }

                break;
            case "TRD-SAME-ANOMALY":
                if (Json.Str(fingerprint, "fileHash") is { Length: 64 } hash && hash.All(char.IsAsciiHexDigit))
                {
                    signs.Add("hash:" + hash.ToLowerInvariant());
                }

                foreach (var quirk in Json.Items(Json.Arr(fingerprint, "quirks")))
                {
                    if (quirk.ValueKind == JsonValueKind.String && quirk.GetString()!.Trim() is { Length: > 0 } token)
                    {
                        signs.Add("quirk:" + token);
                    }
                }

                break;
        }
    }

    private List<IPNetwork>? _ignoredNetworks;
    private HashSet<string>? _ignoredAuthors;

    /// <summary>Whether an upload address is inside the ignored networks (the centre's own 投标区).</summary>
    private bool Ignored(IPAddress ip)
    {
        _ignoredNetworks ??= [.. (_settings.Set("TRD-SAME-IP", "ignore_networks") ?? new HashSet<string>())
            .Select(n => IPNetwork.TryParse(n.Trim(), out var net) ? net : (IPNetwork?)null).OfType<IPNetwork>()];
        var address = ip.IsIPv4MappedToIPv6 ? ip.MapToIPv4() : ip;
        return _ignoredNetworks.Any(n => n.Contains(address));
    }
}
