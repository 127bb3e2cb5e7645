using Sunlight.Core.Calendar;

namespace Sunlight.Trading.Flags;

/// <summary>The cross-process state and the rules that read it, computed when the run finishes.</summary>
internal sealed partial class FlagRun
{
    // Interned ids: cross-process state holds integers, never releases.
    private readonly Dictionary<string, int> _ids = new(StringComparer.Ordinal);
    private readonly List<string> _names = [];

    private int Intern(string id)
    {
        if (!_ids.TryGetValue(id, out var n))
        {
            n = _ids[id] = _names.Count;
            _names.Add(id);
        }

        return n;
    }

    // d step (R024, R058): per ocid, d and the winner and runner-up.
    private readonly Dictionary<string, (double D, int Winner, int Runner)> _d = new(StringComparer.Ordinal);

    private void FoldD(FlagLine line, string ocid)
    {
        if (!PriceCompared(line) || CompleteAwards() is not { Count: 1 } complete || complete[0].OnlySupplier is not { } supplier)
        {
            return;
        }

        (string Id, double Amount)? winner = null, runner = null;
        foreach (var bid in _lineBids)
        {
            // Valid bids with exactly one tenderer with a string id, a numeric amount and a currency (the main one).
            if (bid.Status != "valid" || bid.Value is not { F64: { } amount, Currency: { } currency } || bid.TenderersLength != 1 || bid.Tenderers.Count != 1 || !MainCurrency(currency))
            {
                continue;
            }

            var tenderer = bid.Tenderers[0];

            if (tenderer == supplier)
            {
                if (winner is null || amount < winner.Value.Amount)
                {
                    winner = (tenderer, amount);
                }
            }
            else if (runner is null || amount < runner.Value.Amount)
            {
                runner = (tenderer, amount);
            }
        }

        if (winner is { } w && runner is { } r && r.Amount >= w.Amount)
        {
            _d[ocid] = ((r.Amount - w.Amount) / w.Amount, Intern(w.Id), Intern(r.Id));
        }
    }

    // R025: per tenderer, (wins, valid bids) over processes with one complete award with one supplier.
    private readonly Dense<(int W, int K)> _r025 = new();

    private void FoldR025(FlagLine line)
    {
        _ = line;
        if (CompleteAwards() is not { Count: 1 } complete || complete[0].OnlySupplier is not { } supplier)
        {
            return;
        }

        var valid = _idScratch;
        valid.Clear();
        foreach (var b in _lineBids)
        {
            if (b.Status == "valid" && b.TenderersLength == 1 && b.Tenderers.Count == 1 && !valid.Contains(b.Keys[0]))
            {
                valid.Add(b.Keys[0]);
            }
        }

        var winner = Intern(supplier);
        foreach (var id in valid)
        {
            ref var entry = ref _r025.At(id);
            entry = (entry.W + (id == winner ? 1 : 0), entry.K + 1);
        }
    }

    // R038: disqualified / submitted bids per buyer, procuring entity and tenderer.
    private readonly Dense<(long Num, long Den)> _r038Buyer = new();
    private readonly Dense<(long Num, long Den)> _r038Entity = new();
    private readonly Dense<(long Num, long Den)> _r038Tenderer = new();

    private static void AddFraction(Dense<(long Num, long Den)> map, int id, long num, long den)
    {
        ref var entry = ref map.At(id);
        entry = (entry.Num + num, entry.Den + den);
    }

    private void FoldR038(FlagLine line)
    {
        long submitted = 0, disqualified = 0;
        foreach (var b in _lineBids)
        {
            if (!b.Submitted)
            {
                continue;
            }

            submitted++;
            var inc = b.Status == "disqualified" ? 1 : 0;
            disqualified += inc;
            foreach (var id in b.Keys)
            {
                AddFraction(_r038Tenderer, id, inc, 1);
            }
        }

        if (submitted == 0)
        {
            return;
        }

        if (line.BuyerId is { } buyer)
        {
            AddFraction(_r038Buyer, Intern(buyer), disqualified, submitted);
        }

        if (line.Tender?.ProcuringEntityId is { } entity)
        {
            AddFraction(_r038Entity, Intern(entity), disqualified, submitted);
        }
    }

    // R048: per supplier, processes and distinct classification prefixes.
    private readonly Dense<(int Count, HashSet<string>? Prefixes)> _r048 = new();

