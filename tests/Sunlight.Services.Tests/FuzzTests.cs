using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Sunlight.Services.Tests;

/// <summary>
/// Issue 11.10: a seeded corpus of mutations over every input path — each JSON route's body (its properties in wrong
/// types, nulls, huge and hostile text), signed intake lines, workbooks and multipart bodies. Any 5xx or a request
/// that does not answer in time fails the test, with the request that caused it.
/// </summary>
public sealed class FuzzTests(SqliteNode node) : IClassFixture<SqliteNode>
{
    private static readonly string[] Users = ["admin-370781", "supervisor-370781", "clerk-370781", "departmenthead-370781", "applicant-370781"];

    /// <summary>Values of every JSON kind and the texts that broke nodes before: control characters, lone surrogates, bidi overrides, text past the record limit.</summary>
    private static readonly string[] Values =
    [
        "null", "5", "-1", "1e400", "true", "{}", "[]", "[null]", "\"\"", "\"x\"", "\"\\u0000\"", "\"\\ud800\"", "\"\\udc00\\ud800\"",
        "\"a\\u202Eb\"", "\"2026-13-45\"", "\"" + new string('长', 600_000) + "\"", "[" + string.Join(",", Enumerable.Repeat("\"S1\"", 10_000)) + "]",
    ];

    /// <summary>A valid body of each route (by method and pattern); each mutation changes one of its properties, so the request gets past the first missing field.</summary>
    private static readonly Dictionary<string, string> Seeds = new(StringComparer.Ordinal)
    {
        ["POST /api/v1/directory/organisations"] = """{"code":"370781-fz","name":"模糊测试局","kind":"Department","region":"370781","parent":null}""",
        ["PUT /api/v1/directory/organisations/{code}"] = """{"code":"370781-fz","name":"模糊测试局二","kind":"Department","region":"370781","parent":null}""",
        ["POST /api/v1/directory/organisations/{code}/staff"] = """{"code":"370781-fz-01","name":"张三","roles":["Clerk"],"title":"科员"}""",
        ["POST /api/v1/accounts"] = """{"userName":"fz-user","password":"Sunlight@2026-fz!","role":"Clerk","region":"370781","organisation":"370781-xzsp","displayName":"张三"}""",
        ["POST /api/v1/accounts/{userName}/grants"] = """{"grant":"services.catalogue-editor","scope":"370781-xzsp"}""",
        ["POST /api/v1/accounts/role-requests/{id:long}/decision"] = """{"approve":true,"reason":"同意"}""",
        ["POST /api/v1/exchange/systems"] = """{"id":"sys-fz","organisation":"370781-xzsp","feeds":["case-events"]}""",
        ["POST /api/v1/alerts"] = """{"subject":"370781-xzsp","organisation":"370781-xzsp","severity":"yellow","summary":"人工发现的问题"}""",
        ["POST /api/v1/alerts/{id:long}/dismiss"] = """{"reason":"经核实不属实"}""",
        ["POST /api/v1/alerts/{id:long}/reopen"] = """{"reason":"再次发现"}""",
        ["POST /api/v1/notices"] = """{"alerts":[0],"request":"请说明情况","replyDays":5}""",
        ["POST /api/v1/notices/{id:long}/reply"] = """{"text":"已整改"}""",
        ["POST /api/v1/notices/{id:long}/issue"] = """{"request":"请说明情况","replyDays":5}""",
        ["POST /api/v1/notices/{id:long}/discard"] = """{"text":"不需督办"}""",
        ["POST /api/v1/notices/{id:long}/return"] = """{"text":"答复不充分"}""",
        ["POST /api/v1/notices/{id:long}/copy"] = """{"organisation":"370781-xzsp","request":"请说明情况","replyDays":5}""",
        ["PUT /api/v1/supervision/rules/{code}/parameters/{name}"] = """{"value":"5","effectiveFrom":null}""",
        ["POST /api/v1/hall/cases/{caseNo}/rating"] = """{"score":5,"comment":"满意"}""",
        ["POST /api/v1/workbench/cases/{caseNo}/actions"] = """{"action":"complete-step","step":"S1","reason":"材料齐全","feeCode":null,"amount":null,"outcome":null,"tier":null,"days":null}""",
        ["POST /api/v1/identifiers/validate"] = """{"kind":"citizen-id","value":"11010519491231002X"}""",
        ["POST /api/v1/catalogue/items"] = """
            {"code":"370781-XK-FZ-001","name":"模糊测试事项","category":"licensing","organisation":"370781-xzsp","legalBasis":"《行政许可法》","statutoryLimit":20,"committedLimit":10,
             "steps":[{"code":"S1","name":"受理","role":"Clerk","limit":1},{"code":"S2","name":"决定","role":"DepartmentHead","limit":3}],
             "fees":[{"code":"F1","name":"工本费","min":0,"max":10,"legalBasis":"依据"}],"pauses":[{"code":"correction","name":"补正材料","maxDays":20,"legalBasis":"依据"}],
             "tiers":[{"tier":"minor","min":0,"max":100}],"effectiveFrom":null,"conditions":"条件","materials":["申请书"],"lifeEvents":["开办企业"]}
            """,
    };

