using System.Collections.Frozen;
using System.Data.Common;
using System.Text.RegularExpressions;
using MySqlConnector;
using Strata.Dialects;

namespace Strata.MySql;

/// <summary>The MySQL dialect: backtick-quoted identifiers, <c>@p0</c> parameters.</summary>
public partial class MySqlDialect : SqlDialect
{
    /// <inheritdoc />
    public override string Name => "mysql";

    /// <inheritdoc />
    public override Strata.Schema.DdlCompiler Ddl => MySqlDdlCompiler.Instance;

    /// <inheritdoc />
    public override Strata.Schema.Introspection.SchemaIntrospector Introspector => MySqlIntrospector.Instance;

    /// <inheritdoc />
    public override Strata.Schema.TableCleaner Cleaner => MySqlTableCleaner.Instance;

    /// <inheritdoc />
    public override Task<Strata.Diagnostics.ServerStatementReport> ReadServerStatisticsAsync(IDbSession session, int top, CancellationToken cancellationToken) =>
        MySqlServerStatistics.ReadAsync(session, top, cancellationToken);

    /// <inheritdoc />
    public override Strata.Scripts.SqlLexicalRules LexicalRules { get; } = new()
    {
        BackslashEscapes = true, HashComments = true, BacktickIdentifiers = true, DelimiterDirective = true,
    };

    /// <inheritdoc />
    /// <remarks>Named locks, which a replica would hold instead of the primary, and MariaDB's sequence functions.</remarks>
    protected override IEnumerable<string> PrimaryOnlyWords { get; } = ["get_lock", "release_lock", "release_all_locks", "nextval", "setval"];

    /// <inheritdoc />
    protected override char QuoteOpen => '`';

    /// <inheritdoc />
    protected override char QuoteClose => '`';

    /// <inheritdoc />
    /// <remarks>
    /// One placeholder per value however long the list: MySqlConnector runs unprepared commands with the values written into
    /// the statement text on the client, so MySQL's 65,535-placeholder limit of server-side prepared statements does not apply
    /// to them (only <c>max_allowed_packet</c>, 16 MB by default on MariaDB 10.6+ and MySQL 8). A prepared statement
    /// (<see cref="IDbSession.PrepareAsync"/>) is server-side and keeps that limit; automatic preparation
    /// (<see cref="AutoPrepare"/>) leaves a statement with more placeholders unprepared.
    /// </remarks>
    public override InListBinding InListBinding => InListBinding.Expanded;

    /// <inheritdoc />
    public override int MaxParameters => 65_535;

    /// <inheritdoc />
    /// <remarks>MySQL accepts OFFSET only after a LIMIT; the documented "all rows" value is the largest unsigned BIGINT.</remarks>
    public override string? LimitForOffsetOnly => "18446744073709551615";

    /// <inheritdoc />
    public override string? LastInsertIdSql => "SELECT LAST_INSERT_ID()";

    /// <inheritdoc />
    /// <remarks>MySqlConnector's <see cref="MySqlCommand.LastInsertedId"/>, from the server's reply (no command runs); 0 there means none.</remarks>
    public override long? ReadLastInsertId(DbCommand command, int rowsAffected, long stateBefore) =>
        command is MySqlCommand { LastInsertedId: > 0 and var id } ? id : null;

    /// <inheritdoc />
    /// <remarks><c>RENAME TABLE a TO b, c TO d</c>, which MySQL and MariaDB apply atomically (foreign keys follow the tables).</remarks>
    public override Sql? RenameTablesSql(IReadOnlyList<(string From, string To)> renames)
    {
        ArgumentNullException.ThrowIfNull(renames);
        if (renames.Count == 0) throw new ArgumentException("RenameTablesSql needs at least one table to rename.", nameof(renames));
        return Sql.Raw("RENAME TABLE ") + Sql.Join(Sql.Raw(", "), renames.Select(r => Sql.Identifier(r.From) + Sql.Raw(" TO ") + Sql.Identifier(r.To)));
    }

