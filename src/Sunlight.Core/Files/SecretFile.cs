namespace Sunlight.Core.Files;

/// <summary>
/// A node secret kept outside the database in a file only its owner may read (mode 600): created on first start with
/// the text its creator gives, refused when others can read it. The ledger key and the pseudonym key.
/// </summary>
public static class SecretFile
{
    /// <summary>The file's lines, after creating it (owner read/write only) when it does not exist yet.</summary>
    /// <exception cref="InvalidOperationException">The file is readable or writable by others.</exception>
    public static string[] ReadOrCreate(string path, string what, Func<string> create)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(create);
        path = Path.GetFullPath(path);
        if (!File.Exists(path))
        {
            System.IO.Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }

            using var stream = new FileStream(path, options);
            using var writer = new StreamWriter(stream);
            writer.Write(create());
        }

        if (!OperatingSystem.IsWindows())
        {
            var mode = File.GetUnixFileMode(path);
            if ((mode & (UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.OtherRead | UnixFileMode.OtherWrite)) != 0)
            {
                throw new InvalidOperationException($"{what} {path} 可被其他用户读取，请执行 chmod 600 ({what} {path} is readable by others; run 'chmod 600 {path}').");
            }
        }

        return File.ReadAllLines(path);
    }
}
