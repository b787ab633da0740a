using System.Collections.Frozen;
using System.Data.Common;
using System.Text;
using System.Text.RegularExpressions;
using Npgsql;
using Strata.Dialects;

namespace Strata.Postgres;

/// <summary>
/// The PostgreSQL dialect: double-quoted identifiers and positional <c>$1</c> parameters, which
/// Npgsql sends without rewriting the SQL text.
/// </summary>
public partial class PostgresDialect : SqlDialect
{
    /// <inheritdoc />
    public override string Name => "postgresql";

    /// <inheritdoc />
    public override Strata.Schema.DdlCompiler Ddl => PostgresDdlCompiler.Instance;

    /// <inheritdoc />
    public override Strata.Schema.Introspection.SchemaIntrospector Introspector => PostgresIntrospector.Instance;

    /// <inheritdoc />
    public override Strata.Schema.TableCleaner Cleaner => PostgresTableCleaner.Instance;

    /// <inheritdoc />
    public override Task<Strata.Diagnostics.ServerStatementReport> ReadServerStatisticsAsync(IDbSession session, int top, CancellationToken cancellationToken) =>
        PostgresServerStatistics.ReadAsync(session, top, cancellationToken);

    /// <inheritdoc />
    public override Strata.Scripts.SqlLexicalRules LexicalRules { get; } = new() { DollarQuotes = true, NestedBlockComments = true };

    /// <inheritdoc />
    /// <remarks>Sequences and advisory locks: a standby refuses the first and would hold the second itself.</remarks>
    protected override IEnumerable<string> PrimaryOnlyWords { get; } =
    [
        "nextval", "setval", "pg_advisory_lock", "pg_advisory_lock_shared", "pg_try_advisory_lock", "pg_try_advisory_lock_shared",
        "pg_advisory_xact_lock", "pg_advisory_xact_lock_shared", "pg_try_advisory_xact_lock", "pg_try_advisory_xact_lock_shared",
        "pg_advisory_unlock", "pg_advisory_unlock_shared", "pg_advisory_unlock_all",
    ];

    /// <inheritdoc />
    public override bool SupportsReturning => true;

    /// <inheritdoc />
    public override bool SupportsTransactionalDdl => true;

    /// <inheritdoc />
    public override bool BuildsKeysAfterBulkLoad => true;

    /// <inheritdoc />
    /// <remarks>Explicit keys do not advance an identity's sequence on PostgreSQL: <c>setval</c> moves it to the highest key (the next one is 1 on an empty table).</remarks>
    public override Sql? ResetIdentitySql(string table, string column)
    {
        Sql head = $"SELECT setval(pg_get_serial_sequence({QuoteIdentifier(table)}, {column}), COALESCE((SELECT MAX(";
        return head + Sql.Identifier(column) + Sql.Raw(") FROM ") + Sql.Identifier(table) + Sql.Raw("), 0) + 1, false)");
    }

    /// <inheritdoc />
    public override int MaxParameters => 65_535;

    /// <inheritdoc />
    public override bool SupportsILike => true;

    /// <inheritdoc />
    public override bool SupportsAggregateFilter => true;

    /// <inheritdoc />
    /// <remarks>The second drops its fraction (<c>FLOOR(EXTRACT(SECOND FROM …))</c>), as on the other databases.</remarks>
    public override Sql DatePart(Sql value, DatePart part) =>
        part == Strata.DatePart.Second ? Sql.Raw("FLOOR(") + base.DatePart(value, part) + Sql.Raw(")") : base.DatePart(value, part);

    /// <inheritdoc />
    /// <remarks><c>postgres</c> or <c>postgresql</c>: <c>schema.postgres.sql</c>.</remarks>
    public override IReadOnlyList<string> ScriptVariantTags => ["postgres", "postgresql"];

