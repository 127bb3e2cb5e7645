using Microsoft.EntityFrameworkCore;
using Sunlight.Core.Storage;

namespace Sunlight.Core.Ledger;

/// <summary>
/// A public random beacon from the ledger (trading.md "The provably fair draw", step 3): the first checkpoint whose
/// tree holds a given record. On a node with a parent witness it is the first checkpoint that carries the parent's
/// cosignature (the parent keeps every checkpoint it cosigned, so anyone can check it was the first), and K is the 64
/// signature bytes of that cosignature; without a parent it is the first checkpoint this node signed, K empty, and the
/// beacon is not cosigned. Modules ask here rather than reading the ledger's tables.
/// </summary>
public sealed class LedgerBeacons(CoreDbContext db, LedgerOptions options)
{
    /// <summary>Whether beacons are cosigned by a parent witness on this node.</summary>
    public bool Cosigned => options.ParentUrl is not null && options.ParentKey is not null;

    /// <summary>The beacon for the record of <paramref name="sequence"/>, or null while there is none yet.</summary>
    public async Task<LedgerBeacon?> AfterAsync(long sequence, CancellationToken ct)
    {
        if (Cosigned)
        {
            var cosignature = await db.LedgerCosignatures.AsNoTracking().Where(c => c.CheckpointSize > sequence)
                .OrderBy(c => c.CheckpointSize).ThenBy(c => c.Id).FirstOrDefaultAsync(ct).ConfigureAwait(false);
            if (cosignature is null)
            {
                return null;
            }

            var cosigned = await db.LedgerCheckpoints.AsNoTracking().FirstAsync(c => c.Size == cosignature.CheckpointSize, ct).ConfigureAwait(false);
            var k = SignedNote.TryParseSignatureLine(cosignature.Line, out var signature) && signature.Blob.Length >= 64 ? signature.Blob[^64..] : [];
            return new LedgerBeacon(cosigned.Size, cosigned.Root, cosigned.Note, cosignature.Line, k);
        }

        var checkpoint = await db.LedgerCheckpoints.AsNoTracking().Where(c => c.Size > sequence).OrderBy(c => c.Size).FirstOrDefaultAsync(ct).ConfigureAwait(false);
        return checkpoint is null ? null : new LedgerBeacon(checkpoint.Size, checkpoint.Root, checkpoint.Note, null, []);
    }
}

/// <summary>A beacon: the checkpoint's size and root, its signed note, the cosignature line (null: uncosigned) and K.</summary>
public sealed record LedgerBeacon(long Size, byte[] Root, string Checkpoint, string? Cosignature, byte[] CosignatureBytes);
