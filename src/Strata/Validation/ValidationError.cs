namespace Strata.Validation;

/// <summary>One validation failure.</summary>
/// <param name="Field">The member that failed, or null for the entity as a whole.</param>
/// <param name="Message">What is wrong.</param>
public sealed record ValidationError(string? Field, string Message);
