using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Sunlight.Core.Directory.Demo;
using Sunlight.Core.Storage;
using Sunlight.Services.Storage;

namespace Sunlight.Services.Tests;

/// <summary>The demo-year node, shared by the tests that read a year of history (it takes a while to seed).</summary>
[CollectionDefinition(Name)]
public sealed class DemoYearShared : ICollectionFixture<DemoYearNode>
{
    public const string Name = "demo year";
}

/// <summary>
/// Issue 11.4: Chinese first means Chinese. Every main page of every role, over a year of demo history, is read in
/// zh-CN and in en; a Chinese page may show no English words and an English page no Chinese, outside proper names
/// (regions, organisations, people, catalogue texts, what people wrote) and codes (case numbers, rule codes, acronyms).
/// Pages are read as the server renders them (prerendered, so with their data), text and the attributes people hear
/// or see (title, aria-label, placeholder, alt).
/// </summary>
[Collection(DemoYearShared.Name)]
public sealed partial class LanguageTests(DemoYearNode node)
{
    /// <summary>English words a Chinese page may show: names of formats, products and the other language's switch.</summary>
    private static readonly HashSet<string> LatinAllowed = new(StringComparer.Ordinal)
    {
        "English", "Excel", "OpenAPI", "Scalar", "Atom", "RSS", "Markdown", "Sunlight", "Merkle", "App", "Bearer",
        "Microsoft", "Google", "Authenticator", "FreeOTP", "NateScarlet",
    };

    /// <summary>Chinese words an English page may show: the switch back to Chinese.</summary>
    private static readonly string[] HanAllowed = ["中文"];

    [Fact]
    public async Task Bug_11_4_a_page_in_one_language_shows_no_text_of_the_other_outside_proper_names()
    {
        var names = await ProperNamesAsync();
        var (workbenchCase, supervisedCase) = await CasesAsync();
        const string Item = "/hall/items/370781-XK-XZSP-003";
        var walks = new (string? User, string[] Paths)[]
        {
            (null, ["/", "/hall", Item, "/hall/progress", "/account/login", "/status/404", "/no-such-page"]),
            ("supervisor-370781", ["/workspace", "/supervision", "/supervision/rules", "/supervision/digest", "/supervision/screen", "/notices",
                $"/supervision/cases/{supervisedCase}", "/directory/organisations", "/audit", "/identifiers", "/calendar", "/ledger", "/ledger/check",
                "/trading", "/trading/flags", "/trading/experts", "/trading/public"]),
            ("tradingoperator-370781", ["/trading", "/trading/new"]),
            ("clerk-370781", ["/workbench", $"/workbench/cases/{workbenchCase}", "/notices"]),
            ("admin-370781", ["/admin/accounts", "/admin/approvals", "/catalogue/admin", "/directory/import", "/account/tokens", "/account/two-factor"]),
            ("applicant-370781", ["/hall/mine", Item + "/apply"]),
        };

        var problems = new List<string>();
        foreach (var (user, paths) in walks)
        {
            foreach (var culture in new[] { "zh-CN", "en" })
            {
                using var client = node.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
                if (user is not null)
                {
                    var signIn = await Browserless.SignInAsync(client, user, DemoCity.DemoPassword);
                    Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
                }

                (await client.GetAsync($"/culture?c={culture}&redirect=/")).Dispose();
                foreach (var path in paths)
                {
                    using var response = await client.GetAsync(path);
                    var html = await response.Content.ReadAsStringAsync();
                    Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.NotFound, $"{user ?? "anonymous"} {path}: {(int)response.StatusCode}");
                    foreach (var text in Texts(html))
                    {
                        var wrong = culture == "en" ? ChineseOutsideNames(text, names) : EnglishOutsideNames(text, names);
                        if (wrong is not null)
                        {
                            problems.Add($"{culture} {path} ({user ?? "anonymous"}): \"{wrong}\" in \"{Clip(text)}\"");
                        }
                    }
                }
            }
        }

