using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Sunlight.Core.Accounts;
using Sunlight.Core.Directory.Demo;

namespace Sunlight.Server.Tests;

/// <summary>
/// Every role × every API route and page: allowed or denied, as this table says. A route the table does not know
/// fails the test, so a new route cannot ship without deciding who may use it.
/// </summary>
public sealed class AuthorizationMatrixTests(SqliteNode node) : IClassFixture<SqliteNode>
{
    private static readonly string[] Everyone = [.. SunlightRoles.All];
    private static readonly string[] DirectoryReaders = [SunlightRoles.Admin, SunlightRoles.Supervisor, SunlightRoles.Inspector, SunlightRoles.DepartmentHead, SunlightRoles.Clerk, SunlightRoles.TradingOperator];
    private static readonly string[] AdminOnly = [SunlightRoles.Admin];
    private static readonly string[] AuditReaders = [SunlightRoles.Admin, SunlightRoles.Supervisor, SunlightRoles.Inspector];
    private static readonly string[] LedgerReaders = [SunlightRoles.Admin, SunlightRoles.Supervisor, SunlightRoles.Inspector];
    private static readonly string[] LedgerManagers = [SunlightRoles.Admin, SunlightRoles.Supervisor];
    private static readonly string[] Applicants = [SunlightRoles.Applicant];
    private static readonly string[] Caseworkers = [SunlightRoles.Clerk, SunlightRoles.DepartmentHead];
    private static readonly string[] AlertReaders = [SunlightRoles.Admin, SunlightRoles.Supervisor, SunlightRoles.Inspector, SunlightRoles.DepartmentHead, SunlightRoles.Clerk];
    private static readonly string[] Supervisors = [SunlightRoles.Supervisor];

    /// <summary>Routes authenticated by a request signature, not by an account: 401 for every caller without one.</summary>
    private static readonly string[] SignatureOnly = ["(signed request)"];