    /// <inheritdoc />
    /// <remarks>
    /// Every <c>IN</c> list goes as one array: <c>column = ANY($1)</c>, and <c>NOT IN</c> as <c>column &lt;&gt; ALL($1)</c>, which mean the
    /// same (NULLs included). A statement then has one text whatever its lists' lengths, so Npgsql prepares it once, no list is
    /// too long (PostgreSQL takes 65,535 parameters), and on this project's measurements it ran as fast as one placeholder per
    /// value for short lists and faster for long ones (bench/README.md). The array's element type comes from the values (see
    /// <see cref="InListParameterValue"/>). Rewriting <c>IN</c> into <c>= ANY</c> changes precedence only where an <c>IN</c>
    /// stands right of another comparison (<c>a = b IN (…)</c>), which PostgreSQL then refuses: add parentheses.
    /// </remarks>
    public override InListBinding InListBinding => InListBinding.SingleParameter;

    /// <inheritdoc />
    public override void AppendInListParameter(StringBuilder builder, int index, bool negated)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Append(negated ? "<> ALL(" : "= ANY(");
        AppendParameterPlaceholder(builder, index);
        builder.Append(')');
    }

    /// <inheritdoc />
    /// <remarks>
    /// A typed array of the values (<c>long[]</c>, <c>string[]</c>, <c>Guid?[]</c> with NULLs, …) whose element type is theirs:
    /// integers of different widths become <c>long</c>, numbers with a <c>double</c> <c>double</c>, numbers with a <c>decimal</c>
    /// <c>decimal</c>, and <c>char</c>s strings. A list of NULLs only is a NULL array, which matches no row, as <c>IN (NULL, …)</c>.
    /// </remarks>
    /// <exception cref="ArgumentException">Values of unrelated types (a number and a string).</exception>
    public override object InListParameterValue(IReadOnlyList<object?> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        return PostgresArrays.From(values);
    }


    /// <inheritdoc />
    public override MigrationLockKind MigrationLock => MigrationLockKind.Advisory;

    /// <inheritdoc />
    /// <remarks><c>pg_try_advisory_lock</c> on a 64-bit key hashed from the name; advisory locks are per database.</remarks>
    public override async Task<bool> TryAcquireAdvisoryLockAsync(IDbSession session, string name, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        return await session.ScalarAsync<bool>($"SELECT pg_try_advisory_lock({LockKey(name)})", cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public override async Task ReleaseAdvisoryLockAsync(IDbSession session, string name, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        await session.ScalarAsync<bool>($"SELECT pg_advisory_unlock({LockKey(name)})", cancellationToken).ConfigureAwait(false);
    }

    private static long LockKey(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return BitConverter.ToInt64(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(name)), 0);
    }

    /// <inheritdoc />
    public override void AppendParameterPlaceholder(StringBuilder builder, int index)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Append('$').Append(index + 1);
    }

    /// <inheritdoc />
    public override int MatchParameterPlaceholder(ReadOnlySpan<char> text) => MatchPlaceholder(text, "$");

    /// <inheritdoc />
    /// <remarks>JSON (<see cref="JsonText"/>) is sent as <c>jsonb</c>, which PostgreSQL also stores into a <c>json</c> column.</remarks>
    public override void AddParameter(DbCommand command, int index, object? value)
    {
        ArgumentNullException.ThrowIfNull(command);
        command.Parameters.Add(value is JsonText json
            ? new NpgsqlParameter { Value = json.Json, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Jsonb }
            : new NpgsqlParameter { Value = DriverValue(value) });
    }

    /// <inheritdoc />
    public override void SetParameterValue(DbParameter parameter, object? value)
    {
        ArgumentNullException.ThrowIfNull(parameter);
        var npgsql = (NpgsqlParameter)parameter;
        if (value is JsonText json)
        {
            npgsql.NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Jsonb;
            parameter.Value = json.Json;
            return;
        }
        // A parameter that held JSON before infers its type from the new value again.
        if (npgsql.NpgsqlDbType == NpgsqlTypes.NpgsqlDbType.Jsonb) npgsql.ResetDbType();
        parameter.Value = DriverValue(value);
    }

    /// <inheritdoc />
    /// <remarks>One binary COPY is atomic on its own, so outside a transaction it runs without one.</remarks>
    public override bool BulkInsertIsAtomic => true;

    /// <inheritdoc />
    /// <remarks>
    /// One binary <c>COPY … FROM STDIN (FORMAT BINARY)</c>, each value written as the PostgreSQL type its .NET type maps to
    /// (as Npgsql infers for a parameter), a converted type as the type it is stored as. COPY converts nothing, so that type must be
    /// the column's: <c>int</c> for <c>integer</c>, <c>long</c> for <c>bigint</c>, <c>decimal</c> for <c>numeric</c>. A
    /// <see cref="DateTime"/> (UTC or unspecified: a local one arrives converted) suits <c>timestamp</c> and <c>timestamptz</c>
    /// alike, as both hold the same microseconds, and a <see cref="DateTimeOffset"/> <c>timestamptz</c>.
    /// </remarks>
    public override Task<long> BulkInsertAsync(Strata.Bulk.BulkInsertContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        return PostgresBulkCopy.RunAsync(this, context, cancellationToken);
    }

    /// <inheritdoc />
    /// <remarks>
    /// Npgsql sends a command with positional <c>$1</c> parameters as one statement, which PostgreSQL
    /// refuses when it holds several. With named <c>@p0</c> parameters Npgsql splits the statements
    /// itself and binds each one's parameters, so multi-statement commands use those.
    /// </remarks>
    public override SqlDialect MultipleStatementDialect => NamedParameterDialect.Instance;

    /// <summary>
    /// PostgreSQL's timestamptz holds an instant, and Npgsql only writes offset-zero values, so a
    /// <see cref="DateTimeOffset"/> is sent as the same instant in UTC. A collection goes as an array Npgsql can write (see
    /// <see cref="PostgresArrays.Parameter"/>).
    /// </summary>
    internal static object DriverValue(object? value) => value switch
    {
        null => DBNull.Value,
        DateTimeOffset o when o.Offset != TimeSpan.Zero => o.ToUniversalTime(),
        byte b => (short)b,
        sbyte s => (short)s,
        JsonText json => json.Json,
        System.Collections.IEnumerable items when items is not string and not byte[] => PostgresArrays.Parameter(items),
        _ => value,
    };

    /// <inheritdoc />
    public override DatabaseException? TranslateException(Exception exception, string? sql)
    {
        if (exception is PostgresException pg)
        {
            // A unique or foreign key detail names the key's column, when Npgsql passes details on ("Include Error Detail").
            var column = pg.ColumnName ?? (pg.Detail is { } detail && DetailKeyColumn().Match(detail) is { Success: true } key ? key.Groups[1].Value : null);
            var details = new DatabaseErrorDetails(Name, pg.SqlState, null, pg.ConstraintName, pg.TableName, column, sql);
            if (pg.SqlState is "08P01" or "22P03" && sql?.StartsWith("COPY ", StringComparison.Ordinal) == true) return CopyTypeMismatch(pg, details);
            var message = $"{pg.MessageText} (SQLSTATE {pg.SqlState})";
            var kind = pg.SqlState switch
            {
                "23505" => DatabaseErrorKind.UniqueViolation,
                "23503" => DatabaseErrorKind.ForeignKeyViolation,
                "23502" => DatabaseErrorKind.NotNullViolation,
                "23514" => DatabaseErrorKind.CheckViolation,
                "40P01" => DatabaseErrorKind.Deadlock,
                "40001" => DatabaseErrorKind.SerializationFailure,
                "55P03" => DatabaseErrorKind.LockTimeout,
                "57014" => DatabaseErrorKind.CommandTimeout,
                "57P01" or "57P02" or "57P03" or "53300" => DatabaseErrorKind.ConnectionFailure,
                { } s when s.StartsWith("08", StringComparison.Ordinal) => DatabaseErrorKind.ConnectionFailure,
                // Class 28: the server refused the login (wrong password, no pg_hba.conf entry); 3D000: no such database.
                { } s when s.StartsWith("28", StringComparison.Ordinal) || s == "3D000" => DatabaseErrorKind.ConnectionFailure,
                _ => DatabaseErrorKind.Other,
            };
            // A refused login or a missing database fails the same way on every attempt.
            var permanent = pg.SqlState.StartsWith("28", StringComparison.Ordinal) || pg.SqlState == "3D000";
            var transient = kind is DatabaseErrorKind.Deadlock or DatabaseErrorKind.SerializationFailure or DatabaseErrorKind.LockTimeout
                || kind == DatabaseErrorKind.ConnectionFailure && !permanent;
            if (kind == DatabaseErrorKind.UniqueViolation && pg.ConstraintName is not null)
                message = $"Duplicate value for unique constraint \"{pg.ConstraintName}\" on table \"{pg.TableName}\" (SQLSTATE 23505)";
            return DatabaseErrors.Create(kind, message, details with { IsTransient = transient }, pg);
        }
        if (exception is NpgsqlException npgsql)
        {
            var details = new DatabaseErrorDetails(Name, npgsql.SqlState, Sql: sql, IsTransient: true);
            // Npgsql says so only in its message: no connection of the pool became free within Timeout.
            if (npgsql.InnerException is TimeoutException && npgsql.Message.StartsWith("The connection pool has been exhausted", StringComparison.Ordinal))
                return new PoolExhaustedException(details, MaxPoolSize, PoolTimeout, npgsql);
            if (npgsql.InnerException is TimeoutException && sql is not null)
                return new CommandTimeoutException($"The command did not finish within its command timeout: {npgsql.Message}", details with { IsTransient = false }, npgsql);
            if (npgsql.IsTransient || npgsql.InnerException is IOException or System.Net.Sockets.SocketException or TimeoutException)
                return new ConnectionFailureException($"The connection to PostgreSQL failed: {npgsql.Message}", details, npgsql);
            return new DatabaseException(npgsql.Message, details with { IsTransient = false }, npgsql);
        }
        return null;
    }

    /// <inheritdoc />
    /// <remarks>
    /// PostgreSQL writes names and values alike in double quotes. Kept: a quoted text after a word naming an object
    /// (<c>relation</c>, <c>column</c>, <c>constraint</c>, <c>type</c>, <c>encoding</c>, <c>parameter</c>, … and <c>near</c>, whose
    /// excerpt is SQL text, where values are placeholders). Masked: the input of class 22 errors
    /// (<c>invalid input syntax for type integer: "***"</c>, <c>value "***" is out of range</c>), the keys and rows of a detail
    /// (<c>Key (email)=(***) already exists.</c>, <c>Failing row contains (***).</c>), byte sequences (<c>0x**</c>), and any other
    /// quoted text.
    /// </remarks>
    public override string RedactValues(string message)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (message.IndexOf('"', StringComparison.Ordinal) < 0 && message.IndexOf("=(", StringComparison.Ordinal) < 0 &&
            message.IndexOf("contains (", StringComparison.Ordinal) < 0 && message.IndexOf("0x", StringComparison.Ordinal) < 0)
            return message;
        var text = InputAfterColon().Replace(message, "$1\"***\"");
        text = OutOfRangeValue().Replace(text, "$1\"***\"$3");
        text = KeyValues().Replace(text, ")=(***)");
        text = FailingRow().Replace(text, "Failing row contains (***)");
        text = ByteSequence().Replace(text, "0x**");
        return QuotedValues.Redact(text, '"', IdentifierWords);
    }

    private static readonly FrozenSet<string> IdentifierWords = QuotedValues.Words(
        "relation", "column", "table", "constraint", "index", "type", "schema", "function", "procedure", "routine", "aggregate",
        "operator", "database", "role", "user", "sequence", "view", "encoding", "parameter", "trigger", "extension", "collation",
        "domain", "tablespace", "server", "policy", "rule", "cursor", "statement", "portal", "savepoint", "near", "reference",
        "channel", "publication", "subscription", "attribute", "conversion", "language", "family", "class");

    /// <summary>The one column of a key in a detail: <c>Key (email)=(…)</c>.</summary>
    [GeneratedRegex("""^Key \(([^,()]+)\)=\(""")]
    private static partial Regex DetailKeyColumn();

    /// <summary>The pool's size, for <see cref="PoolExhaustedException"/>; set by the driver.</summary>
    internal int? MaxPoolSize { get; init; }

    /// <summary>How long a caller waits for a pooled connection (Npgsql's Timeout), for <see cref="PoolExhaustedException"/>.</summary>
    internal TimeSpan? PoolTimeout { get; init; }

    /// <summary>The input a class 22 error quotes at the end of its line (before Strata's <c>(SQLSTATE …)</c>): <c>…for type integer: "abc"</c>.</summary>
    [GeneratedRegex("""(: )"(.*)"(?=[ \t]*(?:\(SQLSTATE [0-9A-Z]{5}\))?[ \t]*$)""", RegexOptions.Multiline)]
    private static partial Regex InputAfterColon();

    /// <summary><c>value "99999999999" is out of range for type integer</c>, and <c>invalid value "xx" for "DD"</c>.</summary>
    [GeneratedRegex("""(\bvalue )"(.*)"( is out of range| for )""")]
    private static partial Regex OutOfRangeValue();

    /// <summary>The values of a key in a detail: <c>Key (email)=(a@b) already exists.</c>, up to a known ending or the line's end.</summary>
    [GeneratedRegex("""\)=\((.*?)\)(?= already exists| is not present| is still referenced| conflicts with|\.?[ \t]*$)""", RegexOptions.Multiline)]
    private static partial Regex KeyValues();

    /// <summary><c>Failing row contains (1, null, abc).</c>: the whole row, to the line's end.</summary>
    [GeneratedRegex("""Failing row contains \(.*\)""")]
    private static partial Regex FailingRow();

    /// <summary>Bytes quoted as <c>0xff 0x00</c> (<c>invalid byte sequence for encoding "UTF8": 0xff</c>).</summary>
    [GeneratedRegex("""0x[0-9a-fA-F]{2}(?: 0x[0-9a-fA-F]{2})*""")]
    private static partial Regex ByteSequence();

    /// <summary>
    /// A binary COPY field the server could not read as its column's type: the value's .NET type mapped to another
    /// PostgreSQL type. Not a connection failure, though the server files "insufficient data" under protocol errors.
    /// </summary>
    private static DatabaseException CopyTypeMismatch(PostgresException pg, DatabaseErrorDetails details)
    {
        // The context reads "COPY table, line N, column name": it names the column, never the value.
        var at = pg.Where?.IndexOf(", column ", StringComparison.Ordinal) ?? -1;
        var column = at < 0 ? null : pg.Where![(at + ", column ".Length)..].Split(':')[0].Trim();
        return new DatabaseException(
            $"A value does not have its column's type{(column is null ? "" : $" (column {column})")}: {pg.MessageText} (SQLSTATE {pg.SqlState}). " +
            "Binary COPY converts nothing, so give each column values of its own type: long for bigint, int for integer, short for smallint, " +
            "decimal for numeric, double for double precision, DateTime for timestamp.",
            details with { Column = column ?? details.Column, IsTransient = false }, pg);
    }

    /// <summary>PostgreSQL with named <c>@p0</c> parameters, which Npgsql rewrites to positional ones per statement.</summary>
    private sealed class NamedParameterDialect : PostgresDialect
    {
        public static NamedParameterDialect Instance { get; } = new();

        public override SqlDialect MultipleStatementDialect => this;

        public override void AppendParameterPlaceholder(StringBuilder builder, int index)
        {
            ArgumentNullException.ThrowIfNull(builder);
            builder.Append(ParameterName(index));
        }

        public override int MatchParameterPlaceholder(ReadOnlySpan<char> text) => MatchPlaceholder(text, "@p");

        public override void AddParameter(DbCommand command, int index, object? value)
        {
            ArgumentNullException.ThrowIfNull(command);
            base.AddParameter(command, index, value);
            command.Parameters[index].ParameterName = ParameterName(index);
        }
    }
}

/// <summary>CockroachDB over the PostgreSQL wire: serializable by default and retry errors as 40001.</summary>
public sealed class CockroachDialect : PostgresDialect
{
    /// <inheritdoc />
    public override string Name => "cockroachdb";

    /// <inheritdoc />
    /// <remarks><c>cockroachdb</c> first, then PostgreSQL's tags.</remarks>
    public override IReadOnlyList<string> ScriptVariantTags => ["cockroachdb", "postgres", "postgresql"];

    /// <inheritdoc />
    /// <remarks>CockroachDB commits a COPY outside a transaction in batches, so Strata runs it in a transaction of its own.</remarks>
    public override bool BulkInsertIsAtomic => false;

    /// <inheritdoc />
    /// <remarks>CockroachDB has no advisory locks, so migration runners take a lock row with an expiry.</remarks>
    public override MigrationLockKind MigrationLock => MigrationLockKind.LockRow;
}
