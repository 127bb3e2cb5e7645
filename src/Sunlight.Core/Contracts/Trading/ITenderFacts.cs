namespace Sunlight.Core.Contracts.Trading;

/// <summary>
/// What the trading module tells other modules about tenders (CROSS-MODULE "Contracts live in Core"; trading.md
/// "Contracts"): every submitted bid as a participation, fed by a cursor over Trading's ledger sequence, and a
/// tender's lots with their winners. Funds reads it to link payments of investment projects to their tenders and
/// bidders to officials. Absent when Trading is not installed.
/// </summary>
public interface ITenderFacts
{
    /// <summary>
    /// Participations of processes whose releases were recorded after <paramref name="cursor"/> (a Trading ledger
    /// sequence; 0 for all), at most <paramref name="limit"/> processes' worth, and the cursor to ask from next. A bid
    /// is emitted again whenever its process changes (a bid that wins later comes again with <c>Won</c>). Bids are
    /// never emitted before their process's bid opening (招标投标法 §22).
    /// </summary>
    Task<TenderParticipations> ParticipationsSinceAsync(long cursor, int limit, CancellationToken ct);

    /// <summary>A tender by ocid: its project code, procurement method details and each lot's winner, or null.</summary>
    Task<TenderSummary?> TenderAsync(string ocid, CancellationToken ct);

    /// <summary>Every tender of an investment project (project codes compared trimmed and upper-cased).</summary>
    Task<IReadOnlyList<TenderSummary>> TendersOfProjectAsync(string projectCode, CancellationToken ct);
}

/// <summary>A page of participations and the cursor after it.</summary>
public sealed record TenderParticipations(IReadOnlyList<TenderParticipation> Items, long NextCursor);

/// <summary>One submitted bid: the tender, its project, buyer and region, the bidder, when, and whether it won (and when).</summary>
public sealed record TenderParticipation(
    string TenderCode, string? ProjectCode, string? BuyerOrganisation, string Region, TenderBidder Bidder, DateTimeOffset? SubmittedAt, bool Won, DateTimeOffset? AwardedAt);

/// <summary>A bidder: unified social credit code (GB 32100) when its id carries one, name, legal representative's ID number when declared.</summary>
public sealed record TenderBidder(string? CreditCode, string Name, string? LegalRepIdNo);

/// <summary>A tender as other modules need it.</summary>
public sealed record TenderSummary(string Ocid, string? ProjectCode, string? ProcurementMethodDetails, IReadOnlyList<TenderLot> Lots);

/// <summary>A lot (empty: the whole tender) with its winner and the awarded value in fen.</summary>
public sealed record TenderLot(string Lot, string? WinnerCreditCode, long? AwardValueFen);
