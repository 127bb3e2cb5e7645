using MudBlazor;

namespace Sunlight.Server.Components.Layout;

/// <summary>The palette: 中国红 primary on a light page; fonts that carry Chinese well.</summary>
internal static class SunlightTheme
{
    public static MudTheme Theme { get; } = new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#B71C1C",
            Secondary = "#C49A3A",
            AppbarBackground = "#B71C1C",
            Background = "#F7F5F2",
        },
        Typography = new Typography
        {
            Default = new DefaultTypography
            {
                FontFamily = ["Noto Sans CJK SC", "Noto Sans SC", "PingFang SC", "Microsoft YaHei", "sans-serif"],
            },
        },
    };
}
