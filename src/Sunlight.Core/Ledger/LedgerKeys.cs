using System.Security.Cryptography;

namespace Sunlight.Core.Ledger;

/// <summary>
/// The node's Ed25519 key, kept outside the database: in <see cref="LedgerOptions.KeyFile"/> (created on first start
/// with owner-only permissions) or given as <see cref="LedgerOptions.Key"/>. It signs the node's checkpoints
/// (signed-note type 0x01) and, on a parent, its cosignatures (type 0x04). A key file readable by others is refused.
/// </summary>
public sealed class LedgerKeys : IDisposable
{
    private const string FileHeader = "sunlight-ledger-key/v1";

    private LedgerKeys(NoteKey key, IReadOnlyList<NoteVerifier> previous)
    {
        Signer = key;
        Verifiers = [NoteVerifier.ParseVerifierKey(key.VerifierKey), .. previous];
    }

    public NoteKey Signer { get; }

    public string Origin => Signer.Name;

    /// <summary>C2SP vkey of the log signer (<c>name+keyid+base64(0x01‖key)</c>), served at <c>/ledger/key</c>.</summary>
    public string VerifierKey => Signer.VerifierKey;

    /// <summary>vkey of this node as a witness (cosignature type 0x04), served at <c>/ledger/witness/key</c>.</summary>
    public string CosignerKey => Cosignature.CosignerVerifierKey(Signer);

    /// <summary>The current key's verifier and those of earlier keys (rotation).</summary>
    public IReadOnlyList<NoteVerifier> Verifiers { get; }

    public static LedgerKeys Load(LedgerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var previous = options.PreviousKeys.Select(NoteVerifier.ParseVerifierKey).ToList();
        if (options.Key is not null)
        {
            return new LedgerKeys(NoteKey.FromSeed(options.Origin, Seed(options.Key, "Sunlight:Ledger:Key")), previous);
        }

        var path = Path.GetFullPath(options.KeyFile);
        var lines = Files.SecretFile.ReadOrCreate(path, "账本密钥文件 (ledger key file)", () =>
        {
            using var fresh = NoteKey.Generate(options.Origin);
            return $"{FileHeader}\n{options.Origin}\n{Convert.ToBase64String(fresh.ExportSeed())}\n";
        });
        if (lines.Length < 3 || lines[0] != FileHeader)
        {
            throw new InvalidOperationException($"账本密钥文件 {path} 格式不对 (the ledger key file {path} is not a {FileHeader} file).");
        }

        if (lines[1] != options.Origin)
        {
            throw new InvalidOperationException(
                $"账本密钥文件属于 {lines[1]}，而配置的 Origin 是 {options.Origin} (the key file {path} belongs to origin '{lines[1]}', but Sunlight:Ledger:Origin is '{options.Origin}').");
        }

        return new LedgerKeys(NoteKey.FromSeed(options.Origin, Seed(lines[2], path)), previous);
    }

    private static byte[] Seed(string base64, string where)
    {
        try
        {
            var seed = Convert.FromBase64String(base64.Trim());
            return seed.Length == 32 ? seed : throw new CryptographicException();
        }
        catch (Exception e) when (e is FormatException or CryptographicException)
        {
            throw new InvalidOperationException($"{where}: 应为 32 字节 Ed25519 种子的 base64 (expected the base64 of a 32-byte Ed25519 seed).", e);
        }
    }

    public void Dispose() => Signer.Dispose();
}
