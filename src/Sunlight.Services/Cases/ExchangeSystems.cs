using Sunlight.Core.Directory;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Sunlight.Core.Accounts;
using Sunlight.Core.Ledger;
using Sunlight.Core.Storage;
using Sunlight.Services.Storage;

namespace Sunlight.Services.Cases;

/// <summary>A registered system and, once, its secret.</summary>
internal sealed record SystemSecret(string Id, string Organisation, string Secret);

/// <summary>
/// Department systems allowed to push case events: registration (secret shown once), rotation, and the signature
/// check of a request: hex HMAC-SHA256 of <c>timestamp + "\n" + body</c> under the system's secret, timestamp within
/// ±300 s. Secrets are kept protected by ASP.NET Data Protection, whose keys live outside the database.
/// </summary>
internal sealed partial class ExchangeSystems(Units units, IDirectory directory, IDbContextFactory<ServicesDbContext> services, IDataProtectionProvider protection, TimeProvider clock)
{
    private readonly IDataProtector _protector = protection.CreateProtector("Sunlight.Services.ExchangeSecrets.v1");

    public async Task<SystemSecret> AddAsync(Jurisdiction? who, string id, string organisationCode, CancellationToken ct)
    {
        if (!IdPattern().IsMatch(id ?? ""))
        {
            throw new ArgumentException($"系统编号 \"{id}\" 无效：2–64 位字母、数字或 - _ (system id: 2–64 letters, digits, - or _).", nameof(id));
        }

        var org = await directory.OrganisationAsync(organisationCode, ct).ConfigureAwait(false)
            ?? throw new ArgumentException($"机构编码 {organisationCode} 不存在 (unknown organisation).", nameof(organisationCode));
        if (who is not null && !who.CoversRegionPath(org.RegionPath))
        {
            throw new ArgumentException($"机构 {organisationCode} 不在您的管辖范围内 (organisation outside your jurisdiction).", nameof(organisationCode));
        }

        await using var db = await services.CreateDbContextAsync(ct).ConfigureAwait(false);
        if (await db.Systems.AnyAsync(s => s.Id == id, ct).ConfigureAwait(false))
        {
            throw new ArgumentException($"系统编号 {id} 已存在 (system {id} already exists; rotate its secret instead).", nameof(id));
        }

        var secret = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        await using var unit = await units.BeginAsync(ct).ConfigureAwait(false);
        unit.Enlist(db);
        db.Systems.Add(new ExchangeSystem { Id = id!, OrganisationCode = org.Code, RegionPath = org.RegionPath, ProtectedSecret = _protector.Protect(secret), CreatedAt = clock.GetUtcNow() });
        unit.Record(RecordDraft.Json("services.system.registered", id!, new { id, organisation = org.Code }, org.RegionPath));
        await unit.CommitAsync(ct).ConfigureAwait(false);
        return new SystemSecret(id!, org.Code, secret);
    }

    public async Task<SystemSecret?> RotateAsync(Jurisdiction? who, string id, CancellationToken ct)
    {
        await using var db = await services.CreateDbContextAsync(ct).ConfigureAwait(false);
        var system = await db.Systems.FirstOrDefaultAsync(s => s.Id == id, ct).ConfigureAwait(false);
        if (system is null || (who is not null && !who.CoversRegionPath(system.RegionPath)))
        {
            return null;
        }

        var secret = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        await using var unit = await units.BeginAsync(ct).ConfigureAwait(false);
        unit.Enlist(db);
        system.ProtectedSecret = _protector.Protect(secret);
        system.RotatedAt = clock.GetUtcNow();
        unit.Record(RecordDraft.Json("services.system.rotated", id, new { id }, system.RegionPath));
        await unit.CommitAsync(ct).ConfigureAwait(false);
        return new SystemSecret(id, system.OrganisationCode, secret);
    }

    public async Task<IReadOnlyList<(string Id, string Organisation, DateTimeOffset CreatedAt, DateTimeOffset? RotatedAt)>> ListAsync(Jurisdiction who, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(who);
        await using var db = await services.CreateDbContextAsync(ct).ConfigureAwait(false);
        var rows = await db.Systems.AsNoTracking().Where(s => s.RegionPath.StartsWith(who.RegionPath)).OrderBy(s => s.Id).ToListAsync(ct).ConfigureAwait(false);
        return rows.Select(s => (s.Id, s.OrganisationCode, s.CreatedAt, s.RotatedAt)).ToList();
    }

    /// <summary>The system a signed request comes from, or why it is refused (401).</summary>
    public async Task<(ExchangeSystem? System, string? Error)> AuthenticateAsync(string? systemId, string? timestamp, string? signature, ReadOnlyMemory<byte> body, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(systemId) || string.IsNullOrEmpty(timestamp) || string.IsNullOrEmpty(signature))
        {
            return (null, "需要 X-Sunlight-System、X-Sunlight-Timestamp 和 X-Sunlight-Signature 三个请求头 (the three X-Sunlight-* headers are required)");
        }

        if (!long.TryParse(timestamp, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var seconds)
            || Math.Abs(clock.GetUtcNow().ToUnixTimeSeconds() - seconds) > CaseIntake.ClockSkew.TotalSeconds)
        {
            return (null, $"时间戳 {timestamp} 不在当前时间 ±{CaseIntake.ClockSkew.TotalSeconds:0} 秒内：请校准时钟并重新签名 (timestamp outside ±300 s; check the clock and sign again)");
        }

        await using var db = await services.CreateDbContextAsync(ct).ConfigureAwait(false);
        var system = await db.Systems.AsNoTracking().FirstOrDefaultAsync(s => s.Id == systemId, ct).ConfigureAwait(false);
        byte[] expected;
        if (system is null)
        {
            expected = new byte[32];
        }
        else
        {
            var secret = _protector.Unprotect(system.ProtectedSecret);
            var message = new byte[Encoding.UTF8.GetByteCount(timestamp) + 1 + body.Length];
            var n = Encoding.UTF8.GetBytes(timestamp, message);
            message[n] = (byte)'\n';
            body.Span.CopyTo(message.AsSpan(n + 1));
            expected = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), message);
        }

        byte[] given;
        try
        {
            given = Convert.FromHexString(signature);
        }
        catch (FormatException)
        {
            given = [];
        }

        return system is not null && given.Length == 32 && CryptographicOperations.FixedTimeEquals(given, expected)
            ? (system, null)
            : (null, "签名不符：须为 HMAC-SHA256(timestamp + \"\\n\" + body) 的十六进制，密钥为该系统的密钥 (bad signature or unknown system)");
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9_-]{1,63}$")]
    private static partial Regex IdPattern();
}
