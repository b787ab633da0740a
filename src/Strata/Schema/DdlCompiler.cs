using System.Globalization;

namespace Strata.Schema;

/// <summary>
/// Compiles schema-builder statements into one dialect's DDL. The base class writes standard SQL; each
/// provider's subclass (<see cref="Dialects.SqlDialect.Ddl"/>) maps <see cref="ColumnType"/>s to its type names
/// and overrides what its database writes differently. There is one visit method per statement and
/// alter action.
/// </summary>
/// <remarks>
/// Stateless and thread-safe. DDL takes no parameters, so literal values (defaults, enum values, holes
/// in check and filter conditions) are written into the text by <see cref="Literal"/>, which quotes and
/// escapes them for the dialect and refuses types it cannot write exactly. Identifiers are validated and
/// quoted as everywhere else.
/// </remarks>
public abstract class DdlCompiler
{
    /// <summary>Creates a compiler.</summary>
    protected DdlCompiler()
    {
    }

    /// <summary>True when indexes may have a WHERE condition (partial indexes).</summary>
    public virtual bool SupportsPartialIndexes => true;

    /// <summary>
    /// True when an <see cref="ColumnKind.Enum"/> column uses the database's own enum type; otherwise it is text
    /// with a check constraint named by <see cref="ConstraintNames.Enum"/>.
    /// </summary>
    public virtual bool HasNativeEnums => false;

    /// <summary>The database type name for <paramref name="type"/>, e.g. <c>varchar(100)</c>.</summary>
    /// <param name="type">The portable type.</param>
    public abstract string TypeName(ColumnType type);

    /// <summary>Compiles <paramref name="statement"/> into the statements that carry it out, in order.</summary>
    /// <param name="statement">The schema change.</param>
    /// <exception cref="NotSupportedException">The dialect cannot do what the statement asks (the message says what to do instead), or it needs to read the database first (use <see cref="CompileAsync"/>).</exception>
    public IReadOnlyList<Sql> Compile(SchemaStatement statement)
    {
        ArgumentNullException.ThrowIfNull(statement);
        return statement switch
        {
            CreateTableStatement create => CompileCreateTable(create),
            AlterTableStatement alter => CompileAlterTable(alter),
            DropTableStatement drop => CompileDropTable(drop),
            RenameTableStatement rename => CompileRenameTable(rename),
            CreateIndexStatement index => [CreateIndex(index.Table, index.Index, ifNotExists: false)],
            DropIndexStatement index => [DropIndex(index.Table, index.Name, index.IfExists)],
            _ => throw new NotSupportedException($"{GetType().Name} cannot compile a {statement.GetType().Name}."),
        };
    }

    /// <summary>
    /// Compiles <paramref name="statement"/> for <paramref name="session"/>'s database, reading it first where the
    /// dialect needs to (the SQLite table rebuild reads the table as it stands). Reads only; changes nothing.
    /// </summary>
    /// <param name="session">The session to read through.</param>
    /// <param name="statement">The schema change.</param>
    /// <param name="cancellationToken">Cancels the reads.</param>
    public virtual Task<IReadOnlyList<Sql>> CompileAsync(IDbSession session, SchemaStatement statement, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(session);
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(Compile(statement));
    }

