namespace Sunlight.Services.Tests;

/// <summary>Services' access matrix: every demo role × every route and page of the module (checks in <see cref="AccessMatrix"/>).</summary>
public sealed class ServicesAccessTests(SqliteNode node) : AccessMatrix(node), IClassFixture<SqliteNode>
{
    protected override IReadOnlyList<string> Modules { get; } = ["services"];

    protected override IReadOnlyList<ApiAccess> Api { get; } =
    [
        new("GET", "/api/v1/catalogue/items", "/api/v1/catalogue/items", null),
        new("GET", "/api/v1/catalogue/items/{code}", "/api/v1/catalogue/items/370700-XK-NONE", null),
        new("GET", "/api/v1/catalogue/items/{code}/flowchart.svg", "/api/v1/catalogue/items/370700-XK-NONE/flowchart.svg", null),
        new("POST", "/api/v1/catalogue/items", "/api/v1/catalogue/items", Access.AdminOnly),
        new("GET", "/api/v1/catalogue/template", "/api/v1/catalogue/template", Access.AdminOnly),
        new("GET", "/api/v1/catalogue/export", "/api/v1/catalogue/export", Access.AdminOnly),
        new("POST", "/api/v1/catalogue/import", "/api/v1/catalogue/import", Access.AdminOnly),
        new("GET", "/api/v1/cases/{caseNo}", "/api/v1/cases/NO-SUCH-CASE", Access.Everyone),
        new("GET", "/api/v1/cases/{caseNo}/attachments/{id:long}", "/api/v1/cases/NO-SUCH-CASE/attachments/1", Access.Everyone),
        new("GET", "/api/v1/cases/{caseNo}/proofs", "/api/v1/cases/NO-SUCH-CASE/proofs", Access.Everyone),
        new("POST", "/api/v1/hall/applications", "/api/v1/hall/applications", Access.Applicants),
        new("GET", "/api/v1/hall/cases", "/api/v1/hall/cases", Access.Applicants),
        new("POST", "/api/v1/hall/cases/{caseNo}/rating", "/api/v1/hall/cases/NO-SUCH-CASE/rating", Access.Applicants),
        new("GET", "/api/v1/hall/progress", "/api/v1/hall/progress?caseNo=NO-SUCH-CASE&code=AAAAAAAA", null),
        new("GET", "/api/v1/workbench/inbox", "/api/v1/workbench/inbox", Access.Caseworkers),
        new("POST", "/api/v1/workbench/cases/{caseNo}/actions", "/api/v1/workbench/cases/NO-SUCH-CASE/actions", Access.Caseworkers),
    ];

    protected override IReadOnlyList<PageAccess> Pages { get; } =
    [
        new("/hall", null),
        new("/hall/progress", null),
        new("/hall/items/370781-XK-XZSP-003", null),
        new("/hall/items/370781-XK-XZSP-003/apply", Access.Applicants),
        new("/hall/mine", Access.Applicants),
        new("/hall/cases/NO-SUCH-CASE", Access.Everyone),
        new("/workbench", Access.Caseworkers),
        new("/catalogue/admin", Access.AdminOnly),
        new("/workbench/cases/NO-SUCH-CASE", Access.Caseworkers),
    ];
}
