using System.Globalization;
using System.Text.Json;
using Sunlight.Core.Calendar;

namespace Sunlight.Trading.Flags;

/// <summary>One flag raised on one process: the rule, the process, the alert key (lot, pair <c>lot|bidA|bidB</c>, award id), the bids it names.</summary>
internal sealed record FlagHit(string Code, string Ocid, string Key, IReadOnlyList<string> Bids);

/// <summary>
/// The red flags of trading-flags.md over compiled releases, one line at a time: per-process rules as each line is
/// added, cross-process rules (R024 R025 R038 R048 R058 R034 R053 R057 TRD-EXPERT-REPEAT) from compact state —
/// interned ids and numbers, never whole releases — when the run finishes. The command and the rule host share it.
/// </summary>
internal sealed partial class FlagRun
{
    public const string Ocid = "OCID";
    public const string Buyer = "Buyer";
    public const string ProcuringEntity = "ProcuringEntity";
    public const string Tenderer = "Tenderer";

    private readonly FlagSettings _settings;
    private readonly WorkCalendar _calendar;
    private readonly Dictionary<string, Dictionary<string, Dictionary<string, double>>> _results = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Dictionary<string, double?>> _meta = new(StringComparer.Ordinal);

    /// <summary>Per-process hits with their keys and bids (the rule host's alerts); the command only needs <see cref="Results"/>.</summary>
    public List<FlagHit>? Hits { get; init; }

    public FlagRun(FlagSettings settings, WorkCalendar calendar)
    {
        _settings = settings;
        _calendar = calendar;
        _exclusions = settings.Exclusions;
        _priceIn = settings.PriceComparison;
        _priceOut = settings.NoPriceComparison;
        _currency = settings.Currency;
        foreach (var code in settings.EnabledRules)
        {
            _on.Add(code);
        }

        _dStep = _on.Contains("R024") || _on.Contains("R058");
        _rules = [.. _on.Select(Rule).OfType<Action<FlagLine, string>>()];
    }

    /// <summary>The per-line step of each enabled rule (the pair rules, R036 and the d step run apart).</summary>
    private readonly Action<FlagLine, string>[] _rules;

    private Action<FlagLine, string>? Rule(string code) => code switch
    {
        "R003" => R003,
        "R018" => R018,
        "R025" => (line, _) => FoldR025(line),
        "R028" => R028,
        "R030" => R030,
        "R035" => R035,
        "R038" => (line, _) => FoldR038(line),
        "R048" => (line, _) => FoldR048(line),
        "R031" => R031,
        "R034" => FoldR034,
        "R053" => (line, _) => FoldR053(line),
        "R057" => FoldR057,
        "R061" => R061,
        "R069" => R069,
        "TRD-EXPERT-REPEAT" => FoldExpertRepeat,
        _ when code.StartsWith("TRD-", StringComparison.Ordinal) => Trd(code) is { } rule ? (line, ocid) => Guarded(rule, line, ocid) : null,
        _ => null,
    };

    private readonly HashSet<string> _on = new(StringComparer.Ordinal);
    private readonly IReadOnlySet<string> _exclusions;
    private readonly IReadOnlySet<string>? _priceIn;
    private readonly IReadOnlySet<string>? _priceOut;
    private readonly bool _dStep;
    private string? _currency;

    /// <summary>Lines read and lines counted.</summary>
    public long Lines { get; private set; }

    public long Counted { get; private set; }

    /// <summary>The results so far: group → id → code → value.</summary>
    public IReadOnlyDictionary<string, Dictionary<string, Dictionary<string, double>>> Results => _results;

    public IReadOnlyDictionary<string, Dictionary<string, double?>> Meta => _meta;

    private void Set(string group, string id, string code, double value)
    {
        if (!_results.TryGetValue(group, out var ids))
        {
            ids = _results[group] = new Dictionary<string, Dictionary<string, double>>(StringComparer.Ordinal);
        }

        if (!ids.TryGetValue(id, out var codes))
        {
            codes = ids[id] = new Dictionary<string, double>(StringComparer.Ordinal);
        }

        codes[code] = value;
    }

    private void Hit(string code, string ocid, string key, params string[] bids) => Hits?.Add(new FlagHit(code, ocid, key, bids));

    /// <summary>Joins the results, statistics and hits of a run of other rules over the same lines (its codes are not this run's).</summary>
    public void Absorb(FlagRun other)
    {
        ArgumentNullException.ThrowIfNull(other);
        foreach (var (group, ids) in other._results)
        {
            foreach (var (id, codes) in ids)
            {
                foreach (var (code, value) in codes)
                {
                    Set(group, id, code, value);
                }
            }
        }

        foreach (var (code, entries) in other._meta)
        {
            _meta[code] = entries;
        }

        if (other.Hits is { } hits)
        {
            Hits?.AddRange(hits);
        }
    }

