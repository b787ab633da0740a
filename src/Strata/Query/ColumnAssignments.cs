using System.Collections.Immutable;
using System.Linq.Expressions;
using Strata.Query;

namespace Strata;

/// <summary>
/// The SET list of a typed update, built with lambdas: <c>s => s.Set(u => u.Name, "ada").Increment(u => u.Logins)</c>.
/// Immutable: each call returns a new list.
/// </summary>
/// <typeparam name="T">The mapped entity type.</typeparam>
public sealed class ColumnAssignments<[System.Diagnostics.CodeAnalysis.DynamicallyAccessedMembers(Mapping.MappedMembers.Types)] T>
{
    private readonly Func<LambdaExpression, string> _column;

    internal ColumnAssignments(Func<LambdaExpression, string> column, ImmutableArray<KeyValuePair<string, object?>> values)
    {
        _column = column;
        Values = values;
    }

    /// <summary>The (column, value) pairs so far; a <see cref="Sql"/> value is an expression such as an increment.</summary>
    public ImmutableArray<KeyValuePair<string, object?>> Values { get; }

    /// <summary>Sets a member's column to <paramref name="value"/> (a parameter).</summary>
    /// <param name="member">A mapped member, like <c>u => u.Name</c>.</param>
    /// <param name="value">The new value.</param>
    /// <exception cref="NotSupportedException">Not a mapped member.</exception>
    public ColumnAssignments<T> Set<TValue>(Expression<Func<T, TValue>> member, TValue value) => Add(member, value);

    /// <summary>Adds <paramref name="amount"/> to a numeric member's column (<c>column = column + amount</c>).</summary>
    /// <param name="member">A mapped numeric member.</param>
    /// <param name="amount">The amount, a parameter; negative to subtract.</param>
    /// <exception cref="NotSupportedException">Not a mapped member.</exception>
    public ColumnAssignments<T> Increment<TValue>(Expression<Func<T, TValue>> member, long amount = 1)
    {
        ArgumentNullException.ThrowIfNull(member);
        var column = _column(member);
        return With(column, Sql.Identifier(column) + Sql.Raw(" + ") + Sql.Parameter(amount));
    }

    private ColumnAssignments<T> Add(LambdaExpression member, object? value)
    {
        ArgumentNullException.ThrowIfNull(member);
        var column = _column(member);
        // A [JsonColumn] member's value is written as JSON, as inserts of the entity write it.
        var body = member.Body is UnaryExpression { NodeType: ExpressionType.Convert } convert ? convert.Operand : member.Body;
        return With(column, body is MemberExpression m && Mapping.JsonMapping.IsMarked(m.Member, typeof(T)) ? Sql.Json(value) : value);
    }

    private ColumnAssignments<T> With(string column, object? value)
    {
        if (Values.Any(v => v.Key == column)) throw new ArgumentException($"The column '{column}' is set twice in one update.", nameof(column));
        return new(_column, Values.Add(new(column, value)));
    }
}
