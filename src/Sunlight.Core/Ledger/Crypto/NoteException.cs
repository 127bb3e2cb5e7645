namespace Sunlight.Core.Ledger;

/// <summary>Why a signed note was rejected.</summary>
public enum NoteFailure
{
    /// <summary>The note breaks the format: encoding, control characters, layout or a signature line.</summary>
    Malformed,

    /// <summary>The note has more than <see cref="SignedNote.MaxSignatures"/> signature lines.</summary>
    TooManySignatures,

    /// <summary>A signature from a known (name, key ID) does not verify; the whole note is rejected.</summary>
    InvalidSignature,

    /// <summary>No signature from a known key is present.</summary>
    Unverified,
}

/// <summary>A signed note could not be opened; <see cref="Reason"/> says why and the message says exactly what.</summary>
public sealed class NoteException : Exception
{
    public NoteException()
    {
    }

    public NoteException(string message)
        : base(message)
    {
    }

    public NoteException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public NoteException(NoteFailure reason, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Reason = reason;
    }

    public NoteException(NoteFailure reason, string message, string keyName, uint keyId)
        : base(message)
    {
        Reason = reason;
        KeyName = keyName;
        KeyId = keyId;
    }

    /// <summary>The kind of failure.</summary>
    public NoteFailure Reason { get; }

    /// <summary>For <see cref="NoteFailure.InvalidSignature"/>: the key name of the failing line.</summary>
    public string? KeyName { get; }

    /// <summary>For <see cref="NoteFailure.InvalidSignature"/>: the key ID of the failing line.</summary>
    public uint? KeyId { get; }
}
