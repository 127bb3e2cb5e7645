using System.Globalization;
using Microsoft.Extensions.Localization;

namespace Sunlight.Services.Pages;

/// <summary>Amounts in yuan as the reader's language writes them (12.50 元 / 12.50 yuan), alone or as a range.</summary>
internal static class Money
{
    public static string Yuan(IStringLocalizer s, decimal amount, string format) =>
        string.Format(CultureInfo.CurrentCulture, s["Money_Yuan"], amount.ToString(format, CultureInfo.InvariantCulture));

    public static string Range(IStringLocalizer s, decimal min, decimal max, string format) => min == max
        ? Yuan(s, min, format)
        : string.Format(CultureInfo.CurrentCulture, s["Money_YuanRange"], min.ToString(format, CultureInfo.InvariantCulture), max.ToString(format, CultureInfo.InvariantCulture));
}
