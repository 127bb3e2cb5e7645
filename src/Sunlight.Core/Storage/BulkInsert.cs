using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace Sunlight.Core.Storage;

/// <summary>
/// Inserts many rows of one mapped entity inside the context's current transaction without change tracking: one
/// prepared INSERT reused for every row on SQLite, binary COPY on PostgreSQL. Table, columns and value conversions
/// come from the EF model, so the rows are exactly what <c>SaveChanges</c> would have written. Store-generated keys
/// (identity columns) are left to the database and not read back. For hot paths only (ledger records, case events);
/// everything else goes through EF.
/// </summary>
public static class BulkInsert
{
    public static async Task RunAsync<T>(DbContext db, IReadOnlyList<T> rows, CancellationToken ct)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(rows);
        if (rows.Count == 0)
        {
            return;
        }

        var transaction = db.Database.CurrentTransaction?.GetDbTransaction()
            ?? throw new InvalidOperationException("BulkInsert runs inside the transaction of the change it belongs to.");
        var entity = db.Model.FindEntityType(typeof(T)) ?? throw new InvalidOperationException($"{typeof(T).Name} is not mapped.");
        var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
        var columns = entity.GetProperties().Where(p => p.ValueGenerated != ValueGenerated.OnAdd || !p.IsKey()).ToList();
        var names = columns.Select(p => Quote(p.GetColumnName(table)!)).ToList();
        var tableName = entity.GetSchema() is { } schema ? $"{Quote(schema)}.{Quote(entity.GetTableName()!)}" : Quote(entity.GetTableName()!);
        var converters = columns.Select(p => p.GetTypeMapping().Converter).ToList();
        var getters = columns.Select(p => p.GetGetter()).ToList();

        object? Value(T row, int i)
        {
            var value = getters[i].GetClrValue(row);
            return value is null ? null : converters[i] is { } c ? c.ConvertToProvider(value) : value;
        }

        if (transaction.Connection is NpgsqlConnection npgsql)
        {
            await using var writer = await npgsql.BeginBinaryImportAsync($"COPY {tableName} ({string.Join(", ", names)}) FROM STDIN (FORMAT BINARY)", ct).ConfigureAwait(false);
            foreach (var row in rows)
            {
                await writer.StartRowAsync(ct).ConfigureAwait(false);
                for (var i = 0; i < columns.Count; i++)
                {
                    if (Value(row, i) is { } v)
                    {
                        await writer.WriteAsync(v, ct).ConfigureAwait(false);
                    }
                    else
                    {
                        await writer.WriteNullAsync(ct).ConfigureAwait(false);
                    }
                }
            }

            await writer.CompleteAsync(ct).ConfigureAwait(false);
            return;
        }

        // SQLite: one prepared single-row INSERT, rebound per row (measured faster here than multi-row statements,
        // whose many named parameters cost more to bind than the statements they save).
        var command = transaction.Connection!.CreateCommand();
        await using (command.ConfigureAwait(false))
        {
            command.Transaction = transaction;
            command.CommandText = $"INSERT INTO {tableName} ({string.Join(", ", names)}) VALUES ({string.Join(", ", columns.Select((_, i) => $"@p{i}"))})";
            var parameters = new DbParameter[columns.Count];
            for (var i = 0; i < columns.Count; i++)
            {
                parameters[i] = command.CreateParameter();
                parameters[i].ParameterName = $"@p{i}";
                command.Parameters.Add(parameters[i]);
            }

            await command.PrepareAsync(ct).ConfigureAwait(false);
            foreach (var row in rows)
            {
                for (var i = 0; i < columns.Count; i++)
                {
                    parameters[i].Value = Value(row, i) ?? DBNull.Value;
                }

                // Microsoft.Data.Sqlite's async methods run synchronously anyway; this skips their overhead per row.
#pragma warning disable CA1849
                command.ExecuteNonQuery();
#pragma warning restore CA1849
            }
        }
    }

    private static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
