using System.ComponentModel;
using System.Data.Common;

namespace Strata.Mapping;

/// <summary>
/// One result shape as a source-generated row reader sees it: which column each member reads, found by the rules of the reflection
/// mapper (<c>[Column]</c> names, the naming convention, member names with or without underscores), and the typed read of that
/// column with the database's rules (JSON, converters, NULLs, dates as UTC). Made once per shape.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class RowShape
{
    private readonly DbDataReader _reader;
    private readonly RowMapping _mapping;
    private readonly Type _type;
    private ColumnFinder? _finder;

    internal RowShape(DbDataReader reader, RowMapping mapping, Type type)
    {
        _reader = reader;
        _mapping = mapping;
        _type = type;
    }

    private ColumnFinder Finder => _finder ??= new ColumnFinder(_reader, _mapping.Convention);

    /// <summary>The read of a settable member's column, or null when no column matches it (the member keeps its value).</summary>
    /// <typeparam name="TValue">The member's type.</typeparam>
    /// <param name="name">The member's name.</param>
    /// <param name="column">Its <c>[Column]</c> name, or null.</param>
    /// <param name="json">True when it is marked <see cref="JsonColumnAttribute"/>.</param>
    public ColumnRead<TValue>? Member<TValue>(string name, string? column, bool json) =>
        Finder.Find(column, name) is { } ordinal ? new ColumnRead<TValue>(_reader, ordinal, $"{_type.Name}.{name}", _mapping, json) : null;

    /// <summary>
    /// The read of a constructor parameter's column, or null when no column matches a parameter with a default value (the default is
    /// passed).
    /// </summary>
    /// <typeparam name="TValue">The parameter's type.</typeparam>
    /// <param name="name">The parameter's name.</param>
    /// <param name="column">The <c>[Column]</c> name of the property of that name, or null.</param>
    /// <param name="json">True when the parameter or its property is marked <see cref="JsonColumnAttribute"/>.</param>
    /// <param name="hasDefault">True when the parameter has a default value.</param>
    /// <exception cref="MappingException">No column matches a parameter without a default; the message names the columns.</exception>
    public ColumnRead<TValue>? Parameter<TValue>(string name, string? column, bool json, bool hasDefault)
    {
        if (Finder.Find(column, name) is { } ordinal)
            return new ColumnRead<TValue>(_reader, ordinal, $"constructor parameter {_type.Name}({name})", _mapping, json);
        return hasDefault ? null : throw Finder.NoColumnFor(name, _type);
    }

    /// <summary>Checks that the result has the <paramref name="count"/> columns a value tuple needs.</summary>
    /// <param name="count">The tuple's number of elements.</param>
    /// <exception cref="MappingException">Fewer columns.</exception>
    public void RequireColumns(int count)
    {
        if (_reader.FieldCount < count)
            throw new MappingException($"The result has {_reader.FieldCount} columns but {RowMapperBuilder.TypeName(_type)} needs {count}.");
    }

    /// <summary>The read of the value tuple element at <paramref name="index"/> from the column at the same position.</summary>
    /// <typeparam name="TValue">The element's type.</typeparam>
    /// <param name="index">The element's position, from 0.</param>
    public ColumnRead<TValue> Element<TValue>(int index) => new(_reader, index, $"tuple element Item{index + 1}", _mapping, asJson: false);
}
