using Sunlight.Core;
using System.Globalization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using MudBlazor.Services;
using Scalar.AspNetCore;
using Sunlight.Core.Accounts;
using Sunlight.Core.Calendar;
using Sunlight.Core.Directory;
using Sunlight.Core.Directory.Demo;
using Sunlight.Core.Identifiers;
using Sunlight.Core.Ledger;
using Sunlight.Core.Modules;
using Sunlight.Core.Storage;
using Sunlight.Server.Components;
using Sunlight.Services;

namespace Sunlight.Server;

/// <summary>Composes the node: modules, storage, accounts, UI, API; and prepares the database at start.</summary>
public static class SunlightApp
{
    /// <summary>
    /// The modules of this node, in order. Listed here explicitly: nothing is found by scanning. Adding a platform is
    /// one line here and one project reference (docs/adr/0009-module-kit.md).
    /// </summary>
    public static IReadOnlyList<ISunlightModule> Modules { get; } =
    [
        new Sunlight.Core.CoreModule(),
        new AccountsModule(),
        new DirectoryModule(),
        new CalendarModule(),
        new IdentifiersModule(),
        new LedgerModule(),
        new Sunlight.Core.Supervision.SupervisionModule(),
        new Sunlight.Core.Exchange.ExchangeModule(),
        new ServicesModule(),
        new Sunlight.Trading.TradingModule(),
    ];

    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        // The content root (appsettings.json, wwwroot) is where the binaries are, whatever the working directory;
        // relative database paths still resolve against the working directory (the repository root under dotnet run).
        // A host that names its own content root (WebApplicationFactory does) keeps it.
        var ownRoot = args.Any(a => a.StartsWith("--contentRoot", StringComparison.OrdinalIgnoreCase));
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            ContentRootPath = ownRoot ? null : AppContext.BaseDirectory,
        });
        configure?.Invoke(builder);
        ConfigureServices(builder);
        var app = builder.Build();
        ConfigurePipeline(app);
        return app;
    }

    public static void ConfigureServices(WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        // Serve MudBlazor's files from the build output in every environment (tests run as "Testing"); a published
        // app has them in wwwroot already and this does nothing there.
        builder.WebHost.UseStaticWebAssets();
        ModuleList.Validate(Modules);
        var database = DatabaseOptions.FromConfiguration(builder.Configuration);
        services.AddSingleton(database);
        foreach (var module in Modules)
        {
            foreach (var store in module.Stores)
            {
                store.Register(services, database);
            }

            foreach (var options in module.Options)
            {
                options.Register(services, builder.Configuration);
            }

            module.AddServices(services, builder.Configuration);
        }

        services.AddAuthorization(o => SunlightPolicies.Add(o, Modules.SelectMany(m => m.Policies)));
        services.AddSingleton(new OfferedGrants(Modules));

        services.AddLocalization(o => o.ResourcesPath = "Resources");
        services.Configure<RequestLocalizationOptions>(o =>
        {
            CultureInfo[] cultures = [new("zh-CN"), new("en")];
            o.DefaultRequestCulture = new RequestCulture("zh-CN");
            o.SupportedCultures = cultures;
            o.SupportedUICultures = cultures;
            // Pages: the language chosen (query, then cookie), Chinese by default whatever the browser says. API calls
            // also read Accept-Language, so a system's errors come in the language it asks for (issue 11.4).
            var acceptLanguage = new AcceptLanguageHeaderRequestCultureProvider { Options = o };
            o.RequestCultureProviders =
            [
                new QueryStringRequestCultureProvider(), new CookieRequestCultureProvider(),
                new CustomRequestCultureProvider(http => http.Request.Path.StartsWithSegments("/api")
                    ? acceptLanguage.DetermineProviderCultureResult(http)
                    : Task.FromResult<ProviderCultureResult?>(null)),
            ];
        });

        // Chinese pages: emit characters as they are, not as &#x...; entities (a third of the size, readable source).
        services.AddSingleton(System.Text.Encodings.Web.HtmlEncoder.Create(System.Text.Unicode.UnicodeRanges.All));
        // One key ring for the server and the CLI (and for several instances sharing the folder): cookies, antiforgery
        // tokens and the exchange systems' secrets stay readable across restarts.
        services.AddDataProtection().SetApplicationName("Sunlight")
            .PersistKeysToFileSystem(new DirectoryInfo(builder.Configuration["Sunlight:DataProtection:KeysFolder"] is { Length: > 0 } folder ? folder : "./data/keys"));
        services.AddRazorComponents().AddInteractiveServerComponents();
        services.AddCascadingAuthenticationState();
        services.AddMudServices();
        services.AddTransient<MudBlazor.MudLocalizer, MudBlazorWords>();
        services.AddProblemDetails();
        // Every JSON body is held to Sunlight's text rules (TextInput: no control characters, no bidi overrides, a
        // length per field, no null in a list); a body that cannot be read is thrown, so it is answered below with
        // the field at fault instead of a bare 400.
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.TypeInfoResolver = System.Text.Json.Serialization.Metadata.JsonTypeInfoResolver.WithAddedModifier(
            o.SerializerOptions.TypeInfoResolver ?? new System.Text.Json.Serialization.Metadata.DefaultJsonTypeInfoResolver(), Sunlight.Core.Api.TextInput.Check));
        services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.AddOpenApi();
        services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database");
        services.AddHttpContextAccessor();
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.AddPolicy("sign-in", ctx => System.Threading.RateLimiting.RateLimitPartition.GetFixedWindowLimiter(
                ctx.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new System.Threading.RateLimiting.FixedWindowRateLimiterOptions { PermitLimit = 30, Window = TimeSpan.FromMinutes(1) }));
        });
        services.Configure<KestrelServerOptions>(o => o.Limits.MaxRequestBodySize = 32 * 1024 * 1024);
    }

    /// <summary>
    /// Whether <paramref name="url"/> is a path on this site that a redirect may go to: "/" followed by neither "/" nor
    /// "\" (which browsers read as another host), and no control characters. Anything else goes home, never to a 500.
    /// </summary>
    internal static bool IsLocalPath(string? url) =>
        url is { Length: > 0 and <= 2000 } && url[0] == '/' && (url.Length == 1 || (url[1] != '/' && url[1] != '\\')) && !url.Any(char.IsControl);

    /// <summary>The answer to a body that could not be read: the JSON field at fault and why, or what is wrong with the upload.</summary>
    internal static IResult MalformedBody(Exception e)
    {
        if (e is Microsoft.AspNetCore.Http.BadHttpRequestException { StatusCode: 413 })
        {
            return Sunlight.Core.Api.ApiProblems.Problem(413, "too-large", Bilingual.Say("请求过大", "Request too large"), Bilingual.Say("请求体超过本节点的上限", "the request body is larger than this node accepts."));
        }

        if (e.InnerException is System.Text.Json.JsonException json)
        {
            var at = json.Path is { Length: > 1 } path ? $"（位置 {path}）" : "";
            var field = json is Sunlight.Core.Api.RefusedTextException { Field: { } f } ? f : json.Path is { Length: > 2 } p ? p[2..] : null;
            // Sunlight's own refusals (TextInput) are sentences already; the parser's own are about syntax or type.
            var detail = json is Sunlight.Core.Api.RefusedTextException
                ? json.Message
                : Bilingual.Say($"请求体不是本接口所需的 JSON{at}：请检查语法和类型，例如文字加引号、数字不加引号、列表用 []",
                    $"the body is not the JSON this endpoint takes{(field is null ? "" : " at " + field)}: check syntax and types — text in quotes, numbers without, lists in [].");
            return Sunlight.Core.Api.ApiProblems.Problem(400, "invalid-json", Bilingual.Say("请求体无法解析", "Malformed request body"), detail,
                field is null ? null : [new Sunlight.Core.Directory.Contracts.InputError(field, detail)]);
        }

        return Sunlight.Core.Api.ApiProblems.Problem(400, "malformed-body", Bilingual.Say("请求体无法解析", "Malformed request body"),
            Bilingual.Say("请求体格式有误或不完整：上传请用 multipart/form-data，文件字段名为 file，JSON 请用 application/json", "the request body is malformed or incomplete: send uploads as multipart/form-data with a part named \"file\", JSON as application/json."));
    }

    public static void ConfigurePipeline(WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        // An unexpected failure never shows a stack trace or the request's headers (a signature, a cookie): API callers
        // get a problem with a trace id, people the error page. Only a developer who asks for it, in Development,
        // gets ASP.NET's developer page (Sunlight:Security:DeveloperExceptionPage).
        var developerPage = app.Environment.IsDevelopment()
            && app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<Sunlight.Core.SecurityOptions>>().Value.DeveloperExceptionPage;
        if (!developerPage)
        {
            // Pages: the error page (re-executed through routing). API calls are caught first, inside, as a problem.
            app.UseExceptionHandler("/error", createScopeForErrors: true);
            app.UseWhen(http => http.Request.Path.StartsWithSegments("/api"), api => api.UseExceptionHandler(new ExceptionHandlerOptions
            {
                ExceptionHandler = http => Sunlight.Core.Api.ApiProblems.Problem(500, "internal-error", Bilingual.Say("服务器内部错误", "Internal error"),
                    Bilingual.Say($"请求未能完成，已记录（编号 {http.TraceIdentifier}）；请稍后重试，或把编号告诉管理员", $"the request failed and was logged as {http.TraceIdentifier}; try again later or give the number to an administrator."))
                    .ExecuteAsync(http),
            }));
        }

        // Pages: an address Sunlight does not have (or another refusal without a body) shows Sunlight's own page in
        // the person's language, with the status kept. API calls get their problem from the handler below first.
        app.UseStatusCodePagesWithReExecute("/status/{0}", createScopeForStatusCodePages: true);
        app.UseStatusCodePages(async ctx =>
        {
            // API callers get ProblemDetails for bare 401/403/404; pages keep the framework's handling.
            var http = ctx.HttpContext;
            if (http.Request.Path.StartsWithSegments("/api") && !http.Response.HasStarted && http.Response.ContentLength is null)
            {
                var status = http.Response.StatusCode;
                var (type, detail) = status switch
                {
                    400 => ("bad-parameter", Bilingual.Say("请求参数无法解析，请检查参数类型，例如整数或日期", "a query or route parameter could not be read; check its type, e.g. a whole number.")),
                    401 => ("sign-in-required", Bilingual.Say("需要登录或有效的 API 令牌（Authorization: Bearer …）", "sign in, or send a valid API token.")),
                    403 => ("forbidden", Bilingual.Say("您的角色无权使用此接口", "your role may not use this endpoint.")),
                    404 => ("not-found", Bilingual.Say($"没有这个接口：{http.Request.Path}", $"no such endpoint.")),
                    405 => ("method-not-allowed", Bilingual.Say($"此接口不支持 {http.Request.Method}", $"method not allowed.")),
                    _ => ("error", ""),
                };
                await Sunlight.Core.Api.ApiProblems.Problem(status, type, ((System.Net.HttpStatusCode)status).ToString(), detail).ExecuteAsync(http);
            }
        });

        // A malformed request body (JSON that is not what the route takes, a multipart form without
        // Content-Disposition, a truncated upload) is the caller's mistake: say what is wrong and where, with a 4xx.
        app.Use(async (http, next) =>
        {
            try
            {
                await next(http);
            }
            catch (Exception e) when (e is InvalidDataException or Microsoft.AspNetCore.Http.BadHttpRequestException && !http.Response.HasStarted && !http.RequestAborted.IsCancellationRequested)
            {
                http.Response.Clear();
                await MalformedBody(e).ExecuteAsync(http);
            }
        });
        app.UseRequestLocalization();
        app.UseStaticFiles();
        app.UseRateLimiter();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseAntiforgery();
        app.UseMiddleware<TwoFactorEnforcement>();

        app.MapOpenApi("/openapi/{documentName}.json");
        // Offline: the reference is served from the node and loads no fonts from the CDN (the node may have no internet).
        app.MapScalarApiReference("/api/docs", o => o.WithTitle("Sunlight API").WithOpenApiRoutePattern("/openapi/{documentName}.json").DisableDefaultFonts());
        app.MapHealthChecks("/health");

        // Every refusal a handler or its service throws becomes its ProblemDetails here, once.
        var api = app.MapGroup("/api/v1").AddEndpointFilter(Sunlight.Core.Api.ApiProblems.Catch);
        foreach (var module in Modules)
        {
            // Each module's routes carry its key, so each module's tests decide who may call them (ModuleEndpoint).
            module.MapEndpoints(api.MapGroup("").WithMetadata(new ModuleEndpoint(module.Key)));
            module.MapRootEndpoints(app);
        }

        AccountEndpoints.Map(app);
        app.MapGet("/culture", (string? c, string? redirect, HttpContext http, TimeProvider clock) =>
        {
            var culture = c is "en" ? "en" : "zh-CN";
            http.Response.Cookies.Append(CookieRequestCultureProvider.DefaultCookieName,
                CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(culture)),
                new CookieOptions { Expires = clock.GetUtcNow().AddYears(1), IsEssential = true, SameSite = SameSiteMode.Lax });
            return Results.LocalRedirect(IsLocalPath(redirect) ? redirect! : "/");
        }).ExcludeFromDescription();

        var pages = app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        var extra = Modules.Select(m => m.PagesAssembly).OfType<System.Reflection.Assembly>().Distinct().ToArray();
        if (extra.Length > 0)
        {
            pages.AddAdditionalAssemblies(extra);
        }
    }

    /// <summary>Migrates, loads reference data and, into an empty database, the demo city.</summary>
    public static async Task InitialiseAsync(IServiceProvider services, IConfiguration configuration, TextWriter log, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(log);
        var database = services.GetRequiredService<DatabaseOptions>();
        if (database.AutoMigrate)
        {
            // Every module's stores, in list order: Core's first (the others enlist in its transactions).
            foreach (var store in Modules.SelectMany(m => m.Stores))
            {
                await using var db = store.Create(services);
                await db.Database.MigrateAsync(ct).ConfigureAwait(false);
            }
        }

        await using (var scope = services.CreateAsyncScope())
        {
            await SunlightStorage.PrepareAsync(scope.ServiceProvider.GetRequiredService<CoreDbContext>(), ct).ConfigureAwait(false);
        }

        foreach (var module in Modules)
        {
            await using var scope = services.CreateAsyncScope();
            await module.SeedReferenceAsync(scope.ServiceProvider, ct).ConfigureAwait(false);
        }

        if (services.GetRequiredService<Microsoft.Extensions.Options.IOptions<Sunlight.Core.DemoOptions>>().Value.Enabled)
        {
            await using (var scope = services.CreateAsyncScope())
            {
                if (!await scope.ServiceProvider.GetRequiredService<CoreDbContext>().Regions.AnyAsync(ct).ConfigureAwait(false))
                {
                    await log.WriteLineAsync(Bilingual.Say("正在生成演示城市 潍坊市 …", "seeding the demo city")).ConfigureAwait(false);
                }
            }

            // Each module seeds only what is missing of its own demo data, so a module added later fills in too; a
            // module's demo comes after the modules it names in DemoAfter.
            foreach (var module in ModuleList.DemoOrder(Modules))
            {
                await using var scope = services.CreateAsyncScope();
                await module.SeedDemoAsync(scope.ServiceProvider, ct).ConfigureAwait(false);
            }
        }

        // Whatever start-up recorded is in a signed checkpoint before the first request.
        await services.GetRequiredService<LedgerIntegrator>().CheckpointAsync(ct).ConfigureAwait(false);
    }

    /// <summary>Prints where the node listens and the demo accounts once Kestrel is up.</summary>
    public static void PrintWelcome(WebApplication app, TextWriter log)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(log);
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            var db = app.Services.GetRequiredService<DatabaseOptions>();
            log.WriteLine();
            log.WriteLine("阳光监察 Sunlight is running.");
            foreach (var url in app.Urls)
            {
                log.WriteLine($"  打开 Open: {url}");
            }

            log.WriteLine($"  数据库 Database: {db.Provider} ({(db.Provider == DatabaseProvider.Sqlite ? db.ConnectionString : "PostgreSQL")})");
            if (app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<Sunlight.Core.DemoOptions>>().Value.Enabled)
            {
                log.WriteLine($"  演示账号 Demo accounts (password / 密码: {DemoCity.DemoPassword}):");
                foreach (var a in DemoCity.Accounts)
                {
                    log.WriteLine($"    {a.UserName,-28} {a.Role,-15} region {a.RegionCode}{(a.OrganisationCode is null ? "" : "  org " + a.OrganisationCode)}");
                }
            }

            log.WriteLine();
        });
    }

    private sealed class DatabaseHealthCheck(IServiceScopeFactory scopes) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<CoreDbContext>();
            return await db.Database.CanConnectAsync(cancellationToken).ConfigureAwait(false)
                ? HealthCheckResult.Healthy("database reachable")
                : HealthCheckResult.Unhealthy("database unreachable");
        }
    }
}
