namespace Sunlight.Core.Directory.Contracts;

/// <summary>An organisation as the API and other modules see it.</summary>
public sealed record OrganisationDto(string Code, string Name, string Kind, string Region, string? Parent);

/// <summary>A member of staff as the API and other modules see them.</summary>
public sealed record StaffDto(string Code, string Name, IReadOnlyList<string> Roles);

/// <summary>A region with its level and parent.</summary>
public sealed record RegionDto(string Code, string Name, string Level, string? Parent);

/// <summary>Body of a create or update request for an organisation.</summary>
public sealed record OrganisationInput(string? Code, string? Name, string? Kind, string? Region, string? Parent);

/// <summary>Body of a create or update request for a member of staff.</summary>
public sealed record StaffInput(string? Code, string? Name, IReadOnlyList<string>? Roles, string? Title);

/// <summary>One problem found in input, pointing at the field (and for files, the sheet, row and column).</summary>
public sealed record InputError(string Field, string Message, string? Sheet = null, int? Row = null, string? Column = null);

/// <summary>Outcome of an Excel import: all rows applied, or none and every error listed.</summary>
public sealed record ImportResult(bool Applied, int Organisations, int Staff, IReadOnlyList<InputError> Errors);
