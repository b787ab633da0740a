using System.Diagnostics.CodeAnalysis;
using Strata.Dialects;
using Strata.Mapping;

namespace Strata;

/// <summary>
/// What runs SQL. <see cref="Database"/> and <see cref="Transaction"/> are both sessions, so code
/// that takes an <see cref="IDbSession"/> does not care which one it holds. Every call goes through
/// the database's command pipeline (timeouts, error translation, interceptors, logging, metrics).
/// </summary>
/// <remarks>
/// A <see cref="Database"/> is thread-safe. A <see cref="Transaction"/> owns one connection: run its
/// commands one after another, never concurrently. All methods throw a
/// <see cref="DatabaseException"/> subtype for database failures and
/// <see cref="OperationCanceledException"/> when the token is cancelled.
/// </remarks>
public interface IDbSession
{
    /// <summary>The dialect of the database behind this session.</summary>
    SqlDialect Dialect { get; }

    /// <summary>The database this session belongs to (the database itself for a <see cref="Strata.Database"/>).</summary>
    IDatabase Database { get; }

    /// <summary>
    /// The transaction this session's commands run in now, or null when each command runs on its own: the
    /// transaction itself, the ambient transaction of the current async flow for a database, or the open
    /// transaction of a <see cref="ConnectionSession"/>.
    /// </summary>
    Transaction? CurrentTransaction { get; }

    /// <summary>Runs a query and maps every row to <typeparamref name="T"/>.</summary>
    /// <param name="sql">The query, e.g. <c>$"select * from users where age >= {min}"</c>.</param>
    /// <param name="cancellationToken">Cancels the command.</param>
    Task<IReadOnlyList<T>> QueryAsync<[DynamicallyAccessedMembers(MappedMembers.Types)] T>(Sql sql, CancellationToken cancellationToken = default);

    /// <summary>Runs a query and maps the first row, or returns default when there is none.</summary>
    /// <param name="sql">The query.</param>
    /// <param name="cancellationToken">Cancels the command.</param>
    Task<T?> QueryFirstOrDefaultAsync<[DynamicallyAccessedMembers(MappedMembers.Types)] T>(Sql sql, CancellationToken cancellationToken = default);

    /// <summary>Runs a query that must return exactly one row and maps it.</summary>
    /// <param name="sql">The query.</param>
    /// <param name="cancellationToken">Cancels the command.</param>
    /// <exception cref="InvalidOperationException">The query returned no row, or more than one.</exception>
    Task<T> QuerySingleAsync<[DynamicallyAccessedMembers(MappedMembers.Types)] T>(Sql sql, CancellationToken cancellationToken = default);

    /// <summary>
    /// Runs a statement and returns the rows it affected and, where the database reports it, the id its insert generated
    /// (see <see cref="ExecuteResult"/>; it converts to <see cref="int"/>, the rows affected).
    /// </summary>
    /// <param name="sql">The statement.</param>
    /// <param name="cancellationToken">Cancels the command.</param>
    Task<ExecuteResult> ExecuteAsync(Sql sql, CancellationToken cancellationToken = default);

    /// <summary>Runs a query and returns the first column of the first row (default for no row or NULL).</summary>
    /// <param name="sql">The query.</param>
    /// <param name="cancellationToken">Cancels the command.</param>
    Task<T?> ScalarAsync<[DynamicallyAccessedMembers(MappedMembers.Types)] T>(Sql sql, CancellationToken cancellationToken = default);

    /// <summary>
    /// Streams rows while the reader stays open. The connection is held until the enumeration ends or
    /// is abandoned (disposed), then returned to the pool.
    /// </summary>
    /// <param name="sql">The query.</param>
    /// <param name="cancellationToken">Cancels the command and the enumeration.</param>
    IAsyncEnumerable<T> StreamAsync<[DynamicallyAccessedMembers(MappedMembers.Types)] T>(Sql sql, CancellationToken cancellationToken = default);

    /// <summary>Runs a batch returning several result sets, read in order from the returned reader (dispose it).</summary>
    /// <param name="sql">The statements, separated by semicolons.</param>
    /// <param name="cancellationToken">Cancels the command.</param>
    Task<ResultSetReader> QueryMultipleAsync(Sql sql, CancellationToken cancellationToken = default);

