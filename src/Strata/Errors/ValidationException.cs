using Strata.Validation;

namespace Strata;

/// <summary>
/// An entity failed validation before any SQL was sent: <see cref="Errors"/> lists each field and message (from
/// DataAnnotations attributes and the repository's <see cref="IValidator{T}"/>).
/// </summary>
public sealed class ValidationException : DatabaseException
{
    /// <summary>Creates the exception for <paramref name="errors"/>.</summary>
    /// <param name="entity">The entity type's name.</param>
    /// <param name="errors">The failures.</param>
    public ValidationException(string entity, IReadOnlyList<ValidationError> errors)
        : base($"{entity} is not valid: {string.Join("; ", errors.Select(e => e.Field is null ? e.Message : $"{e.Field}: {e.Message}"))}.",
            new DatabaseErrorDetails("validation"), null)
    {
        Errors = errors;
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What failed.</param>
    public ValidationException(string message) : base(message, new DatabaseErrorDetails("validation"), null) => Errors = [];

    /// <summary>Creates the exception with a message and a cause.</summary>
    /// <param name="message">What failed.</param>
    /// <param name="innerException">The cause.</param>
    public ValidationException(string message, Exception? innerException) : base(message, new DatabaseErrorDetails("validation"), innerException) => Errors = [];

    /// <summary>Creates the exception with a default message.</summary>
    public ValidationException() : this("The entity is not valid.") { }

    /// <summary>Each failure: the field (null for the whole entity) and its message.</summary>
    public IReadOnlyList<ValidationError> Errors { get; }
}
