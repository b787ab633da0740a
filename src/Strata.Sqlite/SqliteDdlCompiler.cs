using Strata.Schema;

namespace Strata.Sqlite;

/// <summary>
/// Compiles schema-builder statements into SQLite DDL. Declared type names are chosen for the type affinity
/// they give and to say what the column holds (<c>UUID</c>, <c>BOOLEAN</c>, <c>DATETIME</c>, …), and
/// introspection maps them back. Auto-increment keys are <c>INTEGER PRIMARY KEY AUTOINCREMENT</c>.
/// </summary>
/// <remarks>
/// <para>
/// SQLite alters a table in place only to rename it, rename, add (with a constant default) or drop an unused
/// column. Everything else an <see cref="AlterTableStatement"/> asks (changing a column, dropping a column that a
/// key, constraint or index uses, adding or dropping foreign keys and checks, dropping a unique table constraint)
/// is done by SQLite's documented table rebuild: when one action needs it, every action of the statement is
/// applied to the table's definition and the table is rebuilt once, keeping its rows, indexes, triggers, views
/// and AUTOINCREMENT sequence. A unique constraint added by AlterTable becomes a unique index, so dropping it
/// later needs no rebuild.
/// </para>
/// <para>
/// The rebuild runs with foreign keys off, in one transaction, and checks the foreign keys afterwards. Outside
/// a transaction <see cref="ExecuteAsync"/> turns them off on a connection of its own and restores them. Inside a
/// transaction it cannot (SQLite ignores <c>PRAGMA foreign_keys</c> there): with foreign keys on it refuses to
/// rebuild a table that other tables reference, since dropping the old table would delete or refuse their rows.
/// </para>
/// <para>
/// <c>DECIMAL(p,s)</c> columns have NUMERIC affinity: SQLite keeps integers exactly but stores fractional values
/// as 8-byte floats, exact to about 15 significant digits. Stateless and thread-safe.
/// </para>
/// </remarks>
public class SqliteDdlCompiler : DdlCompiler
{
    private static readonly SqliteDialect Dialect = new();

    /// <summary>The shared instance; stateless and thread-safe.</summary>
    public static SqliteDdlCompiler Instance { get; } = new();

    /// <inheritdoc />
    public override string TypeName(ColumnType type)
    {
        ArgumentNullException.ThrowIfNull(type);
        return type.Kind switch
        {
            // Exactly INTEGER: only that declared type makes a PRIMARY KEY column the rowid.
            ColumnKind.Increments or ColumnKind.BigIncrements => "INTEGER",
            ColumnKind.Integer => "INT",
            ColumnKind.BigInteger => "BIGINT",
            ColumnKind.SmallInteger => "SMALLINT",
            ColumnKind.Uuid => "UUID",
            ColumnKind.String => $"VARCHAR({type.Length})",
            ColumnKind.Text or ColumnKind.Json or ColumnKind.Enum => "TEXT",
            ColumnKind.Decimal => $"DECIMAL({type.Precision},{type.Scale})",
            ColumnKind.Float => "FLOAT",
            ColumnKind.Double => "DOUBLE",
            ColumnKind.Boolean => "BOOLEAN",
            ColumnKind.Date => "DATE",
            ColumnKind.Time => "TIME",
            ColumnKind.DateTime => "DATETIME",
            ColumnKind.Timestamp => type.WithTimeZone ? "TIMESTAMPTZ" : "TIMESTAMP",
            ColumnKind.Binary => "BLOB",
            _ => throw new NotSupportedException($"SQLite has no type for {type}."),
        };
    }

    /// <inheritdoc />
    /// <remarks>An auto-increment key is declared on its column, <c>INTEGER PRIMARY KEY AUTOINCREMENT</c>, so that it is the rowid.</remarks>
    protected override string? InlinePrimaryKey(CreateTableStatement statement)
    {
        ArgumentNullException.ThrowIfNull(statement);
        if (statement.PrimaryKey is not { Columns: [var only] }) return null;
        var column = statement.Columns.FirstOrDefault(c => string.Equals(c.Name, only, StringComparison.OrdinalIgnoreCase));
        return column is { Type.IsAutoIncrement: true } ? column.Name : null;
    }

    /// <inheritdoc />
    /// <remarks>AUTOINCREMENT keeps SQLite from reusing the keys of deleted rows (it records the highest in <c>sqlite_sequence</c>).</remarks>
    protected override Sql AutoIncrement(ColumnDefinition column) => Sql.Raw(" AUTOINCREMENT");

