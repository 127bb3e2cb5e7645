namespace Sunlight.Core.Supervision;

/// <summary>Marker for 电子监察's UI strings in SupervisionResource(.en).resx beside it; Chinese is the neutral culture.</summary>
public sealed class SupervisionResource;
