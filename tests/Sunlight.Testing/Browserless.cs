using System.Net;
using System.Security.Cryptography;
using System.Text.RegularExpressions;

namespace Sunlight.Testing;

/// <summary>Posts the server-rendered account forms the way a browser would (antiforgery token included).</summary>
public static partial class Browserless
{
    public static async Task<HttpResponseMessage> PostFormAsync(HttpClient client, string url, string formName, IDictionary<string, string> fields)
    {
        var page = await client.GetStringAsync(url);
        var token = AntiforgeryField().Match(page);
        Assert.True(token.Success, $"no antiforgery token on {url}");
        var values = new Dictionary<string, string>(fields)
        {
            ["_handler"] = formName,
            ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token.Groups[1].Value),
        };
        return await client.PostAsync(url, new FormUrlEncodedContent(values));
    }

    public static Task<HttpResponseMessage> SignInAsync(HttpClient client, string user, string password, string returnUrl = "/workspace") =>
        PostFormAsync(client, $"/account/login?returnUrl={Uri.EscapeDataString(returnUrl)}", "login",
            new Dictionary<string, string> { ["Input.UserName"] = user, ["Input.Password"] = password });

    /// <summary>RFC 6238 TOTP (SHA-1, 30 s, 6 digits) from a base32 authenticator key, as a phone app computes it.</summary>
    public static string Totp(string base32Key, DateTimeOffset now)
    {
        var key = Base32(base32Key.Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant());
        var counter = now.ToUnixTimeSeconds() / 30;
        Span<byte> message = stackalloc byte[8];
        System.Buffers.Binary.BinaryPrimitives.WriteInt64BigEndian(message, counter);
#pragma warning disable CA5350 // RFC 6238 TOTP is defined over HMAC-SHA1; authenticator apps use it.
        var hash = HMACSHA1.HashData(key, message);
#pragma warning restore CA5350
        var offset = hash[^1] & 0x0F;
        var binary = ((hash[offset] & 0x7F) << 24) | (hash[offset + 1] << 16) | (hash[offset + 2] << 8) | hash[offset + 3];
        return (binary % 1_000_000).ToString("D6", System.Globalization.CultureInfo.InvariantCulture);
    }

    private static byte[] Base32(string text)
    {
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        var bytes = new List<byte>();
        int buffer = 0, bits = 0;
        foreach (var c in text.TrimEnd('='))
        {
            buffer = (buffer << 5) | alphabet.IndexOf(c, StringComparison.Ordinal);
            bits += 5;
            if (bits >= 8)
            {
                bytes.Add((byte)(buffer >> (bits - 8)));
                bits -= 8;
            }
        }

        return [.. bytes];
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\"[^>]*?value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();
}
