namespace Sunlight.Trading;

/// <summary>Marker for the module's UI strings in Resources/TradingResource(.en).resx; Chinese is the neutral culture.</summary>
internal sealed class TradingResource;