    private void FoldR048(FlagLine line)
    {
        var digits = (int)Math.Clamp(_settings.Integer("R048", "digits") ?? 2, 0, int.MaxValue - 1);
        HashSet<int>? seen = null;
        foreach (var award in line.Awards ?? [])
        {
            if (award.Status != "active" || !award.HasItems || award.OnlySupplier is not { } supplier)
            {
                continue;
            }

            foreach (var cid in award.ClassificationIds)
            {
                if (cid is null)
                {
                    continue;
                }

                var n = Intern(supplier);
                ref var entry = ref _r048.At(n);
                entry.Prefixes ??= new HashSet<string>(StringComparer.Ordinal);
                if ((seen ??= []).Add(n))
                {
                    entry.Count++;
                }

                entry.Prefixes.Add(Prefix(cid, digits));
            }
        }
    }

    /// <summary>The first <paramref name="digits"/> characters (Unicode scalar values, as cardinal counts) of a classification id.</summary>
    private static string Prefix(string cid, int digits) =>
        cid.Length <= digits && !cid.AsSpan().ContainsAnyInRange('\ud800', '\udfff') ? cid
        : !cid.AsSpan(0, Math.Min(cid.Length, digits + 1)).ContainsAnyInRange('\ud800', '\udfff') ? cid[..Math.Min(cid.Length, digits)]
        : string.Concat(cid.EnumerateRunes().Take(digits).Select(r => r.ToString()));

    // R034 / R057: processes by a 128-bit hash of their tenderer set (and bid order); R053: co-bidding pairs packed in longs.
    private readonly List<string> _processes = [];
    private readonly List<(Int128 Key, int Process)> _r034 = [];
    private readonly List<(Int128 Set, int Size, int Winner, int Process)> _r057 = [];
    private readonly Dictionary<long, long> _r053 = new(PairKey.Instance);
    private string? _lastOcid;

    /// <summary>The index of the process being added (its ocid kept once, for the cross-process rules that name it).</summary>
    private int Process(string ocid)
    {
        if (!ReferenceEquals(_lastOcid, ocid))
        {
            _lastOcid = ocid;
            _processes.Add(ocid);
        }

        return _processes.Count - 1;
    }

    /// <summary>A 128-bit hash of a sequence of ids (two independent 64-bit mixes; collisions are beyond reach).</summary>
    private static Int128 Hash(IEnumerable<int> ids)
    {
        ulong a = 0x9E3779B97F4A7C15, b = 0xC2B2AE3D27D4EB4F;
        foreach (var id in ids)
        {
            a = (a ^ (uint)id) * 0x100000001B3UL;
            a ^= a >> 29;
            b = (b + (ulong)id + 0x165667B19E3779F9UL) * 0xFF51AFD7ED558CCDUL;
            b ^= b >> 31;
        }

        return new Int128(a, b);
    }

    private void FoldR034(FlagLine line, string ocid)
    {
        _ = line;
        // Each tenderer's first submission (interned id, UTC ticks); the line's tenderers are few, so a short list.
        var first = _r034Scratch;
        first.Clear();
        foreach (var b in _lineBids)
        {
            if (!b.Submitted)
            {
                continue;
            }

            if (b.Date?.At is not { } at)
            {
                return;
            }

            foreach (var id in b.Keys)
            {
                var i = first.Count - 1;
                while (i >= 0 && first[i].Id != id)
                {
                    i--;
                }

                if (i < 0)
                {
                    first.Add((id, at.UtcTicks));
                }
                else if (at.UtcTicks < first[i].Ticks)
                {
                    first[i] = (id, at.UtcTicks);
                }
            }
        }

        if (first.Count < 3)
        {
            return;
        }

        first.Sort((x, y) => x.Ticks.CompareTo(y.Ticks));
        for (var i = 1; i < first.Count; i++)
        {
            if (first[i].Ticks == first[i - 1].Ticks)
            {
                return;
            }
        }

        var order = Hash(first.Select(x => x.Id));
        first.Sort((x, y) => x.Id.CompareTo(y.Id));
        _r034.Add((Hash(first.Select(x => x.Id)) ^ (order << 1), Process(ocid)));
    }

    private readonly List<(int Id, long Ticks)> _r034Scratch = [];

    private void FoldR057(FlagLine line, string ocid)
    {
        _ = line;
        if (Winner() is not { } winner)
        {
            return;
        }

        var set = TendererIds();
        if (set.Length < 2)
        {
            return;
        }

        // The winner must be one of the set (a winner who did not bid makes the group fail).
        var w = Intern(winner);
        _r057.Add((Hash(set), set.Length, Array.BinarySearch(set, w) >= 0 ? w : -1, Process(ocid)));
    }

