namespace Sunlight.Core.Ledger;

/// <summary>
/// Stored hashes of complete subtrees of an RFC 9162 Merkle tree, as kept in tlog tiles or a hash table.
/// </summary>
/// <remarks>
/// <see cref="Subtree"/> is called only for subtrees that are complete in the tree being proved, and at most
/// about 2·log₂(size) times per root or proof, so an implementation may read tiles lazily.
/// </remarks>
public interface IMerkleHashSource
{
    /// <summary>
    /// The 32-byte hash of the complete subtree of height <paramref name="height"/> whose leaves are
    /// [index·2^height, (index+1)·2^height); height 0 is a leaf hash.
    /// </summary>
    byte[] Subtree(int height, long index);
}
