using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Sunlight.Core.Api;
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

    private const string RoutePrefix = "accounts";

    public IReadOnlyList<ModulePolicy> Policies { get; } =
        [SunlightPolicies.Of(SunlightPolicies.SignedIn), SunlightPolicies.Of(SunlightPolicies.AuditRead), SunlightPolicies.Of(SunlightPolicies.AccountsManage)];

    public IReadOnlyList<string> RecordPrefixes { get; } = ["account."];

    /// <summary>Demo accounts belong to the demo city's organisations.</summary>
    public IReadOnlyList<string> DemoAfter { get; } = ["directory"];

    public IReadOnlyList<NavigationEntry> Navigation { get; } =
    [
        new("admin/accounts", "Nav_Accounts", "ManageAccounts", [SunlightRoles.Admin], 30),
        new("account/tokens", "Nav_Tokens", "Key", SunlightRoles.All, 90),
        new("account/two-factor", "Nav_TwoFactor", "Security", SunlightRoles.All, 91),
        new("audit", "Nav_Audit", "ManageSearch", SunlightPolicies.Roles[SunlightPolicies.AuditRead], 92),
    ];

    public void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        var lockoutMinutes = int.TryParse(configuration["Sunlight:Security:LockoutMinutes"], out var m) ? m : 15;
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
    }

    public void MapEndpoints(IEndpointRouteBuilder api)
    {
        var group = api.MapGroup(RoutePrefix).WithTags("Accounts");

        group.MapGet("me", (HttpContext http) =>
        {
            var who = Jurisdiction.From(http.User)!;
            return TypedResults.Ok(new { name = http.User.Identity!.Name, roles = who.Roles.Order(), region = who.RegionCode, organisation = who.OrganisationCode });
        }).RequireAuthorization(SunlightPolicies.SignedIn);

        group.MapGet("tokens", async (HttpContext http, UserManager<SunlightUser> users, ApiTokenService tokens, CancellationToken ct) =>
        {
            var user = await users.GetUserAsync(http.User);
            var list = await tokens.ListAsync(user!.Id, ct);
            return TypedResults.Ok(list.Select(t => new { t.Id, t.Name, t.Prefix, t.CreatedAt, t.ExpiresAt, t.RevokedAt, t.LastUsedAt }));
        }).RequireAuthorization(SunlightPolicies.SignedIn);

        group.MapDelete("tokens/{id:guid}", async Task<Results<NoContent, ProblemHttpResult>> (
            Guid id, HttpContext http, UserManager<SunlightUser> users, ApiTokenService tokens, AuditLog audit, CancellationToken ct) =>
        {
            var user = await users.GetUserAsync(http.User);
            if (!await tokens.RevokeAsync(user!.Id, id, ct))
            {
                return ApiProblems.Problem(404, "not-found", "未找到令牌 (Token not found)", $"您没有编号为 {id} 的令牌 (you have no token {id}).");
            }

            await audit.WriteAsync("token-revoked", user.UserName, null, http.Connection.RemoteIpAddress?.ToString(), id.ToString(), ct);
            return TypedResults.NoContent();
        }).RequireAuthorization(SunlightPolicies.SignedIn);

        group.MapGet("", async (HttpContext http, AccountService accounts, CancellationToken ct) =>
            TypedResults.Ok(await accounts.ListAsync(Jurisdiction.From(http.User)!, ct)))
            .RequireAuthorization(SunlightPolicies.AccountsManage)
            .WithSummary("Accounts in the administrator's region subtree.");

        group.MapPost("", async Task<Results<Created<AccountDto>, ProblemHttpResult>> (
            NewAccount input, HttpContext http, AccountService accounts, AuditLog audit, CancellationToken ct) =>
        {
            var who = Jurisdiction.From(http.User)!;
            try
            {
                var created = await accounts.CreateInJurisdictionAsync(who, input, ct);
                await audit.WriteAsync("account-created", http.User.Identity?.Name, null, http.Connection.RemoteIpAddress?.ToString(),
                    $"{created.UserName} {string.Join(",", created.Roles)} {created.Region} {created.Organisation}", ct);
                return TypedResults.Created($"/api/v1/accounts/{created.UserName}", created);
            }
            catch (AccountException e)
            {
                return ApiProblems.Problem(400, "invalid-input", "输入有误 (Invalid input)", e.Message,
                    e.Errors.Select(x => new Directory.Contracts.InputError(x.Field, x.Message)).ToList());
            }
        }).RequireAuthorization(SunlightPolicies.AccountsManage);

        group.MapPost("{userName}/unlock", async Task<Results<NoContent, ProblemHttpResult>> (
            string userName, HttpContext http, AccountService accounts, AuditLog audit, CancellationToken ct) =>
        {
            if (!await accounts.UnlockAsync(Jurisdiction.From(http.User)!, userName, ct))
            {
                return ApiProblems.Problem(404, "not-found", "未找到账号 (Account not found)", $"您的管辖范围内没有账号 {userName} (no account {userName} in your jurisdiction).");
            }

            await audit.WriteAsync("account-unlocked", http.User.Identity?.Name, null, http.Connection.RemoteIpAddress?.ToString(), userName, ct);
            return TypedResults.NoContent();
        }).RequireAuthorization(SunlightPolicies.AccountsManage).DisableAntiforgery();

        api.MapGet("audit", async (int? page, HttpContext http, AuditLog audit, CancellationToken ct) =>
        {
            var who = Jurisdiction.From(http.User)!;
            var p = Math.Max(1, page ?? 1);
            var query = audit.Visible(who);
            var total = await query.CountAsync(ct);
            var items = await query.OrderByDescending(a => a.Id).Skip((p - 1) * 50).Take(50).ToListAsync(ct);
            return TypedResults.Ok(new { items, total });
        }).RequireAuthorization(SunlightPolicies.AuditRead).WithTags("Accounts");
    }

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
