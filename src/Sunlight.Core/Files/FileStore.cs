using System.Security.Cryptography;
using Microsoft.Extensions.Configuration;
using Sunlight.Core.Api;
using Sunlight.Core.Directory.Contracts;

namespace Sunlight.Core.Files;

/// <summary>A file as it arrives from a form, before it is checked.</summary>
public sealed record UploadedFile(string FileName, long Length, Func<Stream> Open);

/// <summary>A checked file, read into memory, with its SHA-256.</summary>
public sealed record CheckedFile(string FileName, string ContentType, byte[] Bytes, byte[] Hash);

/// <summary>
/// Uploaded files on disk, outside the database (<c>Sunlight:Files:Root</c>, formerly
/// <c>Sunlight:Services:AttachmentRoot</c>; default <c>./data/attachments</c>): applicants' attachments one folder per
/// case, departments' notice replies under <c>notices/</c>, each file named by its SHA-256. The database keeps the
/// name, type, size and hash, and the record that accepted the file carries the hash, so a file changed on disk is
/// caught by comparing it with the ledger.
/// </summary>
public sealed class FileStore
{
    public const long MaxFileBytes = 10 * 1024 * 1024;
    public const int MaxFiles = 10;
    public const long MaxTotalBytes = 30 * 1024 * 1024;

