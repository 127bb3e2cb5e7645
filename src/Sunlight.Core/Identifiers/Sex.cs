namespace Sunlight.Core.Identifiers;

/// <summary>Sex recorded in a citizen ID number (顺序码 odd = male, even = female).</summary>
public enum Sex
{
    /// <summary>Even sequence code.</summary>
    Female = 0,

    /// <summary>Odd sequence code.</summary>
    Male = 1,
}