    /// <summary>
    /// Prepares a statement once for repeated runs with new arguments. The holes' values are the first
    /// arguments; later runs pass new values in the same order. Holds a connection until disposed.
    /// </summary>
    /// <param name="sql">The statement with one hole per argument.</param>
    /// <param name="cancellationToken">Cancels the preparation.</param>
    Task<PreparedStatement> PrepareAsync(Sql sql, CancellationToken cancellationToken = default);

    // Rows with their columns, and SQL held in strings with positional placeholders (consoles, files, code ported from
    // other languages). The *Raw methods run through the same pipeline as the interpolated ones.

    /// <summary>
    /// Runs a query and returns a reader over its rows that streams them (nothing is buffered) and tells their columns'
    /// names and types: <c>await using var rows = await db.QueryRowsAsync($"select …"); while (await rows.ReadAsync()) …</c>.
    /// The reader holds its connection until its last row is read or it is disposed; dispose it.
    /// </summary>
    /// <param name="sql">The query.</param>
    /// <param name="cancellationToken">Cancels the command (and is checked by each <see cref="RowReader.ReadAsync"/>).</param>
    /// <remarks>Routed, logged and measured as <see cref="StreamAsync{T}"/> is: a read that may go to a replica.</remarks>
    Task<RowReader> QueryRowsAsync(Sql sql, CancellationToken cancellationToken = default);

    /// <summary>
    /// Runs SQL held in a string, with positional placeholders bound to <paramref name="args"/> as parameters, and maps every
    /// row: <c>db.QueryRawAsync&lt;User&gt;("SELECT * FROM users WHERE active = ? AND org = ?", true, orgId)</c>.
    /// </summary>
    /// <param name="sql">
    /// The SQL, with <c>?</c> placeholders taken in order or <c>$1</c>, <c>$2</c>… taken by number (one style per statement),
    /// in every dialect. Text in strings, quoted identifiers and comments is never a placeholder. With <c>$n</c> placeholders a
    /// lone <c>?</c> is text (PostgreSQL's jsonb operators); <c>??</c> is a literal <c>?</c> in either style.
    /// </param>
    /// <param name="args">One value per placeholder (per number for <c>$n</c>); a collection (not a string or byte array) is a list
    /// inside <c>IN (?)</c> and one array parameter elsewhere (refused where the database has no arrays), as in interpolated SQL. A
    /// single null is one NULL argument.</param>
    /// <exception cref="ArgumentException">The number of arguments differs from the placeholders' (the message gives both), or a
    /// placeholder is malformed (<c>$0</c>, <c>?1</c>, numbers with a gap).</exception>
    Task<IReadOnlyList<T>> QueryRawAsync<[DynamicallyAccessedMembers(MappedMembers.Types)] T>(string sql, params object?[] args);

    /// <summary>Runs SQL with positional placeholders and maps every row; see <see cref="QueryRawAsync{T}(string, object?[])"/>.</summary>
    /// <param name="sql">The SQL with <c>?</c> or <c>$1</c> placeholders.</param>
    /// <param name="args">One value per placeholder.</param>
    /// <param name="cancellationToken">Cancels the command.</param>
    /// <exception cref="ArgumentException">The number of arguments differs from the placeholders', or a placeholder is malformed.</exception>
    Task<IReadOnlyList<T>> QueryRawAsync<[DynamicallyAccessedMembers(MappedMembers.Types)] T>(string sql, IReadOnlyList<object?> args, CancellationToken cancellationToken);

    /// <summary>Runs SQL with positional placeholders and maps the first row, or returns default; see <see cref="QueryRawAsync{T}(string, object?[])"/>.</summary>
    /// <param name="sql">The SQL with <c>?</c> or <c>$1</c> placeholders.</param>
    /// <param name="args">One value per placeholder.</param>
    /// <exception cref="ArgumentException">The number of arguments differs from the placeholders', or a placeholder is malformed.</exception>
    Task<T?> QueryFirstOrDefaultRawAsync<[DynamicallyAccessedMembers(MappedMembers.Types)] T>(string sql, params object?[] args);

    /// <summary>Runs SQL with positional placeholders and maps the first row, or returns default; see <see cref="QueryRawAsync{T}(string, object?[])"/>.</summary>
    /// <param name="sql">The SQL with <c>?</c> or <c>$1</c> placeholders.</param>
    /// <param name="args">One value per placeholder.</param>
    /// <param name="cancellationToken">Cancels the command.</param>
    /// <exception cref="ArgumentException">The number of arguments differs from the placeholders', or a placeholder is malformed.</exception>
    Task<T?> QueryFirstOrDefaultRawAsync<[DynamicallyAccessedMembers(MappedMembers.Types)] T>(string sql, IReadOnlyList<object?> args, CancellationToken cancellationToken);