    private void FoldR053(FlagLine line)
    {
        _ = line;
        if (Winner() is not { } winner)
        {
            return;
        }

        var set = TendererIds();
        if (set.Length < 2)
        {
            return;
        }

        var w = Intern(winner);
        for (var i = 0; i < set.Length; i++)
        {
            for (var j = i + 1; j < set.Length; j++)
            {
                // n, wins of the first, wins of the second: 21 bits each.
                var key = ((long)set[i] << 32) | (uint)set[j];
                ref var packed = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(_r053, key, out _);
                packed += (1L << 42) + (w == set[i] ? 1L << 21 : 0) + (w == set[j] ? 1L : 0);
            }
        }
    }

    // TRD-EXPERT-REPEAT: every panel seat as (buyer·expert, instant, process), swept in order when the run finishes.
    private readonly List<(long Key, long Ticks, int Process, int Day)> _panels = [];

    private void FoldExpertRepeat(FlagLine line, string ocid)
    {
        if (line.BuyerId is not { } buyer || line.Tender is not { } tender)
        {
            return;
        }

        foreach (var committee in tender.Committees)
        {
            if (committee.Date?.At is not { } at)
            {
                continue;
            }

            foreach (var member in committee.Members)
            {
                if (member.Role == "expert" && member.Id is { Length: > 0 } expert)
                {
                    _panels.Add((((long)Intern(buyer) << 32) | (uint)Intern(expert), at.UtcTicks, Process(ocid), ChinaTime.Day(at).DayNumber));
                }
            }
        }
    }

    /// <summary>Runs the cross-process rules over everything added; call once, after the last line.</summary>
    public void Finish()
    {
        if (_on.Contains("R024"))
        {
            FinishR024();
        }

        if (_on.Contains("R025"))
        {
            FinishR025();
        }

        if (_on.Contains("R038"))
        {
            FinishR038();
        }

        if (_on.Contains("R048"))
        {
            FinishR048();
        }

        if (_on.Contains("R058"))
        {
            FinishR058();
        }

        if (_on.Contains("R034"))
        {
            var minimum = _settings.Integer("R034", "minimum_processes") ?? 3;
            foreach (var group in _r034.GroupBy(x => x.Key).Where(g => g.Count() >= minimum))
            {
                foreach (var (_, process) in group)
                {
                    Set(Ocid, _processes[process], "R034", group.Count());
                    Hit("R034", _processes[process], "");
                }
            }
        }

        if (_on.Contains("R057"))
        {
            var minimum = _settings.Integer("R057", "minimum_processes") ?? 3;
            foreach (var group in _r057.GroupBy(x => x.Set).Where(g => g.Count() >= minimum))
            {
                // Every member won and nobody else did: the distinct winners, all of the set, are as many as the set.
                var winners = group.Select(x => x.Winner).Distinct().ToList();
                if (winners.All(w => w >= 0) && winners.Count == group.First().Size)
                {
                    foreach (var (_, _, _, process) in group)
                    {
                        Set(Ocid, _processes[process], "R057", group.Count());
                        Hit("R057", _processes[process], "");
                    }
                }
            }
        }

        if (_on.Contains("R053"))
        {
            FinishR053();
        }

        if (_on.Contains("TRD-EXPERT-REPEAT"))
        {
            FinishExpertRepeat();
        }
    }

    private void SetMeta(string code, string name, double value)
    {
        if (!_meta.TryGetValue(code, out var entries))
        {
            entries = _meta[code] = new Dictionary<string, double?>(StringComparer.Ordinal);
        }

        entries[name] = double.IsFinite(value) ? Math.Round(value * 10_000.0, MidpointRounding.AwayFromZero) / 10_000.0 : null;
    }

    private void FinishR024()
    {
        var values = _d.Values.Select(v => v.D).ToList();
        double q1, fence;
        if (_settings.Number("R024", "threshold") is { } threshold)
        {
            fence = threshold;
            q1 = 1.0;
        }
        else
        {
            q1 = Quartiles.Quantile(values, 0.25);
            var q3 = Quartiles.Quantile(values, 0.75);
            SetMeta("R024", "q1", q1);
            SetMeta("R024", "q3", q3);
            fence = Quartiles.LowerFence(q1, q3);
        }

        SetMeta("R024", "lower_fence", fence);
        if (q1 > 0 && fence > 0)
        {
            foreach (var (ocid, (d, winner, runner)) in _d)
            {
                if (d <= fence)
                {
                    Set(Ocid, ocid, "R024", d);
                    Set(Tenderer, _names[winner], "R024", 0.0);
                    Set(Tenderer, _names[runner], "R024", 0.0);
                    Hit("R024", ocid, "");
                }
            }
        }
    }

