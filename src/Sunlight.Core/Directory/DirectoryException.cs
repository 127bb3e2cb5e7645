using Sunlight.Core.Directory.Contracts;

namespace Sunlight.Core.Directory;

/// <summary>Why a directory request cannot be carried out; maps to a ProblemDetails response.</summary>
public sealed class DirectoryException : Exception
{
    public DirectoryException()
    {
    }

    public DirectoryException(string message)
        : base(message)
    {
    }

    public DirectoryException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public DirectoryException(DirectoryFailure failure, string message, IReadOnlyList<InputError>? errors = null)
        : base(message)
    {
        Failure = failure;
        Errors = errors ?? [];
    }

    public DirectoryFailure Failure { get; }

    public IReadOnlyList<InputError> Errors { get; } = [];
}

/// <summary>Kinds of failure, each with its HTTP status.</summary>
public enum DirectoryFailure
{
    Invalid = 400,
    Forbidden = 403,
    NotFound = 404,
    Conflict = 409,
}
