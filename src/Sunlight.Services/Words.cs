using System.Globalization;
using System.Resources;
using Sunlight.Core;

namespace Sunlight.Services;

/// <summary>
/// The module's words in both languages at once, for texts that are stored and read later in either (alert
/// summaries): the same resources the pages use (Resources/ServicesResource), read for zh-CN and for en.
/// </summary>
internal static class Words
{
    private static readonly ResourceManager Resources = new("Sunlight.Services.Resources.ServicesResource", typeof(Words).Assembly);
    private static readonly CultureInfo Chinese = CultureInfo.GetCultureInfo("zh-CN");
    private static readonly CultureInfo English = CultureInfo.GetCultureInfo("en");

    /// <summary>The text of resource <paramref name="name"/> in both languages; <paramref name="fallback"/> where it is missing.</summary>
    public static BilingualText Of(string name, string fallback) =>
        new(Resources.GetString(name, Chinese) ?? fallback, Resources.GetString(name, English) ?? fallback);
}