    /// <summary>Runs SQL with positional placeholders that must return exactly one row and maps it; see <see cref="QueryRawAsync{T}(string, object?[])"/>.</summary>
    /// <param name="sql">The SQL with <c>?</c> or <c>$1</c> placeholders.</param>
    /// <param name="args">One value per placeholder.</param>
    /// <exception cref="ArgumentException">The number of arguments differs from the placeholders', or a placeholder is malformed.</exception>
    /// <exception cref="InvalidOperationException">The query returned no row, or more than one.</exception>
    Task<T> QuerySingleRawAsync<[DynamicallyAccessedMembers(MappedMembers.Types)] T>(string sql, params object?[] args);

    /// <summary>Runs SQL with positional placeholders that must return exactly one row and maps it; see <see cref="QueryRawAsync{T}(string, object?[])"/>.</summary>
    /// <param name="sql">The SQL with <c>?</c> or <c>$1</c> placeholders.</param>
    /// <param name="args">One value per placeholder.</param>
    /// <param name="cancellationToken">Cancels the command.</param>
    /// <exception cref="ArgumentException">The number of arguments differs from the placeholders', or a placeholder is malformed.</exception>
    /// <exception cref="InvalidOperationException">The query returned no row, or more than one.</exception>
    Task<T> QuerySingleRawAsync<[DynamicallyAccessedMembers(MappedMembers.Types)] T>(string sql, IReadOnlyList<object?> args, CancellationToken cancellationToken);

    /// <summary>
    /// Runs a statement held in a string with positional placeholders and returns the rows it affected and the id its insert
    /// generated: <c>await db.ExecuteRawAsync("UPDATE users SET last_login = ? WHERE id = ?", now, id)</c>. Placeholders as for
    /// <see cref="QueryRawAsync{T}(string, object?[])"/>.
    /// </summary>
    /// <param name="sql">The SQL with <c>?</c> or <c>$1</c> placeholders.</param>
    /// <param name="args">One value per placeholder.</param>
    /// <exception cref="ArgumentException">The number of arguments differs from the placeholders', or a placeholder is malformed.</exception>
    Task<ExecuteResult> ExecuteRawAsync(string sql, params object?[] args);

    /// <summary>Runs a statement with positional placeholders; see <see cref="ExecuteRawAsync(string, object?[])"/>.</summary>
    /// <param name="sql">The SQL with <c>?</c> or <c>$1</c> placeholders.</param>
    /// <param name="args">One value per placeholder.</param>
    /// <param name="cancellationToken">Cancels the command.</param>
    /// <exception cref="ArgumentException">The number of arguments differs from the placeholders', or a placeholder is malformed.</exception>
    Task<ExecuteResult> ExecuteRawAsync(string sql, IReadOnlyList<object?> args, CancellationToken cancellationToken);

    /// <summary>Runs SQL with positional placeholders and returns the first column of the first row; see <see cref="QueryRawAsync{T}(string, object?[])"/>.</summary>
    /// <param name="sql">The SQL with <c>?</c> or <c>$1</c> placeholders.</param>
    /// <param name="args">One value per placeholder.</param>
    /// <exception cref="ArgumentException">The number of arguments differs from the placeholders', or a placeholder is malformed.</exception>
    Task<T?> ScalarRawAsync<[DynamicallyAccessedMembers(MappedMembers.Types)] T>(string sql, params object?[] args);

    /// <summary>Runs SQL with positional placeholders and returns the first column of the first row; see <see cref="QueryRawAsync{T}(string, object?[])"/>.</summary>
    /// <param name="sql">The SQL with <c>?</c> or <c>$1</c> placeholders.</param>
    /// <param name="args">One value per placeholder.</param>
    /// <param name="cancellationToken">Cancels the command.</param>
    /// <exception cref="ArgumentException">The number of arguments differs from the placeholders', or a placeholder is malformed.</exception>
    Task<T?> ScalarRawAsync<[DynamicallyAccessedMembers(MappedMembers.Types)] T>(string sql, IReadOnlyList<object?> args, CancellationToken cancellationToken);

