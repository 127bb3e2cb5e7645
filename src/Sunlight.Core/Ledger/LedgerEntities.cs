namespace Sunlight.Core.Ledger;

/// <summary>
/// An immutable fact about the exercise of power (a record), with its place in the node's ledger. The body is kept
/// here behind access control; the public tree holds only a leaf that commits to it (see <see cref="LedgerLeaf"/>).
/// </summary>
public sealed class LedgerRecord
{
    /// <summary>Dense from 0, assigned by the node's one sequencer.</summary>
    public long Sequence { get; set; }

    /// <summary>Stable record type, e.g. <c>directory.organisation.created</c>.</summary>
    public string Type { get; set; } = "";

    /// <summary>What the record is about (a case number, an organisation code); not part of the public leaf.</summary>
    public string Subject { get; set; } = "";

    /// <summary>When it was recorded, UTC, whole microseconds (what both databases store exactly).</summary>
    public DateTimeOffset At { get; set; }

    /// <summary>UTF-8 JSON.</summary>
    public byte[] Body { get; set; } = [];

    /// <summary>SHA-256 of <see cref="Body"/>.</summary>
    public byte[] BodyHash { get; set; } = [];

    /// <summary>Region path of the record's jurisdiction, for access control of the body; null = node-wide.</summary>
    public string? RegionPath { get; set; }
}

/// <summary>The sequencer: one row, the next sequence number to hand out.</summary>
public sealed class LedgerCounter
{
    public int Id { get; set; } = 1;

    public long Next { get; set; }
}

/// <summary>The integrated tree: one row, its size and root.</summary>
public sealed class LedgerTreeState
{
    public int Id { get; set; } = 1;

    public long Size { get; set; }

    public byte[] Root { get; set; } = [];

    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>A C2SP tile: up to 256 hashes of one tree level (level L holds subtree hashes of height 8·L).</summary>
public sealed class LedgerTile
{
    public int Level { get; set; }

    public long Index { get; set; }

    /// <summary>Concatenated 32-byte hashes; 8 KiB when the tile is full.</summary>
    public byte[] Hashes { get; set; } = [];
}

/// <summary>A signed checkpoint (C2SP tlog-checkpoint in a signed note). Every one is kept.</summary>
public sealed class LedgerCheckpoint
{
    public long Size { get; set; }

    public byte[] Root { get; set; } = [];

    /// <summary>The signed note exactly as served.</summary>
    public string Note { get; set; } = "";

    public DateTimeOffset SignedAt { get; set; }
}

/// <summary>A witness's cosignature line on one of this node's checkpoints.</summary>
public sealed class LedgerCosignature
{
    public long Id { get; set; }

    public long CheckpointSize { get; set; }

    public string Witness { get; set; } = "";

    public string Line { get; set; } = "";

    public DateTimeOffset ReceivedAt { get; set; }
}

/// <summary>On a parent node: the latest checkpoint it has cosigned for one child log.</summary>
public sealed class WitnessedLog
{
    public string Origin { get; set; } = "";

    public long Size { get; set; }

    public byte[] Root { get; set; } = [];

    public string Checkpoint { get; set; } = "";

    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>On a parent node: a child's checkpoint that was refused because it contradicts what was witnessed.</summary>
public sealed class WitnessIncident
{
    public long Id { get; set; }

    public string Origin { get; set; } = "";

    public DateTimeOffset At { get; set; }

    /// <summary><c>inconsistent</c> (bad consistency proof: history rewritten) or <c>fork</c> (same size, other root).</summary>
    public string Kind { get; set; } = "";

    public string Detail { get; set; } = "";
}
