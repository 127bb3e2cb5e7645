using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.Extensions.Localization;
using Sunlight.Core.Accounts;
using Sunlight.Services.Contracts;

namespace Sunlight.Services.Catalogue;

/// <summary>
/// 流程图 — a vertical SVG flowchart generated from an item's steps: 申请 → each step (name, role, limit) → 办结,
/// with the committed and statutory limits at the foot. Text is measured for CJK (a full-width character counts
/// twice a Latin one) so labels never spill out of their boxes.
/// </summary>
internal static class Flowchart
{
    private const int Width = 420;
    private const int BoxWidth = 300;
    private const int BoxHeight = 56;
    private const int Gap = 28;
    private const int FontSize = 15;

    /// <summary>The item's flowchart with its words (the terminals, roles, limits) in the reader's language from <paramref name="words"/>.</summary>
    public static string Svg(ItemDto item, IStringLocalizer words)
    {
        ArgumentNullException.ThrowIfNull(item);
        ArgumentNullException.ThrowIfNull(words);
        string Say(string key, params object[] args) => string.Format(CultureInfo.CurrentCulture, words[key], args);
        var nodes = new List<(string Title, string? Detail, bool Terminal)> { (Say("Flow_Apply"), null, true) };
        nodes.AddRange(item.Steps.Select(s => (s.Name, (string?)Say("Flow_StepDetail", SunlightRoles.Name(s.Role).ToString(), s.Limit), false)));
        nodes.Add((Say("Flow_Concluded"), null, true));

        var height = 20 + (nodes.Count * (BoxHeight + Gap)) + 50;
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {Width} {height}\" width=\"{Width}\" height=\"{height}\" role=\"img\" aria-label=\"{Escape(Say("Flow_Label", item.Name))}\" font-family=\"Noto Sans CJK SC, Noto Sans SC, PingFang SC, Microsoft YaHei, sans-serif\">");
        svg.Append("<defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"5\" refY=\"5\" markerWidth=\"8\" markerHeight=\"8\" orient=\"auto-start-reverse\"><path d=\"M0,0 L10,5 L0,10 z\" fill=\"#555\"/></marker></defs>");
        var x = (Width - BoxWidth) / 2;
        for (var i = 0; i < nodes.Count; i++)
        {
            var (title, detail, terminal) = nodes[i];
            var y = 20 + (i * (BoxHeight + Gap));
            var rx = terminal ? BoxHeight / 2 : 8;
            var fill = terminal ? "#fdecea" : "#ffffff";
            svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{x}\" y=\"{y}\" width=\"{BoxWidth}\" height=\"{BoxHeight}\" rx=\"{rx}\" fill=\"{fill}\" stroke=\"#B71C1C\" stroke-width=\"1.5\"/>");
            var titleSize = Fit(title, FontSize);
            var titleY = detail is null ? y + (BoxHeight / 2) + 5 : y + 22;
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Width / 2}\" y=\"{titleY}\" text-anchor=\"middle\" font-size=\"{titleSize}\" font-weight=\"600\" fill=\"#222\">{Escape(title)}</text>");
            if (detail is not null)
            {
                svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Width / 2}\" y=\"{y + 42}\" text-anchor=\"middle\" font-size=\"{Fit(detail, 12)}\" fill=\"#555\">{Escape(detail)}</text>");
            }

            if (i < nodes.Count - 1)
            {
                svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{Width / 2}\" y1=\"{y + BoxHeight}\" x2=\"{Width / 2}\" y2=\"{y + BoxHeight + Gap - 4}\" stroke=\"#555\" stroke-width=\"1.5\" marker-end=\"url(#arrow)\"/>");
            }
        }

        var foot = Say("Flow_Foot", item.CommittedLimit, item.StatutoryLimit);
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Width / 2}\" y=\"{height - 18}\" text-anchor=\"middle\" font-size=\"13\" fill=\"#B71C1C\">{Escape(foot)}</text>");
        svg.Append("</svg>");
        return svg.ToString();
    }

    /// <summary>A font size at which <paramref name="text"/> fits the box (full-width characters count double).</summary>
    internal static int Fit(string text, int preferred)
    {
        var units = text.Sum(c => c > 0x2E80 ? 2 : 1);
        var available = BoxWidth - 20;
        var size = preferred;
        while (size > 9 && units * size / 2 > available)
        {
            size--;
        }

        return size;
    }

    private static string Escape(string text) => WebUtility.HtmlEncode(text);
}
