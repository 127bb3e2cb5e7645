namespace Sunlight.Core.Exchange;

/// <summary>A department's or centre's own business system allowed to push to the exchange (交换接口).</summary>
public sealed class ExchangeSystem
{
    public string Id { get; set; } = "";

    public string OrganisationCode { get; set; } = "";

    public string RegionPath { get; set; } = "";

    /// <summary>The feeds it may push to, comma-separated (its scope).</summary>
    public string Feeds { get; set; } = "";

    /// <summary>The HMAC secret, protected with ASP.NET Data Protection (it must be readable to check signatures).</summary>
    public string ProtectedSecret { get; set; } = "";

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? RotatedAt { get; set; }

    public IReadOnlyList<string> FeedList => Feeds.Split(',', StringSplitOptions.RemoveEmptyEntries);
}
