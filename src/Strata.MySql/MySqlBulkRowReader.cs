using System.Collections;
using System.Data.Common;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.ExceptionServices;

namespace Strata.MySql;

/// <summary>
/// The rows of a bulk insert as the forward-only <see cref="DbDataReader"/> that <c>MySqlBulkCopy</c> reads:
/// values come out as driver values (<see cref="DBNull"/> for null, JSON as its text), and reading checks the caller's
/// token, since MySqlConnector sends the file without one.
/// </summary>
/// <remarks>Not thread-safe; read once.</remarks>
internal sealed class MySqlBulkRowReader(IReadOnlyList<string> columns, IEnumerable<object?[]> rows, CancellationToken cancellationToken)
    : DbDataReader
{
    private static readonly Task<bool> TrueTask = Task.FromResult(true);
    private static readonly Task<bool> FalseTask = Task.FromResult(false);

    private readonly IEnumerator<object?[]> _rows = rows.GetEnumerator();
    private object?[]? _current;
    private bool _closed;

    public override int FieldCount => columns.Count;

    public override bool HasRows => true;

    public override bool IsClosed => _closed;

    public override int RecordsAffected => -1;

    public override int Depth => 0;

    public override object this[int ordinal] => GetValue(ordinal);

    public override object this[string name] => GetValue(GetOrdinal(name));

    /// <summary>
    /// What reading the rows threw (the caller's sequence, a malformed row, cancellation), kept because MySqlConnector may wrap
    /// it in an error of its own, or lose it, when it happens while the file is being sent.
    /// </summary>
    public ExceptionDispatchInfo? Failure { get; private set; }

    public override bool Read()
    {
        try
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (!_rows.MoveNext())
            {
                _current = null;
                return false;
            }
        }
        catch (Exception e)
        {
            Failure ??= ExceptionDispatchInfo.Capture(e);
            throw;
        }
        _current = _rows.Current;
        return true;
    }

    // The rows are in memory or produced by the caller's enumerator: there is nothing to wait for.
    public override Task<bool> ReadAsync(CancellationToken cancellationToken) => Read() ? TrueTask : FalseTask;

    public override bool NextResult() => false;

    public override int GetValues(object[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var count = Math.Min(values.Length, FieldCount);
        for (var i = 0; i < count; i++) values[i] = GetValue(i);
        return count;
    }

    public override object GetValue(int ordinal) => MySqlDialect.DriverValue(Row[ordinal]);

    public override bool IsDBNull(int ordinal) => Row[ordinal] is null or DBNull;

    public override string GetName(int ordinal) => columns[ordinal];

    public override int GetOrdinal(string name)
    {
        for (var i = 0; i < columns.Count; i++)
        {
            if (string.Equals(columns[i], name, StringComparison.OrdinalIgnoreCase)) return i;
        }
        throw new ArgumentOutOfRangeException(nameof(name), name, $"No column is named '{name}'.");
    }

    // The base's annotation serves readers loaded into a DataTable; MySqlBulkCopy reads the type only to choose how to send a value.
    [UnconditionalSuppressMessage("Trimming", "IL2093", Justification = "The type of a driver value is used to choose a conversion, never to read its members.")]
    public override Type GetFieldType(int ordinal) => _current?[ordinal] is { } value ? MySqlDialect.DriverValue(value).GetType() : typeof(object);

    public override string GetDataTypeName(int ordinal) => GetFieldType(ordinal).Name;

    public override bool GetBoolean(int ordinal) => (bool)GetValue(ordinal);

    public override byte GetByte(int ordinal) => (byte)GetValue(ordinal);

    public override long GetBytes(int ordinal, long dataOffset, byte[]? buffer, int bufferOffset, int length) =>
        throw new NotSupportedException("MySqlBulkRowReader hands out whole values; use GetValue.");

    public override char GetChar(int ordinal) => (char)GetValue(ordinal);

    public override long GetChars(int ordinal, long dataOffset, char[]? buffer, int bufferOffset, int length) =>
        throw new NotSupportedException("MySqlBulkRowReader hands out whole values; use GetValue.");

    public override DateTime GetDateTime(int ordinal) => (DateTime)GetValue(ordinal);

    public override decimal GetDecimal(int ordinal) => (decimal)GetValue(ordinal);

    public override double GetDouble(int ordinal) => (double)GetValue(ordinal);

    public override float GetFloat(int ordinal) => (float)GetValue(ordinal);

    public override Guid GetGuid(int ordinal) => (Guid)GetValue(ordinal);

    public override short GetInt16(int ordinal) => (short)GetValue(ordinal);

    public override int GetInt32(int ordinal) => (int)GetValue(ordinal);

    public override long GetInt64(int ordinal) => (long)GetValue(ordinal);

    public override string GetString(int ordinal) => (string)GetValue(ordinal);

    public override IEnumerator GetEnumerator() => throw new NotSupportedException("MySqlBulkRowReader is read with Read and GetValues.");

    public override void Close() => _closed = true;

    private object?[] Row => _current ?? throw new InvalidOperationException("No current row: call Read first.");

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _closed = true;
            _rows.Dispose();
        }
        base.Dispose(disposing);
    }
}
