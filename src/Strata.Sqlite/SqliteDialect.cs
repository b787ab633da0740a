using System.Data;
using System.Data.Common;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;
using SQLitePCL;
using Strata.Dialects;

namespace Strata.Sqlite;

/// <summary>The SQLite dialect: double-quoted identifiers, <c>@p0</c> parameters, BEGIN DEFERRED/IMMEDIATE.</summary>
public sealed partial class SqliteDialect : SqlDialect
{
    private const int Busy = 5;
    private const int Locked = 6;
    private const int Interrupt = 9;
    private const int Constraint = 19;
    private const int CantOpen = 14;
    private const int BusySnapshot = 517;

    /// <inheritdoc />
    public override string Name => "sqlite";

    /// <inheritdoc />
    public override Strata.Schema.DdlCompiler Ddl => SqliteDdlCompiler.Instance;

    /// <inheritdoc />
    public override Strata.Schema.Introspection.SchemaIntrospector Introspector => SqliteIntrospector.Instance;

    /// <inheritdoc />
    public override Strata.Schema.TableCleaner Cleaner => SqliteTableCleaner.Instance;

    /// <inheritdoc />
    public override Strata.Scripts.SqlLexicalRules LexicalRules { get; } = new() { BacktickIdentifiers = true, BracketIdentifiers = true };

    /// <inheritdoc />
    public override bool SupportsReturning => true;

    /// <inheritdoc />
    public override bool SupportsTransactionalDdl => true;

    /// <inheritdoc />
    /// <remarks>Also the forms SQLite's schema builder writes: <c>strftime('%Y-%m-%d %H:%M:%f', 'now')</c> and <c>datetime('now')</c>.</remarks>
    public override bool IsCurrentTimestampDefault(string defaultSql) =>
        base.IsCurrentTimestampDefault(defaultSql) || defaultSql?.Trim() is "strftime('%Y-%m-%d %H:%M:%f', 'now')" or "datetime('now')";

    /// <inheritdoc />
    /// <remarks>SQLite adds a foreign key by rebuilding the table.</remarks>
    public override bool AltersForeignKeysInPlace => false;

    /// <inheritdoc />
    /// <remarks><c>PRAGMA defer_foreign_keys = ON</c>, which lasts until the transaction ends.</remarks>
    public override Task DeferForeignKeyChecksAsync(IDbSession transaction, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        return transaction.ExecuteAsync(Sql.Raw("PRAGMA defer_foreign_keys = ON"), cancellationToken);
    }

    /// <inheritdoc />
    /// <remarks>SQLite has one writer at a time: the run holds a <c>BEGIN IMMEDIATE</c> transaction and each migration is a savepoint in it.</remarks>
    public override MigrationLockKind MigrationLock => MigrationLockKind.ExclusiveTransaction;

    /// <inheritdoc />
    /// <remarks>
    /// Switches foreign keys off for the run (SQLite ignores the pragma inside a transaction), so that a migration may
    /// rebuild a table other tables refer to; <see cref="VerifyMigrationAsync"/> checks them before each migration commits.
    /// The previous setting comes back when the run ends, before the connection returns to the pool.
    /// </remarks>
    public override async Task<IAsyncDisposable?> PrepareMigrationSessionAsync(ConnectionSession session, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        var enabled = await session.ScalarAsync<long>($"PRAGMA foreign_keys", cancellationToken).ConfigureAwait(false) == 1;
        if (!enabled) return null;
        await session.ExecuteAsync($"PRAGMA foreign_keys = OFF", cancellationToken).ConfigureAwait(false);
        return new ForeignKeysOn(session);
    }

    /// <inheritdoc />
    /// <exception cref="ForeignKeyViolationException">Rows break a foreign key; the message names the tables.</exception>
    public override async Task VerifyMigrationAsync(IDbSession session, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        var broken = await session.QueryAsync<(string Table, string Parent)>($"SELECT DISTINCT \"table\", \"parent\" FROM pragma_foreign_key_check", cancellationToken).ConfigureAwait(false);
        if (broken.Count == 0) return;
        throw new ForeignKeyViolationException(
            $"The migration left rows that break foreign keys: {string.Join(", ", broken.Select(b => $"{b.Table} → {b.Parent}"))} (PRAGMA foreign_key_check). Fix the data in the migration before it ends.",
            new DatabaseErrorDetails(Name, Table: broken[0].Table), null);
    }

