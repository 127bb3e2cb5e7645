using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Sunlight.Core.Storage;

namespace Sunlight.Core.Ledger;

/// <summary>The first thing found wrong, with the sequence number where it starts (null when it has none).</summary>
public sealed record VerifyProblem(long? Sequence, string Message);

/// <summary>What <see cref="LedgerVerifier"/> found.</summary>
public sealed record VerifyReport(long Records, long TreeSize, int Checkpoints, TimeSpan Elapsed, VerifyProblem? Problem)
{
    public bool Intact => Problem is null;
}

/// <summary>
/// <c>sunlight ledger verify</c>: recomputes every body hash and leaf from the stored records in sequence order,
/// rebuilds the tree, compares every stored tile hash, the tree state and every stored checkpoint's root with what
/// the records give, checks every checkpoint's signature and the consistency of successive checkpoints. It stops at
/// the first problem and names the first sequence number that does not match. Works on SQLite and PostgreSQL.
/// </summary>
public sealed class LedgerVerifier(CoreDbContext db, IReadOnlyList<NoteVerifier> verifiers, string origin)
{
    private const int Page = 10_000;

    public async Task<VerifyReport> VerifyAsync(IProgress<(long Done, long Total)>? progress, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        var total = await db.LedgerRecords.LongCountAsync(ct).ConfigureAwait(false);
        var counter = await db.LedgerCounters.AsNoTracking().Select(c => c.Next).SingleAsync(ct).ConfigureAwait(false);
        var tree = await db.LedgerTree.AsNoTracking().SingleAsync(ct).ConfigureAwait(false);
        var checkpoints = await db.LedgerCheckpoints.AsNoTracking().OrderBy(c => c.Size).ToListAsync(ct).ConfigureAwait(false);
        VerifyReport Report(long? seq, string message) => new(total, tree.Size, checkpoints.Count, clock.Elapsed, new VerifyProblem(seq, message));

        // Every checkpoint: a valid signature by this node's key, a well-formed body that matches its stored row.
        foreach (var c in checkpoints)
        {
            Checkpoint parsed;
            try
            {
                var note = SignedNote.Open(c.Note, verifiers);
                parsed = Checkpoint.Parse(note.Text);
            }
            catch (Exception e) when (e is NoteException or FormatException)
            {
                return Report(c.Size, $"checkpoint at size {c.Size}: signature or format does not verify ({e.Message}); it was forged or altered");
            }

            if (parsed.Origin != origin || parsed.Size != c.Size || !parsed.Root.AsSpan().SequenceEqual(c.Root))
            {
                return Report(c.Size, $"checkpoint at size {c.Size}: its signed body ({parsed.Origin}, {parsed.Size}) does not match the stored row");
            }
        }

        var accumulator = new MerkleAccumulator();
        var checkpointIndex = 0;
        long previousCheckpoint = 0;
        byte[]? tile = null;
        long tileIndex = -1;
        var higher = new Dictionary<(int Level, long Index), byte[]?>();
        VerifyProblem? problem = null;
        long expected = 0;
        while (expected < total && problem is null)
        {
            var from = expected;
            var page = await db.LedgerRecords.AsNoTracking().Where(r => r.Sequence >= from).OrderBy(r => r.Sequence).Take(Page)
                .Select(r => new { r.Sequence, r.Type, r.At, r.Body, r.BodyHash }).ToListAsync(ct).ConfigureAwait(false);
            if (page.Count == 0)
            {
                break;
            }

            foreach (var r in page)
            {
                if (r.Sequence != expected)
                {
                    problem = new(expected, r.Sequence > expected
                        ? $"record #{expected} is missing (deleted); the next stored record is #{r.Sequence}"
                        : $"record #{r.Sequence} is out of order");
                    break;
                }

                if (!LedgerLeaf.BodyHash(r.Body).AsSpan().SequenceEqual(r.BodyHash))
                {
                    problem = new(r.Sequence, $"record #{r.Sequence}: the body does not match its stored SHA-256 (the body was edited)");
                    break;
                }

                var leaf = Rfc9162.LeafHash(LedgerLeaf.Data(r.Sequence, r.Type, r.At, r.BodyHash));
                if (r.Sequence < tree.Size)
                {
                    if (r.Sequence >> 8 != tileIndex)
                    {
                        tileIndex = r.Sequence >> 8;
                        var ti = tileIndex;
                        tile = await db.LedgerTiles.AsNoTracking().Where(t => t.Level == 0 && t.Index == ti).Select(t => t.Hashes).FirstOrDefaultAsync(ct).ConfigureAwait(false);
                    }

                    var offset = (int)(r.Sequence & 255) * 32;
                    if (tile is null || tile.Length < offset + 32 || !tile.AsSpan(offset, 32).SequenceEqual(leaf))
                    {
                        problem = new(r.Sequence, $"record #{r.Sequence} does not match its leaf in the tree (its type, instant or body hash was edited, records were reordered, or the tile was altered)");
                        break;
                    }
                }

                List<(int Height, long Index, byte[] Hash)>? completed = null;
                accumulator.Append(leaf, (height, index, hash) => (completed ??= []).Add((height, index, hash)));
                if (completed is not null && r.Sequence < tree.Size)
                {
                    foreach (var (height, index, hash) in completed.Where(c => c.Height % 8 == 0))
                    {
                        var level = height / 8;
                        var key = (level, index >> 8);
                        if (!higher.TryGetValue(key, out var stored))
                        {
                            var (l, i) = key;
                            stored = await db.LedgerTiles.AsNoTracking().Where(t => t.Level == l && t.Index == i).Select(t => t.Hashes).FirstOrDefaultAsync(ct).ConfigureAwait(false);
                            higher.Clear();
                            higher[key] = stored;
                        }

                        var at = (int)(index & 255) * 32;
                        if (stored is null || stored.Length < at + 32 || !stored.AsSpan(at, 32).SequenceEqual(hash))
                        {
                            problem = new(index << height, $"tile {level}/{index >> 8} holds a hash that does not match records #{index << height}–#{((index + 1) << height) - 1} (the tile was altered)");
                            break;
                        }
                    }

                    if (problem is not null)
                    {
                        break;
                    }
                }

                expected++;
                while (checkpointIndex < checkpoints.Count && checkpoints[checkpointIndex].Size == expected)
                {
                    var c = checkpoints[checkpointIndex++];
                    if (!accumulator.Root().AsSpan().SequenceEqual(c.Root))
                    {
                        problem = new(previousCheckpoint, $"the signed checkpoint at size {c.Size} does not match the records: something in records #{previousCheckpoint}–#{c.Size - 1} was changed, removed or reordered");
                        break;
                    }

                    previousCheckpoint = c.Size;
                }

                if (problem is not null)
                {
                    break;
                }

                if (expected == tree.Size && !accumulator.Root().AsSpan().SequenceEqual(tree.Root))
                {
                    problem = new(previousCheckpoint, $"the stored tree root at size {tree.Size} does not match the records #{previousCheckpoint}–#{tree.Size - 1}");
                    break;
                }
            }

            progress?.Report((expected, total));
        }

        if (problem is not null)
        {
            return new VerifyReport(total, tree.Size, checkpoints.Count, clock.Elapsed, problem);
        }

        // Only now the counts: a gap in the middle is named above by its own sequence number.
        if (tree.Size > total || checkpoints.Any(cp => cp.Size > total))
        {
            return Report(total, $"the tree and its checkpoints cover {Math.Max(tree.Size, checkpoints.Select(cp => cp.Size).DefaultIfEmpty(0).Max())} records but only {total} are stored: records from #{total} on were deleted");
        }

        if (counter != total)
        {
            return Report(Math.Min(counter, total), counter > total
                ? $"the sequencer has handed out {counter} numbers but {total} records are stored: records were deleted"
                : $"{total} records are stored but the sequencer has handed out only {counter}: record #{counter} and later were inserted outside the recorder");
        }

        // Successive checkpoints must be consistent: checked with proofs over the (now verified) tiles.
        var roots = checkpoints.Where(c => c.Size > 0).ToList();
        for (var i = 1; i < roots.Count; i++)
        {
            var (a, b) = (roots[i - 1], roots[i]);
            var source = await TileHashSource.LoadAsync(db, new TileCache(), s => Rfc9162.ConsistencyProof(a.Size, b.Size, s), ct).ConfigureAwait(false);
            var proof = Rfc9162.ConsistencyProof(a.Size, b.Size, source);
            if (!Rfc9162.VerifyConsistency(a.Size, b.Size, a.Root, b.Root, proof))
            {
                return Report(a.Size, $"checkpoints at sizes {a.Size} and {b.Size} are not consistent");
            }
        }

        return new VerifyReport(total, tree.Size, checkpoints.Count, clock.Elapsed, null);
    }
}
