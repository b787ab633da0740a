using Strata.Schema;
namespace Strata;

/// <summary>
/// The column kinds and table constraints shared by <see cref="TableBuilder"/> (create) and
/// <see cref="AlterTableBuilder"/> (add to an existing table).
/// </summary>
/// <remarks>Not thread-safe; use it only inside the declaring delegate.</remarks>
public abstract class ColumnDeclarations
{
    private protected ColumnDeclarations(string table)
    {
        SqlIdentifier.Validate(table);
        Table = table;
    }

    /// <summary>The table being declared.</summary>
    public string Table { get; }

    /// <summary>What was declared, in order: column, index, constraint and foreign key builders, and alter actions.</summary>
    private protected List<object> Items { get; } = [];

    /// <summary>Declares a column of any <see cref="ColumnType"/>.</summary>
    /// <param name="name">The column name.</param>
    /// <param name="type">The type.</param>
    /// <exception cref="ArgumentException">An invalid name.</exception>
    public virtual ColumnBuilder Column(string name, ColumnType type)
    {
        var column = new ColumnBuilder(name, type);
        Items.Add(column);
        return column;
    }

    /// <summary>An auto-incrementing 32-bit integer primary key.</summary>
    /// <param name="name">The column name.</param>
    public ColumnBuilder Increments(string name = "id") => Column(name, ColumnType.Increments);

    /// <summary>An auto-incrementing 64-bit integer primary key.</summary>
    /// <param name="name">The column name.</param>
    public ColumnBuilder BigIncrements(string name = "id") => Column(name, ColumnType.BigIncrements);

    /// <summary>A UUID column.</summary>
    /// <param name="name">The column name.</param>
    public ColumnBuilder Uuid(string name) => Column(name, ColumnType.Uuid);

    /// <summary>A text column of at most <paramref name="length"/> characters.</summary>
    /// <param name="name">The column name.</param>
    /// <param name="length">The maximum length.</param>
    public ColumnBuilder String(string name, int length = 255) => Column(name, ColumnType.String(length));

    /// <summary>An unbounded text column.</summary>
    /// <param name="name">The column name.</param>
    public ColumnBuilder Text(string name) => Column(name, ColumnType.Text);

    /// <summary>A 32-bit integer column.</summary>
    /// <param name="name">The column name.</param>
    public ColumnBuilder Integer(string name) => Column(name, ColumnType.Integer);

    /// <summary>A 64-bit integer column.</summary>
    /// <param name="name">The column name.</param>
    public ColumnBuilder BigInteger(string name) => Column(name, ColumnType.BigInteger);

    /// <summary>A 16-bit integer column.</summary>
    /// <param name="name">The column name.</param>
    public ColumnBuilder SmallInteger(string name) => Column(name, ColumnType.SmallInteger);

    /// <summary>An exact decimal column.</summary>
    /// <param name="name">The column name.</param>
    /// <param name="precision">Total digits, 1 to 38.</param>
    /// <param name="scale">Digits after the point.</param>
    public ColumnBuilder Decimal(string name, int precision = 18, int scale = 2) => Column(name, ColumnType.Decimal(precision, scale));

    /// <summary>A single-precision floating-point column.</summary>
    /// <param name="name">The column name.</param>
    public ColumnBuilder Float(string name) => Column(name, ColumnType.Float);

    /// <summary>A double-precision floating-point column.</summary>
    /// <param name="name">The column name.</param>
    public ColumnBuilder Double(string name) => Column(name, ColumnType.Double);

    /// <summary>A boolean column.</summary>
    /// <param name="name">The column name.</param>
    public ColumnBuilder Boolean(string name) => Column(name, ColumnType.Boolean);

    /// <summary>A date column.</summary>
    /// <param name="name">The column name.</param>
    public ColumnBuilder Date(string name) => Column(name, ColumnType.Date);

    /// <summary>A time-of-day column.</summary>
    /// <param name="name">The column name.</param>
    public ColumnBuilder Time(string name) => Column(name, ColumnType.Time);

    /// <summary>A date-and-time column without a time zone.</summary>
    /// <param name="name">The column name.</param>
    public ColumnBuilder DateTime(string name) => Column(name, ColumnType.DateTime);

    /// <summary>A timestamp column, with a time zone unless told otherwise (see <see cref="ColumnType.Timestamp"/>).</summary>
    /// <param name="name">The column name.</param>
    /// <param name="withTimeZone">Keep the time zone where the database can.</param>
    public ColumnBuilder Timestamp(string name, bool withTimeZone = true) => Column(name, ColumnType.Timestamp(withTimeZone));

