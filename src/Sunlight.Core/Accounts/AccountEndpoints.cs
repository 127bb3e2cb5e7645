using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Sunlight.Core.Api;

namespace Sunlight.Core.Accounts;

/// <summary>账号与权限 — <c>/api/v1/accounts</c> (one's own account and tokens; administrators' accounts) and <c>/api/v1/audit</c>.</summary>
internal static class AccountEndpoints
{
    public static void Map(IEndpointRouteBuilder api)
    {
        var accounts = api.MapGroup("accounts").WithTags("Accounts");
        accounts.MapGet("me", Me).RequireAuthorization(SunlightPolicies.SignedIn).WithSummary("Who the caller is: name, roles, region, organisation.");
        accounts.MapGet("tokens", Tokens).RequireAuthorization(SunlightPolicies.SignedIn).WithSummary("The caller's API tokens (never the secrets).");
        accounts.MapDelete("tokens/{id:guid}", Revoke).RequireAuthorization(SunlightPolicies.SignedIn).WithSummary("Revokes one of the caller's tokens.");
        accounts.MapGet("", List).RequireAuthorization(SunlightPolicies.AccountsManage).WithSummary("Accounts in the administrator's region subtree.");
        accounts.MapPost("", Create).RequireAuthorization(SunlightPolicies.AccountsManage).WithSummary("Creates an account in the administrator's region.");
        accounts.MapGet("grants", Grants).RequireAuthorization(SunlightPolicies.AccountsManage).WithSummary("Module-scoped grants held by accounts in the administrator's region subtree.");
        accounts.MapGet("grants/offered", Offered).RequireAuthorization(SunlightPolicies.AccountsManage).WithSummary("The grants the node's modules offer, with the kind of scope each takes.");
        accounts.MapPost("{userName}/grants", Grant).RequireAuthorization(SunlightPolicies.AccountsManage).WithSummary("Gives an account a module's grant for one organisation or region (a ledger record).");
        accounts.MapDelete("grants/{id:long}", RevokeGrant).RequireAuthorization(SunlightPolicies.AccountsManage).WithSummary("Revokes a grant (a ledger record).");
        accounts.MapGet("role-requests", RoleRequestsPending).RequireAuthorization(SunlightPolicies.AccountsApprove).WithSummary("Pending requests to make someone a Supervisor, in the caller's subtree.");
        accounts.MapPost("role-requests/{id:long}/decision", Decide).RequireAuthorization(SunlightPolicies.AccountsApprove)
            .WithSummary("A second Admin or Supervisor (not the requester, not the person) approves, or refuses with a reason.");
        accounts.MapPost("{userName}/unlock", Unlock).RequireAuthorization(SunlightPolicies.AccountsManage).DisableAntiforgery().WithSummary("Clears a lockout after failed sign-ins.");
        api.MapGet("audit", Audit).RequireAuthorization(SunlightPolicies.AuditRead).WithTags("Accounts").WithSummary("Security events of the caller's subtree, 50 a page.");
    }

    private static Ok<Self> Me(Caller caller) =>
        TypedResults.Ok(new Self(caller.UserName, [.. caller.Who.Roles.Order(StringComparer.Ordinal)], caller.Who.RegionCode, caller.Who.OrganisationCode));

    private static async Task<Ok<IEnumerable<TokenListing>>> Tokens(Caller caller, ApiTokenService tokens, CancellationToken ct) =>
        TypedResults.Ok((await tokens.ListAsync(caller.UserId!, ct)).Select(t => new TokenListing(t.Id, t.Name, t.Prefix, t.CreatedAt, t.ExpiresAt, t.RevokedAt, t.LastUsedAt)));

    private static async Task<Results<NoContent, ProblemHttpResult>> Revoke(Guid id, Caller caller, HttpContext http, ApiTokenService tokens, AuditLog audit, CancellationToken ct)
    {
        if (!await tokens.RevokeAsync(caller.UserId!, id, ct))
        {
            return ApiProblems.Problem(404, "not-found", Bilingual.Say("未找到令牌", "Token not found"), Bilingual.Say($"您没有编号为 {id} 的令牌", $"you have no token {id}."));
        }

        await audit.WriteAsync("token-revoked", caller.UserName, null, http.Connection.RemoteIpAddress?.ToString(), id.ToString(), ct);
        return TypedResults.NoContent();
    }

    private static async Task<Ok<IReadOnlyList<AccountDto>>> List(Caller caller, AccountService accounts, CancellationToken ct) =>
        TypedResults.Ok(await accounts.ListAsync(caller.Who, ct));

