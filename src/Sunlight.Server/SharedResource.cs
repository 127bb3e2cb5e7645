namespace Sunlight.Server;

/// <summary>Marker for the UI strings in Resources/SharedResource(.en).resx; Chinese is the neutral culture.</summary>
#pragma warning disable CA1812 // Used as the type argument of IStringLocalizer<T>.
internal sealed class SharedResource;
#pragma warning restore CA1812
