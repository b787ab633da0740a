using System.ComponentModel.DataAnnotations;

namespace Strata.Validation;

/// <summary>Runs DataAnnotations and an optional <see cref="IValidator{T}"/> over an entity, throwing one exception that lists every failure.</summary>
internal static class EntityValidator
{
    public static async ValueTask ValidateAsync<T>(T entity, ValidationStrategy strategy, IValidator<T>? validator, CancellationToken cancellationToken)
    {
        if (strategy == ValidationStrategy.None) return;
        ArgumentNullException.ThrowIfNull(entity);
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(entity, new ValidationContext(entity), results, validateAllProperties: true);
        var errors = new List<ValidationError>();
        foreach (var result in results)
        {
            var members = result.MemberNames.ToList();
            if (members.Count == 0) errors.Add(new ValidationError(null, result.ErrorMessage ?? "is not valid"));
            foreach (var member in members) errors.Add(new ValidationError(member, result.ErrorMessage ?? "is not valid"));
        }
        if (validator is not null) errors.AddRange(await validator.ValidateAsync(entity, cancellationToken).ConfigureAwait(false));
        if (errors.Count > 0) throw new ValidationException(typeof(T).Name, errors);
    }
}
