using System.Data.Common;
using System.Diagnostics.CodeAnalysis;
using Strata.Diagnostics;
using Strata.Mapping;

namespace Strata;

/// <summary>
/// The rows of one query, read one at a time as they arrive (nothing is buffered), with the names and types of their
/// columns: what <see cref="IDbSession.QueryRowsAsync"/> returns.
/// <code>
/// await using var rows = await db.QueryRowsAsync($"SELECT id, name FROM users WHERE age > {18}");
/// Console.WriteLine(string.Join(", ", rows.Columns));
/// while (await rows.ReadAsync())
///     Console.WriteLine($"{rows.Get&lt;long&gt;(0)} {rows.Get&lt;string&gt;("name")}");   // or rows.Map&lt;User&gt;()
/// </code>
/// </summary>
/// <remarks>
/// Holds its connection (or runs in its transaction) from the query until <see cref="ReadAsync"/> has returned false or the
/// reader is disposed, whichever comes first; dispose it in every case (<c>await using</c>). Not thread-safe, and like any
/// command on a <see cref="Transaction"/>, no other command may run on that transaction while it is open.
/// </remarks>
public sealed class RowReader : IAsyncDisposable
{
    private readonly SessionBase _session;
    private readonly Lease _lease;
    private readonly DbCommand _command;
    private readonly DbDataReader _reader;
    private readonly CancellationToken _queryToken;
    private readonly string[] _columns;
    private readonly ResultColumn[] _columnTypes;
    private Delegate? _map;
    private bool _onRow;
    private bool _closed;
    private bool _disposed;
    private int _recordsAffected = -1;

    internal RowReader(SessionBase session, Lease lease, DbCommand command, DbDataReader reader, CancellationToken queryToken)
    {
        _session = session;
        _lease = lease;
        _command = command;
        _reader = reader;
        _queryToken = queryToken;
        var count = reader.FieldCount;
        _columns = new string[count];
        _columnTypes = new ResultColumn[count];
        for (var i = 0; i < count; i++)
        {
            _columns[i] = reader.GetName(i);
            _columnTypes[i] = new ResultColumn(_columns[i], reader.GetFieldType(i), reader.GetDataTypeName(i));
        }
    }

    /// <summary>The columns' names, in order (still available after the last row).</summary>
    public IReadOnlyList<string> Columns => _columns;

    /// <summary>The columns' names, .NET types and database type names, in order, as the driver reports them before the first row.</summary>
    public IReadOnlyList<ResultColumn> ColumnTypes => _columnTypes;

    /// <summary>
    /// The rows the statement inserted, updated or deleted, as the driver reports them: -1 for a plain <c>SELECT</c>. For a statement
    /// that returns no rows (<see cref="FieldCount"/> 0), it is known at once; for one that returns rows (<c>RETURNING</c>), once they are read.
    /// </summary>
    public int RecordsAffected => _closed ? _recordsAffected : _reader.RecordsAffected;

    /// <summary>The number of columns.</summary>
    public int FieldCount => _columns.Length;

