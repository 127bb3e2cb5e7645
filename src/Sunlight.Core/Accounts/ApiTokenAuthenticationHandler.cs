using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Sunlight.Core.Accounts;

/// <summary>Authenticates <c>Authorization: Bearer sl_…</c> requests with an API token.</summary>
public sealed class ApiTokenAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ApiTokenService tokens,
    UserManager<SunlightUser> users,
    IUserClaimsPrincipalFactory<SunlightUser> principals)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiToken";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? header = Request.Headers.Authorization;
        if (header is null || !header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return AuthenticateResult.NoResult();
        }

        var secret = header["Bearer ".Length..].Trim();
        var token = await tokens.FindActiveAsync(secret, Context.RequestAborted).ConfigureAwait(false);
        if (token is null)
        {
            return AuthenticateResult.Fail(Bilingual.Say("令牌无效、已过期或已吊销", "the token is unknown, expired or revoked."));
        }

        var user = await users.FindByIdAsync(token.UserId).ConfigureAwait(false);
        if (user is null || await users.IsLockedOutAsync(user).ConfigureAwait(false))
        {
            return AuthenticateResult.Fail(Bilingual.Say("令牌所属账号不可用", "the token's account is locked or gone."));
        }

        var principal = await principals.CreateAsync(user).ConfigureAwait(false);
        return AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName));
    }
}
