using System.Net;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Sunlight.Core.Accounts;
using Microsoft.EntityFrameworkCore;
using Sunlight.Core.Directory.Demo;
using Sunlight.Core.Storage;

namespace Sunlight.Server.Tests;

/// <summary>Sign-in through the real form, lockout, audit, tokens.</summary>
public abstract class AccountTests(SunlightNode node)
{
    private HttpClient Browser() => node.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    private async Task<string> NewAccountAsync(string role = SunlightRoles.Inspector, string region = "370781")
    {
        await using var scope = node.Services.CreateAsyncScope();
        var name = "t-" + Guid.NewGuid().ToString("N")[..10];
        await scope.ServiceProvider.GetRequiredService<AccountService>().CreateAsync(name, DemoCity.DemoPassword, role, region, region + "-jw", null, CancellationToken.None);
        return name;
    }

    [Fact]
    public async Task A_county_supervisor_signs_in_with_the_form_and_the_sign_in_is_audited()
    {
        var browser = Browser();
        var response = await Browserless.SignInAsync(browser, "supervisor-370781", DemoCity.DemoPassword);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/workspace", response.RedirectPath());
        var workspace = await browser.GetStringAsync("/workspace");
        Assert.Contains("青州市", workspace, StringComparison.Ordinal);

        var audit = await (await (await node.As("supervisor-370781")).GetAsync("/api/v1/audit")).Expect(HttpStatusCode.OK);
        Assert.Contains(audit.GetProperty("items").EnumerateArray(),
            e => e.GetProperty("kind").GetString() == "sign-in" && e.GetProperty("userName").GetString() == "supervisor-370781");
    }

    [Fact]
    public async Task Five_wrong_passwords_lock_the_account_and_every_failure_is_audited()
    {
        var name = await NewAccountAsync();
        var browser = Browser();
        for (var i = 0; i < 5; i++)
        {
            var wrong = await Browserless.SignInAsync(browser, name, "Wrong-password-1");
            Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
        }

        var locked = await Browserless.SignInAsync(browser, name, DemoCity.DemoPassword);
        var page = await locked.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, locked.StatusCode);
        Assert.Contains("锁定", page, StringComparison.Ordinal);

        var audit = await (await (await node.As("admin")).GetAsync("/api/v1/audit")).Expect(HttpStatusCode.OK);
        var mine = audit.GetProperty("items").EnumerateArray().Where(e => e.GetProperty("userName").GetString() == name).Select(e => e.GetProperty("kind").GetString()).ToList();
        Assert.True(mine.Count(k => k == "sign-in-failed") >= 4, string.Join(",", mine));
        Assert.Contains("sign-in-locked", mine);

