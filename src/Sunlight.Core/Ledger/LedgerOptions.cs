using Microsoft.Extensions.Configuration;

namespace Sunlight.Core.Ledger;

/// <summary>Ledger settings (<c>Sunlight:Ledger:*</c>). Defaults suit the demo node.</summary>
public sealed class LedgerOptions
{
    /// <summary>The log's origin line and key name, e.g. <c>sunlight.example/370781</c>.</summary>
    public string Origin { get; set; } = "sunlight.example/370700";

    /// <summary>File holding the node's Ed25519 seed (owner-only permissions). Created on first start.</summary>
    public string KeyFile { get; set; } = "./data/ledger.key";

    /// <summary>The seed itself, base64 (overrides <see cref="KeyFile"/>), e.g. from a secret store.</summary>
    public string? Key { get; set; }

    /// <summary>Verifier keys of earlier node keys, so checkpoints signed before a rotation still verify.</summary>
    public IReadOnlyList<string> PreviousKeys { get; set; } = [];

    /// <summary>How often, while records arrive, the integrator runs and a checkpoint is signed.</summary>
    public TimeSpan CheckpointInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Run the background integrator (tests and the CLI switch it off and integrate on demand).</summary>
    public bool Background { get; set; } = true;

    /// <summary>Parent node that witnesses this log: base URL, e.g. http://city.example:5080.</summary>
    public string? ParentUrl { get; set; }

    /// <summary>The parent's cosigner verifier key (from its <c>/ledger/witness/key</c>).</summary>
    public string? ParentKey { get; set; }

    /// <summary>On a parent: verifier keys of the child logs it witnesses (the key name is the child's origin).</summary>
    public IReadOnlyList<string> Children { get; set; } = [];

    public static LedgerOptions FromConfiguration(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection("Sunlight:Ledger");
        var o = new LedgerOptions();
        o.Origin = section["Origin"] is { Length: > 0 } origin ? origin : o.Origin;
        o.KeyFile = section["KeyFile"] is { Length: > 0 } file ? file : o.KeyFile;
        o.Key = section["Key"] is { Length: > 0 } key ? key : null;
        o.PreviousKeys = List(section.GetSection("PreviousKeys"));
        if (double.TryParse(section["CheckpointSeconds"], System.Globalization.CultureInfo.InvariantCulture, out var seconds) && seconds > 0)
        {
            o.CheckpointInterval = TimeSpan.FromSeconds(seconds);
        }

        if (bool.TryParse(section["Background"], out var background))
        {
            o.Background = background;
        }

        o.ParentUrl = section["Parent:Url"] is { Length: > 0 } url ? url.TrimEnd('/') : null;
        o.ParentKey = section["Parent:Key"] is { Length: > 0 } pk ? pk : null;
        o.Children = List(section.GetSection("Children"));
        return o;
    }

    // Lists come as arrays in JSON or as ';'-separated strings in one environment variable.
    private static List<string> List(IConfigurationSection section) =>
        section.Value is { Length: > 0 } single
            ? single.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList()
            : section.GetChildren().Select(c => c.Value).OfType<string>().Where(v => v.Length > 0).ToList();
}