    /// <summary>
    /// Compiles and runs <paramref name="statement"/> through <paramref name="session"/>. Several statements run in one
    /// transaction (a savepoint inside one) where the database can roll DDL back; elsewhere each commits on its own.
    /// </summary>
    /// <param name="session">The session to run through.</param>
    /// <param name="statement">The schema change.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    public virtual async Task ExecuteAsync(IDbSession session, SchemaStatement statement, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(session);
        var statements = await CompileAsync(session, statement, cancellationToken).ConfigureAwait(false);
        await RunAsync(session, statements, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Runs <paramref name="statements"/> in order, inside one transaction when there are several and the dialect rolls DDL back.</summary>
    /// <param name="session">The session to run through.</param>
    /// <param name="statements">The statements.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    protected static async Task RunAsync(IDbSession session, IReadOnlyList<Sql> statements, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(statements);
        if (statements.Count <= 1 || !session.Dialect.SupportsTransactionalDdl)
        {
            foreach (var statement in statements) await session.ExecuteAsync(statement, cancellationToken).ConfigureAwait(false);
            return;
        }
        await session.TransactionAsync(async tx =>
        {
            foreach (var statement in statements) await tx.ExecuteAsync(statement, cancellationToken).ConfigureAwait(false);
        }, cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    // ---- statements -------------------------------------------------------------------------------

    /// <summary>Compiles CREATE TABLE and the CREATE INDEX statements that follow it.</summary>
    /// <param name="statement">The statement.</param>
    protected virtual IReadOnlyList<Sql> CompileCreateTable(CreateTableStatement statement)
    {
        ArgumentNullException.ThrowIfNull(statement);
        var body = TableBody(statement);
        var create = Sql.Raw(statement.IfNotExists ? "CREATE TABLE IF NOT EXISTS " : "CREATE TABLE ") + Sql.Identifier(statement.Table)
            + Sql.Raw(" (") + Sql.Join(Sql.Raw(", "), body) + Sql.Raw(")") + TableOptions(statement);
        var result = new List<Sql> { create };
        foreach (var index in statement.Indexes) result.Add(CreateIndex(statement.Table, index, statement.IfNotExists));
        return result;
    }

    /// <summary>The items between the parentheses of CREATE TABLE: columns, then key, unique, foreign key and check constraints.</summary>
    /// <param name="statement">The statement.</param>
    protected virtual List<Sql> TableBody(CreateTableStatement statement)
    {
        ArgumentNullException.ThrowIfNull(statement);
        var inlineKey = InlinePrimaryKey(statement);
        var body = new List<Sql>();
        foreach (var column in statement.Columns)
            body.Add(ColumnSql(statement.Table, column, inlineKey is not null && string.Equals(inlineKey, column.Name, StringComparison.OrdinalIgnoreCase)));
        if (statement.PrimaryKey is { } key && inlineKey is null) body.Add(PrimaryKeySql(key));
        foreach (var unique in statement.Uniques) body.Add(UniqueSql(unique));
        foreach (var foreignKey in statement.ForeignKeys) body.Add(ForeignKeySql(foreignKey));
        foreach (var check in statement.Checks) body.Add(CheckSql(check));
        return body;
    }

    /// <summary>
    /// The column whose definition carries the primary key itself (SQLite's <c>INTEGER PRIMARY KEY AUTOINCREMENT</c>),
    /// or null to declare the key as a table constraint.
    /// </summary>
    /// <param name="statement">The statement.</param>
    protected virtual string? InlinePrimaryKey(CreateTableStatement statement) => null;

    /// <summary>Text after the closing parenthesis of CREATE TABLE (MySQL's engine), empty by default.</summary>
    /// <param name="statement">The statement.</param>
    protected virtual Sql TableOptions(CreateTableStatement statement) => Sql.Empty;

    /// <summary>Compiles DROP TABLE.</summary>
    /// <param name="statement">The statement.</param>
    protected virtual IReadOnlyList<Sql> CompileDropTable(DropTableStatement statement)
    {
        ArgumentNullException.ThrowIfNull(statement);
        return [Sql.Raw(statement.IfExists ? "DROP TABLE IF EXISTS " : "DROP TABLE ") + Sql.Identifier(statement.Table)];
    }

    /// <summary>Compiles a table rename (<c>ALTER TABLE … RENAME TO …</c>; the new name stays in the same schema).</summary>
    /// <param name="statement">The statement.</param>
    protected virtual IReadOnlyList<Sql> CompileRenameTable(RenameTableStatement statement)
    {
        ArgumentNullException.ThrowIfNull(statement);
        return [AlterTable(statement.From) + Sql.Raw(" RENAME TO ") + Sql.Identifier(ConstraintNames.Unqualified(statement.To))];
    }

    /// <summary>Compiles ALTER TABLE: each action through its visit method, in order.</summary>
    /// <param name="statement">The statement.</param>
    protected virtual IReadOnlyList<Sql> CompileAlterTable(AlterTableStatement statement)
    {
        ArgumentNullException.ThrowIfNull(statement);
        var result = new List<Sql>();
        foreach (var action in statement.Actions) result.AddRange(VisitAction(statement.Table, action));
        return result;
    }

    /// <summary>Dispatches one alter action to its visit method.</summary>
    /// <param name="table">The table.</param>
    /// <param name="action">The action.</param>
    protected IEnumerable<Sql> VisitAction(string table, AlterTableAction action) => action switch
    {
        AddColumnAction a => VisitAddColumn(table, a),
        DropColumnAction a => VisitDropColumn(table, a),
        RenameColumnAction a => VisitRenameColumn(table, a),
        ChangeColumnAction a => VisitChangeColumn(table, a),
        AddUniqueAction a => VisitAddUnique(table, a),
        DropUniqueAction a => VisitDropUnique(table, a),
        AddIndexAction a => [CreateIndex(table, a.Index, ifNotExists: false)],
        DropIndexAction a => [DropIndex(table, a.Name, ifExists: false)],
        AddForeignKeyAction a => VisitAddForeignKey(table, a),
        DropForeignKeyAction a => VisitDropForeignKey(table, a),
        AddCheckAction a => VisitAddCheck(table, a),
        DropCheckAction a => VisitDropCheck(table, a),
        _ => throw new NotSupportedException($"{GetType().Name} cannot compile a {action?.GetType().Name ?? "null"} action."),
    };

    /// <summary><c>ALTER TABLE t ADD COLUMN …</c>.</summary>
    /// <param name="table">The table.</param>
    /// <param name="action">The action.</param>
    protected virtual IEnumerable<Sql> VisitAddColumn(string table, AddColumnAction action)
    {
        ArgumentNullException.ThrowIfNull(action);
        return [AlterTable(table) + Sql.Raw(" ADD COLUMN ") + ColumnSql(table, action.Column, inlinePrimaryKey: false)];
    }

    /// <summary><c>ALTER TABLE t DROP COLUMN c</c>.</summary>
    /// <param name="table">The table.</param>
    /// <param name="action">The action.</param>
    protected virtual IEnumerable<Sql> VisitDropColumn(string table, DropColumnAction action)
    {
        ArgumentNullException.ThrowIfNull(action);
        return [AlterTable(table) + Sql.Raw(" DROP COLUMN ") + Sql.Identifier(action.Name)];
    }

    /// <summary><c>ALTER TABLE t RENAME COLUMN a TO b</c>.</summary>
    /// <param name="table">The table.</param>
    /// <param name="action">The action.</param>
    protected virtual IEnumerable<Sql> VisitRenameColumn(string table, RenameColumnAction action)
    {
        ArgumentNullException.ThrowIfNull(action);
        return [AlterTable(table) + Sql.Raw(" RENAME COLUMN ") + Sql.Identifier(action.From) + Sql.Raw(" TO ") + Sql.Identifier(action.To)];
    }

    /// <summary>Gives a column its new definition; every dialect writes this its own way.</summary>
    /// <param name="table">The table.</param>
    /// <param name="action">The action.</param>
    protected abstract IEnumerable<Sql> VisitChangeColumn(string table, ChangeColumnAction action);

    /// <summary><c>ALTER TABLE t ADD CONSTRAINT n UNIQUE (…)</c>.</summary>
    /// <param name="table">The table.</param>
    /// <param name="action">The action.</param>
    protected virtual IEnumerable<Sql> VisitAddUnique(string table, AddUniqueAction action)
    {
        ArgumentNullException.ThrowIfNull(action);
        return [AlterTable(table) + Sql.Raw(" ADD ") + UniqueSql(action.Unique)];
    }

    /// <summary><c>ALTER TABLE t DROP CONSTRAINT n</c>.</summary>
    /// <param name="table">The table.</param>
    /// <param name="action">The action.</param>
    protected virtual IEnumerable<Sql> VisitDropUnique(string table, DropUniqueAction action)
    {
        ArgumentNullException.ThrowIfNull(action);
        return [DropConstraint(table, action.Name)];
    }

    /// <summary><c>ALTER TABLE t ADD CONSTRAINT n FOREIGN KEY …</c>.</summary>
    /// <param name="table">The table.</param>
    /// <param name="action">The action.</param>
    protected virtual IEnumerable<Sql> VisitAddForeignKey(string table, AddForeignKeyAction action)
    {
        ArgumentNullException.ThrowIfNull(action);
        return [AlterTable(table) + Sql.Raw(" ADD ") + ForeignKeySql(action.ForeignKey)];
    }

    /// <summary><c>ALTER TABLE t DROP CONSTRAINT n</c>.</summary>
    /// <param name="table">The table.</param>
    /// <param name="action">The action.</param>
    protected virtual IEnumerable<Sql> VisitDropForeignKey(string table, DropForeignKeyAction action)
    {
        ArgumentNullException.ThrowIfNull(action);
        return [DropConstraint(table, action.Name)];
    }

    /// <summary><c>ALTER TABLE t ADD CONSTRAINT n CHECK (…)</c>.</summary>
    /// <param name="table">The table.</param>
    /// <param name="action">The action.</param>
    protected virtual IEnumerable<Sql> VisitAddCheck(string table, AddCheckAction action)
    {
        ArgumentNullException.ThrowIfNull(action);
        return [AlterTable(table) + Sql.Raw(" ADD ") + CheckSql(action.Check)];
    }

    /// <summary><c>ALTER TABLE t DROP CONSTRAINT n</c>.</summary>
    /// <param name="table">The table.</param>
    /// <param name="action">The action.</param>
    protected virtual IEnumerable<Sql> VisitDropCheck(string table, DropCheckAction action)
    {
        ArgumentNullException.ThrowIfNull(action);
        return [DropConstraint(table, action.Name)];
    }

    // ---- pieces -----------------------------------------------------------------------------------

    /// <summary><c>ALTER TABLE t</c>.</summary>
    /// <param name="table">The table.</param>
    protected static Sql AlterTable(string table) => Sql.Raw("ALTER TABLE ") + Sql.Identifier(table);

    /// <summary><c>ALTER TABLE t DROP CONSTRAINT n</c>.</summary>
    /// <param name="table">The table.</param>
    /// <param name="name">The constraint.</param>
    protected static Sql DropConstraint(string table, string name) => AlterTable(table) + Sql.Raw(" DROP CONSTRAINT ") + Sql.Identifier(name);

    /// <summary>Identifiers joined by commas.</summary>
    /// <param name="names">The names.</param>
    protected static Sql Identifiers(IEnumerable<string> names) => Sql.Join(Sql.Raw(", "), names.Select(Sql.Identifier));

    /// <summary>
    /// One column's definition: name, type, NOT NULL, default, the auto-increment clause, and for enums without a
    /// native type the check constraint that limits the values.
    /// </summary>
    /// <param name="table">The table (for the enum check's name).</param>
    /// <param name="column">The column.</param>
    /// <param name="inlinePrimaryKey">True when this column carries the primary key itself (see <see cref="InlinePrimaryKey"/>).</param>
    protected virtual Sql ColumnSql(string table, ColumnDefinition column, bool inlinePrimaryKey)
    {
        ArgumentNullException.ThrowIfNull(column);
        var sql = Sql.Identifier(column.Name) + Sql.Raw(" " + TypeName(column.Type));
        if (!column.IsNullable || column.Type.IsAutoIncrement) sql += Sql.Raw(" NOT NULL");
        if (column.Default is { } value) sql += Sql.Raw(" DEFAULT ") + DefaultSql(column, value);
        if (inlinePrimaryKey) sql += Sql.Raw(" PRIMARY KEY");
        if (column.Type.IsAutoIncrement) sql += AutoIncrement(column);
        if (column.Type.Kind == ColumnKind.Enum && !HasNativeEnums) sql += Sql.Raw(" ") + EnumCheck(table, column);
        return sql;
    }

    /// <summary>What makes an auto-increment column generate its values (after the type and NOT NULL).</summary>
    /// <param name="column">An <see cref="ColumnKind.Increments"/> or <see cref="ColumnKind.BigIncrements"/> column.</param>
    protected abstract Sql AutoIncrement(ColumnDefinition column);

    /// <summary>The check constraint limiting an enum column to its values: <c>CONSTRAINT n CHECK (c IN ('a', 'b'))</c>.</summary>
    /// <param name="table">The table.</param>
    /// <param name="column">The enum column.</param>
    protected Sql EnumCheck(string table, ColumnDefinition column)
    {
        ArgumentNullException.ThrowIfNull(column);
        return Sql.Raw("CONSTRAINT ") + Sql.Identifier(ConstraintNames.Enum(table, column.Name)) + Sql.Raw(" CHECK (")
            + Sql.Identifier(column.Name) + Sql.Raw(" IN (" + string.Join(", ", column.Type.Values.Select(StringLiteral)) + "))");
    }

    /// <summary>The text after DEFAULT: a literal, the current timestamp, or the expression in parentheses.</summary>
    /// <param name="column">The column.</param>
    /// <param name="value">Its default.</param>
    protected virtual Sql DefaultSql(ColumnDefinition column, ColumnDefault value)
    {
        ArgumentNullException.ThrowIfNull(column);
        ArgumentNullException.ThrowIfNull(value);
        if (value.IsCurrentTimestamp) return Sql.Raw(CurrentTimestamp(column.Type));
        if (value.Expression is { } expression) return Sql.Raw("(") + Inline(expression) + Sql.Raw(")");
        return Sql.Raw(Literal(value.Value, column.Type));
    }

    /// <summary>The current timestamp in the precision of a column of <paramref name="type"/>.</summary>
    /// <param name="type">The column type.</param>
    protected virtual string CurrentTimestamp(ColumnType type) => "CURRENT_TIMESTAMP";

    /// <summary><c>CONSTRAINT n PRIMARY KEY (…)</c>.</summary>
    /// <param name="key">The key.</param>
    protected virtual Sql PrimaryKeySql(PrimaryKeyDefinition key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return Sql.Raw("CONSTRAINT ") + Sql.Identifier(key.Name) + Sql.Raw(" PRIMARY KEY (") + Identifiers(key.Columns) + Sql.Raw(")");
    }

    /// <summary><c>CONSTRAINT n UNIQUE (…)</c>.</summary>
    /// <param name="unique">The constraint.</param>
    protected virtual Sql UniqueSql(UniqueDefinition unique)
    {
        ArgumentNullException.ThrowIfNull(unique);
        return Sql.Raw("CONSTRAINT ") + Sql.Identifier(unique.Name) + Sql.Raw(" UNIQUE (") + Identifiers(unique.Columns) + Sql.Raw(")");
    }

    /// <summary><c>CONSTRAINT n FOREIGN KEY (…) REFERENCES t (…)</c> with its actions (NO ACTION, the SQL default, is left out).</summary>
    /// <param name="key">The key.</param>
    protected virtual Sql ForeignKeySql(ForeignKeyDefinition key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var sql = Sql.Raw("CONSTRAINT ") + Sql.Identifier(key.Name) + Sql.Raw(" FOREIGN KEY (") + Identifiers(key.Columns)
            + Sql.Raw(") REFERENCES ") + Sql.Identifier(key.ReferencedTable) + Sql.Raw(" (") + Identifiers(key.ReferencedColumns) + Sql.Raw(")");
        if (key.OnDelete != ReferentialAction.NoAction) sql += Sql.Raw(" ON DELETE " + ActionSql(key.OnDelete));
        if (key.OnUpdate != ReferentialAction.NoAction) sql += Sql.Raw(" ON UPDATE " + ActionSql(key.OnUpdate));
        return sql;
    }

    /// <summary>The SQL words of a referential action.</summary>
    /// <param name="action">The action.</param>
    protected virtual string ActionSql(ReferentialAction action) => action switch
    {
        ReferentialAction.Cascade => "CASCADE",
        ReferentialAction.SetNull => "SET NULL",
        ReferentialAction.SetDefault => "SET DEFAULT",
        ReferentialAction.Restrict => "RESTRICT",
        _ => "NO ACTION",
    };

    /// <summary><c>CONSTRAINT n CHECK (…)</c>.</summary>
    /// <param name="check">The constraint.</param>
    protected virtual Sql CheckSql(CheckDefinition check)
    {
        ArgumentNullException.ThrowIfNull(check);
        return Sql.Raw("CONSTRAINT ") + Sql.Identifier(check.Name) + Sql.Raw(" CHECK (") + Inline(check.Condition) + Sql.Raw(")");
    }

    /// <summary><c>CREATE [UNIQUE] INDEX [IF NOT EXISTS] n ON t (…) [WHERE …]</c>.</summary>
    /// <param name="table">The table.</param>
    /// <param name="index">The index.</param>
    /// <param name="ifNotExists">Do nothing when the index exists.</param>
    /// <exception cref="NotSupportedException">A partial index where the dialect has none.</exception>
    protected virtual Sql CreateIndex(string table, IndexDefinition index, bool ifNotExists)
    {
        ArgumentNullException.ThrowIfNull(index);
        var sql = Sql.Raw((index.IsUnique ? "CREATE UNIQUE INDEX " : "CREATE INDEX ") + (ifNotExists ? "IF NOT EXISTS " : ""))
            + Sql.Identifier(index.Name) + Sql.Raw(" ON ") + Sql.Identifier(table) + Sql.Raw(" (") + Identifiers(index.Columns) + Sql.Raw(")");
        return index.Filter is { } filter ? sql + Sql.Raw(" WHERE ") + Inline(RequirePartialIndexes(index, filter)) : sql;
    }

    /// <summary>Returns <paramref name="filter"/> when partial indexes exist, otherwise throws a clear error.</summary>
    /// <param name="index">The index.</param>
    /// <param name="filter">Its condition.</param>
    protected Sql RequirePartialIndexes(IndexDefinition index, Sql filter)
    {
        ArgumentNullException.ThrowIfNull(index);
        return SupportsPartialIndexes ? filter : throw new NotSupportedException(
            $"Index '{index.Name}' has a WHERE condition, but {GetType().Name.Replace("DdlCompiler", "", StringComparison.Ordinal)} has no partial indexes. " +
            "Index every row, or put the condition into a generated column and index that.");
    }

    /// <summary><c>DROP INDEX [IF EXISTS] n</c> (in the table's schema).</summary>
    /// <param name="table">The table the index belongs to.</param>
    /// <param name="name">The index.</param>
    /// <param name="ifExists">Do nothing when it does not exist.</param>
    protected virtual Sql DropIndex(string table, string name, bool ifExists)
    {
        ArgumentNullException.ThrowIfNull(table);
        var dot = table.LastIndexOf('.');
        var qualified = dot < 0 ? name : table[..dot] + "." + name;
        return Sql.Raw(ifExists ? "DROP INDEX IF EXISTS " : "DROP INDEX ") + Sql.Identifier(qualified);
    }

    // ---- literals ---------------------------------------------------------------------------------

    /// <summary>
    /// <paramref name="fragment"/> with every parameter written as a literal (DDL takes no parameters); identifiers
    /// stay identifiers.
    /// </summary>
    /// <param name="fragment">A condition or expression.</param>
    protected Sql Inline(Sql fragment)
    {
        ArgumentNullException.ThrowIfNull(fragment);
        return fragment.InlineParameters(value => Literal(value));
    }

    /// <summary>
    /// <paramref name="value"/> as a SQL literal of this dialect: strings quoted and escaped, numbers in invariant
    /// form, booleans, dates and times, <see cref="Guid"/>s and <see cref="byte"/>[] in the form the driver writes them.
    /// An enum is its name for text and enum columns, its number otherwise.
    /// </summary>
    /// <param name="value">The value; null is <c>NULL</c>.</param>
    /// <param name="type">The column the value is for, when known.</param>
    /// <exception cref="ArgumentException">A type that cannot be written exactly (NaN, infinity, or another type).</exception>
    public virtual string Literal(object? value, ColumnType? type = null) => value switch
    {
        null => "NULL",
        string s => StringLiteral(s),
        char c => StringLiteral(c.ToString()),
        bool b => BooleanLiteral(b),
        Enum e => type?.Kind is ColumnKind.Enum or ColumnKind.String or ColumnKind.Text ? StringLiteral(e.ToString()) : e.ToString("D"),
        byte or sbyte or short or ushort or int or uint or long or ulong or decimal => ((IFormattable)value).ToString(null, CultureInfo.InvariantCulture),
        float f => FiniteLiteral(f, float.IsFinite(f), f.ToString("R", CultureInfo.InvariantCulture)),
        double d => FiniteLiteral(d, double.IsFinite(d), d.ToString("R", CultureInfo.InvariantCulture)),
        DateTime dt => StringLiteral(AsStored(dt).ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture)),
        DateTimeOffset dto => DateTimeOffsetLiteral(dto),
        DateOnly d => StringLiteral(d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
        TimeOnly t => StringLiteral(t.ToString("HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture)),
        Guid g => GuidLiteral(g),
        byte[] bytes => BinaryLiteral(bytes),
        _ => throw new ArgumentException(
            $"A {value.GetType().Name} cannot be written into DDL as a literal. Use a string, number, bool, DateTime, DateTimeOffset, DateOnly, TimeOnly, " +
            "Guid, enum or byte[], or write the SQL yourself with DefaultSql(…).", nameof(value)),
    };

    /// <summary>A <see cref="DateTime"/> as Strata stores it, in DDL as in parameters: a local time as UTC, any other as it is.</summary>
    /// <param name="value">The date and time.</param>
    protected static DateTime AsStored(DateTime value) => value.Kind == DateTimeKind.Local ? value.ToUniversalTime() : value;

    /// <summary>A quoted string literal; the base doubles single quotes.</summary>
    /// <param name="value">The text.</param>
    protected virtual string StringLiteral(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.Contains('\0', StringComparison.Ordinal))
            throw new ArgumentException("A text literal cannot hold a NUL character (U+0000); no supported database stores one in text.", nameof(value));
        return "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";
    }

    /// <summary>A boolean literal; <c>TRUE</c>/<c>FALSE</c> in the base.</summary>
    /// <param name="value">The value.</param>
    protected virtual string BooleanLiteral(bool value) => value ? "TRUE" : "FALSE";

    /// <summary>A date-time-with-offset literal; the base writes the local time and its offset.</summary>
    /// <param name="value">The value.</param>
    protected virtual string DateTimeOffsetLiteral(DateTimeOffset value) =>
        StringLiteral(value.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFFzzz", CultureInfo.InvariantCulture));

    /// <summary>A UUID literal; the base writes its text form.</summary>
    /// <param name="value">The value.</param>
    protected virtual string GuidLiteral(Guid value) => StringLiteral(value.ToString("D"));

    /// <summary>A binary literal; <c>X'…'</c> in the base.</summary>
    /// <param name="value">The bytes.</param>
    protected virtual string BinaryLiteral(byte[] value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return "X'" + Convert.ToHexString(value) + "'";
    }

    private static string FiniteLiteral(object value, bool finite, string text) => finite
        ? text
        : throw new ArgumentException($"{value} cannot be written into DDL: SQL has no literal for NaN or infinity.", nameof(value));
}