    /// <summary>
    /// Streams the rows of SQL with positional placeholders, as <see cref="StreamAsync{T}"/> does. The placeholders are checked
    /// when this is called; the query runs when the enumeration starts.
    /// </summary>
    /// <param name="sql">The SQL with <c>?</c> or <c>$1</c> placeholders.</param>
    /// <param name="args">One value per placeholder.</param>
    /// <exception cref="ArgumentException">The number of arguments differs from the placeholders', or a placeholder is malformed.</exception>
    IAsyncEnumerable<T> StreamRawAsync<[DynamicallyAccessedMembers(MappedMembers.Types)] T>(string sql, params object?[] args);

    /// <summary>Streams the rows of SQL with positional placeholders; see <see cref="StreamRawAsync{T}(string, object?[])"/>.</summary>
    /// <param name="sql">The SQL with <c>?</c> or <c>$1</c> placeholders.</param>
    /// <param name="args">One value per placeholder.</param>
    /// <param name="cancellationToken">Cancels the command and the enumeration.</param>
    /// <exception cref="ArgumentException">The number of arguments differs from the placeholders', or a placeholder is malformed.</exception>
    IAsyncEnumerable<T> StreamRawAsync<[DynamicallyAccessedMembers(MappedMembers.Types)] T>(string sql, IReadOnlyList<object?> args, CancellationToken cancellationToken);

    /// <summary>
    /// Runs SQL with positional placeholders and returns a reader over its rows and columns; see
    /// <see cref="QueryRowsAsync(Sql, CancellationToken)"/> and <see cref="QueryRawAsync{T}(string, object?[])"/>.
    /// </summary>
    /// <param name="sql">The SQL with <c>?</c> or <c>$1</c> placeholders.</param>
    /// <param name="args">One value per placeholder.</param>
    /// <exception cref="ArgumentException">The number of arguments differs from the placeholders', or a placeholder is malformed.</exception>
    Task<RowReader> QueryRowsRawAsync(string sql, params object?[] args);

    /// <summary>Runs SQL with positional placeholders and returns a reader over its rows; see <see cref="QueryRowsRawAsync(string, object?[])"/>.</summary>
    /// <param name="sql">The SQL with <c>?</c> or <c>$1</c> placeholders.</param>
    /// <param name="args">One value per placeholder.</param>
    /// <param name="cancellationToken">Cancels the command.</param>
    /// <exception cref="ArgumentException">The number of arguments differs from the placeholders', or a placeholder is malformed.</exception>
    Task<RowReader> QueryRowsRawAsync(string sql, IReadOnlyList<object?> args, CancellationToken cancellationToken);

