using System.Collections.Frozen;
using System.Data.Common;
using System.Text;

namespace Strata.Dialects;

/// <summary>
/// Everything that differs between databases, in one place per provider: quoting, parameter
/// style, capabilities, transactions and error translation. Core code asks the dialect; it never
/// asks which database it is talking to.
/// </summary>
/// <remarks>Implementations are immutable and thread-safe.</remarks>
public abstract partial class SqlDialect
{
    /// <summary>The dialect's name as used in errors, logs and metrics (<c>postgresql</c>, <c>mysql</c>, <c>sqlite</c>).</summary>
    public abstract string Name { get; }

    /// <summary>The character that opens a quoted identifier.</summary>
    protected virtual char QuoteOpen => '"';

    /// <summary>The character that closes a quoted identifier (doubled inside a name).</summary>
    protected virtual char QuoteClose => '"';

    /// <summary>True when the database supports savepoints, so nested transactions work.</summary>
    public virtual bool SupportsSavepoints => true;

    /// <summary>True when <c>INSERT … RETURNING</c> is available.</summary>
    public virtual bool SupportsReturning => false;

    /// <summary>True when DDL statements can run inside a transaction and be rolled back.</summary>
    public virtual bool SupportsTransactionalDdl => false;

    /// <summary>
    /// The statement that moves <paramref name="table"/>'s identity counter past the highest <paramref name="column"/> value,
    /// after rows were inserted with explicit keys (a restore); null where the database does that by itself (MySQL's
    /// AUTO_INCREMENT, SQLite's rowid and AUTOINCREMENT), which is the default.
    /// </summary>
    /// <param name="table">The table, unquoted.</param>
    /// <param name="column">Its auto-incrementing key column, unquoted.</param>
    /// <exception cref="ArgumentException">An invalid identifier.</exception>
    public virtual Sql? ResetIdentitySql(string table, string column) => null;

    /// <summary>
    /// True when a foreign key can be added to or dropped from a table that holds rows in place (<c>ALTER TABLE … ADD FOREIGN KEY</c>),
    /// so a restore loads the rows first and adds the keys after them; false where that rebuilds the table (SQLite), where a restore
    /// declares the keys with the tables and defers their checks to the commit instead (<see cref="DeferForeignKeyChecksAsync"/>).
    /// </summary>
    public virtual bool AltersForeignKeysInPlace => true;

    /// <summary>
    /// True when a restore in one transaction loads a new table's rows before its primary key and indexes exist and builds them
    /// afterwards (<c>ALTER TABLE … DROP CONSTRAINT</c> after the create, then <c>ADD CONSTRAINT … PRIMARY KEY</c> and <c>CREATE INDEX</c>):
    /// one sort of the loaded rows costs less than keeping the index up to date row by row. False by default: where a key cannot be
    /// added in place (SQLite), or where the table is stored in key order anyway (InnoDB).
    /// </summary>
    public virtual bool BuildsKeysAfterBulkLoad => false;

