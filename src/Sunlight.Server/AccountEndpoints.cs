using Sunlight.Core;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Sunlight.Core.Accounts;

namespace Sunlight.Server;

/// <summary>Account endpoints that are plain HTTP rather than pages.</summary>
internal static class AccountEndpoints
{
    public static void Map(WebApplication app)
    {
        app.MapPost("/account/logout", async ([FromForm] string? returnUrl, HttpContext http, SignInManager<SunlightUser> signIn, AuditLog audit) =>
        {
            var who = Jurisdiction.From(http.User);
            await signIn.SignOutAsync();
            await audit.WriteAsync("sign-out", http.User.Identity?.Name, who?.RegionPath, http.Connection.RemoteIpAddress?.ToString(), null, http.RequestAborted);
            return Results.LocalRedirect(returnUrl is { Length: > 0 } && returnUrl.StartsWith('/') && !returnUrl.StartsWith("//", StringComparison.Ordinal) ? returnUrl : "/");
        }).ExcludeFromDescription();
    }
}

/// <summary>
/// With <c>Sunlight:Security:RequireTwoFactor</c> on, supervisors and administrators without TOTP can only reach the
/// two-factor set-up page (pages) or get 403 (API) until they enrol.
/// </summary>
internal sealed class TwoFactorEnforcement(RequestDelegate next, Microsoft.Extensions.Options.IOptions<Sunlight.Core.SecurityOptions> options)
{
    public async Task InvokeAsync(HttpContext http)
    {
        var required = options.Value.RequireTwoFactor;
        var user = http.User;
        if (required && user.Identity?.IsAuthenticated == true
            && (user.IsInRole(SunlightRoles.Supervisor) || user.IsInRole(SunlightRoles.Admin))
            && user.FindFirst(SunlightClaims.TwoFactor)?.Value != "true")
        {
            var path = http.Request.Path;
            if (path.StartsWithSegments("/api"))
            {
                await Sunlight.Core.Api.ApiProblems.Problem(403, "two-factor-required", Bilingual.Say("需要两步验证", "Two-factor required"),
                    Bilingual.Say("监察人员和管理员须先在“两步验证”页面启用身份验证器", "set up an authenticator app first.")).ExecuteAsync(http);
                return;
            }

            if (!path.StartsWithSegments("/account") && !path.StartsWithSegments("/_framework") && !path.StartsWithSegments("/_content")
                && !path.StartsWithSegments("/_blazor") && !Path.HasExtension(path.Value))
            {
                http.Response.Redirect("/account/two-factor?required=1");
                return;
            }
        }

        await next(http);
    }
}
