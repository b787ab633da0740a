namespace Strata.Validation;

/// <summary>Whether a repository validates entities before writing them.</summary>
public enum ValidationStrategy
{
    /// <summary>Validate with DataAnnotations and the repository's validator; a failure is a <see cref="ValidationException"/>.</summary>
    Strict,

    /// <summary>Write without validating (the database's constraints still apply).</summary>
    None,
}
