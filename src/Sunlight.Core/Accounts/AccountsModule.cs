using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Sunlight.Core.Modules;
using Sunlight.Core.Storage;

namespace Sunlight.Core.Accounts;

/// <summary>账号与权限 — accounts, roles, jurisdiction, two-factor, API tokens, the security audit log.</summary>
public sealed class AccountsModule : ISunlightModule
{
    /// <summary>Picks the API token handler for <c>Authorization: Bearer</c>, the Identity cookie otherwise.</summary>
    public const string SelectorScheme = "Sunlight";

    public string Key => "accounts";

    public string DisplayNameKey => "Module_Accounts";

    public IReadOnlyList<ModulePolicy> Policies { get; } =
        [
            SunlightPolicies.Of(SunlightPolicies.SignedIn), SunlightPolicies.Of(SunlightPolicies.AuditRead), SunlightPolicies.Of(SunlightPolicies.AccountsManage),
            SunlightPolicies.Of(SunlightPolicies.AccountsApprove),
        ];

    public IReadOnlyList<string> RecordPrefixes { get; } = ["account."];

    public IReadOnlyList<ModuleOptions> Options { get; } = [ModuleOptions.Of<SecurityOptions>("Security")];

    /// <summary>Demo accounts belong to the demo city's organisations.</summary>
    public IReadOnlyList<string> DemoAfter { get; } = ["directory"];

    public IReadOnlyList<NavigationEntry> Navigation { get; } =
    [
        new("admin/accounts", "Nav_Accounts", "ManageAccounts", [SunlightRoles.Admin], 30),
        new("admin/approvals", "Nav_Approvals", "HowToReg", SunlightPolicies.Roles[SunlightPolicies.AccountsApprove], 31),
        new("account/tokens", "Nav_Tokens", "Key", SunlightRoles.All, 90),
        new("account/two-factor", "Nav_TwoFactor", "Security", SunlightRoles.All, 91),
        new("audit", "Nav_Audit", "ManageSearch", SunlightPolicies.Roles[SunlightPolicies.AuditRead], 92),
    ];

    public void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        var lockoutMinutes = ModuleOptions.Read<SecurityOptions>(configuration, "Security").LockoutMinutes;
        services.AddIdentity<SunlightUser, IdentityRole>(o =>
            {
                o.Password.RequiredLength = 10;
                o.Password.RequireDigit = true;
                o.Password.RequireLowercase = true;
                o.Password.RequireUppercase = true;
                o.Password.RequireNonAlphanumeric = true;
                o.Lockout.MaxFailedAccessAttempts = 5;
                o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(lockoutMinutes);
                o.Lockout.AllowedForNewUsers = true;
                o.User.RequireUniqueEmail = false;
                o.SignIn.RequireConfirmedAccount = false;
            })
            .AddEntityFrameworkStores<CoreDbContext>()
            .AddDefaultTokenProviders()
            .AddClaimsPrincipalFactory<SunlightClaimsFactory>();

        // A revoked grant or a newly approved role reaches a signed-in browser within a minute (the stamp changes then).
        services.Configure<SecurityStampValidatorOptions>(o => o.ValidationInterval = TimeSpan.FromMinutes(1));
        services.ConfigureApplicationCookie(o =>
        {
            o.LoginPath = "/account/login";
            o.LogoutPath = "/account/logout";
            o.AccessDeniedPath = "/account/denied";
            o.Cookie.Name = "sunlight.auth";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Lax;
            o.SlidingExpiration = true;
            o.ExpireTimeSpan = TimeSpan.FromHours(8);
            // APIs answer 401/403; only pages redirect to the sign-in page.
            o.Events.OnRedirectToLogin = ctx => ApiOrRedirect(ctx, StatusCodes.Status401Unauthorized);
            o.Events.OnRedirectToAccessDenied = ctx => ApiOrRedirect(ctx, StatusCodes.Status403Forbidden);
        });

        services.AddAuthentication(o =>
            {
                // AddIdentity sets the cookie as the default for each action; the selector must win for all of them.
                o.DefaultScheme = SelectorScheme;
                o.DefaultAuthenticateScheme = SelectorScheme;
                o.DefaultChallengeScheme = SelectorScheme;
                o.DefaultForbidScheme = SelectorScheme;
            })
            .AddPolicyScheme(SelectorScheme, "Cookie or bearer token", o => o.ForwardDefaultSelector = ctx =>
                ctx.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
                    ? ApiTokenAuthenticationHandler.SchemeName
                    : IdentityConstants.ApplicationScheme)
            .AddScheme<AuthenticationSchemeOptions, ApiTokenAuthenticationHandler>(ApiTokenAuthenticationHandler.SchemeName, null);

        services.AddScoped<ApiTokenService>();
        services.AddScoped<AuditLog>();
        services.AddScoped<AccountService>();
        services.AddScoped<GrantService>();
        services.AddScoped<RoleRequests>();
    }

    public void MapEndpoints(IEndpointRouteBuilder api) => AccountEndpoints.Map(api);

    public IEnumerable<ModuleCommand> Commands(ICommandNode node) => [new(AccountCommands.Build(node))];

    public async Task SeedReferenceAsync(IServiceProvider services, CancellationToken cancellationToken) =>
        await services.GetRequiredService<AccountService>().EnsureRolesAsync().ConfigureAwait(false);

    public Task SeedDemoAsync(IServiceProvider services, CancellationToken cancellationToken) =>
        services.GetRequiredService<AccountService>().SeedDemoAccountsAsync(cancellationToken);

    private static Task ApiOrRedirect(Microsoft.AspNetCore.Authentication.RedirectContext<Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationOptions> ctx, int status)
    {
        if (ctx.Request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase))
        {
            ctx.Response.StatusCode = status;
            return Task.CompletedTask;
        }

        ctx.Response.Redirect(ctx.RedirectUri);
        return Task.CompletedTask;
    }
}
