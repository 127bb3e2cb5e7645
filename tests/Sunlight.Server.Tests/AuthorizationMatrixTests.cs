using System.Net;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Sunlight.Core.Accounts;

namespace Sunlight.Server.Tests;

/// <summary>
/// Core's access matrix (accounts, directory, calendar, identifiers, ledger, supervision, exchange): every demo role ×
/// every route and page of Core's modules, allowed or denied as this table says (the checks are in
/// <see cref="AccessMatrix"/>; each platform module has its own table in its test project).
/// </summary>
public sealed class AuthorizationMatrixTests(SqliteNode node) : AccessMatrix(node), IClassFixture<SqliteNode>
{
    private static readonly string[] DirectoryReaders = [SunlightRoles.Admin, SunlightRoles.Supervisor, SunlightRoles.Inspector, SunlightRoles.DepartmentHead, SunlightRoles.Clerk, SunlightRoles.TradingOperator];
    private static readonly string[] AuditReaders = [SunlightRoles.Admin, SunlightRoles.Supervisor, SunlightRoles.Inspector];
    private static readonly string[] LedgerReaders = [SunlightRoles.Admin, SunlightRoles.Supervisor, SunlightRoles.Inspector];
    private static readonly string[] LedgerManagers = [SunlightRoles.Admin, SunlightRoles.Supervisor];
    private static readonly string[] AlertReaders = [SunlightRoles.Admin, SunlightRoles.Supervisor, SunlightRoles.Inspector, SunlightRoles.DepartmentHead, SunlightRoles.Clerk];

    protected override IReadOnlyList<string> Modules { get; } =
        SunlightApp.Modules.Where(m => m.GetType().Assembly == typeof(Sunlight.Core.CoreModule).Assembly).Select(m => m.Key).ToList();

