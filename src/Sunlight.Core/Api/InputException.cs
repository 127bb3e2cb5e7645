using Sunlight.Core.Directory.Contracts;

namespace Sunlight.Core.Api;

/// <summary>
/// A request that cannot be carried out as given: an HTTP status and every problem found, field by field.
/// Modules throw it (or a subclass) from their services; <see cref="ApiProblems.From(InputException)"/> answers it.
/// </summary>
public class InputException : Exception
{
    public InputException()
    {
    }

    public InputException(string message)
        : base(message)
    {
    }

    public InputException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public InputException(int status, string message, IReadOnlyList<InputError>? errors = null)
        : base(message)
    {
        Status = status;
        Errors = errors ?? [];
    }

    public int Status { get; } = 400;

    public IReadOnlyList<InputError> Errors { get; } = [];

    /// <summary>The ProblemDetails type slug when the status alone does not say it (e.g. <c>state-conflict</c> for a 409).</summary>
    public string? Slug { get; init; }
}
