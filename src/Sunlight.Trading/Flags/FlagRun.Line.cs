namespace Sunlight.Trading.Flags;

/// <summary>
/// What several rules derive from the line being added, derived once: its bids, its active awards, and whether
/// cardinal excludes the process from the award rules (trading-flags.md "Common definitions").
/// </summary>
internal sealed partial class FlagRun
{
    private static readonly List<FlagBid> NoBids = [];
    private List<FlagBid> _lineBids = NoBids;

    // The line's active awards (= its complete awards, cardinal's "complete": active ones), and whether cardinal
    // excludes the process from the award rules (no awards or no bid details, or an award of another status).
    private readonly List<FlagAward> _lineActive = [];
    private bool _lineExcluded;

    private void ReadLine(FlagLine line)
    {
        _lineBids = line.Details ?? NoBids;
        _lineTenderers = null;
        foreach (var b in _lineBids)
        {
            if (b.Tenderers.Count > 0)
            {
                var keys = b.Keys = new int[b.Tenderers.Count];
                for (var i = 0; i < keys.Length; i++)
                {
                    keys[i] = Intern(b.Tenderers[i]);
                }
            }
        }

        _lineActive.Clear();
        _lineExcluded = line.Awards is null || line.Details is null;
        foreach (var award in line.Awards ?? [])
        {
            switch (award.Status)
            {
                case null: break;
                case "active": _lineActive.Add(award); break;
                case "cancelled" or "unsuccessful": break;
                default: _lineExcluded = true; break;
            }
        }
    }

    /// <summary>The interned ids of the distinct tenderers of the line's submitted bids, ascending (R053, R057).</summary>
    private int[] TendererIds() => _lineTenderers ??= ComputeTendererIds();

    private int[]? _lineTenderers;

    private int[] ComputeTendererIds()
    {
        _idScratch.Clear();
        foreach (var b in _lineBids)
        {
            if (b.Submitted)
            {
                _idScratch.AddRange(b.Keys);
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

    /// <summary>The supplier of the process's only active award, when it has exactly one supplier.</summary>
    private string? Winner() => _lineActive.Count == 1 ? _lineActive[0].OnlySupplier : null;
}
