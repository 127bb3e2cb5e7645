using System.Text.Json;

namespace Sunlight.Trading.Flags;

/// <summary>
/// The bids of the line being added, read once: most rules walk the bids, and reading a bid's status, id, lot,
/// tenderer ids and amount again in every rule cost more than the rules themselves (docs/performance.md). The
/// readings are cardinal's (trading-flags.md "Common definitions"): a value is used only when it has the expected
/// JSON type.
/// </summary>
internal sealed partial class FlagRun
{
    private sealed class LineBid
    {
        public JsonElement Bid;
        public string? Id;
        public string? Status;
        public bool Submitted;

        /// <summary>Whether <c>tenderers</c> is an array, and its length.</summary>
        public bool HasTenderers;
        public int TenderersLength;

        /// <summary>The string ids of the tenderers, in order (never changed by a rule).</summary>
        public List<string> Tenderers = [];
        public string Lot = "";

        /// <summary><c>value.amount</c> as f64 and <c>value.currency</c>, each when of the right type.</summary>
        public double? Amount;
        public string? Currency;
    }

    private readonly List<LineBid> _bidPool = [];
    private readonly List<LineBid> _lineBids = [];

    // The line's active awards (= its complete awards, cardinal's "complete": active ones), and whether cardinal
    // excludes the process from the award rules (no awards or no bid details, or an award of another status).
    private readonly List<JsonElement> _lineComplete = [];
    private bool _lineExcluded;

    /// <summary>Reads the bids and awards of <paramref name="release"/> (the line being added) once, reusing the objects of earlier lines.</summary>
    private void ReadBids(JsonElement release)
    {
        _lineComplete.Clear();
        var awards = Json.Arr(release, "awards");
        _lineExcluded = !awards.Has() || !Details(release).Has();
        foreach (var award in Json.Items(awards))
        {
            switch (Json.Str(award, "status"))
            {
                case null: break;
                case "active": _lineComplete.Add(award); break;
                case "cancelled" or "unsuccessful": break;
                default: _lineExcluded = true; break;
            }
        }

        _lineBids.Clear();
        var i = 0;
        foreach (var bid in Json.Items(Details(release)))
        {
            if (i == _bidPool.Count)
            {
                _bidPool.Add(new LineBid());
            }

            var b = _bidPool[i++];
            b.Bid = bid;
            b.Id = Json.Str(bid, "id");
            b.Status = Json.Str(bid, "status");
            b.Submitted = b.Status is { } s && s != "invited" && s != "withdrawn";
            var tenderers = Json.Arr(bid, "tenderers");
            b.HasTenderers = tenderers.Has();
            b.TenderersLength = Json.Count(tenderers);
            b.Tenderers = Json.Ids(tenderers);
            b.Lot = Json.Lot(bid);
            var value = Json.Obj(bid, "value");
            b.Amount = Json.F64(value, "amount");
            b.Currency = Json.Str(value, "currency");
            _lineBids.Add(b);
        }
    }

    /// <summary>The interned ids of the distinct tenderers of the line's submitted bids, ascending (R053, R057).</summary>
    private int[] TendererIds()
    {
        _idScratch.Clear();
        foreach (var b in _lineBids)
        {
            if (b.Submitted)
            {
                foreach (var id in b.Tenderers)
                {
                    _idScratch.Add(Intern(id));
                }
            }
        }

        _idScratch.Sort();
        var n = 0;
        for (var i = 0; i < _idScratch.Count; i++)
        {
            if (i == 0 || _idScratch[i] != _idScratch[i - 1])
            {
                _idScratch[n++] = _idScratch[i];
            }
        }

        return [.. _idScratch.GetRange(0, n)];
    }

    private readonly List<int> _idScratch = [];

    /// <summary>The bids of the line being added (read by <see cref="ReadBids"/>).</summary>
    private List<LineBid> Bids(JsonElement release)
    {
        _ = release;
        return _lineBids;
    }
}