    /// <inheritdoc />
    /// <exception cref="NotSupportedException">An auto-increment column that is not the table's only primary key column.</exception>
    protected override Sql ColumnSql(string table, ColumnDefinition column, bool inlinePrimaryKey)
    {
        ArgumentNullException.ThrowIfNull(column);
        if (column.Type.IsAutoIncrement && !inlinePrimaryKey)
            throw new NotSupportedException(
                $"SQLite auto-increments only an INTEGER PRIMARY KEY column, but {column.Type.Kind} column '{column.Name}' of '{table}' is not the table's only key column. " +
                "Make it the primary key, or use an Integer/BigInteger column.");
        return base.ColumnSql(table, column, inlinePrimaryKey);
    }

    /// <inheritdoc />
    /// <remarks>
    /// UTC text with milliseconds, the form the driver writes and reads for <see cref="DateTime"/>: a date, a time
    /// of day or a timestamp, after the column's kind.
    /// </remarks>
    protected override string CurrentTimestamp(ColumnType type)
    {
        ArgumentNullException.ThrowIfNull(type);
        return type.Kind switch
        {
            ColumnKind.Date => "(date('now'))",
            ColumnKind.Time => "(strftime('%H:%M:%f', 'now'))",
            _ => "(strftime('%Y-%m-%d %H:%M:%f', 'now'))",
        };
    }

    /// <inheritdoc />
    /// <remarks>SQLite has no boolean literals before 3.23 and stores booleans as 1 and 0.</remarks>
    protected override string BooleanLiteral(bool value) => value ? "1" : "0";

    /// <inheritdoc />
    /// <remarks>The driver writes a <see cref="Guid"/> as the 16-byte blob of <see cref="Guid.ToByteArray()"/>, so a default must be that blob.</remarks>
    protected override string GuidLiteral(Guid value) => BinaryLiteral(value.ToByteArray());

    /// <inheritdoc />
    /// <remarks>Unique constraints added to an existing table become unique indexes, which SQLite can add and drop in place.</remarks>
    protected override IEnumerable<Sql> VisitAddUnique(string table, AddUniqueAction action)
    {
        ArgumentNullException.ThrowIfNull(action);
        return [CreateIndex(table, new IndexDefinition(action.Unique.Name, action.Unique.Columns, IsUnique: true, Filter: null), ifNotExists: false)];
    }

    /// <inheritdoc />
    /// <remarks>Drops the unique index; a unique table constraint is dropped by the rebuild instead (see <see cref="CompileAsync"/>).</remarks>
    protected override IEnumerable<Sql> VisitDropUnique(string table, DropUniqueAction action)
    {
        ArgumentNullException.ThrowIfNull(action);
        return [DropIndex(table, action.Name, ifExists: false)];
    }

    /// <inheritdoc />
    /// <exception cref="NotSupportedException">Always: SQLite changes a column by rebuilding the table.</exception>
    protected override IEnumerable<Sql> VisitChangeColumn(string table, ChangeColumnAction action) =>
        throw NeedsTable(table, $"change column '{action?.Column.Name}'");

    /// <inheritdoc />
    /// <remarks>
    /// The server-free compile writes only what SQLite does in place whatever the table holds: add a column with
    /// a constant default, rename a column, add or drop an index, add a unique index.
    /// </remarks>
    /// <exception cref="NotSupportedException">An action that may need the table rebuilt, which needs the table as it stands.</exception>
    protected override IReadOnlyList<Sql> CompileAlterTable(AlterTableStatement statement)
    {
        ArgumentNullException.ThrowIfNull(statement);
        foreach (var action in statement.Actions)
        {
            if (!SqliteTableModel.IsAlwaysInPlace(action)) throw NeedsTable(statement.Table, SqliteTableModel.Describe(action));
        }
        return base.CompileAlterTable(statement);
    }

    /// <summary>
    /// Compiles <paramref name="statement"/> against <paramref name="current"/>, a description of the table as it
    /// stands: the in-place statements when SQLite can make every change in place, otherwise the statements of one
    /// table rebuild (create the new table, copy the rows, drop the old one, rename, recreate indexes, triggers and
    /// views, check foreign keys). Pure: reads nothing, so the rebuild can be tested without a database.
    /// </summary>
    /// <param name="statement">The changes.</param>
    /// <param name="current">The table as it stands (see <see cref="SqliteTableDescription.FromSql"/>).</param>
    /// <exception cref="InvalidOperationException">An action names a column, index or constraint the table does not have.</exception>
    /// <exception cref="NotSupportedException">A change SQLite cannot make, even by a rebuild; the message says what to do instead.</exception>
    /// <exception cref="FormatException">The table's CREATE TABLE text cannot be split into items.</exception>
    public IReadOnlyList<Sql> CompileAlterTable(AlterTableStatement statement, SqliteTableDescription current) =>
        Plan(statement, current).Statements;

