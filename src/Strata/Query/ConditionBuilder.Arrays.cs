using System.Collections;
using Strata.Query;

namespace Strata;

public abstract partial class ConditionBuilder<TSelf>
{
    /// <summary>Adds <c>value = ANY(column)</c>: the array column holds <paramref name="value"/>.</summary>
    /// <param name="column">An array column.</param>
    /// <param name="value">One value, sent as a parameter of the element's type.</param>
    /// <exception cref="ArgumentException">An invalid column, a null value, or a list as the value (use <see cref="WhereArrayOverlaps"/>).</exception>
    /// <exception cref="NotSupportedException">Raised when the query is compiled for a dialect without arrays (<see cref="Dialects.SqlDialect.SupportsArrays"/>: SQLite, MySQL, MariaDB).</exception>
    public TSelf WhereAny(string column, object value)
    {
        var name = Column(column);
        if (value is null) throw new ArgumentException("NULL = ANY(…) is never true: give a value.", nameof(value));
        return Add(LogicalOperator.And, new ArrayCondition(name, ArrayOperator.Any, Value(value, nameof(value), name)!));
    }

    /// <summary>Adds <c>column @&gt; values</c>: the array column holds every one of <paramref name="values"/> (an empty list matches every array).</summary>
    /// <param name="column">An array column.</param>
    /// <param name="values">The values, sent as one array; their type must be the column's element type (<c>long</c> for <c>bigint[]</c>).</param>
    /// <exception cref="ArgumentException">An invalid column, or a string or null in place of the list.</exception>
    /// <exception cref="NotSupportedException">Raised when the query is compiled for a dialect without arrays.</exception>
    public TSelf WhereArrayContains(string column, IEnumerable values) => Add(LogicalOperator.And, Array(column, ArrayOperator.Contains, values));

    /// <summary>Adds <c>column &amp;&amp; values</c>: the array column holds at least one of <paramref name="values"/> (an empty list matches nothing).</summary>
    /// <param name="column">An array column.</param>
    /// <param name="values">The values, sent as one array; their type must be the column's element type.</param>
    /// <exception cref="ArgumentException">An invalid column, or a string or null in place of the list.</exception>
    /// <exception cref="NotSupportedException">Raised when the query is compiled for a dialect without arrays.</exception>
    public TSelf WhereArrayOverlaps(string column, IEnumerable values) => Add(LogicalOperator.And, Array(column, ArrayOperator.Overlaps, values));

    private static ArrayCondition Array(string column, ArrayOperator op, IEnumerable values)
    {
        var name = Column(column);
        ArgumentNullException.ThrowIfNull(values);
        if (values is string or byte[])
            throw new ArgumentException($"A {values.GetType().Name} is not a list of values: pass an array or list (e.g. new[] {{ value }}).", nameof(values));
        return new ArrayCondition(name, op, Copy(values));
    }

    /// <summary>The values copied now into an array of the collection's element type, so the parameter is typed like the collection and later changes do not show.</summary>
    private static System.Array Copy(IEnumerable values)
    {
        var items = new List<object?>();
        foreach (var item in values) items.Add(item);
        var copy = Mapping.TypedArrays.Create(ArrayValues.ElementType(values.GetType()) ?? typeof(object), items.Count);
        for (var i = 0; i < items.Count; i++) copy.SetValue(items[i], i);
        return copy;
    }
}