    /// <summary>Whether a line counts (trading-flags.md "Line").</summary>
    private bool Counts(FlagLine line) =>
        line.IsObject && line.Ocid is not null && line.Tender?.Status != "cancelled"
        && (line.Tender?.ProcurementMethodDetails is not { } details || !_exclusions.Contains(details));

    /// <summary>Cardinal's price filter: the allow list when set, else the deny list.</summary>
    private bool PriceCompared(FlagLine line)
    {
        var details = line.Tender?.ProcurementMethodDetails;
        if (_priceIn is { Count: > 0 } allow)
        {
            return details is not null && allow.Contains(details);
        }

        return details is null || _priceOut is null || !_priceOut.Contains(details);
    }

    /// <summary>The main currency: the setting, else the first currency met by the d step or R036.</summary>
    private bool MainCurrency(string currency) => (_currency ??= currency) == currency;

    /// <summary>Adds one compiled release given as UTF-8 JSON (a line of the file); throws <see cref="JsonException"/> when it is not JSON.</summary>
    public void Add(ReadOnlySpan<byte> utf8) => Add(FlagLine.Read(utf8));

    /// <summary>Adds one compiled release (a process in the rule host).</summary>
    public void Add(JsonElement release) => Add(System.Runtime.InteropServices.JsonMarshal.GetRawUtf8Value(release));

    /// <summary>Adds one compiled release, read.</summary>
    public void Add(FlagLine line)
    {
        ArgumentNullException.ThrowIfNull(line);
        Lines++;
        if (!Counts(line))
        {
            return;
        }

        Counted++;
        var ocid = line.Ocid!;
        ReadLine(line);
        if (_dStep)
        {
            FoldD(line, ocid);
        }

        foreach (var rule in _rules)
        {
            rule(line, ocid);
        }

        PairRules(line, ocid);

        // R036 after the d step (it may fix the main currency after it), as in cardinal.
        if (_on.Contains("R036"))
        {
            R036(line, ocid);
        }
    }

    // ---- common definitions ----

    /// <summary>Complete awards: null when the process is excluded (no awards or bid details, or an award of another status than active/cancelled/unsuccessful). Read once per line.</summary>
    private List<FlagAward>? CompleteAwards() => _lineExcluded ? null : _lineActive;

    private static bool InMethods(FlagTender? tender, IReadOnlySet<string>? methods) =>
        methods is null || methods.Count == 0 || (tender?.ProcurementMethod is { } m && methods.Contains(m));

    private static bool OpenOrSelective(FlagTender? tender) => tender?.ProcurementMethodDetails is "公开招标" or "邀请招标";

    // ---- cardinal's per-process indicators ----

    private void R003(FlagLine line, string ocid)
    {
        var tender = line.Tender;
        if (tender is null || !InMethods(tender, _settings.Set("R003", "procurement_methods")))
        {
            return;
        }

        if (Rfc3339(tender.PeriodStart?.Text) is not { } start || Rfc3339(tender.PeriodEnd?.Text) is not { } end)
        {
            return;
        }

        var seconds = (long)Math.Truncate((end - start).TotalSeconds);
        var days = seconds / 86_400;
        var threshold = _settings.Integer("R003", "threshold") ?? 15;
        if (tender.ProcurementMethodDetails is { } details && _settings.Map("R003").TryGetValue(details, out var mapped))
        {
            threshold = long.Parse(mapped, CultureInfo.InvariantCulture);
        }

        if (days < threshold)
        {
            Set(Ocid, ocid, "R003", 1.0);
            Hit("R003", ocid, "");
        }
    }

    /// <summary>chrono's RFC 3339: T, t or a space; seconds; optional fraction; Z, z or ±hh:mm.</summary>
    private static DateTimeOffset? Rfc3339(string? text)
    {
        if (text is null || text.Length < 20)
        {
            return null;
        }

        var normal = text.Replace('\u2212', '-');
        if (normal[10] is 't' or ' ')
        {
            normal = string.Concat(normal.AsSpan(0, 10), "T", normal.AsSpan(11));
        }

        if (normal.EndsWith('z'))
        {
            normal = normal[..^1] + "Z";
        }

        return Ocds.OcdsCheck.Instant(normal);
    }

    private void R018(FlagLine line, string ocid)
    {
        if (!InMethods(line.Tender, _settings.Set("R018", "procurement_methods")))
        {
            return;
        }

        if (line.Tender is { OneTenderer: true })
        {
            Set(Ocid, ocid, "R018", 1.0);
            Hit("R018", ocid, "");
        }
    }

