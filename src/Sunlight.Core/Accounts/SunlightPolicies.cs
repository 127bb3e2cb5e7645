using Microsoft.AspNetCore.Authorization;

namespace Sunlight.Core.Accounts;

/// <summary>
/// Authorization policies. A policy says which roles may use a route; the handler then applies the caller's
/// <see cref="Jurisdiction"/> to the data itself. Every policy requires jurisdiction claims.
/// </summary>
public static class SunlightPolicies
{
    public const string SignedIn = "signed-in";
    public const string DirectoryRead = "directory.read";
    public const string DirectoryManage = "directory.manage";
    public const string CalendarManage = "calendar.manage";
    public const string AuditRead = "audit.read";
    public const string AccountsManage = "accounts.manage";

    /// <summary>Approving or refusing a request to make someone a Supervisor: a second Admin or Supervisor.</summary>
    public const string AccountsApprove = "accounts.approve";
    public const string Supervision = "supervision";
    public const string LedgerRead = "ledger.read";
    public const string LedgerManage = "ledger.manage";

    /// <summary>Reading alerts: supervisors and inspectors in their region, department staff their organisation's.</summary>
    public const string AlertsRead = "alerts.read";

    /// <summary>Deciding on alerts (dismiss with a reason; notices later): supervisors only, not inspectors.</summary>
    public const string AlertsDecide = "alerts.decide";

    /// <summary>A department answers a supervision notice about its own alerts (Clerk or DepartmentHead).</summary>
    public const string NoticesReply = "notices.reply";

    /// <summary>Roles allowed by each of Core's policies; each Core area's manifest lists its own (<see cref="Of"/>).</summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<string>> Roles { get; } = new Dictionary<string, IReadOnlyList<string>>
    {
        [SignedIn] = SunlightRoles.All,
        [DirectoryRead] = [SunlightRoles.Admin, SunlightRoles.Supervisor, SunlightRoles.Inspector, SunlightRoles.DepartmentHead, SunlightRoles.Clerk, SunlightRoles.TradingOperator],
        [DirectoryManage] = [SunlightRoles.Admin],
        [CalendarManage] = [SunlightRoles.Admin],
        [AuditRead] = [SunlightRoles.Admin, SunlightRoles.Supervisor, SunlightRoles.Inspector],
        [AccountsManage] = [SunlightRoles.Admin],
        [AccountsApprove] = [SunlightRoles.Admin, SunlightRoles.Supervisor],
        [Supervision] = [SunlightRoles.Supervisor, SunlightRoles.Inspector],
        [LedgerRead] = [SunlightRoles.Admin, SunlightRoles.Supervisor, SunlightRoles.Inspector],
        [LedgerManage] = [SunlightRoles.Admin, SunlightRoles.Supervisor],
        [AlertsRead] = [SunlightRoles.Admin, SunlightRoles.Supervisor, SunlightRoles.Inspector, SunlightRoles.DepartmentHead, SunlightRoles.Clerk],
        [AlertsDecide] = [SunlightRoles.Supervisor],
        [NoticesReply] = [SunlightRoles.Clerk, SunlightRoles.DepartmentHead],
    };

    /// <summary>One of Core's policies as a manifest lists it.</summary>
    public static Modules.ModulePolicy Of(string name) => new(name, Roles[name]);

    /// <summary>
    /// Adds <paramref name="policies"/>: each requires a signed-in person with jurisdiction claims and one of its roles,
    /// or, for a policy that names a grant, that grant in some scope (the handler checks the scope).
    /// </summary>
    public static void Add(AuthorizationOptions options, IEnumerable<Modules.ModulePolicy> policies)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(policies);
        foreach (var policy in policies)
        {
            options.AddPolicy(policy.Name, p =>
            {
                p.RequireAuthenticatedUser().RequireClaim(SunlightClaims.RegionPath);
                if (policy.Grant is { } grant)
                {
                    var prefix = grant + "|";
                    p.RequireAssertion(ctx => policy.Roles.Any(ctx.User.IsInRole)
                        || ctx.User.FindAll(SunlightClaims.Grant).Any(c => c.Value.StartsWith(prefix, StringComparison.Ordinal)));
                }
                else
                {
                    p.RequireRole(policy.Roles);
                }
            });
        }
    }
}
