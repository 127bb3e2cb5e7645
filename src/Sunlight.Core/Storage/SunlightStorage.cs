using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Sunlight.Core.Storage;

/// <summary>Registers a module's DbContext on the configured provider, and the Core unit of work.</summary>
public static class SunlightStorage
{
    /// <summary>
    /// Registers <typeparamref name="TContext"/> (scoped) and <see cref="IDbContextFactory{TContext}"/> (for Blazor pages)
    /// backed by the provider-specific subclass that carries that provider's migrations.
    /// </summary>
    public static IServiceCollection AddModuleDbContext<TContext, TSqlite, TPostgres>(
        this IServiceCollection services, DatabaseOptions database, string schema)
        where TContext : DbContext
        where TSqlite : TContext
        where TPostgres : TContext
    {
        ArgumentNullException.ThrowIfNull(database);
        if (database.Provider == DatabaseProvider.Sqlite)
        {
            services.AddDbContextFactory<TSqlite>(o => ConfigureSqlite(o, database.ConnectionString, schema));
            services.AddSingleton<IDbContextFactory<TContext>>(sp =>
                new UpcastFactory<TContext, TSqlite>(sp.GetRequiredService<IDbContextFactory<TSqlite>>()));
        }
        else
        {
            services.AddDbContextFactory<TPostgres>(o => ConfigurePostgres(o, database.ConnectionString, schema));
            services.AddSingleton<IDbContextFactory<TContext>>(sp =>
                new UpcastFactory<TContext, TPostgres>(sp.GetRequiredService<IDbContextFactory<TPostgres>>()));
        }

        services.AddScoped(sp => sp.GetRequiredService<IDbContextFactory<TContext>>().CreateDbContext());
        return services;
    }

    public static void ConfigureSqlite(DbContextOptionsBuilder options, string connectionString, string schema)
    {
        ArgumentNullException.ThrowIfNull(options);
        EnsureSqliteFolder(connectionString);
        options.UseSqlite(connectionString, o => o.MigrationsHistoryTable($"{schema}_ef_migrations"));
    }

    public static void ConfigurePostgres(DbContextOptionsBuilder options, string connectionString, string schema)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.UseNpgsql(connectionString, o => o.MigrationsHistoryTable("ef_migrations", schema));
    }

    /// <summary>Creates the folder of a SQLite file (./data by default) so a fresh clone just runs.</summary>
    public static void EnsureSqliteFolder(string connectionString)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString);
        if (string.IsNullOrEmpty(builder.DataSource) || builder.DataSource == ":memory:" || builder.Mode == SqliteOpenMode.Memory)
        {
            return;
        }

        var folder = Path.GetDirectoryName(Path.GetFullPath(builder.DataSource));
        if (!string.IsNullOrEmpty(folder))
        {
            System.IO.Directory.CreateDirectory(folder);
        }
    }

    /// <summary>One-time database settings applied at start: SQLite runs in WAL mode so readers never block the writer.</summary>
    public static async Task PrepareAsync(DbContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Database.IsSqlite())
        {
            await context.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken).ConfigureAwait(false);
        }
    }

    private sealed class UpcastFactory<TContext, TImpl>(IDbContextFactory<TImpl> inner) : IDbContextFactory<TContext>
        where TContext : DbContext
        where TImpl : TContext
    {
        public TContext CreateDbContext() => inner.CreateDbContext();
    }
}

/// <summary>
/// One database transaction shared by Core and any module DbContext: a module's state change and Core's rows
/// (records, audit) commit together or not at all. Create with <see cref="BeginAsync(CoreDbContext, TimeProvider, CancellationToken)"/>, enlist module contexts with
/// <see cref="Enlist"/>, then <see cref="CommitAsync"/>. Disposing without commit rolls everything back.
/// </summary>
public sealed class UnitOfWork : IAsyncDisposable
{
    private readonly List<DbContext> _contexts = [];
    private readonly List<Ledger.RecordDraft> _records = [];
    private readonly TimeProvider _clock;
    private readonly IDbContextTransaction _coreTransaction;
    private readonly DbTransaction _transaction;
    private bool _completed;

    private UnitOfWork(CoreDbContext core, IDbContextTransaction transaction, TimeProvider clock)
    {
        Core = core;
        _clock = clock;
        _coreTransaction = transaction;
        _transaction = transaction.GetDbTransaction();
        _contexts.Add(core);
    }

    /// <summary>Core's context in this transaction.</summary>
    public CoreDbContext Core { get; }

    public static Task<UnitOfWork> BeginAsync(CoreDbContext core, CancellationToken cancellationToken) =>
        BeginAsync(core, TimeProvider.System, cancellationToken);

    public static async Task<UnitOfWork> BeginAsync(CoreDbContext core, TimeProvider clock, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(core);
        ArgumentNullException.ThrowIfNull(clock);
        var tx = await core.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        return new UnitOfWork(core, tx, clock);
    }

    /// <summary>Queues a record; it is sequenced and written in this transaction when the unit commits.</summary>
    public void Record(Ledger.RecordDraft draft)
    {
        ArgumentNullException.ThrowIfNull(draft);
        _records.Add(draft);
    }

    private readonly List<Func<long, CancellationToken, Task>> _afterRecords = [];

    /// <summary>
    /// Runs <paramref name="action"/> inside the transaction once the queued records have their sequence numbers
    /// (the first is passed in), before the commit: for rows that name their own record.
    /// </summary>
    public void AfterRecords(Func<long, CancellationToken, Task> action)
    {
        ArgumentNullException.ThrowIfNull(action);
        _afterRecords.Add(action);
    }

    private readonly List<Action> _afterCommit = [];

    /// <summary>Runs <paramref name="action"/> once the transaction has committed (not on rollback): for news that must not run ahead of the data.</summary>
    public void AfterCommit(Action action)
    {
        ArgumentNullException.ThrowIfNull(action);
        _afterCommit.Add(action);
    }

    /// <summary>How many records are queued so far (the next one queued is written at first sequence + this).</summary>
    public int QueuedRecords => _records.Count;

    /// <summary>Sequence of the first record written by <see cref="CommitAsync"/>, or −1 when there were none.</summary>
    public long FirstSequence { get; private set; } = -1;

    /// <summary>
    /// Makes <paramref name="context"/> use this unit's connection and transaction. The context must not have
    /// opened a connection of its own yet.
    /// </summary>
    public T Enlist<T>(T context)
        where T : DbContext
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!_contexts.Contains(context))
        {
            context.Database.SetDbConnection(_transaction.Connection, contextOwnsConnection: false);
            context.Database.UseTransaction(_transaction);
            _contexts.Add(context);
        }

        return context;
    }

    /// <summary>Saves every enlisted context, appends the queued records, then commits once.</summary>
    public async Task CommitAsync(CancellationToken cancellationToken)
    {
        foreach (var context in _contexts)
        {
            await context.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        }

        if (_records.Count > 0)
        {
            FirstSequence = await Ledger.Recorder.AppendAsync(Core, _records, _clock.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        }

        foreach (var action in _afterRecords)
        {
            await action(FirstSequence, cancellationToken).ConfigureAwait(false);
        }

        // Through EF's transaction object, so Core's context knows the transaction is over.
        await _coreTransaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        _completed = true;
        foreach (var action in _afterCommit)
        {
            action();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_completed)
        {
            await _coreTransaction.RollbackAsync().ConfigureAwait(false);
        }

        foreach (var context in _contexts.Skip(1))
        {
            context.Database.UseTransaction(null);
        }

        await _coreTransaction.DisposeAsync().ConfigureAwait(false);
    }
}
