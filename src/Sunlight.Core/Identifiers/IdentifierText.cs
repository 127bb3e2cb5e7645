using System.Globalization;

namespace Sunlight.Core.Identifiers;

/// <summary>Wording shared by the identifier checks.</summary>
internal static class IdentifierText
{
    /// <summary>A character as a person can read it in a message: visible characters as themselves, others as U+XXXX.</summary>
    public static string Show(char c) =>
        char.IsWhiteSpace(c) || char.IsControl(c) || char.IsSurrogate(c)
            ? string.Create(CultureInfo.InvariantCulture, $"U+{(int)c:X4}")
            : $"\"{c}\"";

    public static string Positions(int first, int last) =>
        string.Create(CultureInfo.InvariantCulture, $"{first}–{last}");
}
