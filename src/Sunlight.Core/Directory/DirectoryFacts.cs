using Microsoft.EntityFrameworkCore;
using Sunlight.Core.Storage;

namespace Sunlight.Core.Directory;

/// <summary>An organisation as modules need it: who it is, where it sits, what kind it is.</summary>
public sealed record OrganisationFacts(string Code, string Name, OrganisationKind Kind, string RegionCode, string RegionPath, string? ParentCode);

/// <summary>A member of staff as rules need them: their organisation and the roles they hold.</summary>
public sealed record StaffFacts(string Organisation, IReadOnlyList<string> Roles)
{
    /// <summary>The person's name as the directory holds it (shown beside their code where people read a timeline).</summary>
    public string Name { get; init; } = "";

    public bool Holds(string role) => Roles.Contains(role, StringComparer.Ordinal);
}

/// <summary>
/// The directory's door for modules: organisations by code, staff and their roles, a user's staff code, region names.
/// Modules read the directory through this, never through Core's tables.
/// </summary>
public interface IDirectory
{
    Task<OrganisationFacts?> OrganisationAsync(string code, CancellationToken ct);

    /// <summary>The organisations of <paramref name="codes"/> that exist, by code.</summary>
    Task<IReadOnlyDictionary<string, OrganisationFacts>> OrganisationsAsync(IEnumerable<string> codes, CancellationToken ct);

    /// <summary>The organisations in the region of <paramref name="regionPath"/> and below it, of <paramref name="kind"/> when given, by code.</summary>
    Task<IReadOnlyList<OrganisationFacts>> OrganisationsUnderAsync(string regionPath, OrganisationKind? kind, CancellationToken ct);

    /// <summary>Staff of <paramref name="organisations"/> (null: every organisation of the node), by staff code.</summary>
    Task<IReadOnlyDictionary<string, StaffFacts>> StaffAsync(IEnumerable<string>? organisations, CancellationToken ct);

    /// <summary>The directory entry an account is linked to, or null.</summary>
    Task<string?> StaffCodeOfAsync(string userName, CancellationToken ct);

    /// <summary>Names of the regions of <paramref name="codes"/> that exist, by code.</summary>
    Task<IReadOnlyDictionary<string, string>> RegionNamesAsync(IEnumerable<string> codes, CancellationToken ct);

    /// <summary>Paths (<c>/370000/370700/</c>) of the regions of <paramref name="codes"/> that exist, by code: what a jurisdiction covers.</summary>
    Task<IReadOnlyDictionary<string, string>> RegionPathsAsync(IEnumerable<string> codes, CancellationToken ct);
}

/// <summary>Core's <see cref="IDirectory"/>, read without tracking from Core's context.</summary>
internal sealed class DirectoryFacts(CoreDbContext db) : IDirectory
{
    public async Task<OrganisationFacts?> OrganisationAsync(string code, CancellationToken ct) =>
        (await OrganisationsAsync([code], ct).ConfigureAwait(false)).GetValueOrDefault(code);

    public async Task<IReadOnlyDictionary<string, OrganisationFacts>> OrganisationsAsync(IEnumerable<string> codes, CancellationToken ct)
    {
        var list = codes.Distinct(StringComparer.Ordinal).ToList();
        return await db.Organisations.AsNoTracking().Where(o => EF.Parameter(list).Contains(o.Code))
            .Select(o => new OrganisationFacts(o.Code, o.Name, o.Kind, o.RegionCode, o.RegionPath, o.ParentCode))
            .ToDictionaryAsync(o => o.Code, StringComparer.Ordinal, ct).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<OrganisationFacts>> OrganisationsUnderAsync(string regionPath, OrganisationKind? kind, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(regionPath);
        var query = db.Organisations.AsNoTracking().Where(o => o.RegionPath.StartsWith(regionPath));
        if (kind is { } k)
        {
            query = query.Where(o => o.Kind == k);
        }

        return await query.OrderBy(o => o.Code).Select(o => new OrganisationFacts(o.Code, o.Name, o.Kind, o.RegionCode, o.RegionPath, o.ParentCode)).ToListAsync(ct).ConfigureAwait(false);
    }

    public async Task<IReadOnlyDictionary<string, StaffFacts>> StaffAsync(IEnumerable<string>? organisations, CancellationToken ct)
    {
        var query = db.Staff.AsNoTracking();
        if (organisations is not null)
        {
            var list = organisations.Distinct(StringComparer.Ordinal).ToList();
            query = query.Where(m => EF.Parameter(list).Contains(m.OrganisationCode));
        }

        return (await query.Select(m => new { m.Code, m.Name, m.OrganisationCode, m.RoleList }).ToListAsync(ct).ConfigureAwait(false))
            .ToDictionary(m => m.Code, m => new StaffFacts(m.OrganisationCode, m.RoleList.Split(',', StringSplitOptions.RemoveEmptyEntries)) { Name = m.Name }, StringComparer.Ordinal);
    }

    public Task<string?> StaffCodeOfAsync(string userName, CancellationToken ct) =>
        db.Users.AsNoTracking().Where(u => u.UserName == userName).Select(u => u.StaffCode).FirstOrDefaultAsync(ct);

    public async Task<IReadOnlyDictionary<string, string>> RegionNamesAsync(IEnumerable<string> codes, CancellationToken ct)
    {
        var list = codes.Distinct(StringComparer.Ordinal).ToList();
        return await db.Regions.AsNoTracking().Where(r => EF.Parameter(list).Contains(r.Code)).Select(r => new { r.Code, r.Name })
            .ToDictionaryAsync(r => r.Code, r => r.Name, StringComparer.Ordinal, ct).ConfigureAwait(false);
    }

    public async Task<IReadOnlyDictionary<string, string>> RegionPathsAsync(IEnumerable<string> codes, CancellationToken ct)
    {
        var list = codes.Distinct(StringComparer.Ordinal).ToList();
        return await db.Regions.AsNoTracking().Where(r => EF.Parameter(list).Contains(r.Code)).Select(r => new { r.Code, r.Path })
            .ToDictionaryAsync(r => r.Code, r => r.Path, StringComparer.Ordinal, ct).ConfigureAwait(false);
    }
}
