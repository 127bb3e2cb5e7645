using System.Collections;
using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Sunlight.Core.Api;

/// <summary>
/// What Sunlight accepts as text, wherever it comes from (a JSON body, a form, an intake line, a workbook cell): no
/// control characters but tab and line breaks, no bidirectional overrides, embeddings or isolates (they make a name
/// read differently from what is stored), no lone surrogates, and at most a field's length. Refused, never cleaned
/// up silently: the ledger keeps what was sent, so what was sent must be what a person reads. ADR 0011.
/// </summary>
public static class TextInput
{
    /// <summary>The limit of a text field that names none: a few pages of Chinese, far under the ledger's 1 MiB record.</summary>
    public const int DefaultMaxLength = 4_000;

    /// <summary>The limit of a list in a JSON body that names none.</summary>
    public const int DefaultMaxItems = 1_000;

    /// <summary>Why <paramref name="value"/> is not acceptable text for <paramref name="field"/>, or null when it is.</summary>
    public static string? Problem(string field, string? value, int maxLength = DefaultMaxLength)
    {
        if (value is null)
        {
            return null;
        }

        if (value.Length > maxLength)
        {
            return Bilingual.Say($"{field} 超过 {maxLength} 个字符（现有 {value.Length}）", $"{field} is longer than {maxLength} characters: {value.Length}");
        }

        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                i++;
                continue;
            }

            var what = c switch
            {
                '\t' or '\n' or '\r' => null,
                _ when char.IsSurrogate(c) => Bilingual.Say("孤立的代理项", "a lone surrogate"),
                _ when char.IsControl(c) => Bilingual.Say("控制字符", "a control character"),
                >= '\u202A' and <= '\u202E' or >= '\u2066' and <= '\u2069' => Bilingual.Say("双向文字控制符", "a bidirectional override"),
                '\uFFFE' or '\uFFFF' => Bilingual.Say("非字符", "a noncharacter"),
                _ => null,
            };
            if (what is not null)
            {
                return Bilingual.Say($"{field} 第 {i + 1} 个字符是{what} U+{(int)c:X4}，请删去", $"{field} holds {what} U+{(int)c:X4} at character {i + 1}; remove it");
            }
        }

        return null;
    }

    /// <summary>Adds the <see cref="Problem"/> with <paramref name="value"/> to <paramref name="errors"/>, under <paramref name="field"/>.</summary>
    public static void Check(List<Sunlight.Core.Directory.Contracts.InputError> errors, string field, string? value, int maxLength = DefaultMaxLength)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (Problem(field, value, maxLength) is { } problem)
        {
            errors.Add(new(field, problem));
        }
    }

    /// <summary>
    /// <paramref name="text"/> as a log may keep what it did not choose (an uploaded file's name): every character
    /// <see cref="Problem"/> would refuse shown as '?', clipped to <paramref name="maxLength"/>.
    /// </summary>
    public static string Visible(string? text, int maxLength)
    {
        var chars = (text ?? "").ToCharArray();
        for (var i = 0; i < chars.Length; i++)
        {
            if (char.IsHighSurrogate(chars[i]) && i + 1 < chars.Length && char.IsLowSurrogate(chars[i + 1]))
            {
                i++;
            }
            else if (Problem("", chars[i].ToString(), 1) is not null)
            {
                chars[i] = '?';
            }
        }

        var length = Math.Min(chars.Length, maxLength);
        return new string(chars, 0, length > 0 && length < chars.Length && char.IsHighSurrogate(chars[length - 1]) ? length - 1 : length);
    }

    /// <summary>
    /// Adds the check to JSON deserialization: after an object is read, each of its text properties (and each text in
    /// its lists) is checked with <see cref="Problem"/> against its <see cref="MaxLengthAttribute"/> or the default,
    /// lists are held to their <see cref="MaxLengthAttribute"/> or <see cref="DefaultMaxItems"/>, and a null in a list
    /// is refused. A failure is a <see cref="RefusedTextException"/> naming the field, which the host answers with 400.
    /// </summary>
    public static void Check(JsonTypeInfo info)
    {
        ArgumentNullException.ThrowIfNull(info);
        if (info.Kind != JsonTypeInfoKind.Object || info.Type.Assembly == typeof(object).Assembly)
        {
            return;
        }

        var checks = new List<Action<object>>();
        foreach (var property in info.Properties)
        {
            if (property.Get is not { } get)
            {
                continue;
            }

            var name = property.Name;
            var max = Limit(info.Type, property);
            if (property.PropertyType == typeof(string))
            {
                checks.Add(o =>
                {
                    if (Problem(name, (string?)get(o), max ?? DefaultMaxLength) is { } problem)
                    {
                        throw new RefusedTextException(problem) { Field = name };
                    }
                });
            }
            else if (property.PropertyType != typeof(string) && typeof(IEnumerable).IsAssignableFrom(property.PropertyType) && !typeof(IDictionary).IsAssignableFrom(property.PropertyType))
            {
                checks.Add(o =>
                {
                    if (get(o) is not IEnumerable list)
                    {
                        return;
                    }

                    var i = 0;
                    foreach (var item in list)
                    {
                        if (++i > (max ?? DefaultMaxItems))
                        {
                            throw new RefusedTextException(Bilingual.Say($"{name} 超过 {max ?? DefaultMaxItems} 项", $"{name} has more than {max ?? DefaultMaxItems} entries")) { Field = name };
                        }

                        var at = $"{name}[{(i - 1).ToString(CultureInfo.InvariantCulture)}]";
                        if (item is null)
                        {
                            throw new RefusedTextException(Bilingual.Say($"{at} 为空（null），请删去或填写", $"{at} is null; remove it or fill it in")) { Field = at };
                        }

                        if (item is string text && Problem(at, text) is { } problem)
                        {
                            throw new RefusedTextException(problem) { Field = at };
                        }
                    }
                });
            }
        }

        if (checks.Count == 0)
        {
            return;
        }

        var previous = info.OnDeserialized;
        info.OnDeserialized = o =>
        {
            previous?.Invoke(o);
            foreach (var check in checks)
            {
                check(o);
            }
        };
    }

    /// <summary>A property's [MaxLength], on the property or on the record's constructor parameter of the same name.</summary>
    private static int? Limit(Type type, JsonPropertyInfo property)
    {
        var member = property.AttributeProvider as MemberInfo;
        if (member?.GetCustomAttribute<MaxLengthAttribute>() is { } onMember)
        {
            return onMember.Length;
        }

        var parameter = type.GetConstructors().SelectMany(c => c.GetParameters())
            .FirstOrDefault(p => string.Equals(p.Name, member?.Name, StringComparison.OrdinalIgnoreCase));
        return parameter?.GetCustomAttribute<MaxLengthAttribute>()?.Length;
    }
}

/// <summary>A JSON body refused by <see cref="TextInput"/>: its message is the sentence to show.</summary>
public sealed class RefusedTextException : JsonException
{
    public RefusedTextException()
    {
    }

    public RefusedTextException(string message)
        : base(message)
    {
    }

    public RefusedTextException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The field at fault, as the JSON names it (<c>summary</c>, <c>feeds[0]</c>).</summary>
    public string? Field { get; init; }
}
