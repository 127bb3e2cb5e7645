namespace Sunlight.Core.Identifiers;

/// <summary>What a valid citizen ID number (公民身份号码) says about its holder.</summary>
/// <param name="Number">The normalised 18-character number (a 15-digit number is upgraded).</param>
/// <param name="RegionCode">Positions 1–6, the address code (GB/T 2260 county code at the time of issue).</param>
/// <param name="BirthDate">Positions 7–14.</param>
/// <param name="Sex">From the parity of position 17.</param>
public sealed record CitizenIdInfo(string Number, string RegionCode, DateOnly BirthDate, Sex Sex);
