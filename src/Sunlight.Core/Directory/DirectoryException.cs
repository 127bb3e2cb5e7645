using Sunlight.Core.Api;
using Sunlight.Core.Directory.Contracts;

namespace Sunlight.Core.Directory;

/// <summary>Why a directory request cannot be carried out; its <see cref="Failure"/> is the HTTP status.</summary>
public sealed class DirectoryException : InputException
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
        : base((int)failure, message, errors) => Failure = failure;

    public DirectoryFailure Failure { get; }
}

/// <summary>Kinds of failure, each with its HTTP status.</summary>
public enum DirectoryFailure
{
    Invalid = 400,
    Forbidden = 403,
    NotFound = 404,
    Conflict = 409,
}