    /// <summary>
    /// Makes the foreign keys of <paramref name="transaction"/> checked when it commits rather than at each statement, so
    /// rows may arrive in any order (self references, cycles); nothing by default. SQLite sets <c>PRAGMA defer_foreign_keys</c>.
    /// </summary>
    /// <param name="transaction">An open transaction.</param>
    /// <param name="cancellationToken">Cancels the statement.</param>
    public virtual Task DeferForeignKeyChecksAsync(IDbSession transaction, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>
    /// One statement that renames every pair at once, all or none (MySQL's <c>RENAME TABLE a TO b, c TO d</c>), or null
    /// (the default) where the database has none; a restore on a database without transactional DDL builds its tables under
    /// other names and swaps them in with it at the end.
    /// </summary>
    /// <param name="renames">The tables to rename, unquoted, in order.</param>
    /// <exception cref="ArgumentException">An invalid identifier.</exception>
    public virtual Sql? RenameTablesSql(IReadOnlyList<(string From, string To)> renames) => null;

    /// <summary>
    /// True when an introspected column default (<see cref="Schema.Introspection.ColumnSchema.DefaultSql"/>, outer parentheses
    /// removed) means "the current timestamp", so a restore elsewhere can declare it in its own dialect. The base knows
    /// <c>CURRENT_TIMESTAMP</c>, <c>CURRENT_TIMESTAMP(n)</c>, <c>LOCALTIMESTAMP</c> and <c>now()</c>.
    /// </summary>
    /// <param name="defaultSql">The default's SQL text.</param>
    public virtual bool IsCurrentTimestampDefault(string defaultSql) =>
        defaultSql is not null && Transfer.CurrentTimestampDefault.Standard().IsMatch(defaultSql.Trim());

    /// <summary>The most parameters one command may carry.</summary>
    public virtual int MaxParameters => 32_767;

    /// <summary>
    /// How a list in <c>column [NOT] IN ({values})</c> is sent: one placeholder per value (the default), or as one parameter
    /// holding them all, always or once the statement would pass <see cref="MaxParameters"/>. Applies to interpolated and
    /// positional SQL and to the query builder's <c>WhereIn</c> and <c>Contains</c> alike, and gives the same rows either way.
    /// </summary>
    public virtual InListBinding InListBinding => InListBinding.Expanded;

    /// <summary>
    /// Appends what replaces <c>IN (…values…)</c> (or <c>NOT IN (…)</c> when <paramref name="negated"/>) for a list sent as the one
    /// parameter at <paramref name="index"/>, such as <c>= ANY($1)</c>; the text before it ends just before the <c>IN</c>.
    /// </summary>
    /// <param name="builder">Where the text goes.</param>
    /// <param name="index">The parameter's position.</param>
    /// <param name="negated">True for <c>NOT IN</c>.</param>
    /// <exception cref="NotSupportedException">The dialect's <see cref="InListBinding"/> is <see cref="InListBinding.Expanded"/>.</exception>
    public virtual void AppendInListParameter(StringBuilder builder, int index, bool negated) =>
        throw new NotSupportedException($"The {Name} dialect sends every IN list value as its own parameter.");

    /// <summary>The value of the one parameter that carries an IN list (an array, a JSON text), handed to <see cref="AddParameter"/>.</summary>
    /// <param name="values">The list's values, normalised as single parameters are (enums converted); null means SQL NULL.</param>
    /// <exception cref="NotSupportedException">The dialect's <see cref="InListBinding"/> is <see cref="InListBinding.Expanded"/>.</exception>
    /// <exception cref="ArgumentException">The values cannot travel as one parameter (values of unrelated types, a value the database cannot store).</exception>
    public virtual object InListParameterValue(IReadOnlyList<object?> values) =>
        throw new NotSupportedException($"The {Name} dialect sends every IN list value as its own parameter.");

    /// <summary>
    /// The LIMIT text a SELECT needs before <c>OFFSET</c> when it has an offset but no limit (a
    /// "no limit" value such as <c>-1</c>), or null when <c>OFFSET</c> may stand alone.
    /// </summary>
    public virtual string? LimitForOffsetOnly => null;

    /// <summary>
    /// True when the builder writes LIMIT and OFFSET counts into the SQL text as integer literals instead of binding them:
    /// for databases that plan a bound count more slowly and keep no statement cache that varying text would defeat. The
    /// counts are integers, so inlining them cannot inject anything.
    /// </summary>
    public virtual bool InlinesPagingCounts => false;

    /// <summary>
    /// True when <c>SELECT … FOR UPDATE</c> row locks exist. When false, a query's <c>ForUpdate()</c>
    /// adds nothing: the database locks more coarsely on its own (SQLite's writing transaction holds
    /// the whole database).
    /// </summary>
    public virtual bool SupportsRowLocks => true;

    /// <summary>True when <c>UPDATE … RETURNING</c> is available (by default the same as <see cref="SupportsReturning"/>).</summary>
    public virtual bool SupportsUpdateReturning => SupportsReturning;

    /// <summary>True when <c>DELETE … RETURNING</c> is available (by default the same as <see cref="SupportsReturning"/>).</summary>
    public virtual bool SupportsDeleteReturning => SupportsReturning;

    /// <summary>
    /// Without <see cref="SupportsReturning"/>: the statement that reads the key generated by the last
    /// single-row insert on the same connection (e.g. <c>SELECT LAST_INSERT_ID()</c>), or null when there is none.
    /// </summary>
    public virtual string? LastInsertIdSql => null;

    /// <summary>
    /// Called by <see cref="IDbSession.ExecuteAsync"/> just before <paramref name="command"/> runs: whatever the dialect needs
    /// afterwards to tell which id the statement generated (SQLite: the connection's last rowid). 0 here.
    /// </summary>
    /// <param name="command">The command about to run, on its open connection.</param>
    /// <remarks>Runs on every execute, so it must be cheap and must not run a command.</remarks>
    public virtual long CaptureInsertState(DbCommand command) => 0;

    /// <summary>
    /// The id the statement <paramref name="command"/> just ran generated, as <see cref="ExecuteResult.LastInsertId"/> reports
    /// it, or null when it generated none or the database does not tell (the default; PostgreSQL, which has <c>RETURNING</c>).
    /// </summary>
    /// <param name="command">The command that ran, not yet disposed.</param>
    /// <param name="rowsAffected">What the statement reported.</param>
    /// <param name="stateBefore">What <see cref="CaptureInsertState"/> returned before it ran.</param>
    /// <remarks>Runs on every execute, so it must be cheap and must not run a command.</remarks>
    public virtual long? ReadLastInsertId(DbCommand command, int rowsAffected, long stateBefore) => null;

    /// <summary>
    /// Called just before a session runs <paramref name="command"/> (a query, a scalar, a statement, a stream; not a
    /// multi-statement batch or a bulk insert), after the interceptors saw it: a dialect whose driver prepares statements only
    /// when asked (MySQL) prepares the repeated ones here. Does nothing by default; Npgsql prepares by itself
    /// (<c>Max Auto Prepare</c>).
    /// </summary>
    /// <param name="command">The command about to run, on its open connection.</param>
    /// <param name="cancellationToken">Cancels a prepare sent to the server.</param>
    /// <remarks>
    /// Runs on every command, so it must be cheap when there is nothing to do. A failure it throws is reported as the command's
    /// own (translated, logged, counted).
    /// </remarks>
    public virtual ValueTask PrepareRepeatedAsync(DbCommand command, CancellationToken cancellationToken) => default;

    /// <summary>True when <c>RIGHT JOIN</c> is available.</summary>
    public virtual bool SupportsRightJoin => true;

    /// <summary>True when <c>FULL JOIN</c> is available.</summary>
    public virtual bool SupportsFullJoin => true;

    /// <summary>True when ORDER BY accepts <c>NULLS FIRST</c>/<c>NULLS LAST</c>; otherwise the query compiler emulates them with <c>column IS NULL</c>.</summary>
    public virtual bool SupportsNullsOrdering => true;

    /// <summary>True when row locks accept <c>SKIP LOCKED</c> and <c>NOWAIT</c> (only consulted when <see cref="SupportsRowLocks"/> is true).</summary>
    public virtual bool SupportsLockWaitOptions => true;

    /// <summary>True when a case-insensitive <c>ILIKE</c> operator exists; otherwise <c>LOWER(column) LIKE LOWER(value)</c> is used.</summary>
    public virtual bool SupportsILike => false;

    /// <summary>How an UPDATE through joins is written (<see cref="JoinedWriteStyle.FromList"/> by default).</summary>
    public virtual JoinedWriteStyle JoinedUpdateStyle => JoinedWriteStyle.FromList;

    /// <summary>How a DELETE through joins is written (<see cref="JoinedWriteStyle.FromList"/>, <c>USING</c>, by default).</summary>
    public virtual JoinedWriteStyle JoinedDeleteStyle => JoinedWriteStyle.FromList;

    /// <summary>True when <c>WITH …</c> may stand before an UPDATE or DELETE (not on MariaDB).</summary>
    public virtual bool SupportsWithOnUpdateDelete => true;

    /// <summary>The table a SELECT without FROM names when the dialect wants one (MySQL's <c>DUAL</c>), or null to leave FROM out.</summary>
    public virtual string? FromlessSelectTable => null;

    /// <summary>One row of a <c>VALUES</c> list: <c>(a, b)</c>, or MySQL's <c>ROW(a, b)</c>.</summary>
    /// <param name="values">The row's values, joined with commas.</param>
    public virtual Sql ValuesRow(Sql values) => Sql.Raw("(") + values + Sql.Raw(")");

    /// <summary>True when <c>INTERSECT ALL</c> and <c>EXCEPT ALL</c> exist (PostgreSQL, MySQL 8.0.31+, MariaDB 10.5+; not SQLite).</summary>
    public virtual bool SupportsSetOperationAll => true;

    /// <summary>
    /// The part of a date or time value: <c>EXTRACT(YEAR FROM value)</c> for the numeric parts, <c>CAST(value AS DATE)</c> and
    /// <c>CAST(value AS TIME)</c> for <see cref="Strata.DatePart.Date"/> and <see cref="Strata.DatePart.Time"/>. A dialect whose
    /// functions differ overrides it.
    /// </summary>
    /// <param name="value">The column (or expression) to read from.</param>
    /// <param name="part">The part.</param>
    /// <exception cref="ArgumentOutOfRangeException">An unknown part.</exception>
    public virtual Sql DatePart(Sql value, DatePart part) => part switch
    {
        Strata.DatePart.Date => Sql.Raw("CAST(") + value + Sql.Raw(" AS DATE)"),
        Strata.DatePart.Time => Sql.Raw("CAST(") + value + Sql.Raw(" AS TIME)"),
        _ => Sql.Raw("EXTRACT(" + DatePartName(part) + " FROM ") + value + Sql.Raw(")"),
    };

    /// <summary>The parameter a <see cref="DatePart(Sql, Strata.DatePart)"/> is compared with, as the dialect needs it (by default unchanged).</summary>
    /// <param name="parameter">The parameter: an <see cref="int"/>, a <see cref="DateOnly"/> or a <see cref="TimeOnly"/>.</param>
    /// <param name="part">The part it is compared with.</param>
    public virtual Sql DatePartParameter(Sql parameter, DatePart part) => parameter;

    /// <summary>The SQL name of a numeric part: <c>YEAR</c>, <c>MONTH</c>, <c>DAY</c>, <c>HOUR</c>, <c>MINUTE</c>, <c>SECOND</c>.</summary>
    /// <param name="part">A numeric part.</param>
    /// <exception cref="ArgumentOutOfRangeException">Not a numeric part.</exception>
    protected static string DatePartName(DatePart part) => part switch
    {
        Strata.DatePart.Year => "YEAR",
        Strata.DatePart.Month => "MONTH",
        Strata.DatePart.Day => "DAY",
        Strata.DatePart.Hour => "HOUR",
        Strata.DatePart.Minute => "MINUTE",
        Strata.DatePart.Second => "SECOND",
        _ => throw new ArgumentOutOfRangeException(nameof(part), part, "Not a numeric date part."),
    };

    /// <summary>
    /// True when an aggregate takes <c>FILTER (WHERE …)</c>; otherwise the query compiler puts the condition inside the call,
    /// <c>SUM(CASE WHEN … THEN column END)</c>, which aggregates the same rows.
    /// </summary>
    public virtual bool SupportsAggregateFilter => false;

    /// <summary>
    /// The clause that turns an INSERT into an upsert: by default
    /// <c> ON CONFLICT (conflict…) DO UPDATE SET column = excluded.column, …</c>, or <c>DO NOTHING</c> when
    /// there is nothing to update.
    /// </summary>
    /// <param name="conflictColumns">The columns of the unique key that decides a conflict (validated identifiers).</param>
    /// <param name="updateColumns">The columns to overwrite with the inserted values on a conflict.</param>
    public virtual Sql UpsertClause(IReadOnlyList<string> conflictColumns, IReadOnlyList<string> updateColumns)
    {
        ArgumentNullException.ThrowIfNull(conflictColumns);
        ArgumentNullException.ThrowIfNull(updateColumns);
        var target = Sql.Raw(" ON CONFLICT (") + Sql.Join(Sql.Raw(", "), conflictColumns.Select(Sql.Identifier)) + Sql.Raw(")");
        if (updateColumns.Count == 0) return target + Sql.Raw(" DO NOTHING");
        return target + Sql.Raw(" DO UPDATE SET ")
            + Sql.Join(Sql.Raw(", "), updateColumns.Select(c => Sql.Identifier(c) + Sql.Raw(" = excluded.") + Sql.Identifier(c)));
    }

    /// <summary>
    /// True when <see cref="BulkInsertAsync"/> writes every row in one atomic statement (PostgreSQL's COPY), so that
    /// outside a transaction it needs none of its own. False (the default) makes Strata run it in a transaction.
    /// </summary>
    public virtual bool BulkInsertIsAtomic => false;

    /// <summary>
    /// Writes the rows of a bulk insert through <see cref="Bulk.BulkInsertContext.Connection"/>, joining its
    /// transaction, and returns the number of rows the database reports written. This base sends multi-row
    /// <c>INSERT … VALUES</c> statements of <see cref="Bulk.BulkInsertContext.BatchSize"/> rows under
    /// <see cref="MaxParameters"/>, binding values with <see cref="AddParameter"/>, which any database accepts;
    /// providers override it with their driver's fast path.
    /// </summary>
    /// <param name="context">The connection, target, rows and settings; report progress and name the statement being sent through it.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <remarks>Driver exceptions may escape: Strata translates them with <see cref="TranslateException"/> and rolls back.</remarks>
    /// <exception cref="ArgumentException">A row is malformed, or one row needs more parameters than <see cref="MaxParameters"/>.</exception>
    public virtual Task<long> BulkInsertAsync(Bulk.BulkInsertContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        return Bulk.BatchedInsert.RunAsync(this, context, cancellationToken);
    }

    /// <summary>
    /// The dialect that renders a command holding several statements (<see cref="IDbSession.QueryMultipleAsync"/>):
    /// this one, unless its parameter style keeps the driver from running more than one statement per
    /// command, in which case a variant with a style that allows it. Used for placeholders and parameters only.
    /// </summary>
    public virtual SqlDialect MultipleStatementDialect => this;

    /// <summary>How this dialect quotes and comments, for splitting SQL scripts into statements.</summary>
    public virtual Scripts.SqlLexicalRules LexicalRules => Scripts.SqlLexicalRules.Standard;

    /// <summary>
    /// The tables <paramref name="sql"/> writes, lower case and without schema, for the query cache's invalidation: empty when
    /// it writes none (a read, <c>SET</c>, <c>CREATE</c>), null when it writes somewhere that cannot be named from its text
    /// (a multi-table <c>UPDATE</c>, a <c>WITH</c> holding a write, a procedure call). See <see cref="Caching.IQueryResultCache"/>.
    /// </summary>
    /// <param name="sql">The command text as sent.</param>
    /// <remarks>The base reads the statements' leading words with <see cref="LexicalRules"/>; a dialect with other write syntax overrides it.</remarks>
    public virtual IReadOnlyList<string>? WrittenTables(string sql) => Caching.WriteStatements.Find(sql, LexicalRules);

    /// <summary>
    /// True when <paramref name="sql"/> only reads, so that a read replica may run it: each statement starts with
    /// <c>SELECT</c>, <c>WITH</c>, <c>SHOW</c> or <c>VALUES</c> and holds none of the words that write or lock
    /// (<c>INSERT</c>, <c>UPDATE</c>, <c>DELETE</c>, <c>MERGE</c>, <c>INTO</c>, <c>SHARE</c>, and <see cref="PrimaryOnlyWords"/>)
    /// outside quotes and comments. Errs towards false: a false answer only sends the command to the primary.
    /// </summary>
    /// <param name="sql">The rendered command text.</param>
    /// <remarks>Thread-safe; allocates nothing.</remarks>
    public virtual bool IsReadStatement(string sql)
    {
        ArgumentNullException.ThrowIfNull(sql);
        return Replicas.ReadStatements.IsRead(sql, LexicalRules, _writeWords ??= Replicas.ReadStatements.StandardWriteWords.Concat(PrimaryOnlyWords)
            .ToFrozenSet(StringComparer.OrdinalIgnoreCase));
    }

    /// <summary>
    /// Names of functions that must run on the primary even inside a <c>SELECT</c>: those that write (sequences) or
    /// take locks a replica would hold instead (advisory locks). None by default.
    /// </summary>
    protected virtual IEnumerable<string> PrimaryOnlyWords => [];

    private FrozenSet<string>? _writeWords;

    /// <summary>How migration runners exclude each other on this database.</summary>
    public virtual MigrationLockKind MigrationLock => MigrationLockKind.LockRow;

    /// <summary>
    /// Tries once, without waiting, to take the session-level advisory lock <paramref name="name"/> on the connection
    /// of <paramref name="session"/> (a <see cref="ConnectionSession"/>, so the lock stays with one connection).
    /// </summary>
    /// <param name="session">The pinned session that will hold the lock.</param>
    /// <param name="name">The lock's name; the same name is the same lock for every client of the database.</param>
    /// <param name="cancellationToken">Cancels the attempt.</param>
    /// <returns>True when the lock was taken.</returns>
    /// <exception cref="NotSupportedException">The dialect has no advisory locks (see <see cref="MigrationLock"/>).</exception>
    public virtual Task<bool> TryAcquireAdvisoryLockAsync(IDbSession session, string name, CancellationToken cancellationToken) =>
        throw new NotSupportedException($"The {Name} dialect has no advisory locks.");

    /// <summary>Releases an advisory lock taken by <see cref="TryAcquireAdvisoryLockAsync"/> on the same session.</summary>
    /// <param name="session">The session holding the lock.</param>
    /// <param name="name">The lock's name.</param>
    /// <param name="cancellationToken">Cancels the release.</param>
    /// <exception cref="NotSupportedException">The dialect has no advisory locks.</exception>
    public virtual Task ReleaseAdvisoryLockAsync(IDbSession session, string name, CancellationToken cancellationToken) =>
        throw new NotSupportedException($"The {Name} dialect has no advisory locks.");

    /// <summary>
    /// Prepares the pinned session of a migration run before its lock is taken, and returns what undoes it when the run
    /// ends (null for nothing). SQLite switches foreign keys off here, because it cannot inside a transaction and its
    /// table rebuilds need them off; <see cref="VerifyMigrationAsync"/> then checks them per migration.
    /// </summary>
    /// <param name="session">The run's session.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    public virtual Task<IAsyncDisposable?> PrepareMigrationSessionAsync(ConnectionSession session, CancellationToken cancellationToken) =>
        Task.FromResult<IAsyncDisposable?>(null);

    /// <summary>
    /// The tags that pick this database's variant of a SQL file, most specific first: <c>schema.postgres.sql</c> beside
    /// <c>schema.sql</c> (and <c>001_name.postgres.sql</c> beside <c>001_name.sql</c>) is chosen on PostgreSQL. Defaults to
    /// <see cref="Name"/>; a dialect derived from another lists its own tag and then its parent's (MariaDB: <c>mariadb</c>, <c>mysql</c>).
    /// </summary>
    public virtual IReadOnlyList<string> ScriptVariantTags => [Name];

    /// <summary>Checks what a migration did before it commits (SQLite: <c>PRAGMA foreign_key_check</c>); throws when it broke something.</summary>
    /// <param name="session">The migration's session, inside its transaction.</param>
    /// <param name="cancellationToken">Cancels the check.</param>
    public virtual Task VerifyMigrationAsync(IDbSession session, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Compiles schema-builder statements into this dialect's DDL.</summary>
    /// <exception cref="NotSupportedException">The dialect has no schema support.</exception>
    public virtual Schema.DdlCompiler Ddl =>
        throw new NotSupportedException($"The {Name} dialect has no schema builder.");

    /// <summary>Reads the schema of a database of this dialect.</summary>
    /// <exception cref="NotSupportedException">The dialect has no introspection.</exception>
    public virtual Schema.Introspection.SchemaIntrospector Introspector =>
        throw new NotSupportedException($"The {Name} dialect has no schema introspection.");

    /// <summary>
    /// Reads the server's statistics of the <paramref name="top"/> slowest statements (see
    /// <see cref="Diagnostics.ServerStatisticsExtensions.GetServerStatisticsAsync"/>); by default a report saying the database keeps none.
    /// </summary>
    /// <param name="session">The session to read through.</param>
    /// <param name="top">How many statements.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    public virtual Task<Diagnostics.ServerStatementReport> ReadServerStatisticsAsync(IDbSession session, int top, CancellationToken cancellationToken) =>
        Task.FromResult(Diagnostics.ServerStatementReport.NotAvailable(Name,
            $"{Name} keeps no statistics of the statements it runs. Set DatabaseOptions.CollectStatistics for the statements this process sends (db.GetStatistics())."));

    /// <summary>Empties tables and drops whole schemas for <see cref="SchemaBuilder.TruncateAsync"/> and <see cref="SchemaBuilder.DropAllAsync"/>.</summary>
    /// <exception cref="NotSupportedException">The dialect cannot.</exception>
    public virtual Schema.TableCleaner Cleaner =>
        throw new NotSupportedException($"The {Name} dialect cannot empty or drop tables in bulk.");

    /// <summary>Appends <paramref name="identifier"/> quoted, each dot-separated part on its own.</summary>
    /// <param name="builder">Where the text goes.</param>
    /// <param name="identifier">A validated identifier (see <see cref="SqlIdentifier"/>).</param>
    public virtual void AppendQuotedIdentifier(StringBuilder builder, string identifier)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(identifier);
        var start = 0;
        while (true)
        {
            var dot = identifier.IndexOf('.', start);
            var part = dot < 0 ? identifier.AsSpan(start) : identifier.AsSpan(start, dot - start);
            if (part is "*")
            {
                builder.Append('*');
            }
            else
            {
                builder.Append(QuoteOpen);
                foreach (var c in part)
                {
                    if (c == QuoteClose) builder.Append(QuoteClose);
                    builder.Append(c);
                }
                builder.Append(QuoteClose);
            }
            if (dot < 0) return;
            builder.Append('.');
            start = dot + 1;
        }
    }

    /// <summary>Returns <paramref name="identifier"/> quoted for this dialect.</summary>
    /// <param name="identifier">A validated identifier.</param>
    public string QuoteIdentifier(string identifier)
    {
        var builder = new StringBuilder(identifier.Length + 4);
        AppendQuotedIdentifier(builder, identifier);
        return builder.ToString();
    }

    /// <summary>Appends the placeholder for the parameter at <paramref name="index"/> (zero-based).</summary>
    /// <param name="builder">Where the text goes.</param>
    /// <param name="index">The parameter's position.</param>
    public virtual void AppendParameterPlaceholder(StringBuilder builder, int index)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Append("@p").Append(index);
    }

