using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Sunlight.Core.Ledger;
using Sunlight.Core.Storage;

namespace Sunlight.Core.Accounts;

/// <summary>
/// Issues, checks and revokes API bearer tokens. A token is <c>sl_</c> + 43 base64url characters (256 random bits);
/// only its SHA-256 is stored, so a database reader cannot use it.
/// </summary>
public sealed class ApiTokenService(CoreDbContext db, TimeProvider clock)
{
    public const string TokenPrefix = "sl_";

    /// <summary>Issued token: its record and the secret, shown once.</summary>
    public sealed record Issued(ApiToken Token, string Secret);

    public async Task<Issued> IssueAsync(SunlightUser user, string name, TimeSpan? lifetime, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(user);
        var secret = TokenPrefix + Base64Url(RandomNumberGenerator.GetBytes(32));
        var now = clock.GetUtcNow();
        var token = new ApiToken
        {
            Id = Guid.NewGuid(),
            UserId = user.Id,
            Name = string.IsNullOrWhiteSpace(name) ? "API" : name.Trim(),
            Prefix = secret[..10],
            SecretHash = Hash(secret),
            CreatedAt = now,
            ExpiresAt = lifetime is null ? null : now + lifetime.Value,
        };
        await using var unit = await UnitOfWork.BeginAsync(db, clock, ct).ConfigureAwait(false);
        db.ApiTokens.Add(token);
        unit.Record(RecordDraft.Json("account.token.issued", user.UserName ?? user.Id, new { user = user.UserName, token.Id, token.Name, token.Prefix, token.ExpiresAt }));
        await unit.CommitAsync(ct).ConfigureAwait(false);
        return new Issued(token, secret);
    }

    /// <summary>The active token matching <paramref name="secret"/>, or null. Records its last use (at most once a minute).</summary>
    public async Task<ApiToken?> FindActiveAsync(string secret, CancellationToken ct)
    {
        if (!secret.StartsWith(TokenPrefix, StringComparison.Ordinal) || secret.Length > 100)
        {
            return null;
        }

        var hash = Hash(secret);
        var token = await db.ApiTokens.FirstOrDefaultAsync(t => t.SecretHash == hash, ct).ConfigureAwait(false);
        var now = clock.GetUtcNow();
        if (token is null || !token.IsActive(now))
        {
            return null;
        }

        if (token.LastUsedAt is null || now - token.LastUsedAt > TimeSpan.FromMinutes(1))
        {
            token.LastUsedAt = now;
            await db.SaveChangesAsync(ct).ConfigureAwait(false);
        }

        return token;
    }

    public async Task<IReadOnlyList<ApiToken>> ListAsync(string userId, CancellationToken ct) =>
        await db.ApiTokens.AsNoTracking().Where(t => t.UserId == userId).OrderByDescending(t => t.CreatedAt)
            .ToListAsync(ct).ConfigureAwait(false);

    /// <summary>Revokes one of the user's tokens. False when the user has no such token.</summary>
    public async Task<bool> RevokeAsync(string userId, Guid tokenId, CancellationToken ct)
    {
        var token = await db.ApiTokens.FirstOrDefaultAsync(t => t.Id == tokenId && t.UserId == userId, ct).ConfigureAwait(false);
        if (token is null)
        {
            return false;
        }

        if (token.RevokedAt is null)
        {
            await using var unit = await UnitOfWork.BeginAsync(db, clock, ct).ConfigureAwait(false);
            token.RevokedAt = clock.GetUtcNow();
            unit.Record(RecordDraft.Json("account.token.revoked", userId, new { token.Id, token.Name, token.Prefix }));
            await unit.CommitAsync(ct).ConfigureAwait(false);
        }

        return true;
    }

    internal static string Hash(string secret) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