    protected override IReadOnlyList<ApiAccess> Api { get; } =
    [
        new("GET", "/api/v1/accounts/me", "/api/v1/accounts/me", Access.Everyone),
        new("GET", "/api/v1/accounts/tokens", "/api/v1/accounts/tokens", Access.Everyone),
        new("DELETE", "/api/v1/accounts/tokens/{id:guid}", $"/api/v1/accounts/tokens/{Guid.Empty}", Access.Everyone),
        new("GET", "/api/v1/audit", "/api/v1/audit", AuditReaders),
        new("GET", "/api/v1/accounts", "/api/v1/accounts", Access.AdminOnly),
        new("POST", "/api/v1/accounts", "/api/v1/accounts", Access.AdminOnly),
        new("POST", "/api/v1/accounts/{userName}/unlock", "/api/v1/accounts/nobody/unlock", Access.AdminOnly),
        new("GET", "/api/v1/accounts/grants", "/api/v1/accounts/grants", Access.AdminOnly),
        new("GET", "/api/v1/accounts/grants/offered", "/api/v1/accounts/grants/offered", Access.AdminOnly),
        new("POST", "/api/v1/accounts/{userName}/grants", "/api/v1/accounts/nobody/grants", Access.AdminOnly),
        new("DELETE", "/api/v1/accounts/grants/{id:long}", "/api/v1/accounts/grants/0", Access.AdminOnly),
        new("GET", "/api/v1/accounts/role-requests", "/api/v1/accounts/role-requests", LedgerManagers),
        new("POST", "/api/v1/accounts/role-requests/{id:long}/decision", "/api/v1/accounts/role-requests/0/decision", LedgerManagers),
        new("GET", "/api/v1/directory/regions", "/api/v1/directory/regions", DirectoryReaders),
        new("GET", "/api/v1/directory/organisations", "/api/v1/directory/organisations", DirectoryReaders),
        new("GET", "/api/v1/directory/organisations/{code}", "/api/v1/directory/organisations/{org}", DirectoryReaders),
        new("GET", "/api/v1/directory/organisations/{code}/staff", "/api/v1/directory/organisations/{org}/staff", DirectoryReaders),
        new("POST", "/api/v1/directory/organisations", "/api/v1/directory/organisations", Access.AdminOnly),
        new("PUT", "/api/v1/directory/organisations/{code}", "/api/v1/directory/organisations/{org}", Access.AdminOnly),
        new("POST", "/api/v1/directory/organisations/{code}/staff", "/api/v1/directory/organisations/{org}/staff", Access.AdminOnly),
        new("GET", "/api/v1/directory/import/template", "/api/v1/directory/import/template", Access.AdminOnly),
        new("GET", "/api/v1/directory/export", "/api/v1/directory/export", Access.AdminOnly),
        new("POST", "/api/v1/directory/import", "/api/v1/directory/import", Access.AdminOnly),
        new("GET", "/api/v1/calendar/add-workdays", "/api/v1/calendar/add-workdays?date=2025-01-20&days=1", null),
        new("GET", "/api/v1/calendar/add-days", "/api/v1/calendar/add-days?date=2025-01-20&days=1", null),
        new("GET", "/api/v1/calendar/is-workday", "/api/v1/calendar/is-workday?date=2025-01-20", null),
        new("GET", "/api/v1/calendar/count-workdays", "/api/v1/calendar/count-workdays?from=2025-01-20&to=2025-02-20", null),
        new("GET", "/api/v1/calendar/years", "/api/v1/calendar/years", null),
        new("GET", "/api/v1/calendar/missing", "/api/v1/calendar/missing", null),
        new("PUT", "/api/v1/calendar/years/{year:int}", "/api/v1/calendar/years/2099", Access.AdminOnly),
        new("POST", "/api/v1/identifiers/validate", "/api/v1/identifiers/validate", null),
        new("POST", "/api/v1/exchange/{feed}", "/api/v1/exchange/case-events", Access.SignatureOnly),
        new("POST", "/api/v1/exchange/systems", "/api/v1/exchange/systems", Access.AdminOnly),
        new("POST", "/api/v1/exchange/systems/{id}/rotate", "/api/v1/exchange/systems/nope/rotate", Access.AdminOnly),
        new("GET", "/api/v1/exchange/systems", "/api/v1/exchange/systems", Access.AdminOnly),
        new("GET", "/api/v1/alerts", "/api/v1/alerts", AlertReaders),
        new("POST", "/api/v1/alerts", "/api/v1/alerts", Access.Supervisors),
        new("GET", "/api/v1/alerts/export.csv", "/api/v1/alerts/export.csv", AlertReaders),
        new("GET", "/api/v1/alerts/export.xlsx", "/api/v1/alerts/export.xlsx", AlertReaders),
        new("POST", "/api/v1/alerts/{id:long}/dismiss", "/api/v1/alerts/0/dismiss", Access.Supervisors),
        new("POST", "/api/v1/alerts/{id:long}/reopen", "/api/v1/alerts/0/reopen", Access.Supervisors),
        new("POST", "/api/v1/notices", "/api/v1/notices", Access.Supervisors),
        new("GET", "/api/v1/notices", "/api/v1/notices", AlertReaders),
        new("GET", "/api/v1/notices/{id:long}", "/api/v1/notices/0", AlertReaders),
        new("GET", "/api/v1/notices/{id:long}/files/{fileId:long}", "/api/v1/notices/0/files/1", AlertReaders),
        new("POST", "/api/v1/notices/{id:long}/reply", "/api/v1/notices/0/reply", Access.Caseworkers),
        new("POST", "/api/v1/notices/{id:long}/verify", "/api/v1/notices/0/verify", Access.Supervisors),
        new("POST", "/api/v1/notices/{id:long}/return", "/api/v1/notices/0/return", Access.Supervisors),
        new("POST", "/api/v1/notices/{id:long}/issue", "/api/v1/notices/0/issue", Access.Supervisors),
        new("POST", "/api/v1/notices/{id:long}/discard", "/api/v1/notices/0/discard", Access.Supervisors),
        new("POST", "/api/v1/notices/{id:long}/copy", "/api/v1/notices/0/copy", Access.Supervisors),
        new("GET", "/api/v1/supervision/rules", "/api/v1/supervision/rules", AlertReaders),
        new("PUT", "/api/v1/supervision/rules/{code}/parameters/{name}", "/api/v1/supervision/rules/SVC-NONE/parameters/x", Access.AdminOnly),
        new("GET", "/api/v1/ledger/proof/inclusion", "/api/v1/ledger/proof/inclusion?index=0&size=1", null),
        new("GET", "/api/v1/ledger/proof/consistency", "/api/v1/ledger/proof/consistency?from=0&to=1", null),
        new("GET", "/api/v1/ledger/check", "/api/v1/ledger/check?seq=0&bodyHash=00", null),
        new("GET", "/api/v1/ledger/records/{seq:long}", "/api/v1/ledger/records/{rec}", LedgerReaders),
        new("GET", "/api/v1/ledger/status", "/api/v1/ledger/status", LedgerReaders),
        new("POST", "/api/v1/ledger/checkpoint", "/api/v1/ledger/checkpoint", LedgerManagers),
    ];

    protected override IReadOnlyList<PageAccess> Pages { get; } =
    [
        new("/", null),
        new("/calendar", null),
        new("/identifiers", null),
        new("/account/login", null),
        new("/workspace", Access.Everyone),
        new("/account/tokens", Access.Everyone),
        new("/account/two-factor", Access.Everyone),
        new("/directory/organisations", DirectoryReaders),
        new("/directory/import", Access.AdminOnly),
        new("/audit", AuditReaders),
        new("/admin/accounts", Access.AdminOnly),
        new("/admin/approvals", LedgerManagers),
        new("/ledger", LedgerReaders),
        new("/ledger/check", null),
        new("/supervision", AlertReaders),
        new("/notices", AlertReaders),
        new("/supervision/digest", AlertReaders),
        new("/supervision/screen", AlertReaders),
        new("/supervision/rules", AlertReaders),
    ];

    [Fact]
    public void Every_api_route_belongs_to_a_module()
    {
        var orphans = node.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/api/v1", StringComparison.Ordinal) == true && e.Metadata.GetMetadata<Sunlight.Core.Modules.ModuleEndpoint>() is null)
            .Select(e => e.RoutePattern.RawText).ToList();
        Assert.True(orphans.Count == 0, "API routes no module owns (so no module's matrix decides them): " + string.Join(", ", orphans));
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
}
