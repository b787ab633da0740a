using System.Data.Common;
using System.Diagnostics.CodeAnalysis;
using System.Linq.Expressions;
using System.Reflection;

namespace Strata.Mapping;

/// <summary>
/// How one model type travels as a type the database stores: a registered <see cref="ValueConverter{TModel, TProvider}"/>, or the
/// property and constructor of a type that wraps one value (<see cref="ValueWrapper"/>). Immutable and thread-safe.
/// </summary>
internal abstract class ModelConversion
{
    /// <summary>The model type (never nullable).</summary>
    public abstract Type ModelType { get; }

    /// <summary>The type the database stores.</summary>
    public abstract Type ProviderType { get; }

    /// <summary>The stored value of a boxed model value, or null.</summary>
    public abstract object? ToProvider(object model);

    /// <summary>The boxed model value of a stored value already of <see cref="ProviderType"/>.</summary>
    public abstract object FromProvider(object provider);

    /// <summary>
    /// The row mapper's read of a column into the model type, or into its nullable form when <paramref name="nullable"/>;
    /// <paramref name="binding"/> reads the stored type and names the model type in its errors.
    /// </summary>
    public abstract Expression Read(Expression reader, ColumnBinding binding, bool nullable);

    /// <summary>The typed conversion of one stored value, naming its column when it fails (<c>FromColumn(TProvider, ColumnBinding)</c>).</summary>
    public abstract MethodInfo FromColumnMethod { get; }
}

/// <summary>A <see cref="ModelConversion"/> through two typed functions.</summary>
internal sealed class ModelConversion<TModel, TProvider>(Func<TModel, TProvider> toProvider, Func<TProvider, TModel> fromProvider, string source)
    : ModelConversion
    where TModel : notnull
    where TProvider : notnull
{
    private static readonly MethodInfo ReadMethod = typeof(ConvertedColumn).GetMethod(nameof(ConvertedColumn.Read))!.MakeGenericMethod(typeof(TModel), typeof(TProvider));

    public override Type ModelType => typeof(TModel);

    public override Type ProviderType => typeof(TProvider);

    /// <summary>What converts, for messages: the registered converter, or the wrapper's constructor.</summary>
    public string Source { get; } = source;

    public override object? ToProvider(object model) => toProvider((TModel)model);

    public override object FromProvider(object provider) => fromProvider((TProvider)provider);

    /// <summary>The model value of a column's stored value; what the conversion throws names the column.</summary>
    public TModel FromColumn(TProvider value, ColumnBinding binding)
    {
        try
        {
            return fromProvider(value);
        }
        catch (Exception e) when (e is not MappingException and not OutOfMemoryException)
        {
            throw binding.ConversionError(new InvalidOperationException($"{Source} failed: {e.Message}", e));
        }
    }

    public override MethodInfo FromColumnMethod => typeof(ModelConversion<TModel, TProvider>).GetMethod(nameof(FromColumn))!;

    [UnconditionalSuppressMessage("Trimming", "IL2091", Justification = "The struct constraint of the nullable read only allows Nullable<T>; it never creates a T, so no constructor needs keeping.")]
    public override Expression Read(Expression reader, ColumnBinding binding, bool nullable)
    {
        var method = nullable
            ? typeof(ConvertedColumn).GetMethod(nameof(ConvertedColumn.ReadNullable))!.MakeGenericMethod(typeof(TModel), typeof(TProvider))
            : ReadMethod;
        return Expression.Call(method, reader, Expression.Constant(binding), Expression.Constant(this));
    }
}

/// <summary>Column reads through a <see cref="ModelConversion{TModel, TProvider}"/>, called by the compiled row mappers.</summary>
internal static class ConvertedColumn
{
    public static TModel Read<TModel, TProvider>(DbDataReader reader, ColumnBinding binding, ModelConversion<TModel, TProvider> conversion)
        where TModel : notnull
        where TProvider : notnull
    {
        if (default(TModel) is null && reader.IsDBNull(binding.Ordinal)) return default!;
        // A non-nullable struct model over a reference type (a string): the provider's NULL is the model's error.
        var value = ColumnReader.Read<TProvider>(reader, binding) ?? throw binding.NullError();
        return conversion.FromColumn(value, binding);
    }

    public static TModel? ReadNullable<TModel, TProvider>(DbDataReader reader, ColumnBinding binding, ModelConversion<TModel, TProvider> conversion)
        where TModel : struct
        where TProvider : notnull
    {
        if (reader.IsDBNull(binding.Ordinal)) return null;
        return conversion.FromColumn(ColumnReader.Read<TProvider>(reader, binding)!, binding);
    }
}
