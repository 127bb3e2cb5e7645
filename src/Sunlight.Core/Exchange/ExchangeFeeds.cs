using Sunlight.Core.Directory;

namespace Sunlight.Core.Exchange;

/// <summary>
/// A feed departments' and centres' systems push to: <c>POST /api/v1/exchange/{Name}</c>. Core's exchange checks the
/// signature, the system's scope, the limits and each line's bytes (UTF-8, one line per item); the feed parses and
/// takes the lines, keeps what is good and answers each bad line on its own. Idempotency is the feed's: it owns the
/// table whose unique key (system, item id) makes a re-sent item a duplicate.
/// </summary>
public interface IExchangeFeed
{
    /// <summary>The feed's name in the route, e.g. <c>case-events</c>.</summary>
    string Name { get; }

    /// <summary>At most this many lines per request (more: 413, nothing stored).</summary>
    int MaxLines { get; }

    /// <summary>At most this many bytes per request (more: 413, nothing stored).</summary>
    int MaxBytes { get; }

    /// <summary>At most this many bytes per line (a longer line is that line's own rejection; the rest are taken).</summary>
    int MaxLineBytes => 64 * 1024;

    /// <summary>Organisations of these kinds have the feed in a new system's scope unless the administrator names feeds.</summary>
    IReadOnlyList<OrganisationKind> DefaultKinds { get; }

    /// <summary>Takes the lines (each valid UTF-8, numbered as sent); returns what became of each.</summary>
    Task<IntakeAnswer> IngestAsync(ExchangeSender sender, IReadOnlyList<ExchangeLine> lines, CancellationToken ct);
}

/// <summary>The registered system a signed request comes from.</summary>
public sealed record ExchangeSender(string SystemId, string OrganisationCode, string RegionPath);

/// <summary>One line of a request, numbered from 1 as sent (blank lines keep their numbers and are not passed on).</summary>
public sealed record ExchangeLine(int Number, string Text);

/// <summary>
/// One refused item: its line (or row, or index), its id when readable, and why — with the column or JSON path at
/// fault when there is one (CROSS-MODULE "One exchange, many feeds").
/// </summary>
public sealed record IntakeRejection(int Line, string? Id, string Error)
{
    public string? Path { get; init; }

    /// <summary>A stable machine word for why (e.g. <c>case-exists</c>), for callers that act on it; the error is for people.</summary>
    public string? Code { get; init; }
}

/// <summary>Something accepted but worth a look (a 15-digit ID number upgraded, a date far in the past).</summary>
public sealed record IntakeWarning(int Line, string? Id, string Warning);

/// <summary>
/// The one answer shape of every intake: how many items were taken, how many were duplicates of items already taken
/// (same bytes), and each refused line on its own; good lines are kept even when others are bad.
/// </summary>
public sealed record IntakeAnswer(int Accepted, int Duplicates, IReadOnlyList<IntakeRejection> Rejected)
{
    public IReadOnlyList<IntakeWarning> Warnings { get; init; } = [];

    /// <summary>
    /// A feed's own answer per item, when its standard asks for one (trading's <c>ocds</c>: one result per release with
    /// its status and errors); absent otherwise.
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public object? Results { get; init; }
}
