using Sunlight.Core.Accounts;

namespace Sunlight.Trading.Tests;

/// <summary>Trading's access matrix: every demo role × every route and page of the module (checks in <see cref="AccessMatrix"/>).</summary>
public sealed class TradingAccessTests(SqliteNode node) : AccessMatrix(node), IClassFixture<SqliteNode>
{
    private static readonly string[] Recorders = [SunlightRoles.TradingOperator, SunlightRoles.Admin];
    private static readonly string[] Watchers = [SunlightRoles.Supervisor, SunlightRoles.Inspector];

    protected override IReadOnlyList<string> Modules { get; } = ["trading"];

    protected override IReadOnlyList<ApiAccess> Api { get; } =
    [
        new("POST", "/api/v1/trading/ocds", "/api/v1/trading/ocds", Recorders),
        new("GET", "/api/v1/trading/ocds/compiled/{ocid}", "/api/v1/trading/ocds/compiled/ocds-sl3707-none", null),
        new("GET", "/api/v1/trading/ocds/records/{ocid}", "/api/v1/trading/ocds/records/ocds-sl3707-none", null),
        new("GET", "/api/v1/trading/ocds/compiled.ndjson", "/api/v1/trading/ocds/compiled.ndjson?full=true", Watchers),
        new("POST", "/api/v1/trading/draws", "/api/v1/trading/draws", [SunlightRoles.TradingOperator]),
        new("GET", "/api/v1/trading/draws/{id}", "/api/v1/trading/draws/D-none", null),
        new("POST", "/api/v1/trading/draws/{id}/replacements", "/api/v1/trading/draws/D-none/replacements", [SunlightRoles.TradingOperator]),
        new("GET", "/api/v1/trading/draws/{id}/proof", "/api/v1/trading/draws/D-none/proof", null),
        new("GET", "/api/v1/trading/feed.atom", "/api/v1/trading/feed.atom", null),
        new("GET", "/api/v1/trading/feed.rss", "/api/v1/trading/feed.rss?centre=370781-ggzy", null),
        new("GET", "/api/v1/trading/experts/template", "/api/v1/trading/experts/template", Access.AdminOnly),
        new("GET", "/api/v1/trading/experts/export", "/api/v1/trading/experts/export", Access.AdminOnly),
        new("POST", "/api/v1/trading/experts/import", "/api/v1/trading/experts/import", Access.AdminOnly),
    ];

    private static readonly string[] Readers =
        [SunlightRoles.TradingOperator, SunlightRoles.Supervisor, SunlightRoles.Inspector, SunlightRoles.Admin, SunlightRoles.DepartmentHead, SunlightRoles.Clerk];

    private static readonly string[] Overseers = [SunlightRoles.Supervisor, SunlightRoles.Inspector, SunlightRoles.Admin];

    protected override IReadOnlyList<PageAccess> Pages { get; } =
    [
        new("/trading/public", null), new("/trading/public?centre=370781-ggzy", null), new("/trading/public/ocds-sl3707-none", null),
        new("/trading/draws/D-none", null),
        new("/trading", Readers), new("/trading/projects/ocds-sl3707-none", Readers), new("/trading/new", [SunlightRoles.TradingOperator]),
        new("/trading/experts", Overseers), new("/trading/flags", Overseers),
    ];
}
