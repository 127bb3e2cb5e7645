using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace Sunlight.Testing;

/// <summary>Reads .resx files and the keys pages use, for the localisation tests of the host and every module.</summary>
public static partial class ResourceFiles
{
    /// <summary>The keys of one .resx file.</summary>
    public static HashSet<string> Keys(string file) =>
        XDocument.Load(file).Root!.Elements("data").Select(d => (string)d.Attribute("name")!).ToHashSet();

    /// <summary>Keys a folder's pages use through their localizer variable (<c>@inject IStringLocalizer&lt;T&gt; X</c>).</summary>
    public static HashSet<string> Used(string folder, string resource)
    {
        var files = Directory.GetFiles(folder, "*.razor", SearchOption.AllDirectories);
        var variable = files.Select(f => Regex.Match(File.ReadAllText(f), $@"@inject IStringLocalizer<{resource}> (\w+)"))
            .FirstOrDefault(m => m.Success)?.Groups[1].Value;
        return variable is null ? [] : files
            .SelectMany(f => Regex.Matches(File.ReadAllText(f), Regex.Escape(variable) + "\\[\"([A-Za-z0-9_-]+)\"\\]").Select(m => m.Groups[1].Value))
            .ToHashSet();
    }
}
