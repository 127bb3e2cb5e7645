namespace Sunlight.Services;

/// <summary>Marker for the module's UI strings in Resources/ServicesResource(.en).resx; Chinese is the neutral culture.</summary>
internal sealed class ServicesResource;
