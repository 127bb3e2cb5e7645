using System.Security.Claims;
using Microsoft.Extensions.Localization;
using Sunlight.Core.Accounts;
using Sunlight.Core.Modules;

namespace Sunlight.Server.Components.Layout;

/// <summary>The modules' menu entries as the menu and the home page show them: who sees which, and their titles.</summary>
internal static class ModuleMenu
{
    /// <summary>
    /// Entries without roles or grant are public; the others show to people holding one of their roles, or the
    /// entry's grant. Null <paramref name="user"/>: the public ones only.
    /// </summary>
    public static IEnumerable<(ISunlightModule Module, NavigationEntry Entry)> Entries(ClaimsPrincipal? user) =>
        SunlightApp.Modules.SelectMany(m => m.Navigation.Select(e => (Module: m, Entry: e)))
            .Where(x => (x.Entry.Roles.Count == 0 && x.Entry.Grant is null)
                || (user is not null && (x.Entry.Roles.Any(user.IsInRole) || Holds(user, x.Entry.Grant))))
            .OrderBy(x => x.Entry.Order);

    /// <summary>An entry's title from its module's own strings; Core's areas use the host's.</summary>
    public static string Title(IStringLocalizerFactory localizers, IStringLocalizer host, ISunlightModule module, NavigationEntry entry) =>
        (module.Resources is { } resources ? localizers.Create(resources) : host)[entry.TitleKey];

    private static bool Holds(ClaimsPrincipal user, string? grant) =>
        grant is not null && user.FindAll(SunlightClaims.Grant).Any(c => HeldGrant.Parse(c.Value)?.Grant == grant);
}
