using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Sunlight.Testing;

public static class Http
{
    public static async Task<JsonElement> Json(this HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>Asserts the status and, for errors, that the body is ProblemDetails with a detail a person can read.</summary>
    public static async Task<JsonElement> Expect(this HttpResponseMessage response, HttpStatusCode status)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"expected {(int)status} {status}, got {(int)response.StatusCode} {response.StatusCode}: {text}");
        if (text.Length == 0)
        {
            return default;
        }

        var json = JsonDocument.Parse(text).RootElement.Clone();
        if ((int)status >= 400 && response.Content.Headers.ContentType?.MediaType == "application/problem+json")
        {
            Assert.True(json.TryGetProperty("detail", out var detail) && detail.GetString()!.Length > 5, $"problem without a useful detail: {text}");
        }

        return json;
    }

    /// <summary>A problem's detail and every field message, joined: what a person reads of a refusal.</summary>
    public static string Messages(this JsonElement problem) =>
        string.Join(" | ", new[] { problem.TryGetProperty("detail", out var d) ? d.GetString() : null }
            .Concat(problem.TryGetProperty("errors", out var e) && e.ValueKind == JsonValueKind.Array ? e.EnumerateArray().Select(x => x.TryGetProperty("message", out var m) ? m.GetString() : null) : [])
            .OfType<string>());

    /// <summary>Path and query of a redirect, whether the server wrote it absolute or relative.</summary>
    public static string RedirectPath(this HttpResponseMessage response)
    {
        var location = response.Headers.Location ?? throw new InvalidOperationException($"no Location header on {(int)response.StatusCode}");
        return new Uri(new Uri("http://localhost/"), location).PathAndQuery;
    }

    public static Task<HttpResponseMessage> PostJson<T>(this HttpClient client, string url, T body) =>
        client.PostAsJsonAsync(url, body);

    public static IEnumerable<string> Strings(this JsonElement array, string property) =>
        array.EnumerateArray().Select(e => e.GetProperty(property).GetString()!);
}