    /// <inheritdoc />
    public override bool SupportsFullJoin => false;

    /// <inheritdoc />
    public override MigrationLockKind MigrationLock => MigrationLockKind.Advisory;

    /// <inheritdoc />
    /// <remarks>
    /// <c>GET_LOCK</c> names are server-wide, so the database name is part of the lock's name (hashed when the whole would pass
    /// MySQL's 64-character limit).
    /// </remarks>
    public override async Task<bool> TryAcquireAdvisoryLockAsync(IDbSession session, string name, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        return await session.ScalarAsync<long?>($"SELECT GET_LOCK({await LockNameAsync(session, name, cancellationToken).ConfigureAwait(false)}, 0)", cancellationToken).ConfigureAwait(false) == 1;
    }

    /// <inheritdoc />
    public override async Task ReleaseAdvisoryLockAsync(IDbSession session, string name, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        await session.ScalarAsync<long?>($"SELECT RELEASE_LOCK({await LockNameAsync(session, name, cancellationToken).ConfigureAwait(false)})", cancellationToken).ConfigureAwait(false);
    }

    private static async Task<string> LockNameAsync(IDbSession session, string name, CancellationToken cancellationToken)
    {
        var database = await session.ScalarAsync<string>($"SELECT DATABASE()", cancellationToken).ConfigureAwait(false);
        var full = $"{name}@{database}";
        return full.Length <= 64 ? full : Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(full)));
    }

    /// <summary>
    /// True when <see cref="BulkInsertAsync"/> loads rows with <c>LOAD DATA LOCAL INFILE</c>, streaming them as a tab-separated
    /// file that Strata encodes itself: set when the connection allows local files, through the URL option
    /// <c>allow_load_local_infile=true</c> or <c>AllowLoadLocalInfile=true</c> in a connection string. False sends batched
    /// multi-row INSERT statements.
    /// </summary>
    public bool UsesBulkCopy { get; init; }

    /// <summary>
    /// How the connection stores a <see cref="Guid"/> (MySqlConnector's <c>GuidFormat</c>, with <c>Default</c> resolved), so
    /// that LOAD DATA writes it as a parameter would be: 36 characters unless the connection string says otherwise.
    /// </summary>
    internal MySqlGuidFormat GuidFormat { get; init; } = MySqlGuidFormat.Char36;

    /// <inheritdoc />
    /// <remarks>
    /// With <see cref="UsesBulkCopy"/>, one <c>LOAD DATA LOCAL INFILE</c> whose file Strata writes as the server reads it, typed
    /// values (entities, <see cref="Strata.Bulk.BulkRowSource"/>) without boxing. LOAD DATA turns errors into warnings, so any
    /// warning fails the insert, translated as the error would have been (a duplicate key is a
    /// <see cref="UniqueViolationException"/>). Otherwise batched multi-row INSERT statements. Strata runs either in a
    /// transaction (a savepoint inside one), which takes back every row on a failure in InnoDB tables; a non-transactional
    /// (MyISAM) table keeps the rows written before it.
    /// </remarks>
    public override Task<long> BulkInsertAsync(Strata.Bulk.BulkInsertContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        return UsesBulkCopy ? MySqlBulkLoad.RunAsync(this, context, cancellationToken) : base.BulkInsertAsync(context, cancellationToken);
    }

    /// <summary>
    /// True when repeated parameterised statements are prepared on the server (<see cref="PrepareRepeatedAsync"/>): set by the
    /// driver when the URL says <c>server_prepare=auto</c> and pooled connections are not reset on open
    /// (<c>connection_reset=false</c>, Strata's default), since a reset drops a connection's prepared statements. False
    /// prepares nothing by itself.
    /// </summary>
    public bool AutoPrepare { get; init; }

    private readonly MySqlAutoPrepare _autoPrepare = new();

    /// <inheritdoc />
    /// <remarks>
    /// With <see cref="AutoPrepare"/>, a parameterised statement is prepared from its second run on, for up to 128 distinct
    /// statements: the first run on each pooled connection costs a <c>COM_STMT_PREPARE</c> round trip, and the later ones
    /// run through the binary protocol without the server parsing them again. A statement the server refuses to prepare runs
    /// as text.
    /// </remarks>
    public override ValueTask PrepareRepeatedAsync(DbCommand command, CancellationToken cancellationToken) =>
        AutoPrepare && command is MySqlCommand mySql ? _autoPrepare.PrepareAsync(mySql, cancellationToken) : default;

    /// <summary>The value MySqlConnector gets for a normalised value, as for a parameter.</summary>
    internal static object DriverValue(object? value) => ToDriverValue(value);

    /// <inheritdoc />
    /// <remarks>
    /// NaN and the infinities, of a <see cref="double"/> or a <see cref="float"/>: MySQL's and MariaDB's FLOAT and DOUBLE hold finite
    /// numbers only (MySqlConnector would write the value into the statement as a word the server takes for a column name).
    /// </remarks>
    public override string? DescribeUnstorableValue(object value) => value switch
    {
        double d when !double.IsFinite(d) => NotFinite(d, "double"),
        float f when !float.IsFinite(f) => NotFinite(f, "float"),
        _ => null,
    };

    /// <summary>What <see cref="DescribeUnstorableValue"/> says of NaN or an infinity, for the bulk load's typed values.</summary>
    internal string NotFinite(double value, string type) =>
        $"{(double.IsNaN(value) ? "NaN" : value > 0 ? "positive infinity" : "negative infinity")} (a {type}), which {(Name == "mariadb" ? "MariaDB" : "MySQL")} " +
        "cannot store: its FLOAT and DOUBLE columns hold finite numbers only. Store NULL instead, or keep the special value in a column of its own.";

    /// <inheritdoc />
    public override bool SupportsNullsOrdering => false;

    /// <inheritdoc />
    public override JoinedWriteStyle JoinedUpdateStyle => JoinedWriteStyle.MultiTable;

    /// <inheritdoc />
    public override JoinedWriteStyle JoinedDeleteStyle => JoinedWriteStyle.MultiTable;

    /// <inheritdoc />
    /// <remarks>MySQL wants <c>FROM DUAL</c> before a WHERE in a SELECT of no table.</remarks>
    public override string? FromlessSelectTable => "DUAL";

    /// <inheritdoc />
    /// <remarks>MySQL 8 writes a row of a VALUES statement as <c>ROW(…)</c>.</remarks>
    public override Sql ValuesRow(Sql values) => Sql.Raw("ROW(") + values + Sql.Raw(")");

    /// <inheritdoc />
    /// <remarks>SKIP LOCKED and NOWAIT need MySQL 8.0 or MariaDB 10.6; older servers reject the statement.</remarks>
    public override bool SupportsLockWaitOptions => true;

    /// <inheritdoc />
    /// <remarks>
    /// <c>ON DUPLICATE KEY UPDATE column = VALUES(column)</c>: the conflict columns are not named, since
    /// MySQL reacts to a duplicate on any unique key. MySQL 8.0.20 and later deprecate <c>VALUES()</c> here in
    /// favour of a row alias but still accept it; MariaDB has no alias form. With nothing to update, the first
    /// conflict column is set to itself, which keeps the row unchanged.
    /// </remarks>
    public override Sql UpsertClause(IReadOnlyList<string> conflictColumns, IReadOnlyList<string> updateColumns)
    {
        ArgumentNullException.ThrowIfNull(conflictColumns);
        ArgumentNullException.ThrowIfNull(updateColumns);
        IEnumerable<Sql> assignments = updateColumns.Count == 0
            ? [Sql.Identifier(conflictColumns[0]) + Sql.Raw(" = ") + Sql.Identifier(conflictColumns[0])]
            : updateColumns.Select(c => Sql.Identifier(c) + Sql.Raw(" = VALUES(") + Sql.Identifier(c) + Sql.Raw(")"));
        return Sql.Raw(" ON DUPLICATE KEY UPDATE ") + Sql.Join(Sql.Raw(", "), assignments);
    }

    /// <inheritdoc />
    public override async ValueTask<DbTransaction> BeginTransactionAsync(DbConnection connection, TransactionOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var mysql = (MySqlConnection)connection;
        return await mysql.BeginTransactionAsync(options.Isolation, options.ReadOnly, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public override DatabaseException? TranslateException(Exception exception, string? sql)
    {
        if (exception is not MySqlException e) return null;
        var number = e.Number;
        var details = new DatabaseErrorDetails(Name, e.SqlState, number, Sql: sql);
        // MySqlConnector says so only in its message: the connect timeout ran out while every pooled connection was in use.
        if (e.ErrorCode == MySqlErrorCode.UnableToConnectToHost && e.Message.EndsWith("All pooled connections are in use.", StringComparison.Ordinal))
            return new PoolExhaustedException(details, MaxPoolSize, PoolTimeout, e);
        if (TranslateNumber(number, e.Message, details, e) is { } known) return known;
        if (e.ErrorCode == MySqlErrorCode.CommandTimeoutExpired)
            return new CommandTimeoutException($"The command did not finish within its command timeout: {e.Message}", details, e);
        if (e.ErrorCode is MySqlErrorCode.UnableToConnectToHost or MySqlErrorCode.AccessDenied or MySqlErrorCode.ConnectionCountError ||
            number is 2002 or 2003 or 2006 or 2013 or 1040 or 1042 or 1043 or 1045 or 1047 or 1049 or 1053 or 1927 || e.InnerException is IOException or System.Net.Sockets.SocketException)
        {
            // Bad credentials (1045) and a missing database (1049) fail the same way on every attempt.
            var transient = e.ErrorCode != MySqlErrorCode.AccessDenied && number is not (1045 or 1049);
            return new ConnectionFailureException($"The connection to MySQL failed: {e.Message}", details with { IsTransient = transient }, e);
        }
        // Data errors (1366 incorrect value, 1292 truncated value, 1406 too long, 1264 out of range) name the column.
        var column = LoadedColumn().Match(e.Message) is { Success: true } c ? c.Groups[1].Value : null;
        return new DatabaseException(e.Message, details with { Column = column, IsTransient = e.IsTransient }, e);
    }

    /// <summary>The pool's size, for <see cref="PoolExhaustedException"/>; set by the driver.</summary>
    internal int? MaxPoolSize { get; init; }

    /// <summary>How long a caller waits for a pooled connection (the connect timeout), for <see cref="PoolExhaustedException"/>.</summary>
    internal TimeSpan? PoolTimeout { get; init; }

    /// <inheritdoc />
    /// <remarks>
    /// MySQL and MariaDB write names in backticks (kept) or in single quotes after a word naming them (<c>for key 'email'</c>,
    /// <c>column 'n'</c>, <c>in 'field list'</c>: kept); values are in single quotes too, and are masked, even when they hold
    /// quotes themselves: <c>Duplicate entry '***' for key 'users_email'</c> (1062), <c>Incorrect integer value: '***' for
    /// column `db`.`t`.`n` at row 1</c> (1366, 1292), and the statement excerpt after <c>near</c> (1064), since MySqlConnector
    /// writes parameter values into the statement it sends. 1265, 1406 and 1264 quote only the column.
    /// </remarks>
    public override string RedactValues(string message)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (message.IndexOf('\'', StringComparison.Ordinal) < 0) return message;
        var text = DuplicateEntry().Replace(message, "Duplicate entry '***' for key '");
        text = IncorrectValue().Replace(text, "value: '***'");
        text = NearExcerpt().Replace(text, "near '***' at line ");
        return QuotedValues.Redact(text, '\'', IdentifierWords);
    }

    private static readonly FrozenSet<string> IdentifierWords = QuotedValues.Words(
        "key", "column", "field", "table", "database", "schema", "constraint", "index", "name", "function", "procedure",
        "variable", "user", "trigger", "view", "sequence", "savepoint", "event", "partition", "engine", "in", "plugin", "role");

    /// <summary>The value of 1062/1586, up to the last <c>' for key '</c>, since the value may hold quotes.</summary>
    [GeneratedRegex("""Duplicate entry '.*' for key '(?=[^']*'[^']*$)""", RegexOptions.Multiline)]
    private static partial Regex DuplicateEntry();

    /// <summary>The value of 1366/1292 (<c>Incorrect integer value: 'a'b' for column …</c>, <c>Truncated incorrect DOUBLE value: '…'</c>).</summary>
    [GeneratedRegex("""value: '.*'(?= for |[ \t]*$)""", RegexOptions.Multiline)]
    private static partial Regex IncorrectValue();

    /// <summary>The statement excerpt of 1064, up to <c>' at line N</c>.</summary>
    [GeneratedRegex("""near '.*' at line (?=\d+)""", RegexOptions.Multiline)]
    private static partial Regex NearExcerpt();

    /// <summary>
    /// Translates a warning that <c>LOAD DATA LOCAL INFILE</c> reported instead of an error, into the exception the error
    /// would have raised. Values in the server's text are masked when the exception is shown (<see cref="RedactValues"/>).
    /// </summary>
    internal DatabaseException TranslateWarning(int code, string message, string sql, Exception? inner)
    {
        var details = new DatabaseErrorDetails(Name, null, code, Sql: sql);
        if (TranslateNumber(code, message, details, inner) is { } known) return known;
        var column = LoadedColumn().Match(message) is { Success: true } c ? c.Groups[1].Value : null;
        var row = LoadedRow().Match(message) is { Success: true } r ? r.Groups[1].Value : null;
        if (code == 1263)
            return new NotNullViolationException($"Column '{column}' cannot be null (row {row}; MySQL warning 1263).", details with { Column = column }, inner);
        return new DatabaseException(
            $"The bulk load stopped on MySQL warning {code}" + (column is null ? "" : $" for column '{column}'") + (row is null ? "" : $" in row {row}") +
            ": LOAD DATA would have stored a changed value or skipped the row. Fix the value, or bulk insert without allow_load_local_infile to get the server's error.",
            details with { Column = column }, inner);
    }

    /// <summary>The typed exception for a server error number, or null when the number has none.</summary>
    private static DatabaseException? TranslateNumber(int number, string message, DatabaseErrorDetails details, Exception? inner)
    {
        string? Group(Regex regex, int group = 1) => regex.Match(message) is { Success: true } m ? m.Groups[group].Value : null;
        switch (number)
        {
            case 1062 or 1586:
                // The server's message quotes the duplicate value, which RedactValues masks; the key is the last quoted name.
                var key = Group(DuplicateKey());
                return new UniqueViolationException($"{message} (MySQL error {number}).",
                    details with { Constraint = key, Table = key?.Contains('.', StringComparison.Ordinal) == true ? key[..key.IndexOf('.', StringComparison.Ordinal)] : null }, inner);
            case 1451 or 1452 or 1216 or 1217:
                return new ForeignKeyViolationException(
                    number is 1451 or 1217
                        ? $"Cannot delete or update a parent row: a foreign key constraint fails (MySQL error {number})."
                        : $"Cannot add or update a child row: a foreign key constraint fails (MySQL error {number}).",
                    details with { Constraint = Group(ForeignKeyName()), Table = Group(ForeignKeyTable()) }, inner);
            case 1048 or 1364:
                return new NotNullViolationException(message, details with { Column = Group(ColumnName()) }, inner);
            case 3819 or 4025:
                return new CheckViolationException(message, details with { Constraint = Group(CheckName()) }, inner);
            case 1265 when Group(TruncatedColumn()) is { } column:
                // In strict mode "data truncated" is what a native ENUM column answers to a value outside its list: the
                // column's own check, reported as the check violation other databases raise for the same schema.
                return new CheckViolationException(
                    $"Column '{column}' refused the value: it is not one of the column's allowed values, or does not fit its type (MySQL error 1265).",
                    details with { Column = column }, inner);
            case 1213:
                return new DeadlockException($"{message} (MySQL error 1213: the server rolled the transaction back).", details with { IsTransient = true }, inner);
            case 1205:
                return new LockTimeoutException($"{message} (MySQL error 1205: only the statement was rolled back).", details with { IsTransient = true }, inner);
            case 1064:
                // MySqlConnector sends parameter values inside the statement text, so the excerpt the server quotes after
                // "near" can hold them: RedactValues masks it, and the statement (with placeholders) is in Sql.
                return new DatabaseException($"{message} (MySQL error 1064).", details, inner);
            case 3024 or 1969 or 1317:
                return new CommandTimeoutException($"The command was interrupted: {message}", details, inner);
            default:
                return null;
        }
    }

    [GeneratedRegex(@"column (?:`[^`]*`\.)*[`']([^`']+)[`']", RegexOptions.IgnoreCase)]
    private static partial Regex LoadedColumn();

    [GeneratedRegex(@" at row (\d+)")]
    private static partial Regex LoadedRow();

    [GeneratedRegex(@"for key '([^']+)'$")]
    private static partial Regex DuplicateKey();

    [GeneratedRegex(@"CONSTRAINT `([^`]+)`")]
    private static partial Regex ForeignKeyName();

    [GeneratedRegex(@"\(`[^`]+`\.`([^`]+)`, CONSTRAINT")]
    private static partial Regex ForeignKeyTable();

    [GeneratedRegex(@"^Data truncated for column '([^']+)'")]
    private static partial Regex TruncatedColumn();

    [GeneratedRegex(@"(?:Column|Field) '([^']+)'")]
    private static partial Regex ColumnName();

    [GeneratedRegex(@"(?:CONSTRAINT|constraint) [`']([^`']+)[`']")]
    private static partial Regex CheckName();
}

