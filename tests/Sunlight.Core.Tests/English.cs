using System.Globalization;

namespace Sunlight.Core.Tests;

/// <summary>Runs the enclosed code as an English reader would see it (messages pick their language by UI culture); restores the culture after.</summary>
internal sealed class English : IDisposable
{
    private readonly CultureInfo _previous = CultureInfo.CurrentUICulture;

    public English() => CultureInfo.CurrentUICulture = new CultureInfo("en");

    public void Dispose() => CultureInfo.CurrentUICulture = _previous;
}
