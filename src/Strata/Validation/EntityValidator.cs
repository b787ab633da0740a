using System.Collections.Concurrent;
using System.ComponentModel.DataAnnotations;
using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using Strata.Mapping;

namespace Strata.Validation;

/// <summary>
/// Runs DataAnnotations and an optional <see cref="IValidator{T}"/> over an entity, throwing one exception that lists every failure.
/// The annotations are checked as <see cref="Validator.TryValidateObject(object, ValidationContext, ICollection{ValidationResult}, bool)"/>
/// checks them with every property: each public property's attributes (<see cref="RequiredAttribute"/> first, and nothing else on a
/// property that fails it), then, when those pass, the type's own attributes, then <see cref="IValidatableObject"/>. The attributes are
/// read from the entity type's properties directly rather than through <c>TypeDescriptor</c>, so validation works in trimmed and
/// native AOT applications; attributes added at run time by a type-description provider are not seen.
/// </summary>
internal static class EntityValidator
{
    // The checks of a type, found once: most entities have no attribute at all, and then a write pays nothing.
    private static readonly ConcurrentDictionary<Type, TypeChecks> Checks = new();

    public static async ValueTask ValidateAsync<[DynamicallyAccessedMembers(MappedMembers.Types)] T>(T entity, ValidationStrategy strategy, IValidator<T>? validator,
        CancellationToken cancellationToken)
    {
        if (strategy == ValidationStrategy.None) return;
        ArgumentNullException.ThrowIfNull(entity);
        var runtimeType = entity.GetType();
        var checks = runtimeType == typeof(T) ? Checks.GetOrAdd(typeof(T), static _ => TypeChecks.Of(typeof(T))) : Checks.GetOrAdd(runtimeType, OfSubclass);
        if (validator is null && checks.IsEmpty && entity is not IValidatableObject) return;
        var results = new List<ValidationResult>();
        checks.Validate(entity, results);
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

    /// <summary>The checks of a subclass of the mapped type, passed at run time: its own annotated properties are checked too.</summary>
    [UnconditionalSuppressMessage("Trimming", "IL2067", Justification = "A subclass known only at run time: untrimmed, all its properties are there; " +
        "trimmed, the properties its own code uses are kept with their attributes, and the mapped type's are kept by its annotation.")]
    private static TypeChecks OfSubclass(Type type) => TypeChecks.Of(type);

    private sealed class TypeChecks(ValidationAttribute[] typeAttributes, (PropertyInfo Property, string DisplayName, ValidationAttribute[] Attributes)[] properties)
    {
        public bool IsEmpty => typeAttributes.Length == 0 && properties.Length == 0;

        public static TypeChecks Of([DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicProperties)] Type type)
        {
            var members = new List<(PropertyInfo, string, ValidationAttribute[])>();
            foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
            {
                if (property.GetIndexParameters().Length > 0 || property.GetMethod is not { IsPublic: true }) continue;
                // Required first, as the validator checks it: a property that fails it is not checked further.
                var attributes = property.GetCustomAttributes<ValidationAttribute>(inherit: true).OrderBy(a => a is RequiredAttribute ? 0 : 1).ToArray();
                if (attributes.Length == 0) continue;
                var display = property.GetCustomAttribute<DisplayAttribute>()?.GetName() ?? property.Name;
                members.Add((property, display, attributes));
            }
            return new TypeChecks([.. type.GetCustomAttributes<ValidationAttribute>(inherit: true)], [.. members]);
        }

        public void Validate(object entity, List<ValidationResult> results)
        {
            foreach (var (property, display, attributes) in properties)
            {
                var value = property.GetValue(entity);
                var context = new ValidationContext(entity, display, null, null) { MemberName = property.Name };
                foreach (var attribute in attributes)
                {
                    if (attribute.GetValidationResult(value, context) is not { } failure) continue;
                    results.Add(failure);
                    if (attribute is RequiredAttribute) break;
                }
            }
            if (results.Count > 0) return;
            var typeContext = new ValidationContext(entity, entity.GetType().Name, null, null);
            foreach (var attribute in typeAttributes)
            {
                if (attribute.GetValidationResult(entity, typeContext) is { } failure) results.Add(failure);
            }
            if (results.Count > 0 || entity is not IValidatableObject validatable) return;
            foreach (var result in validatable.Validate(typeContext))
            {
                if (result != ValidationResult.Success) results.Add(result);
            }
        }
    }
}
