using System.Globalization;
using System.Net;
using Sunlight.Core.Calendar;

namespace Sunlight.Trading.Flags;

/// <summary>The six further OCP flags and every TRD- rule evaluated on one process (trading-flags.md, "Rules").</summary>
internal sealed partial class FlagRun
{
    private void R031(FlagLine line, string ocid)
    {
        if (!PriceCompared(line))
        {
            return;
        }

        var threshold = (decimal)(_settings.Number("R031", "threshold") ?? 0.01);
        var tender = line.Tender;
        var active = _lineActive;
        double? highest = null;
        foreach (var award in active)
        {
            if (award.Value is not { Decimal: { } amount, Currency: { } currency })
            {
                continue;
            }

            var lot = award.Lot;
            var estimateValue = lot.Length > 0 ? tender?.Lot(lot)?.Value : active.Count == 1 ? tender?.Value : null;
            if (estimateValue is not { Decimal: { } estimate } || estimate <= 0 || estimateValue.Currency != currency)
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

    private void R061(FlagLine line, string ocid)
    {
        if (!InMethods(line.Tender, _settings.Set("R061", "procurement_methods")) || line.Tender?.PeriodEnd?.At is not { } end)
        {
            return;
        }

        DateTimeOffset? earliest = null;
        foreach (var award in line.Awards ?? [])
        {
            if (award.Status == "active" && award.Date?.At is { } at && (earliest is null || at < earliest))
            {
                earliest = at;
            }
        }

        if (earliest is { } first && ChinaDays.Between(end, first) < (_settings.Integer("R061", "threshold") ?? 2))
        {
            Set(Ocid, ocid, "R061", 1.0);
            Hit("R061", ocid, "");
        }
    }

    private void R069(FlagLine line, string ocid)
    {
        double? highest = null;
        foreach (var contract in line.Contracts)
        {
            if (contract.Amendments == 0)
            {
                continue;
            }

            if (contract.Value is { Decimal: { } now, Currency: { } currency } && contract.OriginalValue is { Decimal: { } before } original && before > 0
                && original.Currency == currency && now > before)
            {
                var growth = (double)((now - before) / before);
                highest = highest is null ? growth : Math.Max(highest.Value, growth);
                Hit("R069", ocid, contract.Id ?? "");
            }
        }

        if (highest is { } h)
        {
            Set(Ocid, ocid, "R069", h);
        }
    }

    /// <summary>The TRD- rule of a code evaluated on one process (null for the pair rules, run together by <see cref="PairRules"/>).</summary>
    private Action<FlagLine, string>? Trd(string code) => code switch
    {
        "TRD-BID-PERIOD" => BidPeriod,
        "TRD-AMEND-LATE" => AmendLate,
        "TRD-OPENING-TIME" => OpeningTime,
        "TRD-LATE-BID" => LateBid,
        "TRD-PUBLICITY-SHORT" => PublicityShort,
        "TRD-CONTRACT-LATE" => ContractLate,
        "TRD-GP-CONTRACT-PUBLISH" => ContractPublish,
        "TRD-FEW-BIDDERS" => FewBidders,
        "TRD-OVER-CEILING" => OverCeiling,
        "TRD-CONTRACT-MISMATCH" => ContractMismatch,
        "TRD-CONTRACT-TOPUP" => ContractTopUp,
        "TRD-PRICE-PATTERN" => PricePattern,
        "TRD-DEPOSIT-THIRD-PARTY" => DepositThirdParty,
        "TRD-EXPERT-NOT-DRAWN" => ExpertNotDrawn,
        "TRD-EXPERT-CONFLICT" => ExpertConflict,
        "TRD-SCORE-OUTLIER" => ScoreOutlier,
        _ => null,
    };

    private static void Guarded(Action<FlagLine, string> rule, FlagLine line, string ocid)
    {
        try
        {
            rule(line, ocid);
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
            return _calendar.CountWorkdays(ChinaTime.Day(from), ChinaTime.Day(to)) < need;
        }

        return ChinaDays.Between(from, to) < int.Parse(minimum, CultureInfo.InvariantCulture);
    }

    private void BidPeriod(FlagLine line, string ocid)
    {
        if (line.Tender is not { } tender || (tender.TradingKind == "works" && tender.MustTenderFalse))
        {
            return;
        }

        if (tender.ProcurementMethodDetails is { } details && _settings.Map("TRD-BID-PERIOD").TryGetValue(details, out var minimum)
            && tender.PeriodStart?.At is { } start && tender.PeriodEnd?.At is { } end && Short(start, end, minimum))
        {
            Flag("TRD-BID-PERIOD", ocid, "");
        }
    }

    private void AmendLate(FlagLine line, string ocid)
    {
        if (line.Tender is not { } tender || tender.ProcurementMethodDetails is not { } details || !_settings.Map("TRD-AMEND-LATE").TryGetValue(details, out var minimum)
            || tender.PeriodEnd?.At is not { } end)
        {
            return;
        }

        foreach (var amendment in tender.Amendments)
        {
            if (amendment.Substantive && amendment.Date?.At is { } at && Short(at, end, minimum))
            {
                Flag("TRD-AMEND-LATE", ocid, amendment.Id ?? "");
            }
        }
    }

    private void OpeningTime(FlagLine line, string ocid)
    {
        var tender = line.Tender;
        if (!OpenOrSelective(tender) || tender!.PeriodEnd?.At is not { } end || tender.Opening?.At is not { } opening)
        {
            return;
        }

        var grace = _settings.Integer("TRD-OPENING-TIME", "grace_minutes") ?? 60;
        if (opening < end || opening > end.AddMinutes(grace))
        {
            Flag("TRD-OPENING-TIME", ocid, "");
        }
    }

    private void LateBid(FlagLine line, string ocid)
    {
        if (line.Tender?.PeriodEnd?.At is not { } end)
        {
            return;
        }

        foreach (var b in _lineBids)
        {
            if (b.Status is "valid" or "pending" && b.Date?.At is { } at && at > end)
            {
                Flag("TRD-LATE-BID", ocid, b.Lot, b.Id ?? "");
            }
        }
    }

    private void PublicityShort(FlagLine line, string ocid)
    {
        if (line.Tender?.TradingKind != "works")
        {
            return;
        }

        var minimum = _settings.Integer("TRD-PUBLICITY-SHORT", "minimum_days") ?? 3;
        foreach (var award in line.Awards ?? [])
        {
            if (award.PublicityStart?.At is { } start && award.PublicityEnd?.At is { } end && ChinaDays.Between(start, end) < minimum)
            {
                Flag("TRD-PUBLICITY-SHORT", ocid, award.Id ?? "");
            }
        }
    }

    /// <summary>A contract's award: by <c>awardID</c>, else the only active award.</summary>
    private FlagAward? AwardOf(FlagLine line, FlagContract contract)
    {
        if (contract.AwardId is { } awardId)
        {
            foreach (var award in line.Awards ?? [])
            {
                if (award.Id == awardId)
                {
                    return award;
                }
            }

            return null;
        }

        return _lineActive.Count == 1 ? _lineActive[0] : null;
    }

    private void ContractLate(FlagLine line, string ocid)
    {
        var maximum = _settings.Integer("TRD-CONTRACT-LATE", "maximum_days") ?? 30;
        foreach (var contract in line.Contracts)
        {
            var award = AwardOf(line, contract);
            if (award?.Date?.At is { } awarded && contract.DateSigned?.At is { } signed && ChinaDays.Between(awarded, signed) > maximum)
            {
                Flag("TRD-CONTRACT-LATE", ocid, award.Id ?? "");
            }
        }
    }

    private void ContractPublish(FlagLine line, string ocid)
    {
        if (line.Tender?.TradingKind != "government-procurement")
        {
            return;
        }

        var maximum = _settings.Integer("TRD-GP-CONTRACT-PUBLISH", "maximum_working_days") ?? 2;
        foreach (var contract in line.Contracts)
        {
            if (contract.DateSigned?.At is not { } signed)
            {
                continue;
            }

            DateTimeOffset? published = null;
            foreach (var (type, when) in contract.Documents)
            {
                if (type == "contractSigned" && when?.At is { } at && (published is null || at < published))
                {
                    published = at;
                }
            }

            if (published is { } p && _calendar.CountWorkdays(ChinaTime.Day(signed), ChinaTime.Day(p)) > maximum)
            {
                Flag("TRD-GP-CONTRACT-PUBLISH", ocid, contract.Id ?? "");
            }
        }
    }

    private void FewBidders(FlagLine line, string ocid)
    {
        if (!OpenOrSelective(line.Tender))
        {
            return;
        }

        var minimum = _settings.Integer("TRD-FEW-BIDDERS", "minimum_tenderers") ?? 3;
        var awarded = _lineActive.Select(a => a.Lot).ToHashSet(StringComparer.Ordinal);
        foreach (var lot in awarded)
        {
            var tenderers = new HashSet<string>(StringComparer.Ordinal);
            foreach (var b in _lineBids)
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
    private static Money? Ceiling(FlagTender? tender, string lot) => (lot.Length > 0 ? tender?.Lot(lot)?.MaxPrice : null) ?? tender?.MaxPrice;

    private void OverCeiling(FlagLine line, string ocid)
    {
        var tender = line.Tender;
        foreach (var b in _lineBids)
        {
            if (b.Status == "valid" && Above(tender, b.Value, b.Lot))
            {
                Flag("TRD-OVER-CEILING", ocid, b.Lot, b.Id ?? "");
            }
        }

        foreach (var award in line.Awards ?? [])
        {
            if (award.Status == "active" && Above(tender, award.Value, award.Lot))
            {
                Flag("TRD-OVER-CEILING", ocid, award.Lot);
            }
        }
    }

    private static bool Above(FlagTender? tender, Money? value, string lot) =>
        value is { Fen: { } amount, Currency: { } currency } && Ceiling(tender, lot) is { Fen: { } max } ceiling && ceiling.Currency == currency && amount > max;

    private void ContractMismatch(FlagLine line, string ocid)
    {
        var tolerance = (decimal)(_settings.Number("TRD-CONTRACT-MISMATCH", "tolerance") ?? 0.0);
        foreach (var contract in line.Contracts)
        {
            var signed = contract.OriginalValue ?? contract.Value;
            var awarded = AwardOf(line, contract)?.Value;
            if (signed is { Decimal: { } a } && awarded is { Decimal: { } b } && signed.Currency == awarded.Currency && Math.Abs(a - b) > tolerance)
            {
                Flag("TRD-CONTRACT-MISMATCH", ocid, contract.Id ?? "");
            }
        }
    }

    private void ContractTopUp(FlagLine line, string ocid)
    {
        if (line.Tender?.TradingKind != "government-procurement")
        {
            return;
        }

        var share = (decimal)(_settings.Number("TRD-CONTRACT-TOPUP", "share") ?? 0.1);
        foreach (var contract in line.Contracts)
        {
            if (contract.Value is { Fen: { } now } value && contract.OriginalValue is { Fen: { } before } original && value.Currency == original.Currency && now - before > share * before)
            {
                Flag("TRD-CONTRACT-TOPUP", ocid, contract.Id ?? "");
            }
        }
    }

    private void PricePattern(FlagLine line, string ocid)
    {
        if (!PriceCompared(line))
        {
            return;
        }

        // The valid priced bids by lot and currency — groups in the order they first appear, each in ascending
        // amounts, equal amounts in bid order (a stable sort: the bid a pattern names does not depend on the sort).
        var bids = _priceScratch;
        bids.Clear();
        foreach (var b in _lineBids)
        {
            if (b.Status == "valid" && b.Tenderers.Count > 0 && b.Value is { Currency: { } currency, Fen: { } fen })
            {
                var group = bids.FindIndex(x => x.Lot == b.Lot && x.Currency == currency);
                bids.Add((b.Lot, currency, fen, b, group < 0 ? bids.Count : bids[group].Group, bids.Count));
            }
        }

        if (bids.Count < 3)
        {
            return;
        }

        var tolerance = (Int128)(_settings.Integer("TRD-PRICE-PATTERN", "tolerance_fen") ?? 1);
        bids.Sort(static (x, y) => x.Group != y.Group ? x.Group.CompareTo(y.Group) : x.Fen != y.Fen ? x.Fen.CompareTo(y.Fen) : x.Order.CompareTo(y.Order));
        for (var i = 0; i + 2 < bids.Count; i++)
        {
            var (x, y, z) = (bids[i], bids[i + 1], bids[i + 2]);
            if (x.Group != z.Group)
            {
                continue;
            }

            var (a, b, c) = ((Int128)x.Fen, (Int128)y.Fen, (Int128)z.Fen);
            if (!(a < b && b < c))
            {
                continue;
            }

            if (Int128.Abs((b - a) - (c - b)) <= tolerance || Int128.Abs((b * b) - (a * c)) <= tolerance * (a + c))
            {
                Set(Ocid, ocid, "TRD-PRICE-PATTERN", 1.0);
                FlagBid[] three = [x.Bid, y.Bid, z.Bid];
                foreach (var id in three.SelectMany(t => t.Tenderers))
                {
                    Set(Tenderer, id, "TRD-PRICE-PATTERN", 1.0);
                }

                Hit("TRD-PRICE-PATTERN", ocid, x.Lot, [.. three.Select(t => t.Id ?? "")]);
            }
        }
    }

    private readonly List<(string Lot, string Currency, long Fen, FlagBid Bid, int Group, int Order)> _priceScratch = [];

    private void DepositThirdParty(FlagLine line, string ocid)
    {
        _ = line;
        foreach (var b in _lineBids)
        {
            if (b.Submitted && b.DepositForm is "transfer" or "cash" && b.DepositPayerId is { } payer && !b.Tenderers.Contains(payer))
            {
                Set(Ocid, ocid, "TRD-DEPOSIT-THIRD-PARTY", 1.0);
                foreach (var id in b.Tenderers)
                {
                    Set(Tenderer, id, "TRD-DEPOSIT-THIRD-PARTY", 1.0);
                }

                Hit("TRD-DEPOSIT-THIRD-PARTY", ocid, b.Lot, b.Id ?? "");
            }
        }
    }

    private void ExpertNotDrawn(FlagLine line, string ocid)
    {
        foreach (var committee in line.Tender?.Committees ?? [])
        {
            foreach (var member in committee.Members)
            {
                if (member.Role == "expert" && !member.Drawn)
                {
                    Flag("TRD-EXPERT-NOT-DRAWN", ocid, committee.Id ?? "");
                }
            }
        }
    }

    private void ExpertConflict(FlagLine line, string ocid)
    {
        if (line.Tender is not { Committees.Count: > 0 } tender)
        {
            return;
        }

        foreach (var committee in tender.Committees)
        {
            foreach (var member in committee.Members)
            {
                if (member.Role == "expert" && member.OrganizationId is { } org && Conflicted(org, line.BuyerId, tender.ProcuringEntityId, committee.Lots))
                {
                    Flag("TRD-EXPERT-CONFLICT", ocid, committee.Id ?? "");
                }
            }
        }
    }

    /// <summary>Whether an organisation is the buyer, the agency or a tenderer of a submitted bid in the committee's lots (all lots when it names none).</summary>
    private bool Conflicted(string org, string? buyer, string? entity, List<string> lots)
    {
        if (org == buyer || org == entity)
        {
            return true;
        }

        foreach (var b in _lineBids)
        {
            if (b.Submitted && (lots.Count == 0 || lots.Contains(b.Lot)) && b.Tenderers.Contains(org))
            {
                return true;
            }
        }

        return false;
    }

    private void ScoreOutlier(FlagLine line, string ocid)
    {
        _ = line;
        var maxDeviation = _settings.Number("TRD-SCORE-OUTLIER", "max_deviation") ?? 0.2;
        foreach (var b in _lineBids)
        {
            var totals = b.ScoreTotals;
            if (!b.Submitted || totals.Count < 3)
            {
                continue;
            }

            var mean = totals.Average();
            if (mean > 0 && Deviates(totals, mean, maxDeviation * mean))
            {
                Flag("TRD-SCORE-OUTLIER", ocid, b.Lot, b.Id ?? "");
            }
        }
    }

    private static bool Deviates(List<double> totals, double mean, double limit)
    {
        foreach (var t in totals)
        {
            if (Math.Abs(t - mean) > limit)
            {
                return true;
            }
        }

        return false;
    }

    // ---- 串标 presumed by 实施条例 §40: pairs of bids of one lot from different tenderers ----

    private static readonly string[] PairCodes = ["TRD-SAME-AUTHOR", "TRD-SAME-PERSON", "TRD-SAME-DEVICE", "TRD-SAME-IP", "TRD-SAME-DEPOSIT", "TRD-SAME-ANOMALY"];

    private string[]? _pairCodes;

    /// <summary>Every enabled pair rule, in one pass over the pairs of bids of each lot.</summary>
    private void PairRules(FlagLine line, string ocid)
    {
        _pairCodes ??= [.. PairCodes.Where(_on.Contains)];
        if (_pairCodes.Length == 0)
        {
            return;
        }

        var bids = _pairBids;
        bids.Clear();
        foreach (var b in _lineBids)
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

        var buyer = line.BuyerId;
        var entity = line.Tender?.ProcuringEntityId;
        while (_signs.Count < bids.Count)
        {
            _signs.Add(new List<(string, string)>(4));
        }

        var creators = new string?[bids.Count];
        for (var i = 0; i < bids.Count; i++)
        {
            creators[i] = Creator(bids[i], buyer, entity);
        }

        // The pairs that may share a mark: the same lot, no tenderer in common (decided once for the six rules).
        var n = bids.Count;
        var apart = new bool[n * n];
        var anyApart = false;
        for (var i = 0; i < n; i++)
        {
            for (var j = i + 1; j < n; j++)
            {
                apart[(i * n) + j] = bids[i].Lot == bids[j].Lot && !bids[i].Keys.AsSpan().ContainsAny(bids[j].Keys);
                anyApart |= apart[(i * n) + j];
            }
        }

        if (!anyApart)
        {
            return;
        }

        foreach (var code in _pairCodes)
        {
            var marked = 0;
            for (var i = 0; i < bids.Count; i++)
            {
                var list = _signs[i];
                list.Clear();
                Signs(code, bids[i], creators[i], list);
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
                    if (!apart[(i * n) + j])
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

    private readonly List<FlagBid> _pairBids = [];
    private readonly List<List<(string Kind, string Value)>> _signs = [];

    /// <summary>Whether two short lists share an element (ordinal).</summary>
    private static bool Overlap(List<(string Kind, string Value)> a, List<(string Kind, string Value)> b)
    {
        foreach (var x in a)
        {
            foreach (var y in b)
            {
                if (x == y)
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>A bid's creator unit id, unless it is the buyer's or the agency's (bidders reuse the tender documents' template).</summary>
    private static string? Creator(FlagBid bid, string? buyer, string? entity)
    {
        var id = bid.Fingerprint?.CreatorUnitId;
        return id is null || id == buyer || id == entity ? null : id;
    }

    /// <summary>The normalised marks a pair rule compares, each with its kind (author and unit, MAC and each machine-code kind, hash and quirk stay apart).</summary>
    private void Signs(string code, FlagBid bid, string? creator, List<(string Kind, string Value)> signs)
    {
        var fingerprint = bid.Fingerprint;
        switch (code)
        {
            case "TRD-SAME-AUTHOR":
                var ignore = _ignoredAuthors ??= (_settings.Set(code, "ignore_authors") ?? new HashSet<string>()).Select(a => a.Trim().ToUpperInvariant()).ToHashSet(StringComparer.Ordinal);
                if (fingerprint?.Author is { } rawAuthor && Upper(rawAuthor) is { } author && !ignore.Contains(author))
                {
                    signs.Add(("author", author));
                }

                if (creator is { } unit)
                {
                    signs.Add(("unit", unit));
                }

                break;
            case "TRD-SAME-PERSON":
                if (bid.AgentId is { } rawAgent && Upper(rawAgent) is { } agent)
                {
                    signs.Add(("", agent));
                }

                if (bid.ProjectManagerId is { } rawManager && Upper(rawManager) is { } manager)
                {
                    signs.Add(("", manager));
                }

                break;
            case "TRD-SAME-DEVICE":
                var ignoreMacs = _ignoredMacs ??= _settings.Set(code, "ignore_macs") ?? new HashSet<string>();
                foreach (var mac in fingerprint?.Macs ?? [])
                {
                    if (Mac(mac) is { } hex && !ignoreMacs.Contains(hex))
                    {
                        signs.Add(("mac", hex));
                    }
                }

                var kinds = _deviceKinds ??= _settings.Set(code, "kinds") ?? new HashSet<string>();
                foreach (var machine in fingerprint?.MachineCodes ?? [])
                {
                    if (machine.Kind is { } rawKind && Lower(rawKind) is { } kind && kinds.Contains(kind) && machine.Value is { } rawValue && Upper(rawValue) is { } value)
                    {
                        signs.Add((kind, value));
                    }
                }

                break;
            case "TRD-SAME-IP":
                if (fingerprint?.UploadIp is { } text && Address(text) is { } address)
                {
                    signs.Add(("", address));
                }

                break;
            case "TRD-SAME-DEPOSIT":
                if (bid.DepositAccount is { } account && Digits(account) is { } digits)
                {
                    signs.Add(("", digits));
                }

                break;
            case "TRD-SAME-ANOMALY":
                if (fingerprint?.FileHash is { Length: 64 } hash && !hash.AsSpan().ContainsAnyExcept(HexDigits))
                {
                    signs.Add(("hash", hash.ToLowerInvariant()));
                }

                foreach (var quirk in fingerprint?.Quirks ?? [])
                {
                    if (quirk.Trim() is { Length: > 0 } token)
                    {
                        signs.Add(("quirk", token));
                    }
                }

                break;
        }
    }

    /// <summary>Trimmed, upper case; null when empty.</summary>
    private static string? Upper(string raw)
    {
        var text = raw.AsSpan().Trim();
        if (text.IsEmpty)
        {
            return null;
        }

        // Most marks are ASCII and CJK ideographs, which have no case: only a-z change (a copy only when one is there).
        if (!text.ContainsAnyExcept(AsciiOrIdeograph))
        {
            return !text.ContainsAnyInRange('a', 'z') ? (text.Length == raw.Length ? raw : new string(text)) : string.Create(text.Length, raw.Trim(), static (span, t) =>
            {
                for (var i = 0; i < t.Length; i++)
                {
                    span[i] = char.IsAsciiLetterLower(t[i]) ? (char)(t[i] - 32) : t[i];
                }
            });
        }

        return raw.Trim().ToUpperInvariant();
    }

    private static readonly System.Buffers.SearchValues<char> AsciiOrIdeograph = System.Buffers.SearchValues.Create(
        string.Concat(Enumerable.Range(0, 0x80).Select(c => (char)c)) + string.Concat(Enumerable.Range(0x4E00, 0x9FFF - 0x4E00 + 1).Select(c => (char)c)));

    private static string? Lower(string raw) => raw.ToLowerInvariant();

    /// <summary>An upload address in its canonical form, null when not an address or inside the ignored networks.</summary>
    private string? Address(string raw)
    {
        if (!IPAddress.TryParse(raw.AsSpan().Trim(), out var ip) || Ignored(ip))
        {
            return null;
        }

        // A dotted IPv4 address already in canonical form is its own text.
        Span<char> canonical = stackalloc char[64];
        return ip.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork && ip.TryFormat(canonical, out var written) && canonical[..written].SequenceEqual(raw)
            ? raw
            : ip.ToString().ToLowerInvariant();
    }

    private static readonly System.Buffers.SearchValues<char> HexDigits = System.Buffers.SearchValues.Create("0123456789abcdefABCDEF");

    /// <summary>A MAC address's twelve hex digits, upper case (any separators dropped), else null.</summary>
    private static string? Mac(string text)
    {
        Span<char> hex = stackalloc char[12];
        var n = 0;
        foreach (var c in text)
        {
            if (char.IsAsciiHexDigit(c))
            {
                if (n == 12)
                {
                    return null;
                }

                hex[n++] = char.ToUpperInvariant(c);
            }
        }

        return n == 12 ? new string(hex) : null;
    }

    /// <summary>The ASCII digits of an account number (spaces and dashes dropped), else null when it has none.</summary>
    private static string? Digits(string text)
    {
        if (!text.AsSpan().ContainsAnyExcept(AsciiDigits))
        {
            return text.Length > 0 ? text : null;
        }

        var digits = new System.Text.StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (char.IsAsciiDigit(c))
            {
                digits.Append(c);
            }
        }

        return digits.Length > 0 ? digits.ToString() : null;
    }

    private static readonly System.Buffers.SearchValues<char> AsciiDigits = System.Buffers.SearchValues.Create("0123456789");
    private IReadOnlySet<string>? _ignoredMacs;
    private IReadOnlySet<string>? _deviceKinds;

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
