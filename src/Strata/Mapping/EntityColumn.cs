using System.Reflection;

namespace Strata.Mapping;

/// <summary>One mapped member of an entity and the column it is stored in.</summary>
/// <param name="Member">The public property or field.</param>
/// <param name="Name">The column name: <c>[Column(Name = …)]</c>, or the naming convention applied to the member name.</param>
/// <param name="Type">The member's type.</param>
public sealed record EntityColumn(MemberInfo Member, string Name, Type Type)
{
    /// <summary>
    /// True when the member is marked with <see cref="JsonColumnAttribute"/> (on itself, or on its record parameter): its value is
    /// written and read as JSON. Types stored as JSON everywhere (documents, marked types, <see cref="JsonColumnOptions.Types"/>) are
    /// JSON whatever this says.
    /// </summary>
    public bool IsJson { get; init; }

    /// <summary>An expression reading this member of <paramref name="entity"/>, for the compiled readers and writers.</summary>
    internal System.Linq.Expressions.Expression Read(System.Linq.Expressions.Expression entity) => Member switch
    {
        PropertyInfo p => System.Linq.Expressions.Expression.Property(entity, p),
        FieldInfo f => System.Linq.Expressions.Expression.Field(entity, f),
        _ => throw new InvalidOperationException($"'{Member.Name}' is neither a property nor a field."),
    };
}