    /// <summary>Method, route pattern, sample URL ({org} = an organisation the caller may see), allowed roles (null = public).</summary>
    private static readonly (string Method, string Pattern, string Url, string[]? Roles)[] Api =
    [
        ("GET", "/api/v1/accounts/me", "/api/v1/accounts/me", Everyone),
        ("GET", "/api/v1/accounts/tokens", "/api/v1/accounts/tokens", Everyone),
        ("DELETE", "/api/v1/accounts/tokens/{id:guid}", $"/api/v1/accounts/tokens/{Guid.Empty}", Everyone),
        ("GET", "/api/v1/audit", "/api/v1/audit", AuditReaders),
        ("GET", "/api/v1/accounts", "/api/v1/accounts", AdminOnly),
        ("POST", "/api/v1/accounts", "/api/v1/accounts", AdminOnly),
        ("POST", "/api/v1/accounts/{userName}/unlock", "/api/v1/accounts/nobody/unlock", AdminOnly),
        ("GET", "/api/v1/accounts/grants", "/api/v1/accounts/grants", AdminOnly),
        ("GET", "/api/v1/accounts/grants/offered", "/api/v1/accounts/grants/offered", AdminOnly),
        ("POST", "/api/v1/accounts/{userName}/grants", "/api/v1/accounts/nobody/grants", AdminOnly),
        ("DELETE", "/api/v1/accounts/grants/{id:long}", "/api/v1/accounts/grants/0", AdminOnly),
        ("GET", "/api/v1/accounts/role-requests", "/api/v1/accounts/role-requests", LedgerManagers),
        ("POST", "/api/v1/accounts/role-requests/{id:long}/decision", "/api/v1/accounts/role-requests/0/decision", LedgerManagers),
        ("GET", "/api/v1/directory/regions", "/api/v1/directory/regions", DirectoryReaders),
        ("GET", "/api/v1/directory/organisations", "/api/v1/directory/organisations", DirectoryReaders),
        ("GET", "/api/v1/directory/organisations/{code}", "/api/v1/directory/organisations/{org}", DirectoryReaders),
        ("GET", "/api/v1/directory/organisations/{code}/staff", "/api/v1/directory/organisations/{org}/staff", DirectoryReaders),
        ("POST", "/api/v1/directory/organisations", "/api/v1/directory/organisations", AdminOnly),
        ("PUT", "/api/v1/directory/organisations/{code}", "/api/v1/directory/organisations/{org}", AdminOnly),
        ("POST", "/api/v1/directory/organisations/{code}/staff", "/api/v1/directory/organisations/{org}/staff", AdminOnly),
        ("GET", "/api/v1/directory/import/template", "/api/v1/directory/import/template", AdminOnly),
        ("GET", "/api/v1/directory/export", "/api/v1/directory/export", AdminOnly),
        ("POST", "/api/v1/directory/import", "/api/v1/directory/import", AdminOnly),
        ("GET", "/api/v1/calendar/add-workdays", "/api/v1/calendar/add-workdays?date=2025-01-20&days=1", null),
        ("GET", "/api/v1/calendar/add-days", "/api/v1/calendar/add-days?date=2025-01-20&days=1", null),
        ("GET", "/api/v1/calendar/is-workday", "/api/v1/calendar/is-workday?date=2025-01-20", null),
        ("GET", "/api/v1/calendar/count-workdays", "/api/v1/calendar/count-workdays?from=2025-01-20&to=2025-02-20", null),
        ("GET", "/api/v1/calendar/years", "/api/v1/calendar/years", null),
        ("GET", "/api/v1/calendar/missing", "/api/v1/calendar/missing", null),
        ("PUT", "/api/v1/calendar/years/{year:int}", "/api/v1/calendar/years/2099", AdminOnly),
        ("POST", "/api/v1/identifiers/validate", "/api/v1/identifiers/validate", null),
        ("GET", "/api/v1/catalogue/items", "/api/v1/catalogue/items", null),
        ("GET", "/api/v1/catalogue/items/{code}", "/api/v1/catalogue/items/370700-XK-NONE", null),
        ("GET", "/api/v1/catalogue/items/{code}/flowchart.svg", "/api/v1/catalogue/items/370700-XK-NONE/flowchart.svg", null),
        ("POST", "/api/v1/catalogue/items", "/api/v1/catalogue/items", AdminOnly),
        ("GET", "/api/v1/catalogue/template", "/api/v1/catalogue/template", AdminOnly),
        ("GET", "/api/v1/catalogue/export", "/api/v1/catalogue/export", AdminOnly),
        ("POST", "/api/v1/catalogue/import", "/api/v1/catalogue/import", AdminOnly),
        ("POST", "/api/v1/exchange/{feed}", "/api/v1/exchange/case-events", SignatureOnly),
        ("POST", "/api/v1/exchange/systems", "/api/v1/exchange/systems", AdminOnly),
        ("POST", "/api/v1/exchange/systems/{id}/rotate", "/api/v1/exchange/systems/nope/rotate", AdminOnly),
        ("GET", "/api/v1/exchange/systems", "/api/v1/exchange/systems", AdminOnly),
        ("GET", "/api/v1/cases/{caseNo}", "/api/v1/cases/NO-SUCH-CASE", Everyone),
        ("GET", "/api/v1/cases/{caseNo}/attachments/{id:long}", "/api/v1/cases/NO-SUCH-CASE/attachments/1", Everyone),
        ("GET", "/api/v1/cases/{caseNo}/proofs", "/api/v1/cases/NO-SUCH-CASE/proofs", Everyone),
        ("POST", "/api/v1/hall/applications", "/api/v1/hall/applications", Applicants),
        ("GET", "/api/v1/hall/cases", "/api/v1/hall/cases", Applicants),
        ("POST", "/api/v1/hall/cases/{caseNo}/rating", "/api/v1/hall/cases/NO-SUCH-CASE/rating", Applicants),
        ("GET", "/api/v1/hall/progress", "/api/v1/hall/progress?caseNo=NO-SUCH-CASE&code=AAAAAAAA", null),
        ("GET", "/api/v1/workbench/inbox", "/api/v1/workbench/inbox", Caseworkers),
        ("POST", "/api/v1/workbench/cases/{caseNo}/actions", "/api/v1/workbench/cases/NO-SUCH-CASE/actions", Caseworkers),
        ("GET", "/api/v1/alerts", "/api/v1/alerts", AlertReaders),
        ("POST", "/api/v1/alerts", "/api/v1/alerts", Supervisors),
        ("GET", "/api/v1/alerts/export.csv", "/api/v1/alerts/export.csv", AlertReaders),
        ("GET", "/api/v1/alerts/export.xlsx", "/api/v1/alerts/export.xlsx", AlertReaders),
        ("POST", "/api/v1/alerts/{id:long}/dismiss", "/api/v1/alerts/0/dismiss", Supervisors),
        ("POST", "/api/v1/notices", "/api/v1/notices", Supervisors),
        ("GET", "/api/v1/notices", "/api/v1/notices", AlertReaders),
        ("GET", "/api/v1/notices/{id:long}", "/api/v1/notices/0", AlertReaders),
        ("GET", "/api/v1/notices/{id:long}/files/{fileId:long}", "/api/v1/notices/0/files/1", AlertReaders),
        ("POST", "/api/v1/notices/{id:long}/reply", "/api/v1/notices/0/reply", Caseworkers),
        ("POST", "/api/v1/notices/{id:long}/verify", "/api/v1/notices/0/verify", Supervisors),
        ("POST", "/api/v1/notices/{id:long}/return", "/api/v1/notices/0/return", Supervisors),
        ("POST", "/api/v1/notices/{id:long}/issue", "/api/v1/notices/0/issue", Supervisors),
        ("POST", "/api/v1/notices/{id:long}/discard", "/api/v1/notices/0/discard", Supervisors),
        ("POST", "/api/v1/notices/{id:long}/copy", "/api/v1/notices/0/copy", Supervisors),
        ("GET", "/api/v1/supervision/rules", "/api/v1/supervision/rules", AlertReaders),
        ("PUT", "/api/v1/supervision/rules/{code}/parameters/{name}", "/api/v1/supervision/rules/SVC-NONE/parameters/x", AdminOnly),
        ("GET", "/api/v1/ledger/proof/inclusion", "/api/v1/ledger/proof/inclusion?index=0&size=1", null),
        ("GET", "/api/v1/ledger/proof/consistency", "/api/v1/ledger/proof/consistency?from=0&to=1", null),
        ("GET", "/api/v1/ledger/check", "/api/v1/ledger/check?seq=0&bodyHash=00", null),
        ("GET", "/api/v1/ledger/records/{seq:long}", "/api/v1/ledger/records/{rec}", LedgerReaders),
        ("GET", "/api/v1/ledger/status", "/api/v1/ledger/status", LedgerReaders),
        ("POST", "/api/v1/ledger/checkpoint", "/api/v1/ledger/checkpoint", LedgerManagers),
    ];

