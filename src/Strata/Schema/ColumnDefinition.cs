namespace Strata.Schema;

/// <summary>One column as the schema builder declares it: name, type, nullability and default.</summary>
/// <param name="Name">The column name (a validated identifier).</param>
/// <param name="Type">The portable type.</param>
/// <remarks>
/// Constraints declared on a column (unique, primary key, check, references) become table-level
/// definitions of the statement, so each dialect can name and drop them alike.
/// </remarks>
public sealed record ColumnDefinition(string Name, ColumnType Type)
{
    /// <summary>Whether the column accepts NULL. Columns are NOT NULL unless declared nullable.</summary>
    public bool IsNullable { get; init; }

    /// <summary>The value the database fills in when an insert leaves the column out, or null for none.</summary>
    public ColumnDefault? Default { get; init; }
}

/// <summary>A column default: a literal value, the current timestamp, or a SQL expression.</summary>
/// <remarks>
/// DDL cannot take parameters, so a literal value is written into the statement as a SQL literal by the
/// dialect (strings quoted and escaped); only the value types the dialect can write safely are accepted.
/// </remarks>
public sealed record ColumnDefault
{
    private ColumnDefault()
    {
    }

    /// <summary>The literal value (null for a NULL default) when <see cref="Expression"/> is null and <see cref="IsCurrentTimestamp"/> false.</summary>
    public object? Value { get; private init; }

    /// <summary>A SQL expression default, or null.</summary>
    public Sql? Expression { get; private init; }

    /// <summary>True for the database's current timestamp, in the column's precision.</summary>
    public bool IsCurrentTimestamp { get; private init; }

    /// <summary>A literal default value: string, bool, a number, <see cref="DateTime"/>, <see cref="DateTimeOffset"/>,
    /// <see cref="DateOnly"/>, <see cref="TimeOnly"/>, <see cref="Guid"/>, an enum or <see cref="byte"/>[].</summary>
    /// <param name="value">The value; null for a NULL default.</param>
    public static ColumnDefault Literal(object? value) => new() { Value = value };

    /// <summary>A SQL expression default such as <c>Sql.Raw("(lower('X'))")</c>. Holes in it are written as literals.</summary>
    /// <param name="expression">The expression.</param>
    public static ColumnDefault Sql(Sql expression)
    {
        ArgumentNullException.ThrowIfNull(expression);
        return new ColumnDefault { Expression = expression };
    }

    /// <summary>The current timestamp when the row is inserted.</summary>
    public static ColumnDefault CurrentTimestamp { get; } = new() { IsCurrentTimestamp = true };
}
