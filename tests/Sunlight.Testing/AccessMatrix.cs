using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Sunlight.Core.Accounts;
using Sunlight.Core.Directory.Demo;
using Sunlight.Core.Modules;

namespace Sunlight.Testing;

/// <summary>One API route of an access matrix: method, route pattern, a sample URL, and the roles allowed (null = public).</summary>
/// <remarks>In the sample URL, <c>{org}</c> is an organisation the caller may see and <c>{rec}</c> a node-wide ledger record.</remarks>
public sealed record ApiAccess(string Method, string Pattern, string Url, IReadOnlyList<string>? Roles);

/// <summary>One page of an access matrix and the roles allowed (null = public).</summary>
public sealed record PageAccess(string Url, IReadOnlyList<string>? Roles);

/// <summary>The role sets the matrices use.</summary>
public static class Access
{
    public static readonly string[] Everyone = [.. SunlightRoles.All];
    public static readonly string[] AdminOnly = [SunlightRoles.Admin];
    public static readonly string[] Applicants = [SunlightRoles.Applicant];
    public static readonly string[] Caseworkers = [SunlightRoles.Clerk, SunlightRoles.DepartmentHead];
    public static readonly string[] Supervisors = [SunlightRoles.Supervisor];

    /// <summary>Routes authenticated by a request signature, not by an account: 401 for every caller without one.</summary>
    public static readonly string[] SignatureOnly = ["(signed request)"];
}

/// <summary>
/// A module's access matrix: every demo role × every API route and page of the module, allowed or denied as the table
/// says. A route of the module the table does not know fails the test, so a route cannot ship without deciding who may
/// use it. Each module's test project has one (the architecture tests check that it does); Core's is in the server's
/// tests.
/// </summary>
public abstract class AccessMatrix(SunlightNode node)
{
    /// <summary>The keys of the modules whose routes this table decides.</summary>
    protected abstract IReadOnlyList<string> Modules { get; }

    protected abstract IReadOnlyList<ApiAccess> Api { get; }

    protected abstract IReadOnlyList<PageAccess> Pages { get; }

    public static TheoryData<string> Accounts() => [.. DemoCity.Accounts.Select(a => a.UserName)];

    [Fact]
    public void Every_api_route_of_the_module_is_in_its_matrix()
    {
        var mapped = node.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<ModuleEndpoint>() is { } owner && Modules.Contains(owner.Module))
            .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["*"]).Select(m => $"{m} {e.RoutePattern.RawText!.TrimEnd('/')}"))
            .ToHashSet();
        var known = Api.Select(a => $"{a.Method} {a.Pattern}").ToHashSet();
        Assert.True(mapped.Except(known).ToList() is { Count: 0 }, "routes nobody decided access for: " + string.Join(", ", mapped.Except(known)));
        Assert.True(known.Except(mapped).ToList() is { Count: 0 }, "rows for routes that are not mapped: " + string.Join(", ", known.Except(mapped)));
    }

    [Theory]
    [MemberData(nameof(Accounts), MemberType = typeof(AccessMatrix))]
    public async Task Each_role_gets_exactly_the_api_routes_it_is_allowed(string userName)
    {
        var account = DemoCity.Accounts.Single(a => a.UserName == userName);
        var client = await node.As(userName);
        var org = account.OrganisationCode ?? $"{account.RegionCode}-xzsp";
        var record = await NodeWideRecordAsync();
        foreach (var (method, pattern, url, roles) in Api)
        {
            using var response = await Send(client, method, url.Replace("{org}", org, StringComparison.Ordinal).Replace("{rec}", record, StringComparison.Ordinal));
            var status = (int)response.StatusCode;
            if (roles == Access.SignatureOnly)
            {
                Assert.True(status == 401, $"{userName}: {method} {pattern} without a signature should be 401, got {status}");
            }
            else if (roles is null || roles.Contains(account.Role))
            {
                Assert.True(status is not (401 or 403), $"{userName} ({account.Role}) should be allowed {method} {pattern}, got {status}");
            }
            else
            {
                Assert.True(status == 403, $"{userName} ({account.Role}) should be refused {method} {pattern}, got {status}");
            }
        }
    }

    [Fact]
    public async Task Anonymous_callers_get_401_on_every_protected_route_and_through_on_public_ones()
    {
        var client = node.Anonymous();
        foreach (var (method, pattern, url, roles) in Api)
        {
            using var response = await Send(client, method, url.Replace("{org}", "370700-xzsp", StringComparison.Ordinal).Replace("{rec}", "0", StringComparison.Ordinal));
            var status = (int)response.StatusCode;
            Assert.True(roles is null ? status is not (401 or 403) : status == 401, $"anonymous {method} {pattern}: got {status}");
        }
    }

    [Theory]
    [MemberData(nameof(Accounts), MemberType = typeof(AccessMatrix))]
    public async Task Each_role_sees_exactly_the_pages_it_is_allowed(string userName)
    {
        var account = DemoCity.Accounts.Single(a => a.UserName == userName);
        var client = await node.As(userName);
        foreach (var (url, roles) in Pages)
        {
            using var response = await client.GetAsync(url);
            var status = (int)response.StatusCode;
            if (roles is null || roles.Contains(account.Role))
            {
                Assert.True(status == 200, $"{userName} ({account.Role}) should see page {url}, got {status}");
            }
            else
            {
                Assert.True(status == 403, $"{userName} ({account.Role}) should be refused page {url}, got {status}");
            }
        }
    }

    [Fact]
    public async Task Anonymous_visitors_are_sent_to_sign_in_from_protected_pages()
    {
        var client = node.Anonymous();
        foreach (var (url, roles) in Pages)
        {
            using var response = await client.GetAsync(url);
            if (roles is null)
            {
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            }
            else
            {
                Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
                Assert.StartsWith("/account/login", response.RedirectPath(), StringComparison.Ordinal);
            }
        }
    }

    /// <summary>A record without a region (an API token issued), readable by every ledger reader.</summary>
    private async Task<string> NodeWideRecordAsync()
    {
        await node.TokenFor("admin");
        await using var scope = node.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<Sunlight.Core.Storage.CoreDbContext>();
        var seq = await db.LedgerRecords.Where(r => r.RegionPath == null).OrderBy(r => r.Sequence).Select(r => r.Sequence).FirstAsync();
        return seq.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    private static Task<HttpResponseMessage> Send(HttpClient client, string method, string url) => method switch
    {
        "GET" => client.GetAsync(url),
        "DELETE" => client.DeleteAsync(url),
        "POST" when url.EndsWith("/import", StringComparison.Ordinal) => client.PostAsync(url, new MultipartFormDataContent()),
        "POST" => client.PostAsJsonAsync(url, new { }),
        "PUT" => client.PutAsJsonAsync(url, new { }),
        _ => throw new ArgumentOutOfRangeException(nameof(method)),
    };
}