    /// <summary>
    /// Inserts many rows as fast as the database allows and returns how many it wrote: binary <c>COPY</c> on PostgreSQL,
    /// <c>LOAD DATA LOCAL INFILE</c> on MySQL/MariaDB when the URL says <c>allow_load_local_infile=true</c> (batched multi-row
    /// INSERT otherwise), one prepared INSERT re-bound per row on SQLite, batched multi-row INSERT elsewhere. Values
    /// are normalised as command parameters are (enums per <see cref="EnumStorage"/>, JSON documents,
    /// <see cref="DateTimeOffset"/> per dialect). No rows is a no-op that opens no connection.
    /// </summary>
    /// <param name="table">The target table, optionally schema-qualified; validated and quoted by the dialect.</param>
    /// <param name="columns">The target columns, unqualified; validated and quoted by the dialect.</param>
    /// <param name="rows">One array per row, one value per column in <paramref name="columns"/>' order (null for NULL); read once, as it is sent.</param>
    /// <param name="options">Batch size, progress and command timeout; <see cref="BulkInsertOptions.Default"/> when null.</param>
    /// <param name="cancellationToken">Cancels the insert; what it wrote is rolled back.</param>
    /// <returns>The number of rows the database reports written.</returns>
    /// <remarks>
    /// <para>
    /// Atomic: inside a transaction (this session's, or the ambient one) the insert runs in a savepoint of it, so a
    /// failure takes back its rows and the transaction goes on; otherwise it runs in a transaction of its own, except
    /// PostgreSQL's single COPY, which is atomic by itself. A failure therefore leaves no rows on PostgreSQL and SQLite.
    /// On MySQL/MariaDB the same holds for transactional (InnoDB) tables; a MyISAM table keeps the rows written before
    /// the failure. <c>LOAD DATA</c> turns errors such as a duplicate key into warnings, so the LOAD DATA path fails
    /// on any warning, translated as the error would have been.
    /// </para>
    /// <para>
    /// PostgreSQL's binary COPY converts nothing: each value's .NET type picks its PostgreSQL type (<c>int</c> →
    /// <c>integer</c>, <c>long</c> → <c>bigint</c>, <c>DateTime</c> → <c>timestamp</c>, or <c>timestamptz</c> for UTC, …),
    /// which must be the column's type. CockroachDB lets only admin users COPY.
    /// </para>
    /// <para>
    /// Logged as one debug line and measured as one <see cref="Diagnostics.CommandKind.BulkInsert"/> operation; the
    /// slow-query warning does not apply. Command interceptors see each statement it sends (the COPY, the LOAD DATA, each
    /// multi-row INSERT, or SQLite's prepared INSERT once), with <see cref="Diagnostics.CommandContext.BulkInsert"/> naming the
    /// table, columns and rows; an interceptor that throws refuses the insert before anything is written. The caller's own
    /// exception (thrown while <paramref name="rows"/> is read) surfaces as itself. Like every session call, not to be run
    /// concurrently on one <see cref="Transaction"/>.
    /// </para>
    /// </remarks>
    /// <exception cref="ArgumentException">
    /// The table or a column is not a valid identifier, a column is given twice, or a row is null or has a different number
    /// of values than there are columns (checked for every row before anything is sent when <paramref name="rows"/> is a
    /// list, and when the row is reached otherwise, which rolls back what was written).
    /// </exception>
    /// <exception cref="ArgumentOutOfRangeException">The options' batch size is below 1 or their timeout negative.</exception>
    /// <exception cref="DatabaseException">The database refused the rows: a duplicate key is a
    /// <see cref="UniqueViolationException"/>, and so on, as for any command.</exception>
    Task<long> BulkInsertAsync(string table, IReadOnlyList<string> columns, IEnumerable<object?[]> rows, BulkInsertOptions? options = null,
        CancellationToken cancellationToken = default);

    /// <summary>
    /// Bulk-inserts rows that write their own values, typed, as
    /// <see cref="BulkInsertAsync(string, IReadOnlyList{string}, IEnumerable{object?[]}, BulkInsertOptions?, CancellationToken)"/>
    /// inserts arrays, and returns how many rows were written. On PostgreSQL the values go straight into binary COPY with
    /// nothing allocated per value; elsewhere each row is collected into an array.
    /// </summary>
    /// <param name="table">The target table, optionally schema-qualified.</param>
    /// <param name="columns">The columns each row writes, in order.</param>
    /// <param name="rows">The rows; each call of <see cref="Bulk.BulkRowSource.WriteRow"/> writes one value per column.</param>
    /// <param name="options">Batch size, progress and command timeout; defaults when null.</param>
    /// <param name="cancellationToken">Cancels the insert.</param>
    /// <remarks>Unlike arrays given as a list, the rows are not checked before anything is sent: a row with the wrong number of values stops the insert and takes back what it wrote.</remarks>
    /// <exception cref="ArgumentException">The table or a column is not a valid identifier, a column is given twice, or a row wrote another number of values than there are columns.</exception>
    /// <exception cref="InvalidCastException">On PostgreSQL, a value of a type its column cannot take (a UUID into a number column); exact conversions, such as an <see cref="int"/> into <c>bigint</c>, are made.</exception>
    /// <exception cref="OverflowException">On PostgreSQL, an integer beyond a narrower column's range (a <see cref="long"/> into <c>integer</c>).</exception>
    /// <exception cref="DatabaseException">The database refused the rows (a duplicate key is a <see cref="UniqueViolationException"/>).</exception>
    Task<long> BulkInsertAsync(string table, IReadOnlyList<string> columns, Bulk.BulkRowSource rows, BulkInsertOptions? options = null,
        CancellationToken cancellationToken = default);

