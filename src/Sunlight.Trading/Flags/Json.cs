using System.Text.Json;
using Sunlight.Core.Calendar;

namespace Sunlight.Trading.Flags;

/// <summary>
/// Reading a release as cardinal-rs does (trading-flags.md "Common definitions"): a value must have the expected JSON
/// type to be used — a number given as a string is absent; statuses compare case-sensitively.
/// </summary>
internal static class Json
{
    public static JsonElement Obj(JsonElement x, string key) =>
        x.ValueKind == JsonValueKind.Object && x.TryGetProperty(key, out var v) && v.ValueKind == JsonValueKind.Object ? v : default;

    public static JsonElement Arr(JsonElement x, string key) =>
        x.ValueKind == JsonValueKind.Object && x.TryGetProperty(key, out var v) && v.ValueKind == JsonValueKind.Array ? v : default;

    public static bool Has(this JsonElement x) => x.ValueKind != JsonValueKind.Undefined;

    public static string? Str(JsonElement x, string key) =>
        x.ValueKind == JsonValueKind.Object && x.TryGetProperty(key, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    /// <summary>The elements of an array (none when absent).</summary>
    public static JsonElement.ArrayEnumerator Items(JsonElement array) =>
        array.ValueKind == JsonValueKind.Array ? array.EnumerateArray() : default;

    public static int Count(JsonElement array) => array.ValueKind == JsonValueKind.Array ? array.GetArrayLength() : 0;

    /// <summary>A number as f64 (the literal's correctly rounded value); absent when not a number or not finite.</summary>
    public static double? F64(JsonElement x, string key) =>
        x.ValueKind == JsonValueKind.Object && x.TryGetProperty(key, out var v) && v.ValueKind == JsonValueKind.Number
        && v.TryGetDouble(out var d) && double.IsFinite(d) ? d : null;

    /// <summary>A value object's amount in fen, exactly (absent when not a number or not a whole number of fen).</summary>
    public static long? Fen(JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.Object || !value.TryGetProperty("amount", out var a) || a.ValueKind != JsonValueKind.Number || !a.TryGetDecimal(out var yuan))
        {
            return null;
        }

        var fen = yuan * 100;
        return fen == decimal.Truncate(fen) && Math.Abs(fen) < 9e18m ? (long)fen : null;
    }

    /// <summary>A value object's amount in yuan as an exact decimal.</summary>
    public static decimal? Decimal(JsonElement value) =>
        value.ValueKind == JsonValueKind.Object && value.TryGetProperty("amount", out var a) && a.ValueKind == JsonValueKind.Number && a.TryGetDecimal(out var d) ? d : null;

    /// <summary>An instant (RFC 3339 with offset).</summary>
    public static DateTimeOffset? Instant(JsonElement x, string key) => Ocds.OcdsCheck.Instant(Str(x, key));

    /// <summary>The Asia/Shanghai day of an instant.</summary>
    public static DateOnly Day(DateTimeOffset at) => ChinaTime.Day(at);

    /// <summary>Natural days between two instants' Asia/Shanghai dates, the first not counted (民法典 §201).</summary>
    public static int Days(DateTimeOffset from, DateTimeOffset to) => Day(to).DayNumber - Day(from).DayNumber;

    /// <summary>The string ids of the objects of an array (<c>tenderers</c>, <c>suppliers</c>).</summary>
    public static List<string> Ids(JsonElement array)
    {
        var ids = new List<string>();
        foreach (var x in Items(array))
        {
            if (Str(x, "id") is { } id)
            {
                ids.Add(id);
            }
        }

        return ids;
    }

    /// <summary>A bid's or award's lot: its first related lot, or "" for the whole tender.</summary>
    public static string Lot(JsonElement x)
    {
        var lots = Arr(x, "relatedLots");
        if (lots.ValueKind == JsonValueKind.Array && lots.GetArrayLength() > 0)
        {
            var first = lots[0];
            return first.ValueKind == JsonValueKind.String ? first.GetString()! : first.GetRawText();
        }

        return "";
    }
}
