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
    /// One placeholder per value however long the list: MySqlConnector runs commands unprepared, writing the values into the
    /// statement text on the client, so MySQL's 65,535-placeholder limit of server-side prepared statements does not apply
    /// (only <c>max_allowed_packet</c>, 16 MB by default on MariaDB 10.6+ and MySQL 8). A prepared statement
    /// (<see cref="IDbSession.PrepareAsync"/>) is server-side and keeps that limit.
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
    /// True when <see cref="BulkInsertAsync"/> loads rows with MySqlConnector's <c>MySqlBulkCopy</c> (<c>LOAD DATA LOCAL
    /// INFILE</c>): set when the connection allows local files, through the URL option <c>allow_load_local_infile=true</c> or
    /// <c>AllowLoadLocalInfile=true</c> in a connection string. False sends batched multi-row INSERT statements.
    /// </summary>
    public bool UsesBulkCopy { get; init; }

    /// <inheritdoc />
    /// <remarks>
    /// With <see cref="UsesBulkCopy"/>, <c>MySqlBulkCopy</c>: LOAD DATA turns errors into warnings, so any warning fails
    /// the insert, translated as the error would have been (a duplicate key is a <see cref="UniqueViolationException"/>).
    /// Otherwise batched multi-row INSERT statements. Strata runs either in a transaction (a savepoint inside one), which
    /// takes back every row on a failure in InnoDB tables; a non-transactional (MyISAM) table keeps the rows written before it.
    /// </remarks>
    public override Task<long> BulkInsertAsync(Strata.Bulk.BulkInsertContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        return UsesBulkCopy ? MySqlBulkLoad.RunAsync(this, context, cancellationToken) : base.BulkInsertAsync(context, cancellationToken);
    }

    /// <summary>The value MySqlConnector gets for a normalised value, as for a parameter.</summary>
    internal static object DriverValue(object? value) => ToDriverValue(value);

    /// <inheritdoc />
    public override bool SupportsNullsOrdering => false;

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
        return new DatabaseException(e.Message, details with { IsTransient = e.IsTransient }, e);
    }

    /// <summary>
    /// Translates a warning that <c>LOAD DATA LOCAL INFILE</c> reported instead of an error, into the exception the error
    /// would have raised. The server's text is kept only where it holds no values.
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
                // The server's message quotes the duplicate value; only the key name is kept.
                var key = Group(DuplicateKey());
                return new UniqueViolationException($"Duplicate entry for unique key '{key}' (MySQL error {number}).",
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
                // MySqlConnector sends parameter values inside the statement text, so the excerpt the
                // server quotes after "near" can hold them: only the line number is kept.
                var line = Group(SyntaxErrorLine()) ?? "?";
                return new DatabaseException(
                    $"You have an error in your SQL syntax at line {line} (MySQL error 1064). The server's excerpt is hidden because it can contain parameter values; the statement is in Sql.",
                    details, inner);
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

    [GeneratedRegex(@" at line (\d+)\s*$")]
    private static partial Regex SyntaxErrorLine();

    [GeneratedRegex(@"for key '([^']+)'")]
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
    public override bool SupportsReturning => true;

    /// <inheritdoc />
    /// <remarks>MariaDB returns rows from INSERT and DELETE, not from UPDATE.</remarks>
    public override bool SupportsUpdateReturning => false;

    /// <inheritdoc />
    /// <remarks>The key comes back through RETURNING instead.</remarks>
    public override string? LastInsertIdSql => null;
}
