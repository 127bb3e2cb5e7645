using System.Reflection;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Sunlight.Core.Accounts;
using Sunlight.Services.Contracts;

namespace Sunlight.Services.Catalogue;

/// <summary>
/// The demo 权力清单: the items in <c>Demo/catalogue.json</c> (legal bases and limits as found in Shandong catalogues;
/// the file's notes name what could not be confirmed), published for the city (370700) and for 青州市 (370781)
/// through the same validation and ledger path as an administrator's, effective from 2025-01-01.
/// </summary>
internal static class DemoCatalogue
{
    public static readonly DateTimeOffset EffectiveFrom = new(2025, 1, 1, 0, 0, 0, TimeSpan.FromHours(8));

    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    private sealed record Entry(
        string Key, string Name, string Category, string Department, string LegalBasis, string? Conditions, List<string>? Materials,
        List<string>? LifeEvents, int StatutoryLimit, int CommittedLimit, List<StepDto> Steps, List<FeeDto>? Fees, List<PauseDto>? Pauses,
        List<TierDto>? Tiers);

    public static async Task SeedAsync(IServiceProvider services, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(services);
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("Sunlight.Services.Catalogue.Demo.catalogue.json");
        if (stream is null)
        {
            return;
        }

        var entries = await JsonSerializer.DeserializeAsync<List<Entry>>(stream, Web, ct).ConfigureAwait(false) ?? [];
        var factory = services.GetRequiredService<Microsoft.EntityFrameworkCore.IDbContextFactory<Storage.ServicesDbContext>>();
        await using (var db = await factory.CreateDbContextAsync(ct).ConfigureAwait(false))
        {
            if (await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.AnyAsync(db.Items, ct).ConfigureAwait(false))
            {
                return;
            }
        }

        // Only on top of the demo city's directory.
        if (await services.GetRequiredService<Sunlight.Core.Directory.IDirectory>().OrganisationAsync("370781-scjg", ct).ConfigureAwait(false) is null)
        {
            return;
        }

        var catalogue = services.GetRequiredService<CatalogueService>();
        var city = new Jurisdiction("370700", "/370000/370700/", null, new HashSet<string>(StringComparer.Ordinal) { SunlightRoles.Admin });
        foreach (var region in new[] { "370700", "370781" })
        {
            foreach (var e in entries)
            {
                var input = new ItemInput($"{region}-{e.Key}", e.Name, e.Category, $"{region}-{e.Department}", e.LegalBasis, e.StatutoryLimit,
                    e.CommittedLimit, e.Steps, e.Fees ?? [], e.Pauses ?? [], e.Tiers ?? [], EffectiveFrom, e.Conditions, e.Materials, e.LifeEvents);
                await catalogue.PublishAsync(city, input, "demo", ct).ConfigureAwait(false);
            }
        }
    }
}
