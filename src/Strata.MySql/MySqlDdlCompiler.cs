using System.Globalization;
using Strata.Schema;

namespace Strata.MySql;

/// <summary>
/// Compiles schema-builder statements into MySQL and MariaDB DDL for InnoDB: <c>AUTO_INCREMENT</c> keys, native
/// <c>ENUM</c>s, <c>DATETIME(6)</c> for every timestamp (MySQL has no zone type, so an instant is kept as its UTC
/// time), indexes written inside <c>CREATE TABLE</c>, and every alteration of one table as one <c>ALTER TABLE</c>.
/// </summary>
/// <remarks>
/// <para>
/// MySQL commits each DDL statement on its own, so nothing here relies on a transaction: a table and its indexes
/// are one statement, and all actions of one alteration are one <c>ALTER TABLE t a, b, c</c>, which the server
/// applies completely or not at all.
/// </para>
/// <para>
/// String literals depend on the session's <c>sql_mode</c>: backslashes are doubled unless it holds
/// <c>NO_BACKSLASH_ESCAPES</c>. <see cref="CompileAsync"/> (and so <c>ExecuteAsync</c>/<c>ToSqlAsync</c>) reads the mode
/// first and writes for it; the server-free <see cref="DdlCompiler.Compile"/> writes for the default mode.
/// MySqlConnector reads command text (and escapes parameters) by its own <c>NoBackslashEscapes</c> connection-string
/// option, not by the session's mode: where the server runs with NO_BACKSLASH_ESCAPES, set that option too, or the
/// driver may misread a literal holding a backslash before a quote and refuse the statement.
/// Instances are immutable and thread-safe.
/// </para>
/// </remarks>
public class MySqlDdlCompiler : DdlCompiler
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>Creates a compiler.</summary>
    /// <param name="backslashEscapes">
    /// True for the default <c>sql_mode</c>, where a backslash in a string literal escapes the next character (so it is
    /// doubled); false for a session with <c>NO_BACKSLASH_ESCAPES</c>.
    /// </param>
    protected MySqlDdlCompiler(bool backslashEscapes) => BackslashEscapes = backslashEscapes;

    /// <summary>The compiler for the default <c>sql_mode</c> (backslashes in string literals doubled); stateless and thread-safe.</summary>
    public static MySqlDdlCompiler Instance { get; } = new(backslashEscapes: true);

    /// <summary>The compiler for sessions whose <c>sql_mode</c> holds <c>NO_BACKSLASH_ESCAPES</c>; stateless and thread-safe.</summary>
    public static MySqlDdlCompiler WithoutBackslashEscapes { get; } = new(backslashEscapes: false);

    /// <summary>True when string literals double backslashes (the server treats a backslash as an escape).</summary>
    public bool BackslashEscapes { get; }

    /// <inheritdoc />
    /// <remarks>MySQL has no partial indexes; an index with a WHERE condition is refused with a clear error.</remarks>
    public override bool SupportsPartialIndexes => false;

    /// <inheritdoc />
    /// <remarks>Enum columns are MySQL's own <c>ENUM('a','b')</c>.</remarks>
    public override bool HasNativeEnums => true;

    /// <summary>The compiler that writes string literals correctly for a session with <paramref name="sqlMode"/>.</summary>
    /// <param name="sqlMode">The value of <c>@@SESSION.sql_mode</c> (comma-separated modes); null for the default.</param>
    public static MySqlDdlCompiler ForSqlMode(string? sqlMode) =>
        sqlMode is not null && sqlMode.Split(',').Any(m => m.Trim().Equals("NO_BACKSLASH_ESCAPES", StringComparison.OrdinalIgnoreCase))
            ? WithoutBackslashEscapes
            : Instance;

    /// <inheritdoc />
    /// <remarks>
    /// Reads <c>@@SESSION.sql_mode</c> (to write string literals for it) and the server version. On MySQL, which has no
    /// <c>DROP INDEX IF EXISTS</c>, it also looks the index up, and compiles nothing when it is missing.
    /// </remarks>
    public override async Task<IReadOnlyList<Sql>> CompileAsync(IDbSession session, SchemaStatement statement, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(statement);
        var server = await session.QuerySingleAsync<(string? SqlMode, string? Version)>(
            $"SELECT @@SESSION.sql_mode, VERSION()", cancellationToken).ConfigureAwait(false);
        var compiler = ForSqlMode(server.SqlMode);
        var mariaDb = server.Version?.Contains("MariaDB", StringComparison.OrdinalIgnoreCase) == true;
        if (statement is DropIndexStatement { IfExists: true } drop && !mariaDb)
        {
            var dot = drop.Table.LastIndexOf('.');
            var schema = dot < 0 ? Sql.Raw("DATABASE()") : Sql.Parameter(drop.Table[..dot]);
            var count = await session.ScalarAsync<long>(
                $"SELECT COUNT(*) FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = {schema} AND TABLE_NAME = {ConstraintNames.Unqualified(drop.Table)} AND INDEX_NAME = {drop.Name}",
                cancellationToken).ConfigureAwait(false);
            return count == 0 ? [] : compiler.Compile(drop with { IfExists = false });
        }
        return compiler.Compile(statement);
    }

    /// <inheritdoc />
    public override string TypeName(ColumnType type)
    {
        ArgumentNullException.ThrowIfNull(type);
        return type.Kind switch
        {
            // Signed, so a plain Integer/BigInteger column can reference the key.
            ColumnKind.Increments or ColumnKind.Integer => "INT",
            ColumnKind.BigIncrements or ColumnKind.BigInteger => "BIGINT",
            ColumnKind.SmallInteger => "SMALLINT",
            // MySqlConnector reads CHAR(36) as a Guid and writes Guid parameters in this text form.
            ColumnKind.Uuid => "CHAR(36)",
            ColumnKind.String => $"VARCHAR({type.Length})",
            ColumnKind.Text => "LONGTEXT",
            ColumnKind.Decimal => $"DECIMAL({type.Precision},{type.Scale})",
            ColumnKind.Float => "FLOAT",
            ColumnKind.Double => "DOUBLE",
            ColumnKind.Boolean => "TINYINT(1)",
            ColumnKind.Date => "DATE",
            ColumnKind.Time => "TIME(6)",
            ColumnKind.DateTime or ColumnKind.Timestamp => "DATETIME(6)",
            ColumnKind.Json => "JSON",
            ColumnKind.Binary => "LONGBLOB",
            ColumnKind.Enum => "ENUM(" + string.Join(",", type.Values.Select(StringLiteral)) + ")",
            _ => throw new NotSupportedException($"MySQL has no type for {type}."),
        };
    }

    // ---- statements -------------------------------------------------------------------------------

    /// <inheritdoc />
    /// <remarks>One statement: the indexes are written inside the table body (<c>INDEX n (…)</c>), and the table is InnoDB.</remarks>
    protected override IReadOnlyList<Sql> CompileCreateTable(CreateTableStatement statement)
    {
        ArgumentNullException.ThrowIfNull(statement);
        var body = TableBody(statement);
        foreach (var index in statement.Indexes) body.Add(IndexSql(index));
        return [Sql.Raw(statement.IfNotExists ? "CREATE TABLE IF NOT EXISTS " : "CREATE TABLE ") + Sql.Identifier(statement.Table)
            + Sql.Raw(" (") + Sql.Join(Sql.Raw(", "), body) + Sql.Raw(")") + TableOptions(statement)];
    }

    /// <inheritdoc />
    /// <remarks>
    /// InnoDB, so foreign keys and transactions work. Character set and collation are left to the database's
    /// default, so joins between tables never compare two collations.
    /// </remarks>
    protected override Sql TableOptions(CreateTableStatement statement) => Sql.Raw(" ENGINE=InnoDB");

    /// <inheritdoc />
    /// <remarks><c>RENAME TABLE a TO b</c>; a schema-qualified table stays in its schema.</remarks>
    protected override IReadOnlyList<Sql> CompileRenameTable(RenameTableStatement statement)
    {
        ArgumentNullException.ThrowIfNull(statement);
        var dot = statement.From.LastIndexOf('.');
        var to = dot < 0 || statement.To.Contains('.', StringComparison.Ordinal)
            ? statement.To
            : statement.From[..(dot + 1)] + statement.To;
        return [Sql.Raw("RENAME TABLE ") + Sql.Identifier(statement.From) + Sql.Raw(" TO ") + Sql.Identifier(to)];
    }

    /// <inheritdoc />
    /// <remarks>
    /// One <c>ALTER TABLE t a, b, c</c> for all actions, so the alteration is all-or-nothing. MySQL resolves every
    /// column name in one ALTER TABLE against the table as it was, so a column both renamed and changed in one
    /// alteration becomes one <c>CHANGE COLUMN old new …</c>, and renames in a chain become one rename.
    /// </remarks>
    protected override IReadOnlyList<Sql> CompileAlterTable(AlterTableStatement statement)
    {
        ArgumentNullException.ThrowIfNull(statement);
        var clauses = MySqlColumnChanges.Merge(statement.Actions).Select(item => item switch
        {
            MySqlColumnChanges.Change change => ChangeClause(statement.Table, change),
            AlterTableAction action => Clause(statement.Table, action),
            _ => throw new InvalidOperationException($"Unexpected alteration {item.GetType().Name}."),
        });
        return [AlterTable(statement.Table) + Sql.Raw(" ") + Sql.Join(Sql.Raw(", "), clauses)];
    }

    /// <summary>The clause of one alter action inside <c>ALTER TABLE t …</c>.</summary>
    /// <param name="table">The table.</param>
    /// <param name="action">The action.</param>
    /// <exception cref="NotSupportedException">A partial index, or a foreign key with SET DEFAULT.</exception>
    protected virtual Sql Clause(string table, AlterTableAction action) => action switch
    {
        AddColumnAction a => Sql.Raw("ADD COLUMN ") + ColumnSql(table, a.Column, inlinePrimaryKey: false),
        DropColumnAction a => Sql.Raw("DROP COLUMN ") + Sql.Identifier(a.Name),
        RenameColumnAction a => Sql.Raw("RENAME COLUMN ") + Sql.Identifier(a.From) + Sql.Raw(" TO ") + Sql.Identifier(a.To),
        ChangeColumnAction a => Sql.Raw("MODIFY COLUMN ") + ColumnSql(table, a.Column, inlinePrimaryKey: false),
        AddUniqueAction a => Sql.Raw("ADD ") + UniqueSql(a.Unique),
        // A unique constraint is an index in MySQL, dropped as one.
        DropUniqueAction a => Sql.Raw("DROP INDEX ") + Sql.Identifier(a.Name),
        AddIndexAction a => Sql.Raw("ADD ") + IndexSql(a.Index),
        DropIndexAction a => Sql.Raw("DROP INDEX ") + Sql.Identifier(a.Name),
        AddForeignKeyAction a => Sql.Raw("ADD ") + ForeignKeySql(a.ForeignKey),
        DropForeignKeyAction a => Sql.Raw("DROP FOREIGN KEY ") + Sql.Identifier(a.Name),
        AddCheckAction a => Sql.Raw("ADD ") + CheckSql(a.Check),
        DropCheckAction a => Sql.Raw("DROP CONSTRAINT ") + Sql.Identifier(a.Name),
        _ => throw new NotSupportedException($"{GetType().Name} cannot compile a {action?.GetType().Name ?? "null"} action."),
    };

    /// <summary>A column renamed and changed in one alteration: <c>CHANGE COLUMN old new …</c>.</summary>
    private Sql ChangeClause(string table, MySqlColumnChanges.Change change)
    {
        if (change.Definition is null)
            return Sql.Raw("RENAME COLUMN ") + Sql.Identifier(change.From) + Sql.Raw(" TO ") + Sql.Identifier(change.To);
        var column = change.Definition with { Name = change.To };
        return string.Equals(change.From, change.To, StringComparison.OrdinalIgnoreCase)
            ? Sql.Raw("MODIFY COLUMN ") + ColumnSql(table, column, inlinePrimaryKey: false)
            : Sql.Raw("CHANGE COLUMN ") + Sql.Identifier(change.From) + Sql.Raw(" ") + ColumnSql(table, column, inlinePrimaryKey: false);
    }

    /// <inheritdoc />
    /// <remarks><c>ALTER TABLE t MODIFY COLUMN …</c> with the full new definition (type, NOT NULL, default).</remarks>
    protected override IEnumerable<Sql> VisitChangeColumn(string table, ChangeColumnAction action) => [AlterTable(table) + Sql.Raw(" ") + Clause(table, action)];

    /// <inheritdoc />
    protected override IEnumerable<Sql> VisitDropUnique(string table, DropUniqueAction action) => [AlterTable(table) + Sql.Raw(" ") + Clause(table, action)];

    /// <inheritdoc />
    protected override IEnumerable<Sql> VisitDropForeignKey(string table, DropForeignKeyAction action) => [AlterTable(table) + Sql.Raw(" ") + Clause(table, action)];

    /// <inheritdoc />
    /// <remarks><c>DROP INDEX [IF EXISTS] n ON t</c> (<c>IF EXISTS</c> is MariaDB's; <see cref="CompileAsync"/> looks the index up on MySQL instead).</remarks>
    protected override Sql DropIndex(string table, string name, bool ifExists) =>
        Sql.Raw(ifExists ? "DROP INDEX IF EXISTS " : "DROP INDEX ") + Sql.Identifier(name) + Sql.Raw(" ON ") + Sql.Identifier(table);

    // ---- pieces -----------------------------------------------------------------------------------

    /// <inheritdoc />
    protected override Sql AutoIncrement(ColumnDefinition column) => Sql.Raw(" AUTO_INCREMENT");

    /// <inheritdoc />
    /// <remarks>MySQL names every primary key <c>PRIMARY</c> and ignores any other name, so none is written.</remarks>
    protected override Sql PrimaryKeySql(PrimaryKeyDefinition key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return Sql.Raw("PRIMARY KEY (") + Identifiers(key.Columns) + Sql.Raw(")");
    }

    /// <summary><c>[UNIQUE] INDEX n (…)</c>, inside CREATE TABLE or after ALTER TABLE … ADD.</summary>
    /// <param name="index">The index.</param>
    /// <exception cref="NotSupportedException">The index has a WHERE condition.</exception>
    protected Sql IndexSql(IndexDefinition index)
    {
        ArgumentNullException.ThrowIfNull(index);
        if (index.Filter is { } filter) RequirePartialIndexes(index, filter);
        return Sql.Raw(index.IsUnique ? "UNIQUE INDEX " : "INDEX ") + Sql.Identifier(index.Name) + Sql.Raw(" (") + Identifiers(index.Columns) + Sql.Raw(")");
    }

    /// <inheritdoc />
    /// <remarks>
    /// Both actions are always written, NO ACTION too: MariaDB reports a key declared without actions as RESTRICT,
    /// so writing NO ACTION keeps what introspection reads equal to what was declared.
    /// </remarks>
    /// <exception cref="NotSupportedException">An action is SET DEFAULT, which InnoDB refuses.</exception>
    protected override Sql ForeignKeySql(ForeignKeyDefinition key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (key.OnDelete == ReferentialAction.SetDefault || key.OnUpdate == ReferentialAction.SetDefault)
            throw new NotSupportedException(
                $"Foreign key '{key.Name}' uses SET DEFAULT, which MySQL's InnoDB engine refuses. " +
                "Use SET NULL (on a nullable column), CASCADE, RESTRICT or NO ACTION instead.");
        return Sql.Raw("CONSTRAINT ") + Sql.Identifier(key.Name) + Sql.Raw(" FOREIGN KEY (") + Identifiers(key.Columns)
            + Sql.Raw(") REFERENCES ") + Sql.Identifier(key.ReferencedTable) + Sql.Raw(" (") + Identifiers(key.ReferencedColumns) + Sql.Raw(")")
            + Sql.Raw(" ON DELETE " + ActionSql(key.OnDelete) + " ON UPDATE " + ActionSql(key.OnUpdate));
    }

    /// <inheritdoc />
    /// <remarks>
    /// A literal default of a LONGTEXT, LONGBLOB or JSON column is written in parentheses, <c>DEFAULT ('x')</c>: MySQL 8
    /// accepts only the expression form there (MariaDB accepts both).
    /// </remarks>
    protected override Sql DefaultSql(ColumnDefinition column, ColumnDefault value)
    {
        ArgumentNullException.ThrowIfNull(column);
        ArgumentNullException.ThrowIfNull(value);
        var sql = base.DefaultSql(column, value);
        var literal = value.Expression is null && !value.IsCurrentTimestamp && value.Value is not null;
        return literal && column.Type.Kind is ColumnKind.Text or ColumnKind.Binary or ColumnKind.Json ? Sql.Raw("(") + sql + Sql.Raw(")") : sql;
    }

    /// <inheritdoc />
    /// <remarks>
    /// <c>CURRENT_TIMESTAMP(6)</c> for the DATETIME(6) kinds, so the default keeps microseconds; <c>(CURRENT_DATE)</c> and
    /// <c>(CURRENT_TIME(6))</c> for dates and times.
    /// </remarks>
    protected override string CurrentTimestamp(ColumnType type)
    {
        ArgumentNullException.ThrowIfNull(type);
        return type.Kind switch
        {
            ColumnKind.Date => "(CURRENT_DATE)",
            ColumnKind.Time => "(CURRENT_TIME(6))",
            _ => "CURRENT_TIMESTAMP(6)",
        };
    }

    // ---- literals ---------------------------------------------------------------------------------

    /// <inheritdoc />
    /// <remarks>
    /// Dates and times are written with six fractional digits, the way MySqlConnector writes such parameters and the
    /// server reports such defaults (a seventh digit is dropped); a <see cref="DateTime"/> for a DATE column is written
    /// as its date. A number for a DECIMAL column is written with the column's scale (<c>1.50</c> for DECIMAL(10,2)).
    /// </remarks>
    public override string Literal(object? value, ColumnType? type = null) => value switch
    {
        DateTime dt when type?.Kind == ColumnKind.Date => StringLiteral(dt.ToString("yyyy-MM-dd", Invariant)),
        DateTime dt => StringLiteral(AsStored(dt).ToString("yyyy-MM-dd HH:mm:ss.ffffff", Invariant)),
        TimeOnly t => StringLiteral(t.ToString("HH:mm:ss.ffffff", Invariant)),
        byte or sbyte or short or ushort or int or uint or long or ulong or decimal or float or double when type?.Kind == ColumnKind.Decimal =>
            ScaledDecimal(base.Literal(value, type), type.Scale ?? 0),
        _ => base.Literal(value, type),
    };

    /// <inheritdoc />
    /// <remarks>Single quotes are doubled; backslashes too, unless the session has <c>NO_BACKSLASH_ESCAPES</c> (see <see cref="BackslashEscapes"/>).</remarks>
    protected override string StringLiteral(string value)
    {
        var quoted = base.StringLiteral(value);
        return BackslashEscapes ? quoted.Replace("\\", "\\\\", StringComparison.Ordinal) : quoted;
    }

    /// <inheritdoc />
    /// <remarks><c>1</c>/<c>0</c>: what TINYINT(1) stores and what the server reports as the default.</remarks>
    protected override string BooleanLiteral(bool value) => value ? "1" : "0";

    /// <inheritdoc />
    /// <remarks>The UTC time without an offset, as MySqlConnector writes a <see cref="DateTimeOffset"/> parameter (MySQL has no zone type).</remarks>
    protected override string DateTimeOffsetLiteral(DateTimeOffset value) =>
        StringLiteral(value.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss.ffffff", Invariant));

    private static string ScaledDecimal(string text, int scale) =>
        decimal.TryParse(text, NumberStyles.Float, Invariant, out var number) && number.Scale < scale
            ? number.ToString("F" + scale.ToString(Invariant), Invariant)
            : text;
}