    /// <inheritdoc />
    /// <remarks>An ALTER TABLE reads the table first (see <see cref="CompileAlterTable(AlterTableStatement, SqliteTableDescription)"/>); a rebuild's statements are listed as <see cref="ExecuteAsync"/> runs them.</remarks>
    public override async Task<IReadOnlyList<Sql>> CompileAsync(IDbSession session, SchemaStatement statement, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(session);
        if (statement is not AlterTableStatement alter) return await base.CompileAsync(session, statement, cancellationToken).ConfigureAwait(false);
        return (await PlanAsync(session, alter, cancellationToken).ConfigureAwait(false)).Statements;
    }

    /// <inheritdoc />
    /// <remarks>
    /// A rebuild outside a transaction runs on a connection of its own with foreign keys turned off, and turns
    /// them back on afterwards. Inside a transaction foreign keys cannot be switched: with them off the rebuild
    /// runs in a savepoint; with them on it does too unless other tables reference the table, which is refused.
    /// </remarks>
    /// <exception cref="NotSupportedException">A rebuild inside a transaction with foreign keys on, of a table other tables reference; or a change SQLite cannot make.</exception>
    /// <exception cref="InvalidOperationException">An action names a column, index or constraint the table does not have.</exception>
    /// <exception cref="DatabaseException">
    /// SQLite refused a statement, or the table's rows break the new definition: a
    /// <see cref="ForeignKeyViolationException"/> (listing the rows), <see cref="CheckViolationException"/> or
    /// <see cref="NotNullViolationException"/>. A rebuild that fails changes nothing.
    /// </exception>
    public override async Task ExecuteAsync(IDbSession session, SchemaStatement statement, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(session);
        if (statement is not AlterTableStatement alter)
        {
            await base.ExecuteAsync(session, statement, cancellationToken).ConfigureAwait(false);
            return;
        }
        var plan = await PlanAsync(session, alter, cancellationToken).ConfigureAwait(false);
        if (plan.IsRebuild) await SqliteRebuildRunner.RunAsync(this, session, alter, cancellationToken).ConfigureAwait(false);
        else await RunAsync(session, plan.Statements, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Reads the table and plans <paramref name="statement"/> against it.</summary>
    internal async Task<SqliteAlterPlan> PlanAsync(IDbSession session, AlterTableStatement statement, CancellationToken cancellationToken)
    {
        var current = await SqliteTableReader.ReadAsync(session, statement.Table, cancellationToken).ConfigureAwait(false);
        if (current is not null) return Plan(statement, current);
        // A table that is not there: what needs no reading is compiled (and SQLite will say the table is missing).
        if (statement.Actions.All(SqliteTableModel.IsAlwaysInPlace)) return new SqliteAlterPlan(Compile(statement), false, []);
        throw new InvalidOperationException($"Table '{statement.Table}' does not exist, so AlterTable cannot change it. Create it first, or check the name.");
    }

    internal SqliteAlterPlan Plan(AlterTableStatement statement, SqliteTableDescription current)
    {
        ArgumentNullException.ThrowIfNull(statement);
        ArgumentNullException.ThrowIfNull(current);
        var model = new SqliteTableModel(this, statement.Table, current);
        // Every action is applied (in order, so each sees the ones before it); one that SQLite cannot make in
        // place turns the whole statement into a rebuild.
        var rebuild = false;
        foreach (var action in statement.Actions) rebuild |= !model.Apply(action);
        return rebuild
            ? SqliteTableRebuild.Plan(this, statement.Table, current, model)
            : new SqliteAlterPlan([.. statement.Actions.SelectMany(a => VisitAction(statement.Table, a))], false, []);
    }

    // ---- pieces the table model writes into a rebuilt table ---------------------------------------------

    internal string ColumnText(string table, ColumnDefinition column) => Text(ColumnSql(table, column, inlinePrimaryKey: false));

    internal string ForeignKeyText(ForeignKeyDefinition key) => Text(ForeignKeySql(key));

    internal string CheckText(CheckDefinition check) => Text(CheckSql(check));

    internal string IndexText(string table, IndexDefinition index) => Text(CreateIndex(table, index, ifNotExists: false));

    internal string LiteralText(string value) => StringLiteral(value);

    /// <summary>Any name as a quoted SQLite identifier (names read from the database need not be valid Strata identifiers).</summary>
    internal static string Quote(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private static string Text(Sql sql) => sql.Render(Dialect).Text;

    private static NotSupportedException NeedsTable(string table, string what) => new(
        $"On SQLite, AlterTable('{table}') may have to rebuild the table to {what}, and compiling that needs the table as it stands. " +
        "Use ToSqlAsync()/ExecuteAsync() (or DdlCompiler.CompileAsync), or SqliteDdlCompiler.CompileAlterTable(statement, description) with a description of the table.");
}
