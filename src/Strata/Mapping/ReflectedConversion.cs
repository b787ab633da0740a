using System.Linq.Expressions;
using System.Reflection;

namespace Strata.Mapping;

/// <summary>
/// The conversion of a type that wraps one value (<see cref="ValueWrapper"/>) through its property and constructor by reflection:
/// what is used where generic code cannot be made at run time (native AOT). Row mappers there read values boxed, so the typed
/// members of <see cref="ModelConversion"/> are never asked for.
/// </summary>
internal sealed class ReflectedConversion(Type model, ConstructorInfo constructor, PropertyInfo property) : ModelConversion
{
    public override Type ModelType => model;

    public override Type ProviderType => property.PropertyType;

    public override object? ToProvider(object model) => property.GetValue(model);

    public override object FromProvider(object provider)
    {
        try
        {
            return constructor.Invoke([provider]);
        }
        catch (TargetInvocationException e) when (e.InnerException is { } inner)
        {
            throw new InvalidOperationException($"the constructor {model.Name}({ProviderType.Name}) failed: {inner.Message}", inner);
        }
    }

    public override Expression Read(Expression reader, ColumnBinding binding, bool nullable) =>
        throw new NotSupportedException("Typed reads are compiled only where dynamic code is supported.");

    public override MethodInfo FromColumnMethod =>
        throw new NotSupportedException("Typed reads are compiled only where dynamic code is supported.");
}