/// <summary>The MariaDB dialect: MySQL's, plus <c>INSERT … RETURNING</c> (MariaDB 10.5 and later).</summary>
public sealed class MariaDbDialect : MySqlDialect
{
    /// <inheritdoc />
    public override string Name => "mariadb";

    /// <inheritdoc />
    /// <remarks><c>mariadb</c> first, then <c>mysql</c>: a <c>schema.mysql.sql</c> serves both.</remarks>
    public override IReadOnlyList<string> ScriptVariantTags => ["mariadb", "mysql"];

    /// <inheritdoc />
    public override bool SupportsReturning => true;

    /// <inheritdoc />
    /// <remarks>MariaDB returns rows from INSERT and DELETE, not from UPDATE.</remarks>
    public override bool SupportsUpdateReturning => false;

    /// <inheritdoc />
    /// <remarks>The key comes back through RETURNING instead.</remarks>
    public override string? LastInsertIdSql => null;

    /// <inheritdoc />
    /// <remarks>MariaDB takes WITH before SELECT and INSERT … SELECT only.</remarks>
    public override bool SupportsWithOnUpdateDelete => false;

    /// <inheritdoc />
    /// <remarks>MariaDB writes a row of a VALUES list in plain parentheses.</remarks>
    public override Sql ValuesRow(Sql values) => Sql.Raw("(") + values + Sql.Raw(")");

    /// <inheritdoc />
    /// <remarks>
    /// <c>JSON_EQUALS(column, ?) = 1</c> (<c>= 0</c> for <c>&lt;&gt;</c>; MariaDB 10.7 and later): MariaDB stores JSON as text, so
    /// documents are compared by this function, ignoring key order and spacing. The explicit comparison keeps NULL columns out:
    /// MariaDB 10.11 takes <c>WHERE JSON_EQUALS(NULL, ?)</c> on its own for true.
    /// </remarks>
    public override Sql JsonEquals(Sql column, Sql value, bool negated) =>
        Sql.Raw("JSON_EQUALS(") + column + Sql.Raw(", ") + value + Sql.Raw(negated ? ") = 0" : ") = 1");
}
