using Sunlight.Core.Directory;
using Sunlight.Core.Exchange;

namespace Sunlight.Services.Cases;

/// <summary>
/// The <c>case-events</c> feed of Core's exchange: departments' own systems push NDJSON case events
/// (services.md "exchange format"); each line goes through the same <see cref="CaseIntake"/> as the hall and the
/// workbench. A system may only report cases of its own organisation.
/// </summary>
internal sealed class CaseEventsFeed(CaseIntake intake) : IExchangeFeed
{
    public string Name => "case-events";

    public int MaxLines => CaseIntake.MaxLines;

    /// <summary>16 MiB: 10,000 lines of ordinary events with room to spare.</summary>
    public int MaxBytes => 16 * 1024 * 1024;

    /// <summary>Organisations that handle cases: departments, service centres and their windows.</summary>
    public IReadOnlyList<OrganisationKind> DefaultKinds { get; } = [OrganisationKind.Department, OrganisationKind.ServiceCentre, OrganisationKind.Window];

    public Task<IntakeAnswer> IngestAsync(ExchangeSender sender, IReadOnlyList<ExchangeLine> lines, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(sender);
        ArgumentNullException.ThrowIfNull(lines);
        // The intake numbers lines by position: blanks stand in for lines the exchange already refused or dropped.
        var texts = new string[lines.Count == 0 ? 0 : lines[^1].Number];
        Array.Fill(texts, "");
        foreach (var line in lines)
        {
            texts[line.Number - 1] = line.Text;
        }

        return intake.IngestAsync(sender.SystemId, sender.OrganisationCode, texts, ct);
    }
}
