namespace Strata;

/// <summary>
/// Teaches a database a type of your own (<typeparamref name="TModel"/>: a strongly-typed id, a money amount, a smart enum) by
/// converting it to a type the database stores (<typeparamref name="TProvider"/>: a <see cref="Guid"/>, <see cref="decimal"/>,
/// <see cref="string"/>, …) and back. Register it in <see cref="DatabaseOptions.Types"/>; that database then converts the type
/// wherever a value travels (interpolated and positional SQL, prepared statements, the query builder's values and lambdas,
/// repositories and their keys, bulk inserts) and wherever a column is read into it (constructor parameters, settable members,
/// nullable forms, scalars and tuples).
/// </summary>
/// <typeparam name="TModel">Your type. Strata's own types (numbers, strings, dates and times, <see cref="Guid"/>, byte arrays) cannot be converted.</typeparam>
/// <typeparam name="TProvider">The type the column holds, which the database's driver reads and writes itself (not nullable).</typeparam>
/// <remarks>
/// Neither method sees null: a null model is written as NULL, and NULL is read as null (an error for a non-nullable struct).
/// An exception thrown while a column is read becomes a <see cref="MappingException"/> naming the column and the member.
/// Implementations must be thread-safe; one instance serves every command of its database.
/// </remarks>
public abstract class ValueConverter<TModel, TProvider>
    where TModel : notnull
    where TProvider : notnull
{
    /// <summary>The value stored for <paramref name="value"/>.</summary>
    /// <param name="value">The model value, never null.</param>
    public abstract TProvider ToProvider(TModel value);

    /// <summary>The model value for what the column holds.</summary>
    /// <param name="value">The stored value, never null.</param>
    public abstract TModel FromProvider(TProvider value);
}