    /// <summary>
    /// Moves to the next row; false when there are no more, at which point the connection goes back to the pool. The rows are
    /// read as the database sends them: a failure part way (a division by zero in row 1,000) surfaces here, translated.
    /// </summary>
    /// <param name="cancellationToken">Cancels the read; the token given to the query is honoured too.</param>
    /// <exception cref="ObjectDisposedException">The reader was disposed (after the last row it keeps returning false).</exception>
    /// <exception cref="DatabaseException">The database failed while sending rows.</exception>
    public async Task<bool> ReadAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_closed) return false;
        // The drivers answer ReadAsync from their buffer without looking at the token (as StreamAsync notes).
        cancellationToken.ThrowIfCancellationRequested();
        _queryToken.ThrowIfCancellationRequested();
        bool more;
        try
        {
            more = await _reader.ReadAsync(cancellationToken.CanBeCanceled ? cancellationToken : _queryToken).ConfigureAwait(false);
        }
        catch (Exception e) when (CommandPipeline.IsDriverError(e))
        {
            throw _session.Pipeline.Translate(e, _command.CommandText);
        }
        _onRow = more;
        if (!more) await CloseAsync().ConfigureAwait(false);
        return more;
    }

    /// <summary>The value of column <paramref name="ordinal"/> of the current row as <typeparamref name="T"/>, converted as row mapping converts (SQLite's integers to <c>int</c>, text to <c>Guid</c>, …).</summary>
    /// <param name="ordinal">The zero-based column.</param>
    /// <returns>The value; default for NULL when <typeparamref name="T"/> can be null.</returns>
    /// <exception cref="InvalidOperationException">There is no current row (call <see cref="ReadAsync"/> first).</exception>
    /// <exception cref="MappingException">The value is NULL and <typeparamref name="T"/> cannot be, or it cannot be converted.</exception>
    public T Get<T>(int ordinal)
    {
        EnsureRow();
        if (_reader.IsDBNull(ordinal))
        {
            return default(T) is null ? default! : throw new MappingException(
                $"Column '{_columns[ordinal]}' is NULL but was read as a non-nullable {typeof(T).Name}. Read it as {typeof(T).Name}? or check IsNull first.");
        }
        try
        {
            // DateTimes (and arrays of them) are converted, to be returned as UTC.
            return _reader.GetFieldType(ordinal) == typeof(T) && typeof(T) != typeof(DateTime) && typeof(T) != typeof(DateTime[])
                ? _reader.GetFieldValue<T>(ordinal)
                : _session.Pipeline.Mapping.Convert<T>(_reader.GetValue(ordinal));
        }
        catch (Exception e) when (e is InvalidCastException or FormatException or OverflowException or ArgumentException or NotSupportedException or System.Text.Json.JsonException)
        {
            throw new MappingException(
                $"Column '{_columns[ordinal]}' ({_columnTypes[ordinal].DatabaseTypeName}, read as {_reader.GetFieldType(ordinal).Name}) cannot be read as {typeof(T).Name}: {e.Message}", e);
        }
    }

    /// <summary>The value of the named column of the current row as <typeparamref name="T"/>; see <see cref="Get{T}(int)"/>.</summary>
    /// <param name="column">The column's name (as the database reports it; compared ignoring case when no exact match).</param>
    /// <exception cref="ArgumentException">The result has no such column.</exception>
    /// <exception cref="InvalidOperationException">There is no current row.</exception>
    /// <exception cref="MappingException">The value is NULL and <typeparamref name="T"/> cannot be, or it cannot be converted.</exception>
    public T Get<T>(string column) => Get<T>(GetOrdinal(column));

    /// <summary>
    /// The value of column <paramref name="ordinal"/> of the current row as the driver reads it, null for NULL; a
    /// <see cref="DateTime"/> with <see cref="DateTimeKind.Utc"/>, as Strata returns every one.
    /// </summary>
    /// <param name="ordinal">The zero-based column.</param>
    /// <exception cref="InvalidOperationException">There is no current row.</exception>
    public object? this[int ordinal]
    {
        get
        {
            EnsureRow();
            return _reader.GetValue(ordinal) switch
            {
                DBNull => null,
                DateTime d => ValueConverter.AsUtc(d),
                var value => value,
            };
        }
    }

    /// <summary>The value of the named column of the current row as the driver reads it, null for NULL (see <see cref="this[int]"/>).</summary>
    /// <param name="column">The column's name.</param>
    /// <exception cref="ArgumentException">The result has no such column.</exception>
    /// <exception cref="InvalidOperationException">There is no current row.</exception>
    public object? this[string column] => this[GetOrdinal(column)];

    /// <summary>True when column <paramref name="ordinal"/> of the current row is NULL.</summary>
    /// <param name="ordinal">The zero-based column.</param>
    /// <exception cref="InvalidOperationException">There is no current row.</exception>
    public bool IsNull(int ordinal)
    {
        EnsureRow();
        return _reader.IsDBNull(ordinal);
    }

    /// <summary>The position of the named column: an exact match first, then one ignoring case.</summary>
    /// <param name="column">The column's name.</param>
    /// <exception cref="ArgumentException">The result has no such column; the message lists those it has.</exception>
    public int GetOrdinal(string column)
    {
        ArgumentNullException.ThrowIfNull(column);
        var ordinal = Array.IndexOf(_columns, column);
        if (ordinal < 0) ordinal = Array.FindIndex(_columns, c => string.Equals(c, column, StringComparison.OrdinalIgnoreCase));
        return ordinal >= 0 ? ordinal : throw new ArgumentException($"The result has no column '{column}'. Its columns: {string.Join(", ", _columns)}.", nameof(column));
    }

    /// <summary>Maps the current row to <typeparamref name="T"/> as <see cref="IDbSession.QueryAsync{T}"/> maps each row (classes, records, tuples, primitives, <see cref="DbRow"/>).</summary>
    /// <exception cref="InvalidOperationException">There is no current row.</exception>
    /// <exception cref="MappingException">A column cannot be mapped.</exception>
    public T Map<[DynamicallyAccessedMembers(MappedMembers.Types)] T>()
    {
        EnsureRow();
        if (_map is not Func<DbDataReader, T> map)
        {
            map = RowMapper<T>.Get(_reader, _session.Pipeline.Mapping);
            _map = map;
        }
        return map(_reader);
    }

    /// <summary>Closes the reader, if still open, and returns its connection. Safe to call more than once.</summary>
    public ValueTask DisposeAsync()
    {
        _onRow = false;
        _disposed = true;
        return CloseAsync();
    }

    private async ValueTask CloseAsync()
    {
        if (_closed) return;
        _closed = true;
        try
        {
            _recordsAffected = _reader.RecordsAffected;
            await _reader.DisposeAsync().ConfigureAwait(false);
            await _command.DisposeAsync().ConfigureAwait(false);
        }
        finally
        {
            await _session.ReleaseLeaseAsync(_lease).ConfigureAwait(false);
        }
    }

    private void EnsureRow()
    {
        if (!_onRow)
        {
            throw new InvalidOperationException(_closed
                ? "The reader has no current row: it has read its last row or was disposed."
                : "The reader has no current row: call ReadAsync first, and read the row while it returns true.");
        }
    }
}