    /// <summary>
    /// Bulk-inserts entities into <typeparamref name="T"/>'s mapped table (see <see cref="Mapping.EntityMap{T}"/>), as
    /// <see cref="BulkInsertAsync(string, IReadOnlyList{string}, IEnumerable{object?[]}, BulkInsertOptions?, CancellationToken)"/>
    /// does, and returns how many rows were written. Every mapped member is written, except a key holding its default
    /// (0, null, <see cref="Guid.Empty"/>), which is left to the database to generate, as the typed insert does.
    /// </summary>
    /// <param name="rows">The entities; either all have their key set or none has.</param>
    /// <param name="options">Batch size, progress and command timeout; defaults when null.</param>
    /// <param name="cancellationToken">Cancels the insert.</param>
    /// <exception cref="ArgumentException">The mapped table or a column name is invalid, an entity is null, or some entities set their key and others do not.</exception>
    /// <exception cref="DatabaseException">The database refused the rows (a duplicate key is a <see cref="UniqueViolationException"/>).</exception>
    Task<long> BulkInsertAsync<[DynamicallyAccessedMembers(MappedMembers.Types)] T>(IEnumerable<T> rows, BulkInsertOptions? options = null, CancellationToken cancellationToken = default);

    /// <summary>Bulk-inserts entities into <paramref name="table"/> with the columns of <typeparamref name="T"/>'s mapping; see <see cref="BulkInsertAsync{T}(IEnumerable{T}, BulkInsertOptions?, CancellationToken)"/>.</summary>
    /// <param name="table">The target table, optionally schema-qualified.</param>
    /// <param name="rows">The entities; either all have their key set or none has.</param>
    /// <param name="options">Batch size, progress and command timeout; defaults when null.</param>
    /// <param name="cancellationToken">Cancels the insert.</param>
    /// <exception cref="ArgumentException">The table or a column name is invalid, an entity is null, or some entities set their key and others do not.</exception>
    /// <exception cref="DatabaseException">The database refused the rows.</exception>
    Task<long> BulkInsertAsync<[DynamicallyAccessedMembers(MappedMembers.Types)] T>(string table, IEnumerable<T> rows, BulkInsertOptions? options = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Starts a query on <paramref name="table"/> bound to this session:
    /// <c>db.From("users").Where("age", "&gt;=", 18).OrderBy("name").ToListAsync&lt;User&gt;()</c>. The query is
    /// immutable and runs through this session (so inside a transaction when started from one).
    /// </summary>
    /// <param name="table">The table, optionally schema-qualified, with an optional alias (<c>"users AS u"</c>); validated and quoted by the dialect.</param>
    /// <exception cref="ArgumentException">An invalid table name or alias.</exception>
    SqlQuery From(string table);

    /// <summary>
    /// Starts a query on <paramref name="table"/> read by <paramref name="tableAlias"/>, bound to this session:
    /// <c>db.From("users", "u").LeftJoin("orgs AS o", "u.org_id", "=", "o.id").Select("u.name", "o.name")</c>, the same as
    /// <c>db.From("users AS u")</c>. Columns are then qualified with the alias, which SQL requires once a table has one.
    /// </summary>
    /// <param name="table">The table, optionally schema-qualified.</param>
    /// <param name="tableAlias">A plain name (no dots, no <c>*</c>).</param>
    /// <exception cref="ArgumentException">An invalid table name or alias, or a table text that already has an alias.</exception>
    SqlQuery From(string table, string tableAlias);

    /// <summary>
    /// Starts a typed query on the mapped table of <typeparamref name="T"/> (see <see cref="Mapping.EntityMap{T}"/>), bound to
    /// this session: <c>db.From&lt;User&gt;().Where(u => u.Active).OrderBy(u => u.Name).ToListAsync()</c>.
    /// </summary>
    /// <exception cref="ArgumentException">The mapped table name is invalid.</exception>
    SqlQuery<T> From<[DynamicallyAccessedMembers(MappedMembers.Types)] T>();

    /// <summary>Starts a typed query on <paramref name="table"/>, with the columns of <typeparamref name="T"/>'s mapping but its own table name.</summary>
    /// <param name="table">The table, optionally schema-qualified; validated and quoted by the dialect.</param>
    /// <exception cref="ArgumentException">An invalid table name.</exception>
    SqlQuery<T> From<[DynamicallyAccessedMembers(MappedMembers.Types)] T>(string table);

    /// <summary>
    /// The schema builder on this session: <c>db.Schema.CreateTable("users", t => …)</c>, alter, drop,
    /// indexes and introspection, compiled by this session's dialect (inside a transaction when the
    /// session is one).
    /// </summary>
    SchemaBuilder Schema { get; }

    /// <summary>A view of this session whose commands use <paramref name="timeout"/> instead of the default command timeout.</summary>
    /// <param name="timeout">The command timeout; zero waits forever.</param>
    IDbSession WithCommandTimeout(TimeSpan timeout);

    /// <summary>
    /// A view of this session whose reads go to the primary even when the database has read replicas: for a read that
    /// must see the latest data, or that calls something with side effects a replica cannot have.
    /// </summary>
    /// <remarks>Cheap (one small object); shares this session's connection, transaction and thread safety. Without replicas, or on a transaction, it changes nothing.</remarks>
    IDbSession OnPrimary();

    /// <summary>
    /// Runs <paramref name="work"/> in a transaction: commits when it returns, rolls back when it throws.
    /// Inside an active transaction this becomes a savepoint: a failure rolls back to it and the outer
    /// transaction goes on. Transient failures re-run the whole delegate when
    /// <see cref="TransactionOptions.Retries"/> allows (outermost transaction only).
    /// </summary>
    /// <param name="work">The work; it may run more than once when retries are on, so keep it free of outside side effects.</param>
    /// <param name="options">Isolation, read-only, retries; defaults when null.</param>
    /// <param name="cancellationToken">Cancels the work and any retry wait.</param>
    Task TransactionAsync(Func<Transaction, Task> work, TransactionOptions? options = null, CancellationToken cancellationToken = default);

    /// <summary>Runs <paramref name="work"/> in a transaction and returns its result; see the overload without a result.</summary>
    /// <param name="work">The work.</param>
    /// <param name="options">Isolation, read-only, retries; defaults when null.</param>
    /// <param name="cancellationToken">Cancels the work and any retry wait.</param>
    Task<T> TransactionAsync<T>(Func<Transaction, Task<T>> work, TransactionOptions? options = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Starts a transaction to commit or roll back explicitly (a savepoint when called on a transaction).
    /// Disposing it uncommitted rolls it back. Not retried and not ambient: pass it where work should join it.
    /// </summary>
    /// <param name="options">Isolation and read-only; defaults when null.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    Task<Transaction> BeginTransactionAsync(TransactionOptions? options = null, CancellationToken cancellationToken = default);

    // SQL scripts: several statements from one text or file, outside the migration history.

    /// <summary>
    /// Runs a script of several statements (a schema file, a data fix), split at its terminators by this database's rules
    /// (quotes, comments, PostgreSQL dollar quotes, MySQL <c>DELIMITER</c> lines and trigger bodies are understood), each
    /// statement through the command pipeline (interceptors, logging, metrics, timeouts), all in one transaction: a
    /// savepoint when this session is in one already. Records nothing in the migration history.
    /// </summary>
    /// <param name="script">The script's text; an empty one (or only comments) runs nothing and opens no connection.</param>
    /// <param name="cancellationToken">Cancels the script; the transaction is rolled back.</param>
    /// <returns>The number of statements run.</returns>
    /// <remarks>
    /// On PostgreSQL and SQLite a failure rolls the whole script back. MySQL and MariaDB commit implicitly at each DDL
    /// statement (<c>CREATE</c>, <c>ALTER</c>, <c>DROP</c>, <c>TRUNCATE</c>, …), which ends the transaction (a transaction this
    /// session was in too) and leaves the statements after it in autocommit: a script without DDL is all or nothing there,
    /// but once a DDL statement ran, a failure leaves every statement before it applied (the message says so). Statements that refuse to run in a
    /// transaction (<c>CREATE INDEX CONCURRENTLY</c>, <c>VACUUM</c>) cannot be in a script; run them with
    /// <see cref="ExecuteAsync"/>. Values never travel in a script: it is raw SQL, so never build one from user input.
    /// </remarks>
    /// <exception cref="SqlScriptException">A statement failed: the message names its number and line, the database's typed error is the inner exception.</exception>
    Task<int> ExecuteScriptAsync(string script, CancellationToken cancellationToken = default);

    /// <summary>Runs the script in the file at <paramref name="path"/> (UTF-8), as <see cref="ExecuteScriptAsync"/> does; errors name the file too.</summary>
    /// <param name="path">The file's path, absolute or relative to the current directory.</param>
    /// <param name="cancellationToken">Cancels reading the file and the script.</param>
    /// <returns>The number of statements run.</returns>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="SqlScriptException">A statement failed: the message names the file, the statement's number and line.</exception>
    Task<int> ExecuteScriptFileAsync(string path, CancellationToken cancellationToken = default);
}