    /// <summary>Text no field may hold (11.9): whichever field it is put in, the request is refused.</summary>
    private static readonly string[] Hostile = [":\"\\u0000\"", ":\"\\ud800\"", ":\"\\udc00\\ud800\"", ":\"a\\u202Eb\"", ":\"长长长长长长长长"];

    [Fact]
    public async Task Bug_11_10_no_json_body_on_any_route_answers_5xx()
    {
        var failures = new List<string>();
        var clients = new Dictionary<string, HttpClient>(StringComparer.Ordinal);
        foreach (var user in Users)
        {
            clients[user] = await node.As(user);
        }

        var caseNo = await ApplyAsync(clients["applicant-370781"]);
        var alert = (await (await clients["supervisor-370781"].PostJson("/api/v1/alerts", new { subject = "370781-xzsp", organisation = "370781-xzsp", severity = "yellow", summary = "模糊测试" }))
            .Expect(HttpStatusCode.Created)).GetProperty("id").GetInt64();
        var notice = (await (await clients["supervisor-370781"].PostJson("/api/v1/notices", new { alerts = new[] { alert }, request = "请说明", replyDays = 5 }))
            .Expect(HttpStatusCode.Created)).GetProperty("id").GetInt64();
        var sent = 0;
        foreach (var (method, pattern, path) in JsonRoutes(caseNo, alert, notice))
        {
            foreach (var payload in Payloads(Seeds.GetValueOrDefault($"{method} {pattern}")))
            {
                foreach (var user in Users)
                {
                    using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = new StringContent(payload, Encoding.UTF8, "application/json") };
                    using var response = await clients[user].SendAsync(request, TestContext.Current.CancellationToken);
                    sent++;
                    if ((int)response.StatusCode < 300 && Hostile.Any(h => payload.Contains(h, StringComparison.Ordinal)))
                    {
                        failures.Add($"{(int)response.StatusCode} accepted {method} {path} as {user}: {Clip(payload)}");
                    }

                    if ((int)response.StatusCode >= 500)
                    {
                        failures.Add($"{(int)response.StatusCode} {method} {path} as {user}: {Clip(payload)} → {Clip(await response.Content.ReadAsStringAsync())}");
                    }
                }
            }
        }