        // The API speaks the request's language too: alert summaries (kept in both) and errors.
        using var api = await node.As("supervisor-370781");
        foreach (var language in new[] { "en", "zh-CN" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/alerts?pageSize=500");
            request.Headers.AcceptLanguage.ParseAdd(language);
            using var response = await api.SendAsync(request);
            using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            var items = json.RootElement.GetProperty("items").EnumerateArray().ToList();
            Assert.NotEmpty(items);
            foreach (var summary in items.Select(i => i.GetProperty("summary").GetString()!))
            {
                var wrong = language == "en" ? ChineseOutsideNames(summary, names) : EnglishOutsideNames(summary, names);
                if (wrong is not null)
                {
                    problems.Add($"{language} /api/v1/alerts: \"{wrong}\" in \"{Clip(summary)}\"");
                }
            }
        }

        Assert.True(problems.Count == 0, $"{problems.Count} texts in the other language:\n" + string.Join("\n", problems.Distinct().Take(80)));
    }

    /// <summary>A Han run of <paramref name="text"/> left once every proper name in it is taken out; null when none is.</summary>
    private static string? ChineseOutsideNames(string text, IReadOnlyList<string> names)
    {
        if (!Han().IsMatch(text))
        {
            return null;
        }

        var rest = text;
        foreach (var name in HanAllowed.Concat(names))
        {
            if (rest.Contains(name, StringComparison.Ordinal))
            {
                rest = rest.Replace(name, " ", StringComparison.Ordinal);
                if (!Han().IsMatch(rest))
                {
                    return null;
                }
            }
        }

        return Han().Match(rest).Value;
    }

    /// <summary>An English word of <paramref name="text"/> that is no code, acronym, allowed name or part of a proper name; null when none.</summary>
    private static string? EnglishOutsideNames(string text, IReadOnlyList<string> names)
    {
        foreach (Match token in Token().Matches(text))
        {
            var word = token.Value;
            var letters = word.Count(char.IsAsciiLetter);
            if (letters < 2 || word.Any(c => char.IsAsciiDigit(c) || c is '-' or '_' or '.' or '/' or '@' or ':')
                || (word.All(c => !char.IsAsciiLetterLower(c)) && word.Length <= 6) || LatinAllowed.Contains(word)
                || names.Any(n => n.Contains(word, StringComparison.Ordinal)))
            {
                continue;
            }

            return word;
        }

        return null;
    }

    /// <summary>The texts a person reads or hears on the page: text between tags and the title, aria-label, placeholder and alt attributes.</summary>
    private static IEnumerable<string> Texts(string html)
    {
        html = Hidden().Replace(html, " ");
        foreach (Match a in Attribute().Matches(html))
        {
            yield return WebUtility.HtmlDecode(a.Groups[2].Value);
        }

        foreach (var piece in Tag().Split(html))
        {
            var text = WebUtility.HtmlDecode(piece).Trim();
            if (text.Length > 0)
            {
                yield return text;
            }
        }
    }

    /// <summary>
    /// Proper names and people's words as stored: regions, organisations, staff, accounts' names, every text of the
    /// catalogue and of cases (what applicants and staff wrote), notices' requests and replies. Longest first, so a
    /// name is taken out before a shorter one inside it.
    /// </summary>
    private async Task<IReadOnlyList<string>> ProperNamesAsync()
    {
        using var scope = node.Services.CreateScope();
        var core = scope.ServiceProvider.GetRequiredService<CoreDbContext>();
        var services = scope.ServiceProvider.GetRequiredService<ServicesDbContext>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        names.UnionWith(await core.Regions.Select(r => r.Name).ToListAsync());
        names.UnionWith(await core.Organisations.Select(o => o.Name).ToListAsync());
        names.UnionWith(await core.Staff.Select(s => s.Name).ToListAsync());
        names.UnionWith(await core.Users.Select(u => u.DisplayName).ToListAsync());
        names.UnionWith(await core.Notices.Select(n => n.Request).ToListAsync());
        names.UnionWith((await core.Notices.Select(n => n.Reply).ToListAsync()).OfType<string>());
        foreach (var entity in services.Model.GetEntityTypes())
        {
            foreach (var property in entity.GetProperties().Where(p => p.ClrType == typeof(string)))
            {
                var values = await StringsAsync(services, entity.ClrType, property.Name);
                foreach (var value in values)
                {
                    Collect(value, names);
                }
            }
        }

        return [.. names.Where(n => n.Length > 0).OrderByDescending(n => n.Length)];
    }

