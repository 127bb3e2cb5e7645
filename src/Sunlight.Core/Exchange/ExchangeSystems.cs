using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Sunlight.Core.Accounts;
using Sunlight.Core.Api;
using Sunlight.Core.Directory.Contracts;
using Sunlight.Core.Ledger;
using Sunlight.Core.Storage;

namespace Sunlight.Core.Exchange;

/// <summary>A registered system and, once, its secret.</summary>
public sealed record SystemSecret(string Id, string Organisation, IReadOnlyList<string> Feeds, string Secret);

/// <summary>A registered system as listed (never its secret).</summary>
public sealed record SystemListing(string Id, string Organisation, IReadOnlyList<string> Feeds, DateTimeOffset CreatedAt, DateTimeOffset? RotatedAt);

/// <summary>
/// The systems allowed to push to the exchange: registration (secret shown once, scoped to feeds), rotation, and the
/// signature check of a request: hex HMAC-SHA256 of <c>timestamp + "\n" + body</c> under the system's secret,
/// timestamp within ±300 s. Secrets are kept protected by ASP.NET Data Protection, whose keys live outside the database.
/// </summary>
public sealed partial class ExchangeSystems(CoreDbContext db, IEnumerable<IExchangeFeed> feeds, IDataProtectionProvider protection, TimeProvider clock)
{
    /// <summary>How far a request's timestamp may be from the node's clock.</summary>
    public static readonly TimeSpan ClockSkew = TimeSpan.FromSeconds(300);

    // The purpose string predates the move to Core: secrets registered before stay readable.
    private readonly IDataProtector _protector = protection.CreateProtector("Sunlight.Services.ExchangeSecrets.v1");

    /// <summary>Registers a system for <paramref name="organisationCode"/>, scoped to <paramref name="feedNames"/> (null or empty: the feeds its organisation's kind may send).</summary>
    public async Task<SystemSecret> AddAsync(Jurisdiction? who, string id, string organisationCode, IReadOnlyList<string>? feedNames, CancellationToken ct)
    {
        if (!IdPattern().IsMatch(id ?? ""))
        {
            throw Refused("id", Bilingual.Say($"系统编号 \"{id}\" 无效：2–64 位字母、数字或 - _", $"system id: 2–64 letters, digits, - or _."));
        }

        var org = await db.Organisations.AsNoTracking().FirstOrDefaultAsync(o => o.Code == organisationCode, ct).ConfigureAwait(false)
            ?? throw Refused("organisation", Bilingual.Say($"机构编码 {organisationCode} 不存在", $"unknown organisation."));
        if (who is not null && !who.CoversRegionPath(org.RegionPath))
        {
            throw Refused("organisation", Bilingual.Say($"机构 {organisationCode} 不在您的管辖范围内", $"organisation outside your jurisdiction."));
        }

        var known = feeds.Select(f => f.Name).ToList();
        var scope = feedNames is { Count: > 0 }
            ? feedNames.Select(f => f.Trim()).Distinct(StringComparer.Ordinal).ToList()
            : feeds.Where(f => f.DefaultKinds.Contains(org.Kind)).Select(f => f.Name).ToList();
        if (scope.FirstOrDefault(f => !known.Contains(f)) is { } unknown)
        {
            throw Refused("feeds", Bilingual.Say($"没有数据通道 {unknown}，可选：{string.Join(", ", known)}", $"no feed {unknown}."));
        }

        if (scope.Count == 0)
        {
            throw Refused("feeds", Bilingual.Say($"{org.Name} 这类机构默认不报送任何数据通道，请用 feeds 指明", $"no feed by default for this kind of organisation; name the feeds: {string.Join(", ", known)}."));
        }

        if (await db.ExchangeSystems.AnyAsync(s => s.Id == id, ct).ConfigureAwait(false))
        {
            throw Refused("id", Bilingual.Say($"系统编号 {id} 已存在", $"system {id} already exists; rotate its secret instead."));
        }

        var secret = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        await using var unit = await UnitOfWork.BeginAsync(db, clock, ct).ConfigureAwait(false);
        db.ExchangeSystems.Add(new ExchangeSystem
        {
            Id = id!, OrganisationCode = org.Code, RegionPath = org.RegionPath, Feeds = string.Join(',', scope), ProtectedSecret = _protector.Protect(secret), CreatedAt = clock.GetUtcNow(),
        });
        unit.Record(RecordDraft.Json("exchange.system.registered", id!, new { id, organisation = org.Code, feeds = scope }, org.RegionPath));
        await unit.CommitAsync(ct).ConfigureAwait(false);
        return new SystemSecret(id!, org.Code, scope, secret);
    }