    /// <summary>
    /// The length of the placeholder <see cref="AppendParameterPlaceholder"/> writes (<c>@p0</c> here) that
    /// <paramref name="text"/> starts with, or 0 when it starts with none. SqlQuery statistics use it to give statements
    /// whose <c>IN</c> lists differ in length one shape.
    /// </summary>
    /// <param name="text">SQL text from the position to look at.</param>
    public virtual int MatchParameterPlaceholder(ReadOnlySpan<char> text) => MatchPlaceholder(text, "@p");

    /// <summary>The length of <paramref name="prefix"/> followed by at least one digit at the start of <paramref name="text"/>, or 0.</summary>
    /// <param name="text">SQL text from the position to look at.</param>
    /// <param name="prefix">What the placeholder starts with (<c>@p</c>, <c>$</c>).</param>
    protected static int MatchPlaceholder(ReadOnlySpan<char> text, string prefix)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        if (!text.StartsWith(prefix, StringComparison.Ordinal)) return 0;
        var end = prefix.Length;
        while (end < text.Length && char.IsAsciiDigit(text[end])) end++;
        return end > prefix.Length ? end : 0;
    }

    /// <summary>Adds the parameter at <paramref name="index"/> with <paramref name="value"/> to <paramref name="command"/>.</summary>
    /// <param name="command">The command being built.</param>
    /// <param name="index">The parameter's position, matching its placeholder.</param>
    /// <param name="value">The value, already normalised by core (enums converted); null means SQL NULL.</param>
    public virtual void AddParameter(DbCommand command, int index, object? value)
    {
        ArgumentNullException.ThrowIfNull(command);
        var parameter = command.CreateParameter();
        parameter.ParameterName = ParameterName(index);
        parameter.Value = ToDriverValue(value);
        command.Parameters.Add(parameter);
    }

    /// <summary>
    /// Why this database cannot store <paramref name="value"/> as it is, as a phrase that names the kind of value (never the value
    /// itself) and says what to do instead, or null when it can (the default). Strata asks for every parameter before a command is
    /// built, with the value as <see cref="AddParameter"/> will get it (converted, enums as numbers or names), and throws
    /// <see cref="UnstorableValueError"/>, naming the column where it knows it (builder writes, repositories, bulk inserts).
    /// </summary>
    /// <param name="value">The normalised value, not null.</param>
    /// <remarks>Runs for every parameter, so it must be cheap for the common types; it must be thread-safe.</remarks>
    public virtual string? DescribeUnstorableValue(object value) => null;

    /// <summary>
    /// The error for a value the database cannot store: <c>The value for column 'ratio' is …</c>, or <c>A parameter is …</c> when
    /// the column is not known, followed by <paramref name="problem"/> (see <see cref="DescribeUnstorableValue"/>).
    /// </summary>
    /// <param name="problem">What <see cref="DescribeUnstorableValue"/> said.</param>
    /// <param name="column">The column the value was for, or null.</param>
    protected internal static ArgumentOutOfRangeException UnstorableValueError(string problem, string? column) =>
        new(null, (column is null ? "A parameter is " : $"The value for column '{column}' is ") + problem);

    /// <summary>Sets a new value on an existing parameter of a prepared command.</summary>
    /// <param name="parameter">The parameter created by <see cref="AddParameter"/>.</param>
    /// <param name="value">The new value; null means SQL NULL.</param>
    public virtual void SetParameterValue(DbParameter parameter, object? value)
    {
        ArgumentNullException.ThrowIfNull(parameter);
        parameter.Value = ToDriverValue(value);
    }

    /// <summary>
    /// The value handed to the driver: <see cref="DBNull"/> for null, and JSON (<see cref="JsonText"/>, or a
    /// <see cref="System.Text.Json.JsonDocument"/> or <see cref="System.Text.Json.JsonElement"/> given to a dialect directly) as its
    /// JSON text, which is how drivers without a JSON type store it.
    /// </summary>
    /// <param name="value">The normalised value.</param>
    protected static object ToDriverValue(object? value) => value switch
    {
        null => DBNull.Value,
        System.Text.Json.JsonElement element => element.GetRawText(),
        System.Text.Json.JsonDocument document => document.RootElement.GetRawText(),
        JsonText json => json.Json,
        _ => value,
    };

    /// <summary>The name given to the parameter at <paramref name="index"/> (matching its placeholder).</summary>
    /// <param name="index">The parameter's position.</param>
    protected virtual string ParameterName(int index) => ParameterNames.Get(index);

    /// <summary>
    /// Starts a transaction on <paramref name="connection"/> with the options' isolation level,
    /// read-only flag and mode.
    /// </summary>
    /// <param name="connection">An open connection.</param>
    /// <param name="options">What kind of transaction.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    public virtual async ValueTask<DbTransaction> BeginTransactionAsync(DbConnection connection, TransactionOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(options);
        var transaction = await connection.BeginTransactionAsync(options.Isolation, cancellationToken).ConfigureAwait(false);
        if (options.ReadOnly)
        {
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = "SET TRANSACTION READ ONLY";
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        return transaction;
    }

    /// <summary>
    /// Returns <paramref name="message"/>, an error text of the database or its driver, with the values it quotes replaced by
    /// <see cref="QuotedValues.Mask"/> (<c>***</c>), keeping what helps debugging: codes, and the names of constraints,
    /// columns, tables and types. Strata applies it to the message and <see cref="DatabaseException.ToString"/> of every error it
    /// translates (inner exceptions included), unless <see cref="DatabaseOptions.IncludeValuesInErrors"/> is on. The base masks
    /// every text in single or double quotes; providers keep the names their database quotes.
    /// </summary>
    /// <param name="message">The text to redact; Strata's own wording around the server's text passes through unchanged.</param>
    /// <remarks>Must be thread-safe and idempotent: a redacted text redacted again is the same text.</remarks>
    public virtual string RedactValues(string message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return QuotedValues.Redact(QuotedValues.Redact(message, '\'', NoWords), '"', NoWords);
    }

    private static readonly FrozenSet<string> NoWords = QuotedValues.Words();

    /// <summary>
    /// Translates a driver exception into a <see cref="DatabaseException"/>, or returns null when it
    /// is not a database error (argument errors, cancellation by the caller).
    /// </summary>
    /// <param name="exception">What the driver threw.</param>
    /// <param name="sql">The command text, when a command was running.</param>
    public abstract DatabaseException? TranslateException(Exception exception, string? sql);
}
