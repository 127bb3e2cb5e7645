using Sunlight.Core.Api;
using Sunlight.Core.Directory.Contracts;

namespace Sunlight.Core.Directory;

/// <summary>Why a directory request cannot be carried out.</summary>
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

    public DirectoryException(Refusal kind, string message, IReadOnlyList<InputError>? errors = null)
        : base(kind, message, errors)
    {
    }
}