    private static readonly (string Url, string[]? Roles)[] Pages =
    [
        ("/", null),
        ("/calendar", null),
        ("/identifiers", null),
        ("/account/login", null),
        ("/workspace", Everyone),
        ("/account/tokens", Everyone),
        ("/account/two-factor", Everyone),
        ("/directory/organisations", DirectoryReaders),
        ("/directory/import", AdminOnly),
        ("/audit", AuditReaders),
        ("/admin/accounts", AdminOnly),
        ("/admin/approvals", LedgerManagers),
        ("/ledger", LedgerReaders),
        ("/ledger/check", null),
        ("/hall", null),
        ("/hall/progress", null),
        ("/hall/items/370781-XK-XZSP-003", null),
        ("/hall/items/370781-XK-XZSP-003/apply", Applicants),
        ("/hall/mine", Applicants),
        ("/hall/cases/NO-SUCH-CASE", Everyone),
        ("/workbench", Caseworkers),
        ("/catalogue/admin", AdminOnly),
        ("/supervision", AlertReaders),
        ("/notices", AlertReaders),
        ("/supervision/digest", AlertReaders),
        ("/supervision/screen", AlertReaders),
        ("/supervision/rules", AlertReaders),
        ("/workbench/cases/NO-SUCH-CASE", Caseworkers),
    ];

    [Fact]
    public void Every_api_route_is_in_the_matrix()
    {
        var mapped = node.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/api/v1", StringComparison.Ordinal) == true)
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["*"]).Select(m => $"{m} {e.RoutePattern.RawText!.TrimEnd('/')}"))
            .ToHashSet();
        var known = Api.Select(a => $"{a.Method} {a.Pattern}").ToHashSet();
        Assert.Empty(mapped.Except(known));
        Assert.Empty(known.Except(mapped));
    }

    public static TheoryData<string> Accounts() => [.. DemoCity.Accounts.Select(a => a.UserName)];

    [Theory]
    [MemberData(nameof(Accounts))]
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
            if (roles == SignatureOnly)
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
    [MemberData(nameof(Accounts))]
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

    [Theory]
    [InlineData("supervisor-370781", "370782-fgw")]
    [InlineData("inspector-370781", "370700-xzsp")]
    [InlineData("admin-370781", "370783-jw")]
    [InlineData("clerk-370781", "370781-fgw")]
    [InlineData("departmenthead-370781", "370781-scjg")]
    [InlineData("tradingoperator-370781", "370781-xzsp")]
    [InlineData("clerk", "370781-xzsp")]
    public async Task Jurisdiction_is_respected_for_every_role(string userName, string foreignOrganisation)
    {
        var client = await node.As(userName);
        using var response = await client.GetAsync($"/api/v1/directory/organisations/{foreignOrganisation}/staff");
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    /// <summary>A record without a region (an API token issued), readable by every ledger reader.</summary>
    private async Task<string> NodeWideRecordAsync()
    {
        await node.TokenFor("admin");
        await using var scope = node.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<Sunlight.Core.Storage.CoreDbContext>();
        var seq = await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.FirstAsync(
            db.LedgerRecords.Where(r => r.RegionPath == null).OrderBy(r => r.Sequence).Select(r => r.Sequence));
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
