namespace Sunlight.Core.Identifiers;

/// <summary>
/// The outcome of checking an identifier. Each error and warning is one sentence in Chinese followed by
/// its English translation in parentheses, naming the position and the expected and actual characters.
/// </summary>
/// <param name="Valid">True when there are no errors (there may be warnings).</param>
/// <param name="Errors">Why the value is rejected; empty when <paramref name="Valid"/>.</param>
/// <param name="Warnings">What a person should double-check, or what was changed during normalisation.</param>
/// <param name="Normalized">The canonical form to store (trimmed, upper case, 18 characters) when valid; otherwise null.</param>
public sealed record IdentifierCheck(bool Valid, IReadOnlyList<string> Errors, IReadOnlyList<string> Warnings, string? Normalized)
{
    internal static IdentifierCheck From(List<string> errors, List<string> warnings, string normalized) =>
        errors.Count == 0
            ? new IdentifierCheck(true, [], warnings.AsReadOnly(), normalized)
            : new IdentifierCheck(false, errors.AsReadOnly(), warnings.AsReadOnly(), null);
}