        Assert.True(sent > 3000, $"only {sent} requests: the routes were not found");
        Assert.True(failures.Count == 0, $"{failures.Count} of {sent} answers were 5xx:\n" + string.Join("\n", failures.Take(80)));
    }

    [Fact]
    public async Task Bug_11_10_no_intake_line_answers_5xx_or_costs_the_good_lines_beside_it()
    {
        var item = (await (await node.Anonymous().GetAsync("/api/v1/catalogue/items?organisation=370781-scjg&category=licensing")).Expect(HttpStatusCode.OK))[0].GetProperty("code").GetString()!;
        var system = await ExchangeClient.RegisterAsync(node, "370781-scjg");
        string Submitted(string id, string caseNo) =>
            $$"""{"id":"{{id}}","caseNo":"{{caseNo}}","type":"submitted","at":"2025-03-03T09:00:00+08:00","itemCode":"{{item}}","channel":"system","applicant":{"name":"张三","idType":"id-card","idNo":"11010519491231002X"},"actor":"370781-scjg-01","note":"备注"}""";
        await (await system.SendAsync("case-events", Submitted("fz-base", "FZ-BASE") + "\n")).Expect(HttpStatusCode.OK);
        string[] seeds =
        [
            Submitted("fz-m", "FZ-M"),
            """{"id":"fz-m","caseNo":"FZ-BASE","type":"paused","at":"2025-03-04T09:00:00+08:00","reason":"expert-review","actor":"370781-scjg-01"}""",
            """{"id":"fz-m","caseNo":"FZ-BASE","type":"fee-charged","at":"2025-03-04T09:00:00+08:00","feeCode":"F1","amount":10,"actor":"370781-scjg-01"}""",
            """{"id":"fz-m","caseNo":"FZ-BASE","type":"decided","at":"2025-03-04T09:00:00+08:00","outcome":"penalty","tier":"minor","amount":100,"actor":"370781-scjg-03"}""",
            """{"id":"fz-m","caseNo":"FZ-BASE","type":"extended","at":"2025-03-04T09:00:00+08:00","days":10,"actor":"370781-scjg-03"}""",
            """{"id":"fz-m","caseNo":"FZ-BASE","type":"rated","at":"2025-03-04T09:00:00+08:00","score":5,"comment":"好"}""",
            """{"id":"fz-m","caseNo":"FZ-BASE","type":"step-completed","at":"2025-03-04T09:00:00+08:00","step":"S1","actor":"370781-scjg-01"}""",
        ];
        var failures = new List<string>();
        var n = 0;
        foreach (var seed in seeds)
        {
            foreach (var mutated in Payloads(seed).Where(l => !l.Contains('\n', StringComparison.Ordinal)))
            {
                n++;
                var line = mutated.Replace("\"fz-m\"", $"\"fz-m{n}\"", StringComparison.Ordinal).Replace("\"FZ-M\"", $"\"FZ-M{n}\"", StringComparison.Ordinal);
                var good = Submitted($"fz-g{n}", $"FZ-G{n}");
                using var response = await system.SendAsync("case-events", line + "\n" + good + "\n");
                var text = await response.Content.ReadAsStringAsync();
                if (response.StatusCode != HttpStatusCode.OK)
                {
                    failures.Add($"{(int)response.StatusCode} for {Clip(line)} → {Clip(text)}");
                    continue;
                }

                var rejected = System.Text.Json.JsonDocument.Parse(text).RootElement.GetProperty("rejected").EnumerateArray().Select(r => r.GetProperty("line").GetInt32()).ToList();
                if (rejected.Contains(2))
                {
                    failures.Add($"the good line beside {Clip(line)} was refused: {Clip(text)}");
                }

                if (!rejected.Contains(1) && Hostile.Any(h => line.Contains(h, StringComparison.Ordinal)))
                {
                    failures.Add($"accepted {Clip(line)}");
                }
            }
        }

        Assert.True(n > 300, $"only {n} lines");
        Assert.True(failures.Count == 0, $"{failures.Count} of {n} batches went wrong:\n" + string.Join("\n", failures.Take(60)));
    }

    /// <summary>
    /// Workbooks broken every way a real one breaks or an attacker breaks one: cut short, bytes flipped, a listed sheet
    /// missing, no styles, XML cut mid-tag, a control character, two sheets of one name, a sheet declaring a million
    /// rows by 16,384 columns, a 210 MB part deflated to a few hundred KB. Each import answers 4xx with a message.
    /// </summary>
    [Fact]
    public async Task Bug_11_10_no_workbook_answers_5xx_and_none_inflates_past_the_limit()
    {
        var admin = await node.As("admin-370781");
        var failures = new List<string>();
        foreach (var (template, import) in new[] { ("/api/v1/directory/import/template", "/api/v1/directory/import"), ("/api/v1/catalogue/template", "/api/v1/catalogue/import") })
        {
            var good = await (await admin.GetAsync(template)).Content.ReadAsByteArrayAsync();
            foreach (var (name, bytes) in Workbooks(good))
            {
                using var form = new MultipartFormDataContent { { new ByteArrayContent(bytes), "file", "fuzz.xlsx" } };
                using var response = await admin.PostAsync(import, form, TestContext.Current.CancellationToken);
                var text = await response.Content.ReadAsStringAsync();
                if ((int)response.StatusCode >= 500 || (name != "template" && (int)response.StatusCode < 400))
                {
                    failures.Add($"{import} {name}: {(int)response.StatusCode} {Clip(text)}");
                }
                else if (name != "template" && !text.Contains("\"message\"", StringComparison.Ordinal) && !text.Contains("\"detail\"", StringComparison.Ordinal))
                {
                    failures.Add($"{import} {name}: no message in {Clip(text)}");
                }
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    /// <summary>Multipart bodies cut short, without a file, with a name no form has: 4xx, never 5xx.</summary>
    [Fact]
    public async Task Bug_11_10_a_truncated_or_odd_multipart_body_answers_4xx()
    {
        var admin = await node.As("admin-370781");
        var applicant = await node.As("applicant-370781");
        const string Boundary = "----fuzz";
        var whole = $"--{Boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.xlsx\"\r\nContent-Type: application/octet-stream\r\n\r\nPK\u0003\u0004abcdef\r\n--{Boundary}--\r\n";
        var bodies = Enumerable.Range(1, 12).Select(i => whole[..(whole.Length * i / 13)])
            .Concat([$"--{Boundary}\r\nContent-Disposition: form-data\r\n\r\nx\r\n--{Boundary}--\r\n", $"--{Boundary}--\r\n", "", "--other\r\n"]).ToList();
        var failures = new List<string>();
        foreach (var (client, path) in new[] { (admin, "/api/v1/directory/import"), (admin, "/api/v1/catalogue/import"), (applicant, "/api/v1/hall/applications") })
        {
            foreach (var body in bodies)
            {
                using var content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
                content.Headers.TryAddWithoutValidation("Content-Type", $"multipart/form-data; boundary={Boundary}");
                using var response = await client.PostAsync(path, content, TestContext.Current.CancellationToken);
                if ((int)response.StatusCode is >= 500 or < 400)
                {
                    failures.Add($"{path} {Clip(body)}: {(int)response.StatusCode} {Clip(await response.Content.ReadAsStringAsync())}");
                }
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    /// <summary>The template itself, then each mutation of it (named).</summary>
    private static IEnumerable<(string Name, byte[] Bytes)> Workbooks(byte[] good)
    {
        yield return ("template", good);
        var random = new Random(11_10);
        foreach (var cut in new[] { 0, 10, good.Length / 3, good.Length / 2, good.Length - 30, good.Length - 1 })
        {
            yield return ($"cut at {cut}", good[..cut]);
        }

        for (var i = 0; i < 12; i++)
        {
            var flipped = (byte[])good.Clone();
            for (var k = 0; k < 8; k++)
            {
                flipped[random.Next(flipped.Length)] ^= (byte)(1 + random.Next(255));
            }

            yield return ($"flipped {i}", flipped);
        }

        var sheet = Parts(good).Keys.First(k => k.StartsWith("xl/worksheets/", StringComparison.Ordinal));
        yield return ("a listed sheet missing", Rezip(good, (name, text) => name == sheet ? null : text));
        yield return ("no styles", Rezip(good, (name, text) => name == "xl/styles.xml" ? null : text));
        yield return ("XML cut mid-tag", Rezip(good, (name, text) => name == sheet ? text[..(text.Length / 2)] : text));
        yield return ("a control character", Rezip(good, (name, text) => name == sheet ? Regex.Replace(text, "<(x:)?v>", "$0\u0001") : text));
        yield return ("a character reference XML forbids", Rezip(good, (name, text) => name == sheet ? Regex.Replace(text, "<(x:)?v>", "$0&#1;") : text));
        yield return ("two sheets of one name", Rezip(good, (name, text) => name == "xl/workbook.xml" ? Regex.Replace(text, "name=\"[^\"]+\"", "name=\"same\"") : text));
        yield return ("a DTD", Rezip(good, (name, text) => name == "xl/workbook.xml" ? text.Replace("?>", "?><!DOCTYPE x [<!ENTITY a \"aaaaaaaaaa\">]>", StringComparison.Ordinal) : text));
        yield return ("a million rows declared", Rezip(good, (name, text) => name == sheet
            ? Regex.Replace(Regex.Replace(text, "<(x:)?dimension ref=\"[^\"]*\"", "<$1dimension ref=\"A1:XFD1048576\""), "</(x:)?sheetData>",
                "<$1row r=\"1048576\"><$1c r=\"XFD1048576\" t=\"str\"><$1v>x</$1v></$1c></$1row>$0")
            : text));
        yield return ("a cell far right", Rezip(good, (name, text) => name == sheet
            ? Regex.Replace(text, "</(x:)?sheetData>", "<$1row r=\"3\"><$1c r=\"XFD3\" t=\"str\"><$1v>x</$1v></$1c></$1row>$0") : text));
        yield return ("a zip bomb", Bomb(good, "xl/sharedStrings.xml", 210L * 1024 * 1024));
    }

    private static Dictionary<string, string> Parts(byte[] xlsx)
    {
        using var zip = new System.IO.Compression.ZipArchive(new MemoryStream(xlsx));
        return zip.Entries.ToDictionary(e => e.FullName, e => new StreamReader(e.Open()).ReadToEnd(), StringComparer.Ordinal);
    }

    /// <summary>The workbook with each part's text changed (null: the part left out).</summary>
    private static byte[] Rezip(byte[] xlsx, Func<string, string, string?> change)
    {
        using var output = new MemoryStream();
        using (var zip = new System.IO.Compression.ZipArchive(output, System.IO.Compression.ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, text) in Parts(xlsx))
            {
                if (change(name, text) is { } changed)
                {
                    using var writer = new StreamWriter(zip.CreateEntry(name).Open());
                    writer.Write(changed);
                }
            }
        }

        return output.ToArray();
    }

    /// <summary>The workbook with <paramref name="part"/> replaced by <paramref name="size"/> bytes of spaces (which deflate to almost nothing).</summary>
    private static byte[] Bomb(byte[] xlsx, string part, long size)
    {
        using var output = new MemoryStream();
        using (var zip = new System.IO.Compression.ZipArchive(output, System.IO.Compression.ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, text) in Parts(xlsx).Where(p => p.Key != part))
            {
                using var writer = new StreamWriter(zip.CreateEntry(name).Open());
                writer.Write(text);
            }

            // Fastest still deflates spaces about a thousandfold, and spares the machine the tests share.
            using var bomb = zip.CreateEntry(part, System.IO.Compression.CompressionLevel.Fastest).Open();
            var spaces = new byte[1024 * 1024];
            Array.Fill(spaces, (byte)' ');
            bomb.Write("<sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"u8);
            for (long written = 0; written < size; written += spaces.Length)
            {
                bomb.Write(spaces);
            }

            bomb.Write("</sst>"u8);
        }

        return output.ToArray();
    }

    [Fact]
    public async Task Bug_11_9_text_with_control_characters_overrides_or_past_its_length_is_refused_naming_the_field()
    {
        var supervisor = await node.As("supervisor-370781");
        foreach (var (summary, expect) in new[] { ("a\u202Eb", "U+202E"), ("a\u0000b", "U+0000"), ("a\u0007b", "U+0007"), ("\ud800", null), (new string('长', 4_001), "4000") })
        {
            var body = "{\"subject\":\"370781-xzsp\",\"organisation\":\"370781-xzsp\",\"severity\":\"yellow\",\"summary\":" + JsonEscaped(summary) + "}";
            var problem = await (await supervisor.PostAsync("/api/v1/alerts", new StringContent(body, Encoding.UTF8, "application/json"))).Expect(HttpStatusCode.BadRequest);
            Assert.Contains(expect ?? "summary", problem.Messages(), StringComparison.Ordinal);
            if (expect is not null)
            {
                Assert.Equal("summary", problem.GetProperty("errors")[0].GetProperty("field").GetString());
            }
        }

        var feeds = await (await (await node.As("admin-370781")).PostJson("/api/v1/exchange/systems", new { id = "sys-nul", organisation = "370781-xzsp", feeds = new string?[] { null } }))
            .Expect(HttpStatusCode.BadRequest);
        Assert.Equal("feeds[0]", feeds.GetProperty("errors")[0].GetProperty("field").GetString());
        var wrongType = await (await supervisor.PostAsync("/api/v1/alerts", new StringContent("{\"summary\":5}", Encoding.UTF8, "application/json"))).Expect(HttpStatusCode.BadRequest);
        Assert.Equal("summary", wrongType.GetProperty("errors")[0].GetProperty("field").GetString());

        // Tab and line breaks are text.
        await (await supervisor.PostJson("/api/v1/alerts", new { subject = "370781-xzsp", organisation = "370781-xzsp", severity = "yellow", summary = "第一行\n\t第二行" }))
            .Expect(HttpStatusCode.Created);
    }

    /// <summary>A JSON string of <paramref name="text"/> with every non-ASCII character escaped (so a lone surrogate travels as \ud800).</summary>
    private static string JsonEscaped(string text) =>
        "\"" + string.Concat(text.Select(c => c is >= ' ' and < (char)127 and not '"' and not '\\' ? c.ToString() : $"\\u{(int)c:x4}")) + "\"";

    private static string Clip(string text) => text.Length > 160 ? text[..160] + $"…({text.Length})" : text;

    /// <summary>A case of 水土保持方案审批 applied for online, for the routes that take a case number.</summary>
    private static async Task<string> ApplyAsync(HttpClient applicant)
    {
        using var form = new MultipartFormDataContent
        {
            { new StringContent("370781-XK-XZSP-003"), "itemCode" }, { new StringContent("王小明"), "applicantName" },
            { new StringContent("id-card"), "idType" }, { new StringContent("11010519491231002X"), "idNo" }, { new StringContent("13800000000"), "phone" },
        };
        var pdf = new ByteArrayContent(Encoding.ASCII.GetBytes("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"));
        pdf.Headers.ContentType = new("application/octet-stream");
        form.Add(pdf, "files", "申请书.pdf");
        var receipt = await (await applicant.PostAsync("/api/v1/hall/applications", form)).Expect(HttpStatusCode.Created);
        return receipt.GetProperty("caseNo").GetString()!;
    }

    /// <summary>Every POST/PUT/PATCH route under /api/v1 that reads JSON, with its route values filled from the demo city.</summary>
    private IEnumerable<(string Method, string Pattern, string Path)> JsonRoutes(string caseNo, long alert, long notice)
    {
        var endpoints = node.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>();
        foreach (var e in endpoints)
        {
            var pattern = e.RoutePattern.RawText ?? "";
            if (!pattern.StartsWith("/api/v1", StringComparison.Ordinal) || pattern == "/api/v1/exchange/{feed}")
            {
                continue;
            }

            var accepts = e.Metadata.GetMetadata<IAcceptsMetadata>();
            if (accepts is not null && accepts.ContentTypes.Any(c => c.Contains("multipart", StringComparison.Ordinal)))
            {
                continue;
            }

            foreach (var method in (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? []).Where(m => m is "POST" or "PUT" or "PATCH"))
            {
                var id = pattern.StartsWith("/api/v1/alerts", StringComparison.Ordinal) ? alert : pattern.StartsWith("/api/v1/notices", StringComparison.Ordinal) ? notice : 1;
                yield return (method, pattern, Regex.Replace(pattern, @"\{(\w+)(:[^}]*)?\}", m => m.Groups[1].Value switch
                {
                    "caseNo" => caseNo,
                    "code" => pattern.Contains("rules", StringComparison.Ordinal) ? "SVC-ACCEPT-LATE" : pattern.Contains("organisations", StringComparison.Ordinal) ? "370781-xzsp" : "370781-XK-XZSP-003",
                    "userName" => "clerk-370781",
                    "year" => "2027",
                    "name" => "days",
                    "id" => id.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    _ => "x",
                }));
            }
        }
    }

    /// <summary>The whole-body mutations, then each property of the seed (and each element of its lists of objects) set to each value in turn.</summary>
    private static IEnumerable<string> Payloads(string? seed)
    {
        foreach (var whole in new[] { "", "null", "{", "[]", "\"x\"", "{\"a\":" + new string('[', 5000), "{}", "{\"a\":1,\"a\":2}" })
        {
            yield return whole;
        }

        if (seed is null)
        {
            yield break;
        }

        yield return seed;
        var root = JsonNode.Parse(seed)!.AsObject();
        foreach (var (target, name) in Slots(root))
        {
            var original = target[name]?.DeepClone();
            // The value goes in as raw text: some (lone surrogates) are JSON no parser would hand back.
            target[name] = "@@fuzz@@";
            var shape = root.ToJsonString();
            foreach (var value in Values)
            {
                yield return shape.Replace("\"@@fuzz@@\"", value, StringComparison.Ordinal);
            }

            target[name] = original;
        }
    }

    private static IEnumerable<(JsonObject Target, string Name)> Slots(JsonObject o)
    {
        foreach (var name in o.Select(p => p.Key).ToList())
        {
            yield return (o, name);
            if (o[name] is JsonArray { Count: > 0 } list && list[0] is JsonObject first)
            {
                foreach (var inner in Slots(first))
                {
                    yield return inner;
                }
            }
        }
    }
}
