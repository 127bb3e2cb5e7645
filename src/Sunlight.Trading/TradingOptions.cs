using System.ComponentModel.DataAnnotations;

namespace Sunlight.Trading;

/// <summary>The trading module's settings (<c>Sunlight:Trading</c>; trading.md).</summary>
internal sealed class TradingOptions
{
    /// <summary>The node's OCDS prefix; an ocid is this + <c>-&lt;centre region&gt;-&lt;year&gt;-&lt;seq&gt;</c>.</summary>
    [RegularExpression("^ocds-[a-z0-9]{6}$")]
    public string OcidPrefix { get; set; } = "ocds-sl3707";

    /// <summary>
    /// Scheme prefix of organisation ids (<c>CN-SAIC-&lt;GB 32100&gt;</c>): Sunlight's convention until the org-id.guide
    /// list code for unified social credit codes is confirmed (trading.md).
    /// </summary>
    [Required]
    [RegularExpression("^[A-Z]{2}-[A-Z0-9]+$")]
    public string OrgIdPrefix { get; set; } = "CN-SAIC";

    /// <summary>The centres' own networks (CIDR): bidders upload from the centre's 投标区, so a shared address there says nothing (TRD-SAME-IP, unless a region sets ignore_networks).</summary>
    public IReadOnlyList<string> CentreNetworks { get; set; } = [];

    /// <summary>Seed the demo year of trades when the demo city is seeded (default: yes).</summary>
    public bool? Demo { get; set; }
}