    public async Task<SystemSecret?> RotateAsync(Jurisdiction? who, string id, CancellationToken ct)
    {
        var system = await db.ExchangeSystems.FirstOrDefaultAsync(s => s.Id == id, ct).ConfigureAwait(false);
        if (system is null || (who is not null && !who.CoversRegionPath(system.RegionPath)))
        {
            return null;
        }

        var secret = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        await using var unit = await UnitOfWork.BeginAsync(db, clock, ct).ConfigureAwait(false);
        system.ProtectedSecret = _protector.Protect(secret);
        system.RotatedAt = clock.GetUtcNow();
        unit.Record(RecordDraft.Json("exchange.system.rotated", id, new { id }, system.RegionPath));
        await unit.CommitAsync(ct).ConfigureAwait(false);
        return new SystemSecret(id, system.OrganisationCode, system.FeedList, secret);
    }

    public async Task<IReadOnlyList<SystemListing>> ListAsync(Jurisdiction who, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(who);
        var rows = await db.ExchangeSystems.AsNoTracking().Where(s => s.RegionPath.StartsWith(who.RegionPath)).OrderBy(s => s.Id).ToListAsync(ct).ConfigureAwait(false);
        return rows.Select(s => new SystemListing(s.Id, s.OrganisationCode, s.FeedList, s.CreatedAt, s.RotatedAt)).ToList();
    }

    /// <summary>A registered system by id (for a file import that names it), or null.</summary>
    public async Task<ExchangeSender?> FindAsync(string id, CancellationToken ct) =>
        await db.ExchangeSystems.AsNoTracking().Where(s => s.Id == id).Select(s => new ExchangeSender(s.Id, s.OrganisationCode, s.RegionPath))
            .FirstOrDefaultAsync(ct).ConfigureAwait(false);

    /// <summary>The system a signed request comes from and its feeds, or why it is refused (401).</summary>
    public async Task<(ExchangeSystem? System, string? Error)> AuthenticateAsync(string? systemId, string? timestamp, string? signature, ReadOnlyMemory<byte> body, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(systemId) || string.IsNullOrEmpty(timestamp) || string.IsNullOrEmpty(signature))
        {
            return (null, Bilingual.Say("需要 X-Sunlight-System、X-Sunlight-Timestamp 和 X-Sunlight-Signature 三个请求头", "the three X-Sunlight-* headers are required"));
        }

        if (!long.TryParse(timestamp, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var seconds)
            || Math.Abs(clock.GetUtcNow().ToUnixTimeSeconds() - seconds) > ClockSkew.TotalSeconds)
        {
            return (null, Bilingual.Say($"时间戳 {timestamp} 不在当前时间 ±{ClockSkew.TotalSeconds:0} 秒内：请校准时钟并重新签名", $"timestamp outside ±300 s; check the clock and sign again"));
        }

        var system = await db.ExchangeSystems.AsNoTracking().FirstOrDefaultAsync(s => s.Id == systemId, ct).ConfigureAwait(false);
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
            : (null, Bilingual.Say("签名不符：须为 HMAC-SHA256(timestamp + \"\\n\" + body) 的十六进制，密钥为该系统的密钥", "bad signature or unknown system"));
    }

    private static InputException Refused(string field, string message) => new(Refusal.Invalid, message, [new InputError(field, message)]);

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9_-]{1,63}$")]
    private static partial Regex IdPattern();
}
