using Strata.Schema;
namespace Strata;

/// <summary>
/// Configures one column while a table is declared: <c>t.String("email", 200).Unique().Default("")</c>.
/// Every call changes this column and returns the same builder.
/// </summary>
/// <remarks>
/// Columns are NOT NULL unless <see cref="Nullable"/> is called. Constraints declared here (unique, primary
/// key, check, references) become named table constraints (see <see cref="ConstraintNames"/>). Not thread-safe;
/// use it only inside the table's declaring delegate.
/// </remarks>
public sealed class ColumnBuilder
{
    private ForeignKeyBuilder? _references;
    private string? _uniqueName;
    private bool _unique;
    private IndexBuilder? _index;
    private (Sql Condition, string? Name)? _check;

    internal ColumnBuilder(string name, ColumnType type)
    {
        ArgumentNullException.ThrowIfNull(type);
        Name = SchemaNames.Simple(name, "column");
        Type = type;
    }

    /// <summary>The column name.</summary>
    public string Name { get; }

    /// <summary>The column type.</summary>
    public ColumnType Type { get; }

    internal bool IsNullable { get; private set; }

    internal ColumnDefault? DefaultValue { get; private set; }

    internal bool IsPrimaryKey { get; private set; }

    /// <summary>Lets the column hold NULL (or, with false, not).</summary>
    /// <param name="nullable">Whether NULL is allowed.</param>
    public ColumnBuilder Nullable(bool nullable = true)
    {
        IsNullable = nullable;
        return this;
    }

    /// <summary>Refuses NULL (the default; says so explicitly, or undoes <see cref="Nullable"/>).</summary>
    public ColumnBuilder NotNull() => Nullable(false);

    /// <summary>A literal default: string, bool, number, date/time types, <see cref="Guid"/>, enum or <see cref="byte"/>[].</summary>
    /// <param name="value">The value; null for a NULL default.</param>
    /// <remarks>Written into the DDL as a literal by the dialect (DDL takes no parameters); an unsupported type fails when the statement is compiled.</remarks>
    public ColumnBuilder Default(object? value)
    {
        DefaultValue = ColumnDefault.Literal(value);
        return this;
    }

    /// <summary>A SQL expression default, e.g. <c>DefaultSql(Sql.Raw("(lower('X'))"))</c>; holes in it are written as literals.</summary>
    /// <param name="expression">The expression.</param>
    public ColumnBuilder DefaultSql(Sql expression)
    {
        DefaultValue = ColumnDefault.Sql(expression);
        return this;
    }

    /// <summary>Defaults to the current timestamp at insert, in the column's precision, on every dialect.</summary>
    public ColumnBuilder DefaultCurrentTimestamp()
    {
        DefaultValue = ColumnDefault.CurrentTimestamp;
        return this;
    }

    /// <summary>Makes the column unique on its own.</summary>
    /// <param name="name">The constraint name; <c>{table}_{column}_unique</c> when null.</param>
    public ColumnBuilder Unique(string? name = null)
    {
        if (name is not null) SchemaNames.Simple(name, "constraint");
        _unique = true;
        _uniqueName = name;
        return this;
    }

    /// <summary>Indexes the column on its own.</summary>
    /// <param name="name">The index name; <c>{table}_{column}_index</c> when null.</param>
    public ColumnBuilder Index(string? name = null)
    {
        _index = new IndexBuilder([Name]);
        if (name is not null) _index.Named(name);
        return this;
    }

    /// <summary>Makes this column the table's primary key (use the table's <c>PrimaryKey(…)</c> for a composite key).</summary>
    public ColumnBuilder PrimaryKey()
    {
        IsPrimaryKey = true;
        return this;
    }

    /// <summary>Adds a check constraint, e.g. <c>Check($"age >= {0}")</c>; holes are written as literals.</summary>
    /// <param name="condition">The condition.</param>
    /// <param name="name">The constraint name; <c>{table}_{column}_check</c> when null.</param>
    public ColumnBuilder Check(Sql condition, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(condition);
        if (name is not null) SchemaNames.Simple(name, "constraint");
        _check = (condition, name);
        return this;
    }

    /// <summary>Makes the column a foreign key to <paramref name="table"/>.<paramref name="column"/>.</summary>
    /// <param name="table">The referenced table.</param>
    /// <param name="column">The referenced column.</param>
    public ColumnBuilder References(string table, string column = "id")
    {
        _references = new ForeignKeyBuilder([Name]).References(table, column);
        return this;
    }

    /// <summary>What deleting the referenced row does (after <see cref="References"/>).</summary>
    /// <param name="action">The action.</param>
    /// <exception cref="InvalidOperationException">No <see cref="References"/> before it.</exception>
    public ColumnBuilder OnDelete(ReferentialAction action)
    {
        RequireReference(nameof(OnDelete)).OnDelete(action);
        return this;
    }

    /// <summary>What updating the referenced key does (after <see cref="References"/>).</summary>
    /// <param name="action">The action.</param>
    /// <exception cref="InvalidOperationException">No <see cref="References"/> before it.</exception>
    public ColumnBuilder OnUpdate(ReferentialAction action)
    {
        RequireReference(nameof(OnUpdate)).OnUpdate(action);
        return this;
    }

    /// <summary>Names the foreign key declared with <see cref="References"/>.</summary>
    /// <param name="name">The constraint name; <c>{table}_{column}_foreign</c> when not given.</param>
    /// <exception cref="InvalidOperationException">No <see cref="References"/> before it.</exception>
    public ColumnBuilder ForeignKeyName(string name)
    {
        RequireReference(nameof(ForeignKeyName)).Named(name);
        return this;
    }

    private ForeignKeyBuilder RequireReference(string method) => _references ?? throw new InvalidOperationException(
        $"{method} on column '{Name}' needs a foreign key: call References(table, column) first.");

    internal ColumnDefinition ToDefinition() => new(Name, Type) { IsNullable = IsNullable, Default = DefaultValue };

    /// <summary>The table-level definitions this column's modifiers stand for.</summary>
    internal IEnumerable<object> Constraints(string table)
    {
        if (_unique) yield return new UniqueDefinition(_uniqueName ?? ConstraintNames.Unique(table, [Name]), [Name]);
        if (_index is not null) yield return _index.ToDefinition(table);
        if (_references is not null) yield return _references.ToDefinition(table);
        if (_check is { } check) yield return new CheckDefinition(check.Name ?? ConstraintNames.Check(table, Name), check.Condition);
    }
}
