using Sunlight.Core.Directory.Contracts;

namespace Sunlight.Core.Api;

/// <summary>
/// What kind of refusal a request meets. Services say which; only <see cref="ApiProblems"/> turns a kind into an HTTP
/// status (no HTTP numbers in services, no decisions taken by reading a message).
/// </summary>
public enum Refusal
{
    /// <summary>The input is wrong (400): every problem is named field by field.</summary>
    Invalid,

    /// <summary>Outside the caller's jurisdiction or role (403).</summary>
    Forbidden,

    /// <summary>No such thing that the caller may see (404).</summary>
    NotFound,

    /// <summary>The thing is not in a state that allows it (409).</summary>
    Conflict,

    /// <summary>The body is too large (413).</summary>
    TooLarge,

    /// <summary>The body is of a kind this route does not take (415).</summary>
    Unsupported,

    /// <summary>Well formed but cannot be carried out as asked (422), e.g. a date the calendar cannot reckon.</summary>
    Unprocessable,

    /// <summary>Too many requests; try again later (429).</summary>
    TooMany,

    /// <summary>A stored file no longer matches the hash its record holds (500): the server's data was altered, not the caller's.</summary>
    Altered,
}

/// <summary>
/// A request that cannot be carried out as given: its <see cref="Kind"/> and every problem found, field by field.
/// Modules throw it (or a subclass) from their services; one filter on <c>/api/v1</c> answers it as ProblemDetails
/// (<see cref="ApiProblems.From(InputException)"/>), and pages show its message.
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

    public InputException(Refusal kind, string message, IReadOnlyList<InputError>? errors = null)
        : base(message)
    {
        Kind = kind;
        Errors = errors ?? [];
    }

    public Refusal Kind { get; }

    public IReadOnlyList<InputError> Errors { get; } = [];

    /// <summary>The ProblemDetails type slug when the kind alone does not say it (e.g. <c>state-conflict</c>).</summary>
    public string? Slug { get; init; }
}
