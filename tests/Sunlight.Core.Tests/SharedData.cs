namespace Sunlight.Core.Tests;

/// <summary>
/// Locates the public reference data kept beside the checkout (the repository at X/main, the data at
/// X/shared/data). Tests that need it must skip, saying so, when it is absent.
/// </summary>
internal static class SharedData
{
    /// <summary>The full path of <c>shared/data/<paramref name="relativePath"/></c>, or null when no ancestor folder of the test binaries has it.</summary>
    public static string? Find(string relativePath)
    {
        for (var folder = new System.IO.DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            var candidate = Path.Combine(folder.FullName, "shared", "data", relativePath);
            if (System.IO.Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }
}