    private void FinishR058()
    {
        var values = _d.Values.Select(v => v.D).ToList();
        double fence;
        if (_settings.Number("R058", "threshold") is { } threshold)
        {
            fence = threshold;
        }
        else
        {
            var q1 = Quartiles.Quantile(values, 0.25);
            var q3 = Quartiles.Quantile(values, 0.75);
            SetMeta("R058", "q1", q1);
            SetMeta("R058", "q3", q3);
            fence = Quartiles.UpperFence(q1, q3);
        }

        SetMeta("R058", "upper_fence", fence);
        if (fence > 0)
        {
            foreach (var (ocid, (d, winner, _)) in _d)
            {
                if (d >= fence)
                {
                    Set(Ocid, ocid, "R058", d);
                    Set(Tenderer, _names[winner], "R058", 0.0);
                    Hit("R058", ocid, "");
                }
            }
        }
    }

    private void FinishR025()
    {
        var percentile = _settings.Integer("R025", "percentile") ?? 75;
        var counts = _r025.Entries.Select(v => (double)v.Value.K).ToList();
        var upper = Quartiles.Quantile(counts, percentile / 100.0);
        var ratios = _r025.Entries.ToDictionary(p => p.Id, p => (double)p.Value.W / p.Value.K);
        double q1, fence;
        if (_settings.Number("R025", "threshold") is { } threshold)
        {
            fence = threshold;
            q1 = 1.0;
        }
        else
        {
            q1 = Quartiles.Quantile([.. ratios.Values], 0.25);
            var q3 = Quartiles.Quantile([.. ratios.Values], 0.75);
            SetMeta("R025", "q1", q1);
            SetMeta("R025", "q3", q3);
            fence = Quartiles.LowerFence(q1, q3);
        }

        SetMeta("R025", "upper_fence", upper);
        SetMeta("R025", "lower_fence", fence);
        if (q1 > 0 && fence > 0)
        {
            foreach (var (id, (_, k)) in _r025.Entries)
            {
                if (k >= upper && ratios[id] <= fence)
                {
                    Set(Tenderer, _names[id], "R025", ratios[id]);
                }
            }
        }
    }

    private void FinishR038()
    {
        var minProcesses = _settings.Integer("R038", "minimum_contracting_processes") ?? 2;
        var minBids = _settings.Integer("R038", "minimum_submitted_bids") ?? 2;
        foreach (var (group, map, minimum) in new[] { (Buyer, _r038Buyer, minProcesses), (ProcuringEntity, _r038Entity, minProcesses), (Tenderer, _r038Tenderer, minBids) })
        {
            var ratios = map.Entries.Where(p => p.Value.Den >= minimum).ToDictionary(p => p.Id, p => (double)p.Value.Num / p.Value.Den);
            if (ratios.Count == 0)
            {
                continue;
            }

            double fence;
            if (_settings.Number("R038", "threshold") is { } threshold)
            {
                fence = threshold;
            }
            else
            {
                var q1 = Quartiles.Quantile([.. ratios.Values], 0.25);
                var q3 = Quartiles.Quantile([.. ratios.Values], 0.75);
                SetMeta("R038", group + "_q1", q1);
                SetMeta("R038", group + "_q3", q3);
                fence = Quartiles.UpperFence(q1, q3);
            }

            SetMeta("R038", group + "_upper_fence", fence);
            if (fence > 0)
            {
                foreach (var (id, ratio) in ratios)
                {
                    if (ratio >= fence)
                    {
                        Set(group, _names[id], "R038", ratio);
                    }
                }
            }
        }
    }

