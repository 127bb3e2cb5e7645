using Microsoft.Extensions.Localization;
using MudBlazor;

namespace Sunlight.Server;

/// <summary>Marker for Resources/MudBlazorResource.resx: MudBlazor's own words in Chinese.</summary>
#pragma warning disable CA1812 // Used as the type argument of IStringLocalizer<T>.
internal sealed class MudBlazorResource;
#pragma warning restore CA1812

/// <summary>
/// MudBlazor's own words (its pager's "Next page", a date picker's "Open", "Loading…") in the reader's language
/// (issue 11.4): Chinese from Resources/MudBlazorResource.resx; English readers get MudBlazor's built-in English.
/// </summary>
internal sealed class MudBlazorWords(IStringLocalizer<MudBlazorResource> chinese) : MudLocalizer
{
    public override LocalizedString this[string key] =>
        Sunlight.Core.Bilingual.English ? new LocalizedString(key, key, resourceNotFound: true) : chinese[key];

    public override LocalizedString this[string key, params object[] arguments] =>
        Sunlight.Core.Bilingual.English ? new LocalizedString(key, key, resourceNotFound: true) : chinese[key, arguments];
}