    private sealed class ForeignKeysOn(ConnectionSession session) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync() => await session.ExecuteAsync($"PRAGMA foreign_keys = ON", CancellationToken.None).ConfigureAwait(false);
    }

    /// <inheritdoc />
    /// <remarks>The connection's <c>last_insert_rowid()</c>, read from its handle (no command runs).</remarks>
    public override long CaptureInsertState(DbCommand command) =>
        command?.Connection is SqliteConnection { Handle: { } handle } ? raw.sqlite3_last_insert_rowid(handle) : 0;

    /// <inheritdoc />
    /// <remarks>
    /// SQLite keeps one <c>last_insert_rowid()</c> per connection and leaves it alone for statements that insert nothing, so the
    /// statement generated it when it changed, or when the statement is an <c>INSERT</c>/<c>REPLACE</c> that wrote rows (its
    /// rowid may equal the previous insert's, into another table). An upsert that updated, or an insert into a
    /// <c>WITHOUT ROWID</c> table, leaves the previous value, which is then what is reported, as SQLite's own function does.
    /// </remarks>
    public override long? ReadLastInsertId(DbCommand command, int rowsAffected, long stateBefore)
    {
        if (rowsAffected <= 0 || command?.Connection is not SqliteConnection { Handle: { } handle }) return null;
        var rowid = raw.sqlite3_last_insert_rowid(handle);
        return rowid != stateBefore || StartsWithInsert(command.CommandText) ? rowid : null;
    }

    /// <summary>Whether the first word of <paramref name="sql"/>, after whitespace and comments, is INSERT or REPLACE.</summary>
    private static bool StartsWithInsert(string sql)
    {
        var i = 0;
        while (i < sql.Length)
        {
            if (char.IsWhiteSpace(sql[i])) i++;
            else if (sql.AsSpan(i).StartsWith("--", StringComparison.Ordinal)) i = sql.IndexOf('\n', i) is var eol and >= 0 ? eol : sql.Length;
            else if (sql.AsSpan(i).StartsWith("/*", StringComparison.Ordinal)) i = sql.IndexOf("*/", i + 2, StringComparison.Ordinal) is var end and >= 0 ? end + 2 : sql.Length;
            else break;
        }
        var rest = sql.AsSpan(i);
        return IsWord(rest, "INSERT") || IsWord(rest, "REPLACE");

        static bool IsWord(ReadOnlySpan<char> text, string word) =>
            text.StartsWith(word, StringComparison.OrdinalIgnoreCase) && (text.Length == word.Length || !SqliteLexer.IsIdentifierPart(text[word.Length]));
    }

    /// <inheritdoc />
    /// <remarks>
    /// Lists keep one placeholder per value, the form SQLite plans best, until a statement would bind more than
    /// <see cref="MaxParameters"/> (32,766 in the bundled SQLite); then each <c>IN</c> list goes as one JSON array read back by
    /// <c>json_each</c>, SQLite's built-in table-valued function: one statement, no temporary table or session state, nothing
    /// to clean up when a reader is abandoned (<c>carray</c> is not compiled into the bundled SQLite).
    /// </remarks>
    public override InListBinding InListBinding => InListBinding.SingleParameterPastLimit;

    /// <inheritdoc />
    /// <remarks>
    /// <c>IN (SELECT … FROM json_each(@p0))</c>; a byte array comes back from its hex digits with <c>unhex</c> (SQLite 3.41), every
    /// other value as <c>json_each</c> reads it, which is how the driver would have bound it (see <see cref="InListParameterValue"/>).
    /// </remarks>
    public override void AppendInListParameter(System.Text.StringBuilder builder, int index, bool negated)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Append(negated ? "NOT IN (" : "IN (").Append("SELECT iif(type = 'array', unhex(value ->> 0), value) FROM json_each(");
        AppendParameterPlaceholder(builder, index);
        builder.Append("))");
    }

    /// <inheritdoc />
    /// <remarks>
    /// A JSON array whose elements <c>json_each</c> returns as each value is bound alone: integers (booleans as 0/1), reals
    /// (decimals as integers or reals, see <see cref="AddParameter"/>), and text in the driver's formats
    /// (<c>yyyy-MM-dd HH:mm:ss.FFFFFFF</c> dates, upper-case GUIDs); byte arrays as their hex digits.
    /// </remarks>
    /// <exception cref="ArgumentException">NaN, which SQLite cannot store, or a value of a type the driver does not bind.</exception>
    public override object InListParameterValue(IReadOnlyList<object?> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        return SqliteJsonList.From(values);
    }

    /// <inheritdoc />
    public override int MaxParameters => 32_766;

    /// <inheritdoc />
    /// <remarks>
    /// A <see cref="decimal"/> is bound as a number (INTEGER when whole and within 64 bits, else a REAL) so that it compares and sums
    /// as one; a <see cref="DateTimeOffset"/> as its UTC instant, so that text order is time order. <see cref="SqliteValues"/> lists
    /// every type. Values come checked by <see cref="DescribeUnstorableValue"/>.
    /// </remarks>
    public override void AddParameter(DbCommand command, int index, object? value) =>
        base.AddParameter(command, index, SqliteValues.ToSqlite(value));

    /// <inheritdoc />
    /// <remarks>Converts the value as <see cref="AddParameter"/> does.</remarks>
    public override void SetParameterValue(DbParameter parameter, object? value) =>
        base.SetParameterValue(parameter, SqliteValues.ToSqlite(value));

    /// <inheritdoc />
    /// <remarks>
    /// Refused: a <see cref="decimal"/> with more than 15 significant digits that is not a whole 64-bit number (a REAL would round
    /// it: keep it as text in a TEXT column), NaN (SQLite has none; infinities are stored), and a <see cref="ulong"/> above
    /// <see cref="long.MaxValue"/> (the driver would store it as a negative number).
    /// </remarks>
    public override string? DescribeUnstorableValue(object value) => SqliteValues.Problem(value);

    /// <inheritdoc />
    /// <remarks>SQLite accepts OFFSET only after a LIMIT; a negative limit means none.</remarks>
    public override string? LimitForOffsetOnly => "-1";

    /// <remarks>A bound <c>LIMIT ?</c> costs SQLite a few microseconds more per statement than <c>LIMIT 1</c> (a third of a
    /// point select), and Microsoft.Data.Sqlite prepares each command's text afresh anyway.</remarks>
    public override bool InlinesPagingCounts => true;

    /// <inheritdoc />
    /// <remarks>
    /// SQLite has no row locks: a writing transaction already locks the whole database. <c>ForUpdate()</c>,
    /// <c>SkipLocked()</c> and <c>NoWait()</c> therefore add nothing; use an IMMEDIATE transaction to serialise writers.
    /// </remarks>
    public override bool SupportsRowLocks => false;

    /// <inheritdoc />
    /// <remarks>RIGHT and FULL JOIN arrived in SQLite 3.39; the engine bundled with Microsoft.Data.Sqlite is newer.</remarks>
    public override bool SupportsFullJoin => true;

    /// <inheritdoc />
    /// <remarks>NULLS FIRST/LAST arrived in SQLite 3.30.</remarks>
    public override bool SupportsNullsOrdering => true;

    /// <inheritdoc />
    public override bool SupportsAggregateFilter => true;

    /// <inheritdoc />
    public override bool SupportsSetOperationAll => false;

    /// <inheritdoc />
    /// <remarks>SQLite has no DELETE … USING: the rows are chosen by their rowid (a WITHOUT ROWID table cannot be deleted through joins).</remarks>
    public override JoinedWriteStyle JoinedDeleteStyle => JoinedWriteStyle.RowIdSubquery;

    /// <inheritdoc />
    /// <remarks>
    /// SQLite keeps dates as text (<c>yyyy-MM-dd HH:mm:ss…</c>, how Microsoft.Data.Sqlite writes them): <c>date(…)</c>, <c>time(…)</c>,
    /// and <c>CAST(strftime('%Y', …) AS INTEGER)</c> for the numeric parts.
    /// </remarks>
    public override Sql DatePart(Sql value, DatePart part) => part switch
    {
        Strata.DatePart.Date => Sql.Raw("date(") + value + Sql.Raw(")"),
        Strata.DatePart.Time => Sql.Raw("time(") + value + Sql.Raw(")"),
        _ => Sql.Raw("CAST(strftime('" + part switch
        {
            Strata.DatePart.Year => "%Y",
            Strata.DatePart.Month => "%m",
            Strata.DatePart.Day => "%d",
            Strata.DatePart.Hour => "%H",
            Strata.DatePart.Minute => "%M",
            Strata.DatePart.Second => "%S",
            _ => throw new ArgumentOutOfRangeException(nameof(part), part, "Unknown date part."),
        } + "', ") + value + Sql.Raw(") AS INTEGER)"),
    };

    /// <inheritdoc />
    /// <remarks>A date or time parameter goes through <c>date(…)</c>/<c>time(…)</c> as well, so both sides are the same text form.</remarks>
    public override Sql DatePartParameter(Sql parameter, DatePart part) => part switch
    {
        Strata.DatePart.Date => Sql.Raw("date(") + parameter + Sql.Raw(")"),
        Strata.DatePart.Time => Sql.Raw("time(") + parameter + Sql.Raw(")"),
        _ => parameter,
    };

    /// <inheritdoc />
    /// <remarks>
    /// One single-row INSERT prepared once and re-bound for every row, in the transaction (or savepoint) Strata runs
    /// the bulk insert in. Each row's statement gets the command timeout.
    /// </remarks>
    public override Task<long> BulkInsertAsync(Strata.Bulk.BulkInsertContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        return SqliteBulkInsert.RunAsync(this, context, cancellationToken);
    }

    /// <inheritdoc />
    /// <remarks>
    /// <see cref="TransactionOptions.Mode"/> decides DEFERRED or IMMEDIATE; EXCLUSIVE behaves as
    /// IMMEDIATE in WAL mode. SQLite transactions are always serializable, and a read-only
    /// transaction is started DEFERRED but not enforced as read-only.
    /// </remarks>
    public override ValueTask<DbTransaction> BeginTransactionAsync(DbConnection connection, TransactionOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var sqlite = (SqliteConnection)connection;
        var mode = options.Mode ?? (options.ReadOnly ? TransactionMode.Deferred : TransactionMode.Immediate);
        var isolation = options.Isolation == IsolationLevel.ReadUncommitted ? IsolationLevel.ReadUncommitted : IsolationLevel.Serializable;
        return new ValueTask<DbTransaction>(sqlite.BeginTransaction(isolation, deferred: mode == TransactionMode.Deferred));
    }

    /// <inheritdoc />
    public override DatabaseException? TranslateException(Exception exception, string? sql)
    {
        if (exception is not SqliteException e) return null;
        var code = e.SqliteErrorCode;
        var extended = e.SqliteExtendedErrorCode;
        if (extended == 0) extended = code;
        var primary = code & 0xFF;
        var message = MessageOf(e);
        var details = new DatabaseErrorDetails(Name, ErrorNumber: extended, Sql: sql);
        switch (primary)
        {
            case Constraint:
                var (table, column) = ParseTarget(message);
                details = details with { Table = table, Column = column };
                return extended switch
                {
                    2067 or 1555 => Create(DatabaseErrorKind.UniqueViolation, message, details with { Constraint = table is null ? null : $"{table}.{column}" }, e),
                    787 => Create(DatabaseErrorKind.ForeignKeyViolation, message, details, e),
                    // ON DELETE/UPDATE RESTRICT fails with SQLITE_CONSTRAINT_TRIGGER, as SQLite enforces it like a trigger.
                    1811 when message.Contains("FOREIGN KEY", StringComparison.Ordinal) => Create(DatabaseErrorKind.ForeignKeyViolation, message, details, e),
                    1299 => Create(DatabaseErrorKind.NotNullViolation, message, details, e),
                    275 => Create(DatabaseErrorKind.CheckViolation, message, details with { Constraint = CheckName(message), Table = null, Column = null }, e),
                    _ => Create(DatabaseErrorKind.Other, message, details, e),
                };
            case Busy when extended == BusySnapshot:
                return Create(DatabaseErrorKind.SerializationFailure,
                    "The transaction's snapshot is stale: another connection wrote since it started reading (SQLITE_BUSY_SNAPSHOT). Re-run the transaction, or start it IMMEDIATE.",
                    details with { IsTransient = true }, e);
            case Busy:
            case Locked:
                return Create(DatabaseErrorKind.LockTimeout,
                    $"The database stayed locked by another connection for the whole busy timeout ({message}).", details with { IsTransient = true }, e);
            case Interrupt:
                // Raised when a statement outlives its command timeout (see SqliteTimedConnection).
                return Create(DatabaseErrorKind.CommandTimeout,
                    "The statement ran longer than its command timeout and was interrupted (SQLITE_INTERRUPT).", details, e);
            case CantOpen:
                return Create(DatabaseErrorKind.ConnectionFailure, $"The SQLite database cannot be opened: {message}", details, e);
            default:
                return Create(DatabaseErrorKind.Other, message, details, e);
        }
    }

    /// <inheritdoc />
    /// <remarks>
    /// SQLite writes names bare (<c>UNIQUE constraint failed: users.email</c>) or in double quotes (<c>near "SELEC"</c>, kept) and
    /// values in single quotes (<c>bad JSON path: '***'</c>, masked). Microsoft.Data.Sqlite's wrapping
    /// (<c>SQLite Error 1: '…'.</c>) is kept around the masked text.
    /// </remarks>
    public override string RedactValues(string message)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (message.IndexOf('\'', StringComparison.Ordinal) < 0) return message;
        var wrapped = QuotedMessage().Match(message);
        if (!wrapped.Success) return Redact(message);
        var inner = wrapped.Groups[1];
        return string.Concat(message.AsSpan(0, inner.Index), Redact(inner.Value), message.AsSpan(inner.Index + inner.Length));
    }

    /// <summary>A value quoted last on its line (<c>bad JSON path: '…'</c>) is masked whole, quotes inside it included; then any other.</summary>
    private static string Redact(string text) => QuotedValues.Redact(ValueAtEnd().Replace(text, "$1'***'"), '\'', NoNames);

    [GeneratedRegex("""(: )'.*'[ \t]*$""", RegexOptions.Multiline)]
    private static partial Regex ValueAtEnd();

    private static readonly System.Collections.Frozen.FrozenSet<string> NoNames = QuotedValues.Words();

    private static DatabaseException Create(DatabaseErrorKind kind, string message, DatabaseErrorDetails details, Exception inner) =>
        DatabaseErrors.Create(kind, message, details, inner);

    private static string MessageOf(SqliteException e)
    {
        // "SQLite Error 19: 'UNIQUE constraint failed: users.email'." → the quoted part is SQLite's own message.
        var m = QuotedMessage().Match(e.Message);
        return m.Success ? m.Groups[1].Value : e.Message;
    }

    private static (string? Table, string? Column) ParseTarget(string message)
    {
        var m = ConstraintTarget().Match(message);
        return m.Success ? (m.Groups[1].Value, m.Groups[2].Value) : (null, null);
    }

    private static string? CheckName(string message)
    {
        var colon = message.IndexOf(':', StringComparison.Ordinal);
        return colon >= 0 ? message[(colon + 1)..].Trim() : null;
    }

    [GeneratedRegex(@"^SQLite Error \d+: '(.*)'\.?$", RegexOptions.Singleline)]
    private static partial Regex QuotedMessage();

    [GeneratedRegex(@"constraint failed: ([A-Za-z0-9_$]+)\.([A-Za-z0-9_$]+)")]
    private static partial Regex ConstraintTarget();
}