    /// <summary>Accepted types: extension → (content type, leading bytes that a file of that type starts with).</summary>
    private static readonly Dictionary<string, (string ContentType, byte[] Magic)> Types = new(StringComparer.OrdinalIgnoreCase)
    {
        [".pdf"] = ("application/pdf", "%PDF-"u8.ToArray()),
        [".jpg"] = ("image/jpeg", [0xFF, 0xD8, 0xFF]),
        [".jpeg"] = ("image/jpeg", [0xFF, 0xD8, 0xFF]),
        [".png"] = ("image/png", [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]),
        // OFD (GB/T 33190, China's fixed-layout format) and Office Open XML are ZIP containers.
        [".ofd"] = ("application/ofd", "PK\u0003\u0004"u8.ToArray()),
        [".docx"] = ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "PK\u0003\u0004"u8.ToArray()),
    };

    public static string AcceptedExtensions => string.Join(", ", Types.Keys);

    public FileStore(Microsoft.Extensions.Options.IOptions<FilesOptions> options, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(configuration);
        Root = Path.GetFullPath(options.Value.Root is { Length: > 0 } root ? root
            : configuration["Sunlight:Services:AttachmentRoot"] is { Length: > 0 } old ? old : "./data/attachments");
    }

    public string Root { get; }

    /// <summary>Checks every file (count, size, type by extension and by content) and reads them; nothing is written yet.</summary>
    public static async Task<IReadOnlyList<CheckedFile>> CheckAsync(IReadOnlyList<UploadedFile> files, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(files);
        var errors = new List<InputError>();
        if (files.Count > MaxFiles)
        {
            errors.Add(new("attachments", Bilingual.Say($"附件至多 {MaxFiles} 个，收到 {files.Count} 个", $"at most {MaxFiles} attachments")));
        }

        if (files.Sum(f => f.Length) > MaxTotalBytes)
        {
            errors.Add(new("attachments", Bilingual.Say($"附件合计不能超过 {MaxTotalBytes / 1024 / 1024} MB", $"attachments may not exceed {MaxTotalBytes / 1024 / 1024} MB in all")));
        }

        var read = new List<CheckedFile>();
        for (var i = 0; i < files.Count && errors.Count == 0; i++)
        {
            var f = files[i];
            var name = Path.GetFileName(f.FileName ?? "").Trim();
            var field = $"attachments[{i}]";
            if (name.Length is 0 or > 200)
            {
                errors.Add(new(field, Bilingual.Say("文件名为空或超过 200 个字符", "file name empty or longer than 200 characters")));
                continue;
            }

            if (Sunlight.Core.Api.TextInput.Problem(Bilingual.Say("文件名", "file name"), name) is { } badName)
            {
                errors.Add(new(field, badName));
                continue;
            }

            if (!Types.TryGetValue(Path.GetExtension(name), out var type))
            {
                errors.Add(new(field, Bilingual.Say($"{name}：不支持的文件类型，可用 {AcceptedExtensions}", $"{name}: type not accepted")));
                continue;
            }

            if (f.Length > MaxFileBytes || f.Length == 0)
            {
                errors.Add(new(field, f.Length == 0 ? Bilingual.Say($"{name}：文件为空", $"empty file") : Bilingual.Say($"{name}：超过 {MaxFileBytes / 1024 / 1024} MB", $"{name} is larger than {MaxFileBytes / 1024 / 1024} MB")));
                continue;
            }

            using var buffer = new MemoryStream();
            await using (var stream = f.Open())
            {
                await CopyLimitedAsync(stream, buffer, MaxFileBytes, ct).ConfigureAwait(false);
            }

            var bytes = buffer.ToArray();
            if (bytes.Length > MaxFileBytes || !bytes.AsSpan().StartsWith(type.Magic))
            {
                errors.Add(new(field, bytes.Length > MaxFileBytes
                    ? Bilingual.Say($"{name}：超过 {MaxFileBytes / 1024 / 1024} MB", $"{name} is too large")
                    : Bilingual.Say($"{name}：内容与扩展名不符（不是真正的 {Path.GetExtension(name)} 文件）", $"{name}: the content is not a {Path.GetExtension(name)} file")));
                continue;
            }

            read.Add(new CheckedFile(name, type.ContentType, bytes, SHA256.HashData(bytes)));
        }

        if (errors.Count > 0)
        {
            throw new InputException(Refusal.Invalid, Bilingual.Say("附件不符合要求", "attachments refused"), errors);
        }

        return read;
    }

    /// <summary>
    /// Writes a checked file under <paramref name="folder"/> (a case number, <c>notices/{number}</c>) and returns its
    /// stored name, <c>{folder}/{upload}-{sha256}{ext}</c>: the upload token keeps the files of two requests racing for
    /// one folder apart, so the loser can remove exactly its own.
    /// </summary>
    public async Task<string> WriteAsync(string folder, string upload, string fileName, byte[] bytes, byte[] hash, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(folder);
        var stored = $"{string.Join('/', folder.Split('/').Select(Safe))}/{upload}-{Convert.ToHexStringLower(hash)}{Path.GetExtension(fileName).ToLowerInvariant()}";
        var path = Path.GetFullPath(Path.Combine(Root, stored));
        if (!path.StartsWith(Root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            throw new ArgumentException($"folder {folder} leads outside the file store", nameof(folder));
        }

        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temp = path + ".part";
        try
        {
            await File.WriteAllBytesAsync(temp, bytes, ct).ConfigureAwait(false);
            File.Move(temp, path, overwrite: true);
        }
        catch
        {
            File.Delete(temp);
            throw;
        }

        return stored;
    }

    /// <summary>
    /// Reads a stored file, or null when it is missing; checks the hash so a changed file is never served as the
    /// original (an <see cref="InputException"/> of kind <see cref="Refusal.Altered"/> then: the server's files were altered, not the caller's input).
    /// </summary>
    public async Task<byte[]?> ReadAsync(string storedName, byte[] sha256, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(storedName);
        ArgumentNullException.ThrowIfNull(sha256);
        var path = Path.GetFullPath(Path.Combine(Root, storedName));
        if (!path.StartsWith(Root + Path.DirectorySeparatorChar, StringComparison.Ordinal) || !File.Exists(path))
        {
            return null;
        }

        var bytes = await File.ReadAllBytesAsync(path, ct).ConfigureAwait(false);
        return SHA256.HashData(bytes).AsSpan().SequenceEqual(sha256)
            ? bytes
            : throw new InputException(Refusal.Altered,
                Bilingual.Say($"附件 {storedName} 的内容与登记的哈希不符，可能已被改动；原件的哈希记录在账本中，请联系管理员恢复", $"attachment {storedName} no longer matches its recorded SHA-256; the original's hash is in the ledger: ask an administrator to restore the file."));
    }

    /// <summary>Removes files <see cref="WriteAsync"/> wrote for an application that was then not taken.</summary>
    public void Discard(IEnumerable<string> storedNames)
    {
        ArgumentNullException.ThrowIfNull(storedNames);
        foreach (var name in storedNames)
        {
            try
            {
                File.Delete(Path.Combine(Root, name));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Clean-up after a refused request: a file left behind is named by nothing and harms nothing.
            }
        }
    }

    private static string Safe(string part) => part is "" or "." or ".." ? "_" : part.Replace('\\', '_');

    private static async Task CopyLimitedAsync(Stream from, Stream to, long limit, CancellationToken ct)
    {
        var buffer = new byte[81920];
        int n;
        while ((n = await from.ReadAsync(buffer, ct).ConfigureAwait(false)) > 0)
        {
            await to.WriteAsync(buffer.AsMemory(0, n), ct).ConfigureAwait(false);
            if (to.Length > limit)
            {
                return;
            }
        }
    }
}
