using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Sunlight.Core.Directory;

namespace Sunlight.Services.Tests;

/// <summary>A node whose directory door fails on demand, as a broken database or a bug would make it fail.</summary>
public sealed class FailingDirectoryNode : SqliteNode
{
    public bool Failing { get; set; }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services =>
        {
            var real = services.Last(d => d.ServiceType == typeof(IDirectory)).ImplementationType!;
            services.AddScoped<IDirectory>(sp => Failing
                ? throw new InvalidOperationException("boom-secret-detail from the directory")
                : (IDirectory)ActivatorUtilities.CreateInstance(sp, real));
        });
    }
}

/// <summary>An unexpected failure answers with Sunlight's problem or error page: no stack trace, no request headers, no exception text.</summary>
public sealed class ErrorLeakTests(FailingDirectoryNode node) : IClassFixture<FailingDirectoryNode>
{
    [Fact]
    public async Task Bug_11_3_an_unexpected_failure_shows_no_stack_trace_headers_or_exception_text()
    {
        node.Failing = true;
        try
        {
            var client = node.Anonymous();
            foreach (var path in new[] { "/api/v1/catalogue/items", "/hall/items/370781-XK-XZSP-003" })
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, path);
                request.Headers.Add("X-Sunlight-Signature", "sig-secret-0123456789");
                request.Headers.Add("Cookie", "session=cookie-secret-42");
                using var response = await client.SendAsync(request);
                var text = await response.Content.ReadAsStringAsync();
                Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
                foreach (var leak in new[] { "boom-secret-detail", "sig-secret", "cookie-secret", "InvalidOperationException", "   at ", "X-Sunlight-Signature" })
                {
                    Assert.False(text.Contains(leak, StringComparison.Ordinal), $"{path} answered with '{leak}' in its body");
                }

                if (path.StartsWith("/api", StringComparison.Ordinal))
                {
                    Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
                    Assert.Contains("internal-error", text, StringComparison.Ordinal);
                }
            }
        }
        finally
        {
            node.Failing = false;
        }
    }
}
