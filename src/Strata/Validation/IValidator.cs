namespace Strata.Validation;

/// <summary>
/// Validates entities before a repository writes them, beside their DataAnnotations attributes. Adapt FluentValidation
/// (or anything else) by implementing it: return one <see cref="ValidationError"/> per failure, none when valid.
/// </summary>
/// <typeparam name="T">The entity type.</typeparam>
public interface IValidator<in T>
{
    /// <summary>The failures of <paramref name="entity"/>; empty when it is valid.</summary>
    /// <param name="entity">The entity about to be written.</param>
    /// <param name="cancellationToken">Cancels the validation.</param>
    ValueTask<IReadOnlyList<ValidationError>> ValidateAsync(T entity, CancellationToken cancellationToken);
}
