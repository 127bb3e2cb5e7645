using System.Security.Claims;
using Microsoft.AspNetCore.Http;
using Sunlight.Core.Accounts;

namespace Sunlight.Core.Api;

/// <summary>
/// Who a request comes from, bound once for a handler that takes it as a parameter: jurisdiction, user name, account id.
/// A route that requires a policy always has one (every policy requires jurisdiction claims); public routes take <c>Caller?</c>.
/// </summary>
public sealed record Caller(Jurisdiction Who, string UserName, string? UserId)
{
    /// <summary>Minimal APIs call this to bind a <see cref="Caller"/> parameter; null when nobody with jurisdiction is signed in.</summary>
    public static ValueTask<Caller?> BindAsync(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        return ValueTask.FromResult(From(http.User));
    }

    public static Caller? From(ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(user);
        return Jurisdiction.From(user) is { } who
            ? new Caller(who, user.Identity?.Name ?? "", user.FindFirstValue(ClaimTypes.NameIdentifier))
            : null;
    }
}
