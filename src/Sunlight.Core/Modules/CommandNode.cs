namespace Sunlight.Core.Modules;

/// <summary>
/// What a module's command needs from the <c>sunlight</c> tool: the node's services without the web server, on the
/// configuration the server reads (appsettings.json in the current folder, then environment variables).
/// </summary>
public interface ICommandNode
{
    /// <summary>Opens the node: migrated and reference data loaded unless <see cref="CommandNodeOptions.Initialise"/> is false.</summary>
    Task<ICommandSession> OpenAsync(CommandNodeOptions options, CancellationToken ct);
}

/// <summary>How a command opens the node.</summary>
/// <param name="Demo">Seed the demo city into an empty database.</param>
/// <param name="Initialise">Migrate and load reference data first (false: read-only checks such as <c>ledger verify</c>).</param>
/// <param name="SqliteFile">Open this SQLite file instead of the configured database (a copy to replay on).</param>
public sealed record CommandNodeOptions(bool Demo = false, bool Initialise = true, string? SqliteFile = null)
{
    public static readonly CommandNodeOptions Default = new();
}

/// <summary>An open node: its services. Disposing closes it.</summary>
public interface ICommandSession : IAsyncDisposable
{
    IServiceProvider Services { get; }

    /// <summary>Copies the node's SQLite database to <paramref name="file"/> (consistent, while it runs); refused on PostgreSQL.</summary>
    Task SnapshotAsync(string file, CancellationToken ct);
}

/// <summary>A progress bar on standard error: redrawn in place on a terminal, every 10 % in a log.</summary>
public sealed class ProgressBar(string label) : IProgress<(long Done, long Total)>
{
    private int _lastTenth = -1;
    private bool _drawn;

    public void Report((long Done, long Total) value)
    {
        var fraction = value.Total == 0 ? 1 : (double)value.Done / value.Total;
        var filled = (int)(fraction * 30);
        var line = $"{label} [{new string('#', filled)}{new string('.', 30 - filled)}] {fraction:P0} {value.Done:N0}/{value.Total:N0}";
        if (!Console.IsErrorRedirected)
        {
            Console.Error.Write("\r" + line);
            _drawn = true;
        }
        else if ((int)(fraction * 10) != _lastTenth)
        {
            _lastTenth = (int)(fraction * 10);
            Console.Error.WriteLine(line);
        }
    }

    /// <summary>Ends the bar's line on a terminal.</summary>
    public void Done()
    {
        if (_drawn)
        {
            Console.Error.WriteLine();
        }
    }
}
