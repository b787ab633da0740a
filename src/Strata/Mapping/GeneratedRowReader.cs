using System.ComponentModel;
using System.Data.Common;

namespace Strata.Mapping;

/// <summary>
/// A source-generated row reader of <typeparamref name="T"/>: for each result shape it asks <see cref="RowShape"/> for the column
/// of each member once, and returns the function that builds a <typeparamref name="T"/> from a row with typed reads.
/// </summary>
/// <typeparam name="T">The mapped type.</typeparam>
[EditorBrowsable(EditorBrowsableState.Never)]
public abstract class GeneratedRowReader<T>
{
    /// <summary>The row mapper for the result shape <paramref name="shape"/> describes; called once per shape, and cached.</summary>
    /// <param name="shape">The result's columns and the database's mapping rules.</param>
    /// <exception cref="MappingException">A constructor parameter no column matches, or too few columns for a tuple.</exception>
    public abstract Func<DbDataReader, T> Create(RowShape shape);
}