    /// <summary>A JSON column (jsonb on PostgreSQL).</summary>
    /// <param name="name">The column name.</param>
    public ColumnBuilder Json(string name) => Column(name, ColumnType.Json);

    /// <summary>A binary column.</summary>
    /// <param name="name">The column name.</param>
    public ColumnBuilder Binary(string name) => Column(name, ColumnType.Binary);

    /// <summary>A text column limited to <paramref name="values"/> (MySQL's ENUM type, a check constraint elsewhere).</summary>
    /// <param name="name">The column name.</param>
    /// <param name="values">The allowed values.</param>
    public ColumnBuilder Enum(string name, params string[] values) => Column(name, ColumnType.Enum(values));

    /// <summary>
    /// <c>created_at</c> and <c>updated_at</c> timestamps (with time zone), NOT NULL and defaulting to the current
    /// timestamp, so rows inserted outside Strata get them too.
    /// </summary>
    /// <param name="createdAt">The creation column's name.</param>
    /// <param name="updatedAt">The update column's name.</param>
    public void Timestamps(string createdAt = "created_at", string updatedAt = "updated_at")
    {
        Timestamp(createdAt).DefaultCurrentTimestamp();
        Timestamp(updatedAt).DefaultCurrentTimestamp();
    }

    /// <summary>A nullable <c>deleted_at</c> timestamp (with time zone) for soft deletes.</summary>
    /// <param name="column">The column name.</param>
    public ColumnBuilder SoftDeletes(string column = "deleted_at") => Timestamp(column).Nullable();

    /// <summary>An index on <paramref name="columns"/>, named <c>{table}_{columns}_index</c> unless named.</summary>
    /// <param name="columns">The indexed columns in order.</param>
    public IndexBuilder Index(params string[] columns)
    {
        var index = new IndexBuilder(columns);
        Items.Add(index);
        return index;
    }

    /// <summary>A unique constraint on <paramref name="columns"/>, named <c>{table}_{columns}_unique</c> unless named.</summary>
    /// <param name="columns">The columns whose combination must be unique.</param>
    public ConstraintBuilder Unique(params string[] columns)
    {
        var unique = new ConstraintBuilder();
        Items.Add((unique, SchemaNames.Columns(columns, "A unique constraint")));
        return unique;
    }

    /// <summary>A foreign key on <paramref name="columns"/>; call <see cref="ForeignKeyBuilder.References"/> on the result.</summary>
    /// <param name="columns">The referencing columns.</param>
    public ForeignKeyBuilder ForeignKey(params string[] columns)
    {
        var key = new ForeignKeyBuilder(columns);
        Items.Add(key);
        return key;
    }

    /// <summary>A table check constraint, e.g. <c>Check($"starts_at &lt; ends_at")</c>; holes are written as literals.</summary>
    /// <param name="condition">The condition.</param>
    public ConstraintBuilder Check(Sql condition)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var check = new ConstraintBuilder();
        Items.Add((check, condition));
        return check;
    }

    /// <summary>The table-level definitions of everything declared, in declaration order (columns excluded).</summary>
    private protected IEnumerable<object> TableConstraints()
    {
        var unnamedChecks = 0;
        foreach (var item in Items)
        {
            switch (item)
            {
                case ColumnBuilder column:
                    foreach (var constraint in column.Constraints(Table)) yield return constraint;
                    break;
                case IndexBuilder index:
                    yield return index.ToDefinition(Table);
                    break;
                case ForeignKeyBuilder key:
                    yield return key.ToDefinition(Table);
                    break;
                case (ConstraintBuilder unique, System.Collections.Immutable.ImmutableArray<string> columns):
                    yield return new UniqueDefinition(unique.Name ?? ConstraintNames.Unique(Table, columns), columns);
                    break;
                case (ConstraintBuilder check, Sql condition):
                    // Unnamed table checks are numbered after the first so two of them never share a name.
                    var name = check.Name ?? ConstraintNames.Check(Table, null);
                    if (check.Name is null && ++unnamedChecks > 1) name = ConstraintNames.Check(Table, unnamedChecks.ToString(System.Globalization.CultureInfo.InvariantCulture));
                    yield return new CheckDefinition(name, condition);
                    break;
            }
        }
    }
}
