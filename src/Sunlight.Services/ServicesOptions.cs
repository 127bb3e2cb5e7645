namespace Sunlight.Services;

/// <summary>The services module's settings (<c>Sunlight:Services</c>).</summary>
internal sealed class ServicesOptions
{
    /// <summary>Seed the demo year of cases (with planted misconduct) when the demo city is seeded; <c>Sunlight:Demo:Year</c> is its old name.</summary>
    public bool? Demo { get; set; }
}