    private static async Task<List<string>> StringsAsync(ServicesDbContext db, Type type, string property)
    {
        var set = (IQueryable<object>)typeof(DbContext).GetMethod(nameof(DbContext.Set), Type.EmptyTypes)!.MakeGenericMethod(type).Invoke(db, null)!;
        return await set.Select(e => EF.Property<string>(e, property)).Where(v => v != null).Distinct().ToListAsync();
    }

    /// <summary>A stored value, or every string inside it when it is JSON (catalogue definitions, event payloads).</summary>
    private static void Collect(string value, HashSet<string> into)
    {
        if (value.Length > 1 && value[0] is '{' or '[')
        {
            try
            {
                using var json = JsonDocument.Parse(value);
                Walk(json.RootElement, into);
                return;
            }
            catch (JsonException)
            {
            }
        }

        into.Add(value);

        static void Walk(JsonElement e, HashSet<string> into)
        {
            switch (e.ValueKind)
            {
                case JsonValueKind.String:
                    into.Add(e.GetString()!);
                    break;
                case JsonValueKind.Array:
                    foreach (var x in e.EnumerateArray())
                    {
                        Walk(x, into);
                    }

                    break;
                case JsonValueKind.Object:
                    foreach (var p in e.EnumerateObject())
                    {
                        Walk(p.Value, into);
                    }

                    break;
            }
        }
    }

    /// <summary>An open case of the clerk's department, and a case of the county with an alert for the supervisor.</summary>
    private async Task<(string Workbench, string Supervised)> CasesAsync()
    {
        using var scope = node.Services.CreateScope();
        var core = scope.ServiceProvider.GetRequiredService<CoreDbContext>();
        var services = scope.ServiceProvider.GetRequiredService<ServicesDbContext>();
        var workbench = await services.Cases.Where(c => c.OrganisationCode == "370781-xzsp").OrderBy(c => c.CaseNo).Select(c => c.CaseNo).FirstAsync();
        var supervised = await core.Alerts.Where(a => a.Rule == "SVC-PROCESS-ORDER" || a.Rule == "SVC-UNAUTHORIZED-HANDLER")
            .Where(a => a.RegionPath.Contains("/370781/")).OrderBy(a => a.Id).Select(a => a.Subject).FirstAsync();
        return (workbench, supervised);
    }

    private static string Clip(string text) => text.Length <= 120 ? text : text[..120] + "…";

    [GeneratedRegex(@"\p{IsCJKUnifiedIdeographs}+")]
    private static partial Regex Han();

    [GeneratedRegex(@"[A-Za-z0-9_\-./:@]+")]
    private static partial Regex Token();

    // Scripts, styles and comments are not read; code (case numbers, rule and parameter names, keys) is the same in both languages.
    [GeneratedRegex(@"<(script|style|template|code|pre|kbd)\b.*?</\1>|<!--.*?-->", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex Hidden();

    [GeneratedRegex(@"<[^>]*>")]
    private static partial Regex Tag();

    [GeneratedRegex(@"\s(title|aria-label|placeholder|alt)=""([^""]*)""", RegexOptions.IgnoreCase)]
    private static partial Regex Attribute();
}