    private static async Task<Created<AccountDto>> Create(NewAccount input, Caller caller, HttpContext http, AccountService accounts, AuditLog audit, CancellationToken ct)
    {
        var created = await accounts.CreateInJurisdictionAsync(caller.Who, caller.UserName, input, ct);
        await audit.WriteAsync("account-created", caller.UserName, null, http.Connection.RemoteIpAddress?.ToString(),
            $"{created.UserName} {string.Join(",", created.Roles)} {created.Region} {created.Organisation}", ct);
        return TypedResults.Created($"/api/v1/accounts/{created.UserName}", created);
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> Unlock(string userName, Caller caller, HttpContext http, AccountService accounts, AuditLog audit, CancellationToken ct)
    {
        if (!await accounts.UnlockAsync(caller.Who, userName, ct))
        {
            return ApiProblems.Problem(404, "not-found", Bilingual.Say("未找到账号", "Account not found"), Bilingual.Say($"您的管辖范围内没有账号 {userName}", $"no account {userName} in your jurisdiction."));
        }

        await audit.WriteAsync("account-unlocked", caller.UserName, null, http.Connection.RemoteIpAddress?.ToString(), userName, ct);
        return TypedResults.NoContent();
    }

    private static async Task<Ok<IReadOnlyList<GrantListing>>> Grants(Caller caller, GrantService grants, CancellationToken ct) =>
        TypedResults.Ok(await grants.ListAsync(caller.Who, ct));

    private static Ok<IReadOnlyList<OfferedGrant>> Offered(OfferedGrants offered) => TypedResults.Ok(offered.All);

    private static async Task<Created<GrantListing>> Grant(string userName, NewGrant input, Caller caller, HttpContext http, GrantService grants, AuditLog audit, CancellationToken ct)
    {
        var added = await grants.AddAsync(caller.Who, caller.UserName, userName, input, ct);
        await audit.WriteAsync("grant-added", caller.UserName, null, http.Connection.RemoteIpAddress?.ToString(), $"{added.UserName} {added.Grant} {added.Scope}", ct);
        return TypedResults.Created($"/api/v1/accounts/grants/{added.Id}", added);
    }

    private static async Task<NoContent> RevokeGrant(long id, Caller caller, HttpContext http, GrantService grants, AuditLog audit, CancellationToken ct)
    {
        await grants.RevokeAsync(caller.Who, caller.UserName, id, ct);
        await audit.WriteAsync("grant-revoked", caller.UserName, null, http.Connection.RemoteIpAddress?.ToString(), id.ToString(System.Globalization.CultureInfo.InvariantCulture), ct);
        return TypedResults.NoContent();
    }

    private static async Task<Ok<IReadOnlyList<RoleRequestListing>>> RoleRequestsPending(Caller caller, RoleRequests requests, CancellationToken ct) =>
        TypedResults.Ok(await requests.PendingAsync(caller.Who, ct));

    private static async Task<NoContent> Decide(long id, RoleDecision decision, Caller caller, HttpContext http, RoleRequests requests, AuditLog audit, CancellationToken ct)
    {
        await requests.DecideAsync(caller.Who, caller.UserName, id, decision, ct);
        await audit.WriteAsync(decision.Approve ? "role-approved" : "role-refused", caller.UserName, null, http.Connection.RemoteIpAddress?.ToString(),
            id.ToString(System.Globalization.CultureInfo.InvariantCulture), ct);
        return TypedResults.NoContent();
    }

    private static async Task<Ok<AuditPage>> Audit(int? page, Caller caller, AuditLog audit, CancellationToken ct)
    {
        var p = Math.Max(1, page ?? 1);
        var query = audit.Visible(caller.Who);
        var total = await query.CountAsync(ct);
        var items = await query.OrderByDescending(a => a.Id).Skip((p - 1) * 50).Take(50).ToListAsync(ct);
        return TypedResults.Ok(new AuditPage(items, total));
    }
}

/// <summary>The signed-in caller.</summary>
public sealed record Self(string Name, IReadOnlyList<string> Roles, string Region, string? Organisation);

/// <summary>An API token as its owner lists it.</summary>
public sealed record TokenListing(Guid Id, string Name, string Prefix, DateTimeOffset CreatedAt, DateTimeOffset? ExpiresAt, DateTimeOffset? RevokedAt, DateTimeOffset? LastUsedAt);

/// <summary>A page of the security audit log and how many events match in all.</summary>
public sealed record AuditPage(IReadOnlyList<AuditEvent> Items, int Total);
