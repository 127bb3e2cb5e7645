using Sunlight.Core.Accounts;
using Sunlight.Core.Modules;

namespace Sunlight.Trading;

/// <summary>The trading module's policies (trading.md "Who sees what"; 管办分离: the centre runs trades, others watch).</summary>
internal static class TradingPolicies
{
    /// <summary>Recording releases: a centre's operators for their centre, administrators for the centres of their region.</summary>
    public const string Record = "trading.record";

    /// <summary>Confidential fields (fingerprints, deposits, scores, sealed committees) in exports: supervisors and inspectors, audited.</summary>
    public const string Full = "trading.full";

    /// <summary>Requesting expert draws for the centre's own trades: its operators only (管办分离: nobody else draws, nobody changes a draw).</summary>
    public const string Draw = "trading.draw";

    /// <summary>Keeping the expert pool (评标专家库): administrators, for their region.</summary>
    public const string Experts = "trading.experts";

    /// <summary>The trades pages: a centre's operators (their centre), department staff (what their department supervises), supervisors, inspectors and administrators (their region).</summary>
    public const string Read = "trading.read";

    /// <summary>The red flags by rule, centre and month, and the expert pool's page: supervisors, inspectors and administrators.</summary>
    public const string Watch = "trading.watch";

    public static IReadOnlyList<ModulePolicy> All { get; } =
    [
        new(Read, [SunlightRoles.TradingOperator, SunlightRoles.Supervisor, SunlightRoles.Inspector, SunlightRoles.Admin, SunlightRoles.DepartmentHead, SunlightRoles.Clerk]),
        new(Watch, [SunlightRoles.Supervisor, SunlightRoles.Inspector, SunlightRoles.Admin]),
        new(Experts, [SunlightRoles.Admin]),
        new(Draw, [SunlightRoles.TradingOperator]),
        new(Record, [SunlightRoles.TradingOperator, SunlightRoles.Admin]),
        new(Full, [SunlightRoles.Supervisor, SunlightRoles.Inspector]),
    ];
}
