using System.Data.Common;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Sunlight.Core.Storage;

namespace Sunlight.Core.Ledger;

/// <summary>A record to append: type, subject, body (UTF-8 JSON) and, for access control, its region.</summary>
public sealed record RecordDraft(string Type, string Subject, byte[] Body, string? RegionPath = null)
{
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    /// <summary>A draft whose body is <paramref name="body"/> as camel-case JSON.</summary>
    public static RecordDraft Json<T>(string type, string subject, T body, string? regionPath = null) =>
        new(type, subject, JsonSerializer.SerializeToUtf8Bytes(body, Web), regionPath);
}

/// <summary>
/// Appends records inside the caller's transaction. Sequence numbers come from one counter row, bumped with
/// <c>UPDATE … RETURNING</c>: the row stays locked until the transaction ends, so numbers are dense and in commit
/// order across threads and across server instances sharing one PostgreSQL (on SQLite the write lock does the same).
/// </summary>
public static class Recorder
{
    public const int MaxBodyBytes = 1024 * 1024;

    /// <summary>Sequences the drafts and writes them in <paramref name="db"/>'s current transaction; returns the first sequence number. The caller commits.</summary>
    public static async Task<long> AppendAsync(CoreDbContext db, IReadOnlyList<RecordDraft> drafts, DateTimeOffset now, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(drafts);
        var transaction = db.Database.CurrentTransaction
            ?? throw new InvalidOperationException("Records are appended inside the transaction of the state change they describe (use UnitOfWork).");
        if (drafts.Count == 0)
        {
            return -1;
        }

        foreach (var d in drafts)
        {
            if (!LedgerLeaf.IsValidType(d.Type))
            {
                throw new ArgumentException($"Record type '{d.Type}' must match [a-z0-9][a-z0-9._-]{{0,63}}.", nameof(drafts));
            }

            if (d.Body.Length > MaxBodyBytes || d.Subject.Length > 200)
            {
                throw new ArgumentException($"Record '{d.Type}' for '{d.Subject}' is too large (body ≤ 1 MiB, subject ≤ 200 characters).", nameof(drafts));
            }
        }

        var next = await BumpAsync(db, transaction.GetDbTransaction(), drafts.Count, ct).ConfigureAwait(false);
        var first = next - drafts.Count;
        var at = LedgerLeaf.Normalise(now);
        var rows = new LedgerRecord[drafts.Count];
        for (var i = 0; i < drafts.Count; i++)
        {
            var d = drafts[i];
            rows[i] = new LedgerRecord
            {
                Sequence = first + i,
                Type = d.Type,
                Subject = d.Subject,
                At = at,
                Body = d.Body,
                BodyHash = LedgerLeaf.BodyHash(d.Body),
                RegionPath = d.RegionPath,
            };
        }

        // Written at once, untracked: a batch of thousands of records is the intake's hot path.
        await BulkInsert.RunAsync(db, rows, ct).ConfigureAwait(false);
        return first;
    }

    private static async Task<long> BumpAsync(CoreDbContext db, DbTransaction transaction, int count, CancellationToken ct)
    {
        var entity = db.Model.FindEntityType(typeof(LedgerCounter))!;
        var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
        var next = Quote(entity.FindProperty(nameof(LedgerCounter.Next))!.GetColumnName(table)!);
        var id = Quote(entity.FindProperty(nameof(LedgerCounter.Id))!.GetColumnName(table)!);
        var name = entity.GetSchema() is { } schema ? $"{Quote(schema)}.{Quote(entity.GetTableName()!)}" : Quote(entity.GetTableName()!);

        var command = transaction.Connection!.CreateCommand();
        await using (command.ConfigureAwait(false))
        {
            command.Transaction = transaction;
            command.CommandText = $"UPDATE {name} SET {next} = {next} + {count} WHERE {id} = 1 RETURNING {next}";
            var result = await command.ExecuteScalarAsync(ct).ConfigureAwait(false);
            return Convert.ToInt64(result, System.Globalization.CultureInfo.InvariantCulture);
        }
    }

    private static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
