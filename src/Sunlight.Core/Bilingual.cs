using System.Globalization;

namespace Sunlight.Core;

/// <summary>
/// A message written in both languages, shown in one: the request's (a page's chosen language; an API call's
/// <c>Accept-Language</c>, Chinese by default), Chinese where there is no request (background work, the rule host).
/// Issue 11.4: a person reads Chinese or English, never both mixed. Texts that are stored (alert summaries) keep both
/// languages and are shown the same way.
/// </summary>
public static class Bilingual
{
    /// <summary>Whether the current UI culture is English (anything else reads Chinese).</summary>
    public static bool English => CultureInfo.CurrentUICulture.Name.StartsWith("en", StringComparison.OrdinalIgnoreCase);

    /// <summary><paramref name="zh"/> or <paramref name="en"/>, by the current UI culture.</summary>
    public static string Say(string zh, string en) => English ? en : zh;
}

/// <summary>
/// A text kept in both languages (an alert's summary, a rule's draft request): stored as written, shown in the
/// reader's language (<see cref="ToString"/> follows <see cref="Bilingual.Say"/>).
/// </summary>
public sealed record BilingualText(string Zh, string En)
{
    /// <summary>The same text in one language only (a person's own words: shown as written to everyone).</summary>
    public static BilingualText Same(string text) => new(text, text);

    /// <summary>This text followed by <paramref name="more"/>, each language with its own.</summary>
    public BilingualText Append(BilingualText more)
    {
        ArgumentNullException.ThrowIfNull(more);
        return new(Zh + more.Zh, En + more.En);
    }

    public override string ToString() => Bilingual.Say(Zh, En);
}