    private void FinishR048()
    {
        var minimum = _settings.Integer("R048", "minimum_contracting_processes") ?? 20;
        var prefixes = _r048.Entries.Where(p => p.Value.Count >= minimum).ToDictionary(p => p.Id, p => (double)p.Value.Prefixes!.Count);
        double fence;
        if (_settings.Integer("R048", "threshold") is { } threshold)
        {
            fence = threshold;
        }
        else
        {
            var q1 = Quartiles.Quantile([.. prefixes.Values], 0.25);
            var q3 = Quartiles.Quantile([.. prefixes.Values], 0.75);
            SetMeta("R048", "q1", q1);
            SetMeta("R048", "q3", q3);
            fence = Quartiles.UpperFence(q1, q3);
        }

        SetMeta("R048", "upper_fence", fence);
        foreach (var (id, count) in prefixes)
        {
            if (count >= fence)
            {
                Set(Tenderer, _names[id], "R048", count);
            }
        }
    }

    private void FinishR053()
    {
        var minimum = _settings.Integer("R053", "minimum_processes") ?? 4;
        var share = _settings.Number("R053", "share") ?? 0.8;
        var best = new Dictionary<int, double>();
        void Keep(int id, double value) => best[id] = Math.Max(best.GetValueOrDefault(id, double.MinValue), value);
        const long Mask = (1L << 21) - 1;
        foreach (var (key, packed) in _r053)
        {
            var (a, b) = ((int)(key >> 32), (int)(uint)key);
            var (n, winsA, winsB) = (packed >> 42, (packed >> 21) & Mask, packed & Mask);
            if (n < minimum)
            {
                continue;
            }

            if (winsA >= share * n)
            {
                Keep(a, winsA);
                Keep(b, 0.0);
            }

            if (winsB >= share * n)
            {
                Keep(b, winsB);
                Keep(a, 0.0);
            }
        }

        foreach (var (id, value) in best)
        {
            Set(Tenderer, _names[id], "R053", value);
        }
    }

    private void FinishExpertRepeat()
    {
        var max = _settings.Integer("TRD-EXPERT-REPEAT", "max_panels") ?? 2;
        var window = _settings.Integer("TRD-EXPERT-REPEAT", "window_days") ?? 180;
        _panels.Sort((x, y) => x.Key != y.Key ? x.Key.CompareTo(y.Key) : x.Ticks.CompareTo(y.Ticks));
        var start = 0;
        for (var i = 0; i < _panels.Count; i++)
        {
            if (i > 0 && _panels[i].Key != _panels[i - 1].Key)
            {
                start = i;
            }

            // The Asia/Shanghai day of each seat was taken when it was added (it costs a time-zone conversion).
            var (_, ticks, process, day) = _panels[i];
            var earlier = 0;
            for (var j = i - 1; j >= start; j--)
            {
                if (day - _panels[j].Day > window)
                {
                    break;
                }

                if (_panels[j].Ticks < ticks && _panels[j].Process != process)
                {
                    earlier++;
                }
            }

            if (earlier >= max)
            {
                Set(Ocid, _processes[process], "TRD-EXPERT-REPEAT", 1.0);
                Hit("TRD-EXPERT-REPEAT", _processes[process], "");
            }
        }
    }

    /// <summary>
    /// A pair of interned ids packed in a long, hashed by a full 64-bit mix: <see cref="long.GetHashCode"/> folds the
    /// two halves by XOR, and small ids then collide by the thousand (R053 spent most of its time in those chains).
    /// </summary>
    private sealed class PairKey : IEqualityComparer<long>
    {
        public static readonly PairKey Instance = new();

        public bool Equals(long x, long y) => x == y;

        public int GetHashCode(long obj)
        {
            var h = (ulong)obj * 0x9E3779B97F4A7C15UL;
            return (int)(h >> 32);
        }
    }

    /// <summary>
    /// Per interned id (dense, from 0): a value, and whether it was ever touched — the per-party accumulators of
    /// R025, R038 and R048 as arrays rather than hash tables (a million lines touch them millions of times).
    /// </summary>
    private sealed class Dense<T>
        where T : struct
    {
        private T[] _values = new T[1024];
        private bool[] _has = new bool[1024];

        /// <summary>The value of <paramref name="id"/>, marked as present.</summary>
        public ref T At(int id)
        {
            if (id >= _values.Length)
            {
                var size = Math.Max(id + 1, _values.Length * 2);
                Array.Resize(ref _values, size);
                Array.Resize(ref _has, size);
            }

            _has[id] = true;
            return ref _values[id];
        }

        public IEnumerable<(int Id, T Value)> Entries
        {
            get
            {
                for (var id = 0; id < _values.Length; id++)
                {
                    if (_has[id])
                    {
                        yield return (id, _values[id]);
                    }
                }
            }
        }
    }
}
