using System.Globalization;
using System.Text.Json.Nodes;
using Sunlight.Core.Api;

namespace Sunlight.Trading.Pages;

/// <summary>What the trading pages share: reading a local time field, listing a refusal's errors, showing money.</summary>
internal static class TradingPage
{
    /// <summary>A <c>datetime-local</c> field's value as an instant in Asia/Shanghai (the centre's clock); null when empty or unreadable.</summary>
    public static DateTimeOffset? Local(string? value) =>
        DateTime.TryParseExact(value, ["yyyy-MM-ddTHH:mm", "yyyy-MM-ddTHH:mm:ss"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var local)
            ? new DateTimeOffset(local, TimeSpan.FromHours(8))
            : null;

    /// <summary>The field value of an instant, in Asia/Shanghai.</summary>
    public static string Field(DateTimeOffset at) => at.ToOffset(TimeSpan.FromHours(8)).ToString("yyyy-MM-ddTHH:mm", CultureInfo.InvariantCulture);

    /// <summary>Every error of a refusal, one line each (the message alone when it names no field).</summary>
    public static IReadOnlyList<string> Errors(InputException e) =>
        e.Errors.Count > 0 ? [.. e.Errors.Select(x => x.Message)] : [e.Message];

    /// <summary>An OCDS value in yuan with thousands separators (the column says 元), or a dash.</summary>
    public static string Money(JsonNode? value) =>
        value?["amount"] is JsonValue amount && amount.TryGetValue<decimal>(out var yuan)
            ? yuan.ToString("#,##0.00", CultureInfo.InvariantCulture)
            : "—";

    /// <summary>A <c>procurementMethodDetails</c> in the page's language (the value itself when it is none of Sunlight's).</summary>
    public static string Method(Microsoft.Extensions.Localization.IStringLocalizer strings, string? details)
    {
        ArgumentNullException.ThrowIfNull(strings);
        if (string.IsNullOrEmpty(details))
        {
            return "";
        }

        var name = strings["Method_" + details];
        return name.ResourceNotFound ? details : name.Value;
    }

    /// <summary>An RFC 3339 instant of a release as Asia/Shanghai local time, or a dash.</summary>
    public static string When(JsonNode? value) =>
        Ocds.OcdsCheck.Instant(value?.ToString()) is { } at ? Sunlight.Core.Calendar.ChinaTime.Local(at) : "—";
}
