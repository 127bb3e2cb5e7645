using Sunlight.Core.Directory;
using Sunlight.Core.Exchange;

namespace Sunlight.Trading.Ocds;

/// <summary>
/// The <c>ocds</c> feed of Core's exchange: a centre's e-trading system pushes NDJSON of compiled releases (or
/// releases), one per line, signed; each line goes through <see cref="OcdsIntake"/> on behalf of the system's own
/// centre. The answer is Core's shape with one result per line.
/// </summary>
internal sealed class OcdsFeed(OcdsIntake intake) : IExchangeFeed
{
    public string Name => "ocds";

    public int MaxLines => OcdsIntake.MaxReleases;

    public int MaxBytes => OcdsIntake.MaxBytes;

    /// <summary>A compiled release with its bids, committees and contracts runs to a few hundred KB; 8 MiB leaves room.</summary>
    public int MaxLineBytes => 8 * 1024 * 1024;

    public IReadOnlyList<OrganisationKind> DefaultKinds { get; } = [OrganisationKind.TradingCentre];

    public async Task<IntakeAnswer> IngestAsync(ExchangeSender sender, IReadOnlyList<ExchangeLine> lines, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(sender);
        ArgumentNullException.ThrowIfNull(lines);
        var scope = new OcdsScope($"system:{sender.SystemId}", OcdsProfile.Trade, c => c.Code == sender.OrganisationCode, $"system {sender.SystemId} of {sender.OrganisationCode}");
        var answer = await intake.IngestAsync([.. lines.Select(l => new OcdsItem(l.Number, null, l.Text))], scope, ct).ConfigureAwait(false);
        return ToIntake(answer);
    }

    /// <summary>The OCDS answer in Core's intake shape (lines only), with the per-release results.</summary>
    public static IntakeAnswer ToIntake(OcdsAnswer answer) =>
        new(answer.Accepted, answer.Duplicates, [.. answer.Rejected.Select(r => new IntakeRejection(r.Line ?? 0, r.Id, r.Error) { Path = r.Path })])
        {
            Warnings = [.. answer.Warnings.Select(w => new IntakeWarning(w.Line ?? 0, w.Id, w.Warning))],
            Results = answer.Results,
        };
}