        // 11.11: after the lockout, the locked account, a wrong password and a name nobody has all get the same answer.
        var nobody = await (await Browserless.SignInAsync(Browser(), "nobody-" + Guid.NewGuid().ToString("N")[..8], "Wrong-password-1")).Content.ReadAsStringAsync();
        var wrongAgain = await (await Browserless.SignInAsync(Browser(), name, "Wrong-password-1")).Content.ReadAsStringAsync();
        Assert.Equal(Message(page), Message(nobody));
        Assert.Equal(Message(page), Message(wrongAgain));
    }

    [Fact]
    public async Task Bug_11_11_an_applicants_workspace_shows_no_directory_counts_and_a_supervisors_does()
    {
        var applicant = Browser();
        await Browserless.SignInAsync(applicant, "applicant-370781", DemoCity.DemoPassword);
        Assert.DoesNotContain("directory-counts", await applicant.GetStringAsync("/workspace"), StringComparison.Ordinal);
        var supervisor = Browser();
        await Browserless.SignInAsync(supervisor, "supervisor-370781", DemoCity.DemoPassword);
        Assert.Contains("directory-counts", await supervisor.GetStringAsync("/workspace"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bug_11_4_the_sign_in_prompt_is_in_the_readers_language()
    {
        var empty = await (await Browserless.SignInAsync(Browser(), "", "")).Content.ReadAsStringAsync();
        Assert.Equal("请输入用户名", Message(empty));
    }

    /// <summary>The sign-in page's message to the person (what would tell a user name that exists from one that does not).</summary>
    private static string Message(string page)
    {
        var m = System.Text.RegularExpressions.Regex.Match(page, "data-testid=\"login-error\"[^>]*>(.*?)</", System.Text.RegularExpressions.RegexOptions.Singleline);
        Assert.True(m.Success, "no login message on the page");
        return m.Groups[1].Value;
    }

    [Fact]
    public async Task A_revoked_token_stops_working_at_once_and_nobody_revokes_anothers()
    {
        var name = await NewAccountAsync();
        var token = await node.TokenFor(name);
        var client = node.Anonymous();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var me = await (await client.GetAsync("/api/v1/accounts/me")).Expect(HttpStatusCode.OK);
        Assert.Equal(name, me.GetProperty("name").GetString());
        var tokens = await (await client.GetAsync("/api/v1/accounts/tokens")).Expect(HttpStatusCode.OK);
        var id = tokens[0].GetProperty("id").GetString();

        await (await (await node.As("admin")).DeleteAsync($"/api/v1/accounts/tokens/{id}")).Expect(HttpStatusCode.NotFound);
        await (await client.DeleteAsync($"/api/v1/accounts/tokens/{id}")).Expect(HttpStatusCode.NoContent);
        await (await client.GetAsync("/api/v1/accounts/me")).Expect(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Garbage_and_forged_tokens_are_refused()
    {
        var client = node.Anonymous();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "sl_" + new string('A', 43));
        await (await client.GetAsync("/api/v1/accounts/me")).Expect(HttpStatusCode.Unauthorized);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", new string('x', 5000));
        await (await client.GetAsync("/api/v1/accounts/me")).Expect(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Open_redirects_after_sign_in_are_refused()
    {
        var response = await Browserless.SignInAsync(Browser(), "inspector", DemoCity.DemoPassword, "//evil.example/");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/workspace", response.RedirectPath());
    }
}

/// <summary>Administrators manage accounts inside their own region only.</summary>
public abstract class AccountAdministrationTests(SunlightNode node)
{
    [Fact]
    public async Task County_admin_lists_only_their_county_accounts()
    {
        var list = await (await (await node.As("admin-370781")).GetAsync("/api/v1/accounts")).Expect(HttpStatusCode.OK);
        var names = list.Strings("userName").ToList();
        Assert.Contains("supervisor-370781", names);
        Assert.DoesNotContain("supervisor", names);
        Assert.All(list.Strings("region"), r => Assert.StartsWith("370781", r, StringComparison.Ordinal));
    }

    [Fact]
    public async Task County_admin_creates_a_clerk_and_the_clerk_can_work()
    {
        var admin = await node.As("admin-370781");
        var body = new { userName = "clerk-fgw-370781", password = "Qingzhou#2026", role = "Clerk", region = "370781", organisation = "370781-fgw", displayName = "青州市发改局经办人" };
        var created = await (await admin.PostJson("/api/v1/accounts", body)).Expect(HttpStatusCode.Created);
        Assert.Equal(["Clerk"], created.GetProperty("roles").EnumerateArray().Select(r => r.GetString()).ToArray());
        var orgs = await (await (await node.As("clerk-fgw-370781")).GetAsync("/api/v1/directory/organisations")).Expect(HttpStatusCode.OK);
        Assert.Equal(["370781-fgw"], orgs.Strings("code").ToArray());
        await (await admin.PostJson("/api/v1/accounts", body)).Expect(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Bad_accounts_are_refused_field_by_field()
    {
        var admin = await node.As("admin-370781");
        var problem = await (await admin.PostJson("/api/v1/accounts", new { userName = "x", password = "short", role = "Clerk", region = "370782" }))
            .Expect(HttpStatusCode.BadRequest);
        var fields = problem.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("field").GetString()).ToHashSet();
        Assert.Superset(new HashSet<string?> { "userName", "password", "region", "organisation" }, fields);
    }

    [Fact]
    public async Task Unlock_works_inside_the_jurisdiction_only()
    {
        await using (var scope = node.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<SunlightUser>>();
            var user = (await users.FindByNameAsync("applicant-370781"))!;
            await users.SetLockoutEndDateAsync(user, DateTimeOffset.UtcNow.AddHours(1));
        }

        await (await (await node.As("admin-370781")).PostAsync("/api/v1/accounts/inspector/unlock", null)).Expect(HttpStatusCode.NotFound);
        await (await (await node.As("admin-370781")).PostAsync("/api/v1/accounts/applicant-370781/unlock", null)).Expect(HttpStatusCode.NoContent);
        await using (var scope = node.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<SunlightUser>>();
            Assert.False(await users.IsLockedOutAsync((await users.FindByNameAsync("applicant-370781"))!));
        }
    }

    [Fact]
    public async Task Every_staff_account_has_a_home_organisation()
    {
        var admin = await node.As("admin-370781");
        var problem = await (await admin.PostJson("/api/v1/accounts", new { userName = "t-nohome", password = "Qingzhou#2026", role = "Inspector", region = "370781" }))
            .Expect(HttpStatusCode.BadRequest);
        Assert.Equal(["organisation"], problem.GetProperty("errors").Strings("field").ToArray());
        var list = await (await admin.GetAsync("/api/v1/accounts")).Expect(HttpStatusCode.OK);
        Assert.All(list.EnumerateArray().Where(a => a.GetProperty("roles").EnumerateArray().Any(r => r.GetString() != "Applicant")),
            a => Assert.False(string.IsNullOrEmpty(a.GetProperty("organisation").GetString()), a.GetRawText()));
    }

    [Fact]
    public async Task A_supervisor_is_made_only_when_a_second_person_approves()
    {
        var admin = await node.As("admin-370781");
        var name = "t-sup-" + Guid.NewGuid().ToString("N")[..6];
        var created = await (await admin.PostJson("/api/v1/accounts", new { userName = name, password = "Qingzhou#2026", role = "Supervisor", region = "370781", organisation = "370781-jw" }))
            .Expect(HttpStatusCode.Created);
        Assert.Empty(created.GetProperty("roles").EnumerateArray());
        Assert.Equal("Supervisor", created.GetProperty("pendingRole").GetString());
        var person = await node.As(name);
        await (await person.GetAsync("/api/v1/alerts")).Expect(HttpStatusCode.Forbidden);

        var supervisor = await node.As("supervisor-370781");
        var pending = await (await supervisor.GetAsync("/api/v1/accounts/role-requests")).Expect(HttpStatusCode.OK);
        var id = pending.EnumerateArray().Single(r => r.GetProperty("userName").GetString() == name).GetProperty("id").GetInt64();
        var decision = $"/api/v1/accounts/role-requests/{id}/decision";

        await (await admin.PostJson(decision, new { approve = true })).Expect(HttpStatusCode.Forbidden);
        await (await supervisor.PostJson(decision, new { approve = false, reason = " " })).Expect(HttpStatusCode.BadRequest);
        await (await supervisor.PostJson(decision, new { approve = true })).Expect(HttpStatusCode.NoContent);
        await (await supervisor.PostJson(decision, new { approve = false, reason = "再议" })).Expect(HttpStatusCode.Conflict);
        await (await person.GetAsync("/api/v1/alerts")).Expect(HttpStatusCode.OK);

        await using var scope = node.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CoreDbContext>();
        var types = await db.LedgerRecords.AsNoTracking().Where(r => r.Subject == name && r.Type.StartsWith("account.") && r.Type != "account.token.issued").OrderBy(r => r.Sequence).Select(r => r.Type).ToListAsync();
        Assert.Equal(["account.created", "account.role.requested", "account.role.approved"], types);
    }

    [Fact]
    public async Task Grants_are_checked_field_by_field_recorded_and_revoked()
    {
        var admin = await node.As("admin-370781");
        var offered = await (await admin.GetAsync("/api/v1/accounts/grants/offered")).Expect(HttpStatusCode.OK);
        Assert.Contains("services.catalogue-editor", offered.Strings("name"));

        async Task<IReadOnlyList<string?>> RefusedFields(string user, object body) =>
            (await (await admin.PostJson($"/api/v1/accounts/{user}/grants", body)).Expect(HttpStatusCode.BadRequest))
                .GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("field").GetString()).ToList();
        Assert.Equal(["grant"], await RefusedFields("clerk-370781", new { grant = "services.nope", scope = "370781-xzsp" }));
        Assert.Equal(["scope"], await RefusedFields("clerk-370781", new { grant = "services.catalogue-editor", scope = "370781-nope" }));
        Assert.Equal(["scope"], await RefusedFields("clerk-370781", new { grant = "services.catalogue-editor", scope = "370700-xzsp" }));
        await (await admin.PostJson("/api/v1/accounts/supervisor/grants", new { grant = "services.catalogue-editor", scope = "370781-xzsp" })).Expect(HttpStatusCode.NotFound);

        var body = new { grant = "services.catalogue-editor", scope = "370781-xzsp" };
        var added = await (await admin.PostJson("/api/v1/accounts/clerk-370781/grants", body)).Expect(HttpStatusCode.Created);
        await (await admin.PostJson("/api/v1/accounts/clerk-370781/grants", body)).Expect(HttpStatusCode.Conflict);
        var listed = await (await admin.GetAsync("/api/v1/accounts/grants")).Expect(HttpStatusCode.OK);
        Assert.Contains(listed.EnumerateArray(), g => g.GetProperty("userName").GetString() == "clerk-370781" && g.GetProperty("grantedBy").GetString() == "admin-370781");
        var id = added.GetProperty("id").GetInt64();
        await (await (await node.As("admin")).DeleteAsync($"/api/v1/accounts/grants/{id}")).Expect(HttpStatusCode.NoContent);
        await (await admin.DeleteAsync($"/api/v1/accounts/grants/{id}")).Expect(HttpStatusCode.NotFound);

        await using var scope = node.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CoreDbContext>();
        var types = await db.LedgerRecords.AsNoTracking().Where(r => r.Subject == "clerk-370781" && r.Type.StartsWith("account.grant.")).Select(r => r.Type).ToListAsync();
        Assert.Equal(["account.grant.added", "account.grant.revoked"], types);
    }
}

public sealed class AccountAdministrationTestsOnSqlite(SqliteNode node) : AccountAdministrationTests(node), IClassFixture<SqliteNode>;

public sealed class AccountAdministrationTestsOnPostgres(PostgresNode node) : AccountAdministrationTests(node), IClassFixture<PostgresNode>;

public sealed class AccountTestsOnSqlite(SqliteNode node) : AccountTests(node), IClassFixture<SqliteNode>;

public sealed class AccountTestsOnPostgres(PostgresNode node) : AccountTests(node), IClassFixture<PostgresNode>;

/// <summary>A node where supervisors and administrators must use TOTP.</summary>
public sealed class TwoFactorNode : SqliteNode
{
    protected override IReadOnlyDictionary<string, string> Settings =>
        new Dictionary<string, string> { ["Sunlight:Security:RequireTwoFactor"] = "true" };
}

public sealed class TwoFactorTests(TwoFactorNode node) : IClassFixture<TwoFactorNode>
{
    [Fact]
    public async Task Supervisors_without_totp_are_held_until_they_enrol_and_then_sign_in_with_a_code()
    {
        await using var scope = node.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<SunlightUser>>();
        var name = "sup-" + Guid.NewGuid().ToString("N")[..8];
        await scope.ServiceProvider.GetRequiredService<AccountService>().CreateAsync(name, DemoCity.DemoPassword, SunlightRoles.Supervisor, "370781", "370781-jw", null, CancellationToken.None);

        var api = await node.As(name);
        var problem = await (await api.GetAsync("/api/v1/directory/organisations")).Expect(HttpStatusCode.Forbidden);
        Assert.EndsWith("two-factor-required", problem.GetProperty("type").GetString(), StringComparison.Ordinal);
        // A clerk is not held.
        await (await (await node.As("clerk-370781")).GetAsync("/api/v1/directory/organisations")).Expect(HttpStatusCode.OK);

        // Pages send the supervisor to the enrolment page.
        var browser = node.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        Assert.Equal(HttpStatusCode.Redirect, (await Browserless.SignInAsync(browser, name, DemoCity.DemoPassword)).StatusCode);
        var held = await browser.GetAsync("/directory/organisations");
        Assert.Equal(HttpStatusCode.Redirect, held.StatusCode);
        Assert.StartsWith("/account/two-factor", held.RedirectPath(), StringComparison.Ordinal);

        // Enrol through the page with a code computed like an authenticator app.
        var page = await browser.GetStringAsync("/account/two-factor");
        Assert.Contains("tfa-key", page, StringComparison.Ordinal);
        var user = (await users.FindByNameAsync(name))!;
        var key = (await users.GetAuthenticatorKeyAsync(user))!;
        var enrol = await Browserless.PostFormAsync(browser, "/account/two-factor", "enable-2fa",
            new Dictionary<string, string> { ["Input.Code"] = Browserless.Totp(key, DateTimeOffset.UtcNow) });
        Assert.Contains("两步验证已启用", await enrol.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await (await api.GetAsync("/api/v1/directory/organisations")).Expect(HttpStatusCode.OK);

        // Next sign-in asks for the code.
        var fresh = node.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        var first = await Browserless.SignInAsync(fresh, name, DemoCity.DemoPassword);
        Assert.StartsWith("/account/login-2fa", first.RedirectPath(), StringComparison.Ordinal);
        var wrong = await Browserless.PostFormAsync(fresh, first.RedirectPath(), "login-2fa",
            new Dictionary<string, string> { ["Input.Code"] = "000000" == Browserless.Totp(key, DateTimeOffset.UtcNow) ? "111111" : "000000" });
        Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
        // 11.4: a malformed code is answered in the page's language only (no fixed '中文 (English)' validation text).
        var shape = await (await Browserless.PostFormAsync(fresh, first.RedirectPath(), "login-2fa", new Dictionary<string, string> { ["Input.Code"] = "12" }))
            .Content.ReadAsStringAsync();
        Assert.Contains("验证码为 6 位数字", shape, StringComparison.Ordinal);
        Assert.DoesNotContain("digits", shape, StringComparison.Ordinal);
        var second = await Browserless.PostFormAsync(fresh, first.RedirectPath(), "login-2fa",
            new Dictionary<string, string> { ["Input.Code"] = Browserless.Totp(key, DateTimeOffset.UtcNow) });
        Assert.Equal(HttpStatusCode.Redirect, second.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await fresh.GetAsync("/directory/organisations")).StatusCode);
    }
}