    private void R028(FlagLine line, string ocid)
    {
        if (!PriceCompared(line))
        {
            return;
        }

        // The line's prices so far: (amount, currency) → the last bid's tenderer set (interned ids, ascending, distinct) and id.
        var prices = _r028Scratch;
        prices.Clear();
        foreach (var b in _lineBids)
        {
            if (!b.Submitted || !b.HasTenderers || b.Value?.F64 is not { } amount || b.Value.Currency is not { } currency || b.Keys.Length == 0)
            {
                continue;
            }

            var ids = SortedSet(b.Keys);
            var price = amount == 0 ? 0.0 : amount;
            var i = prices.Count - 1;
            while (i >= 0 && !(prices[i].Amount == price && prices[i].Currency == currency))
            {
                i--;
            }

            if (i >= 0 && !prices[i].Ids.AsSpan().SequenceEqual(ids))
            {
                Set(Ocid, ocid, "R028", 1.0);
                foreach (var id in ids.Concat(prices[i].Ids))
                {
                    Set(Tenderer, _names[id], "R028", 1.0);
                }

                Hit("R028", ocid, b.Lot, [.. new[] { prices[i].Bid, b.Id }.OfType<string>()]);
            }

            if (i >= 0)
            {
                prices[i] = (price, currency, ids, b.Id);
            }
            else
            {
                prices.Add((price, currency, ids, b.Id));
            }
        }
    }

    private readonly List<(double Amount, string Currency, int[] Ids, string? Bid)> _r028Scratch = [];

    /// <summary>Interned ids as a set: ascending, distinct (the array itself when it has one element).</summary>
    private static int[] SortedSet(int[] keys)
    {
        if (keys.Length == 1)
        {
            return keys;
        }

        var copy = keys.Distinct().ToArray();
        Array.Sort(copy);
        return copy;
    }

    private void R030(FlagLine line, string ocid)
    {
        var end = line.Tender?.PeriodEnd?.Text;
        if (end is null || line.Awards is not { } awards || line.Details is null)
        {
            return;
        }

        HashSet<string>? suppliers = null;
        foreach (var b in _lineBids)
        {
            if (b.Status == "valid" && b.Date?.Text is { } date && b.HasTenderers && CodePointCompare(date, end) > 0)
            {
                suppliers ??= awards.Where(a => a.Status == "active").SelectMany(a => a.Suppliers).ToHashSet(StringComparer.Ordinal);
                foreach (var id in b.Tenderers.Where(suppliers.Contains))
                {
                    Set(Ocid, ocid, "R030", 1.0);
                    Set(Tenderer, id, "R030", 1.0);
                    Hit("R030", ocid, b.Lot, b.Id ?? "");
                }
            }
        }
    }

    /// <summary>Compares as UTF-8 bytes (code points), as Rust compares strings.</summary>
    private static int CodePointCompare(string a, string b)
    {
        var x = a.EnumerateRunes().GetEnumerator();
        var y = b.EnumerateRunes().GetEnumerator();
        while (true)
        {
            var hasX = x.MoveNext();
            var hasY = y.MoveNext();
            if (!hasX || !hasY)
            {
                return hasX ? 1 : hasY ? -1 : 0;
            }

            var c = x.Current.Value.CompareTo(y.Current.Value);
            if (c != 0)
            {
                return c;
            }
        }
    }

    private void R035(FlagLine line, string ocid)
    {
        if (CompleteAwards() is not { } complete)
        {
            return;
        }

        // One valid tenderer only, who is the whole set of suppliers, with disqualified others.
        string? only = null;
        var many = false;
        foreach (var b in _lineBids)
        {
            if (b.HasTenderers && b.Status == "valid")
            {
                foreach (var id in b.Tenderers)
                {
                    many |= only is not null && only != id;
                    only ??= id;
                }
            }
        }

        if (only is null || many)
        {
            return;
        }

        foreach (var award in complete)
        {
            foreach (var s in award.Suppliers)
            {
                if (s != only)
                {
                    return;
                }
            }
        }

        if (!complete.Any(a => a.Suppliers.Count > 0))
        {
            return;
        }

        var disqualified = new HashSet<string>(StringComparer.Ordinal);
        foreach (var b in _lineBids)
        {
            if (b.HasTenderers && b.Status == "disqualified")
            {
                disqualified.UnionWith(b.Tenderers);
            }
        }

        disqualified.Remove(only);
        var threshold = Math.Max(_settings.Integer("R035", "threshold") ?? 1, 1);
        if (disqualified.Count >= threshold)
        {
            Set(Ocid, ocid, "R035", disqualified.Count);
            Set(Tenderer, only, "R035", 0.0);
            Hit("R035", ocid, "");
        }
    }

    private void R036(FlagLine line, string ocid)
    {
        if (!PriceCompared(line) || _lineActive.Count == 0)
        {
            return;
        }

        double? low = null;
        var lowDisqualified = false;
        var anyValid = false;
        string? lowBid = null;
        foreach (var b in _lineBids)
        {
            if (!b.Submitted || b.Value?.F64 is not { } amount || b.Value.Currency is not { } currency || !MainCurrency(currency))
            {
                continue;
            }

            var status = b.Status;
            if (low is null || amount < low)
            {
                low = amount;
                lowDisqualified = status == "disqualified";
                lowBid = b.Id;
            }

            anyValid |= status == "valid";
        }

        if (anyValid && lowDisqualified)
        {
            Set(Ocid, ocid, "R036", 1.0);
            Hit("R036", ocid, "", lowBid ?? "");
        }
    }
}
