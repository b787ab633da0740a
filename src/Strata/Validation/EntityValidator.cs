using System.Collections.Concurrent;
using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace Strata.Validation;

/// <summary>Runs DataAnnotations and an optional <see cref="IValidator{T}"/> over an entity, throwing one exception that lists every failure.</summary>
internal static class EntityValidator
{
    // Whether DataAnnotations could find anything to check on a type; most entities have no attribute at all, and asking the
    // validator costs a context, its dictionary and an attribute scan per property on every write.
    private static readonly ConcurrentDictionary<Type, bool> Annotated = new();

    public static async ValueTask ValidateAsync<T>(T entity, ValidationStrategy strategy, IValidator<T>? validator, CancellationToken cancellationToken)
    {
        if (strategy == ValidationStrategy.None) return;
        ArgumentNullException.ThrowIfNull(entity);
        if (validator is null && !Annotated.GetOrAdd(entity.GetType(), HasAnnotations)) return;
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

    /// <summary>
    /// True when <see cref="Validator"/> would check something on instances of <paramref name="type"/>: a validation attribute
    /// on the type or a property, read as the validator reads them (through <see cref="TypeDescriptor"/>, so attributes added
    /// by a registered provider count), or
    /// <see cref="IValidatableObject"/> or a custom type descriptor, whose checks are only known per instance.
    /// </summary>
    private static bool HasAnnotations(Type type)
    {
        if (typeof(IValidatableObject).IsAssignableFrom(type) || typeof(ICustomTypeDescriptor).IsAssignableFrom(type)) return true;
        if (TypeDescriptor.GetAttributes(type).OfType<ValidationAttribute>().Any()) return true;
        foreach (PropertyDescriptor property in TypeDescriptor.GetProperties(type))
        {
            if (property.Attributes.OfType<ValidationAttribute>().Any()) return true;
        }
        return false;
    }
}
