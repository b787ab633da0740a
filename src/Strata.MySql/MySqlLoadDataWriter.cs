using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.Unicode;
using MySqlConnector;
using Strata.Bulk;

namespace Strata.MySql;

/// <summary>
/// Encodes bulk-insert values as the file <c>LOAD DATA … CHARACTER SET utf8mb4 FIELDS TERMINATED BY '\t' ESCAPED BY '\\'
/// LINES TERMINATED BY '\n'</c> reads (see <see cref="MySqlBulkLoad.FormatClauses"/>): UTF-8, a tab between fields, a newline
/// after each row, NULL as <c>\N</c>, and backslash, tab, newline, carriage return and NUL escaped with a backslash in every
/// field. Values are written in the text MySqlConnector gives parameters of their type, so the server stores what a multi-row
/// INSERT would store.
/// </summary>
/// <remarks>
/// Binary data goes as its own bytes, escaped like text: the server reads a byte that does not start a valid UTF-8 sequence on
/// its own and stores a binary column's bytes unconverted, and no escaped byte (all ASCII) can be part of a multi-byte sequence.
/// That is half the size of the hex (and <c>UNHEX</c>) that MySqlBulkCopy sends. A value the server could only store changed
/// (NaN, text that is not Unicode) is refused here, naming its column and row. The buffer comes from the shared array pool;
/// dispose the writer to return it. Not thread-safe.
/// </remarks>
internal sealed class MySqlLoadDataWriter : IBulkValueWriter, IDisposable
{
    /// <summary>The buffer's first size: a chunk of the file (<see cref="MySqlLoadDataStream.ChunkSize"/>) and room for a long row.</summary>
    internal const int InitialCapacity = 512 * 1024;

    private static readonly SearchValues<byte> SpecialBytes = SearchValues.Create("\\\t\n\r\0"u8);
    private static readonly SearchValues<char> SpecialChars = SearchValues.Create("\\\t\n\r\0");

    private readonly MySqlDialect _dialect;
    private readonly IReadOnlyList<string> _columns;
    private readonly MySqlGuidFormat _guids;
    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(InitialCapacity);
    private int _length;
    private int _rowStart;
    private int _column;

    /// <param name="dialect">Says what the server cannot store, in its own name.</param>
    /// <param name="columns">The target columns' names, in the order values are written; for messages and the row width.</param>
    public MySqlLoadDataWriter(MySqlDialect dialect, IReadOnlyList<string> columns)
    {
        _dialect = dialect;
        _columns = columns;
        _guids = dialect.GuidFormat;
    }

    /// <summary>The number of the row being written (from 1), which errors name.</summary>
    public long Row { get; private set; }

    /// <summary>The bytes encoded and not yet taken.</summary>
    public ReadOnlySpan<byte> Buffered => _buffer.AsSpan(0, _length);

    /// <summary>Forgets the first <paramref name="count"/> buffered bytes (they were sent), keeping the rest in order.</summary>
    public void Take(int count)
    {
        _buffer.AsSpan(count, _length - count).CopyTo(_buffer);
        _length -= count;
    }

    /// <summary>Starts row <paramref name="number"/>; <see cref="EndRow"/> or <see cref="AbandonRow"/> follows.</summary>
    public void StartRow(long number)
    {
        Row = number;
        _rowStart = _length;
        _column = 0;
    }

    /// <summary>Ends the row after checking it wrote a value for every column.</summary>
    /// <exception cref="ArgumentException">It wrote fewer.</exception>
    public void EndRow()
    {
        if (_column != _columns.Count)
            throw new ArgumentException($"Row {Row} wrote {_column} values but {_columns.Count} columns were given: write one value per column, in the columns' order.");
        Append((byte)'\n');
    }

    /// <summary>Takes back whatever the current row wrote (its source had no row after all).</summary>
    public void AbandonRow() => _length = _rowStart;

    public void WriteNull()
    {
        Next();
        var span = Room(2);
        span[0] = (byte)'\\';
        span[1] = (byte)'N';
        _length += 2;
    }

    public void WriteBoolean(bool value)
    {
        Next();
        Append(value ? (byte)'1' : (byte)'0');
    }

    public void WriteInt16(short value) => Formatted(value, default);

    public void WriteInt32(int value) => Formatted(value, default);

    public void WriteInt64(long value) => Formatted(value, default);

    /// <summary>Writes an unsigned 64-bit integer (a boxed <see cref="ulong"/>, which no typed method covers).</summary>
    public void WriteUInt64(ulong value) => Formatted(value, default);

    public void WriteSingle(float value)
    {
        if (!float.IsFinite(value)) throw NotFinite(value, "float");
        // The shortest text that reads back as the same float, as MySqlConnector writes a float parameter.
        Formatted(value, "R");
    }

    public void WriteDouble(double value)
    {
        if (!double.IsFinite(value)) throw NotFinite(value, "double");
        Formatted(value, "R");
    }

    public void WriteDecimal(decimal value) => Formatted(value, default);

    public void WriteGuid(Guid value)
    {
        switch (_guids)
        {
            case MySqlGuidFormat.Binary16 or MySqlGuidFormat.TimeSwapBinary16 or MySqlGuidFormat.LittleEndianBinary16:
                Next();
                Span<byte> bytes = stackalloc byte[16];
                GuidBytes(value, _guids, bytes);
                AppendEscaped(bytes);
                break;
            default:
                Formatted(value, _guids == MySqlGuidFormat.Char32 ? "N" : "D");
                break;
        }
    }

    public void WriteDate(DateOnly value)
    {
        Next();
        var span = Room(10);
        Date(span, value.Year, value.Month, value.Day);
        _length += 10;
    }

    public void WriteTime(TimeOnly value)
    {
        Next();
        var span = Room(15);
        Time(span, value.Hour, value.Minute, value.Second, value.Ticks % TimeSpan.TicksPerSecond);
        _length += 15;
    }

    public void WriteDateTime(DateTime value)
    {
        // As for parameters, a local time is stored as UTC (entities arrive converted already).
        if (value.Kind == DateTimeKind.Local) value = value.ToUniversalTime();
        Next();
        var span = Room(26);
        Date(span, value.Year, value.Month, value.Day);
        span[10] = (byte)' ';
        Time(span[11..], value.Hour, value.Minute, value.Second, value.Ticks % TimeSpan.TicksPerSecond);
        _length += 26;
    }

    public void WriteDateTimeOffset(DateTimeOffset value) => WriteDateTime(value.UtcDateTime);

    /// <summary>Writes a duration for a TIME column, as <c>[-]hours:mm:ss.ffffff</c> (hours may pass 24).</summary>
    public void WriteTimeSpan(TimeSpan value)
    {
        Next();
        var ticks = value.Ticks;
        // Unsigned, so that TimeSpan.MinValue has a magnitude too.
        var magnitude = ticks < 0 ? (ulong)(-(ticks + 1)) + 1 : (ulong)ticks;
        var span = Room(32);
        var at = 0;
        if (ticks < 0) span[at++] = (byte)'-';
        (magnitude / TimeSpan.TicksPerHour).TryFormat(span[at..], out var written, default, CultureInfo.InvariantCulture);
        at += written;
        span[at++] = (byte)':';
        var withinHour = (long)(magnitude % TimeSpan.TicksPerHour);
        Two(span[at..], (int)(withinHour / TimeSpan.TicksPerMinute));
        span[at + 2] = (byte)':';
        Seconds(span[(at + 3)..], (int)(withinHour / TimeSpan.TicksPerSecond % 60), withinHour % TimeSpan.TicksPerSecond);
        _length += at + 12;
    }

    public void WriteString(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        WriteText(value);
    }

    /// <summary>Writes text given as UTF-16 (a string, or a <see cref="char"/>'s one character).</summary>
    /// <exception cref="ArgumentException">It holds an unpaired surrogate, which is no Unicode text.</exception>
    public void WriteText(ReadOnlySpan<char> text)
    {
        Next();
        while (true)
        {
            var special = text.IndexOfAny(SpecialChars);
            var plain = special < 0 ? text : text[..special];
            if (!plain.IsEmpty)
            {
                // A special character is ASCII, so the text between two is never a surrogate pair cut in half.
                if (Utf8.FromUtf16(plain, Room(checked(plain.Length * 3)), out _, out var written, replaceInvalidSequences: false) != OperationStatus.Done)
                    throw Refused("a string with an unpaired UTF-16 surrogate, which is not Unicode text: remove or pair the surrogate, or store the data as binary");
                _length += written;
            }
            if (special < 0) return;
            Escape((byte)text[special]);
            text = text[(special + 1)..];
        }
    }

    public void WriteString(ReadOnlySpan<byte> utf8) => Utf8Text(utf8, "text that is not valid UTF-8: write it as a string, or as binary data with WriteBytes");

    public void WriteJson(ReadOnlySpan<byte> utf8) => Utf8Text(utf8, "a JSON document that is not valid UTF-8: encode the document as UTF-8, or pass it as a string");

    public void WriteBytes(ReadOnlySpan<byte> value)
    {
        Next();
        AppendEscaped(value);
    }

    /// <summary>Refuses a boxed value of a type that has no text in the file, naming its column and row.</summary>
    /// <exception cref="NotSupportedException">Always.</exception>
    [DoesNotReturn]
    public void Unsupported(Type type)
    {
        Next();
        throw new NotSupportedException(
            $"The value for column '{_columns[_column - 1]}' in row {Row} is a {type.Name}, which a MySQL bulk insert cannot write: " +
            "convert it to a string, number, date or byte array first, or register a type conversion for it.");
    }

    private void Utf8Text(ReadOnlySpan<byte> utf8, string problem)
    {
        if (!Utf8.IsValid(utf8))
        {
            Next();
            throw Refused(problem);
        }
        WriteBytes(utf8);
    }

    /// <summary>A value in the invariant text of its type, as MySqlConnector writes parameters; 64 bytes hold any of them.</summary>
    private void Formatted<T>(T value, ReadOnlySpan<char> format) where T : IUtf8SpanFormattable
    {
        Next();
        value.TryFormat(Room(64), out var written, format, CultureInfo.InvariantCulture);
        _length += written;
    }

    private void AppendEscaped(ReadOnlySpan<byte> bytes)
    {
        while (true)
        {
            var special = bytes.IndexOfAny(SpecialBytes);
            var plain = special < 0 ? bytes : bytes[..special];
            plain.CopyTo(Room(plain.Length));
            _length += plain.Length;
            if (special < 0) return;
            Escape(bytes[special]);
            bytes = bytes[(special + 1)..];
        }
    }

    /// <summary>A special byte as LOAD DATA's escape sequence for it (<c>\0</c> for NUL, <c>\t</c> for a tab, …).</summary>
    private void Escape(byte special)
    {
        var span = Room(2);
        span[0] = (byte)'\\';
        span[1] = special switch
        {
            (byte)'\t' => (byte)'t',
            (byte)'\n' => (byte)'n',
            (byte)'\r' => (byte)'r',
            0 => (byte)'0',
            _ => special,
        };
        _length += 2;
    }

    /// <summary>The 16 bytes MySqlConnector stores for a Guid in one of its binary formats.</summary>
    internal static void GuidBytes(Guid value, MySqlGuidFormat format, Span<byte> bytes)
    {
        if (format == MySqlGuidFormat.LittleEndianBinary16)
        {
            value.TryWriteBytes(bytes);
            return;
        }
        value.TryWriteBytes(bytes, bigEndian: true, out _);
        if (format != MySqlGuidFormat.TimeSwapBinary16) return;
        // The time fields first (time_hi, time_mid, time_low), so that keys made in order sort in order.
        Span<byte> time = stackalloc byte[8];
        bytes[..8].CopyTo(time);
        time[6..8].CopyTo(bytes);
        time[4..6].CopyTo(bytes[2..]);
        time[..4].CopyTo(bytes[4..]);
    }

    private static void Date(Span<byte> span, int year, int month, int day)
    {
        Digits(span, year, 4);
        span[4] = (byte)'-';
        Two(span[5..], month);
        span[7] = (byte)'-';
        Two(span[8..], day);
    }

    private static void Time(Span<byte> span, int hour, int minute, int second, long fractionTicks)
    {
        Two(span, hour);
        span[2] = (byte)':';
        Two(span[3..], minute);
        span[5] = (byte)':';
        Seconds(span[6..], second, fractionTicks);
    }

    /// <summary><c>ss.ffffff</c>: the fraction cut (not rounded) to microseconds, as MySqlConnector's format does.</summary>
    private static void Seconds(Span<byte> span, int second, long fractionTicks)
    {
        Two(span, second);
        span[2] = (byte)'.';
        Digits(span[3..], (int)(fractionTicks / (TimeSpan.TicksPerSecond / 1_000_000)), 6);
    }

    private static void Two(Span<byte> span, int value)
    {
        span[0] = (byte)('0' + value / 10);
        span[1] = (byte)('0' + value % 10);
    }

    private static void Digits(Span<byte> span, int value, int count)
    {
        for (var i = count - 1; i >= 0; i--)
        {
            span[i] = (byte)('0' + value % 10);
            value /= 10;
        }
    }

    private void Next()
    {
        if (_column == _columns.Count)
            throw new ArgumentException($"Row {Row} wrote more than the {_columns.Count} values its columns take: write one value per column.");
        if (_column++ > 0) Append((byte)'\t');
    }

    private void Append(byte value)
    {
        Room(1)[0] = value;
        _length++;
    }

    /// <summary>Room for <paramref name="size"/> bytes after the buffered ones; the caller fills it and advances the length.</summary>
    private Span<byte> Room(int size)
    {
        if (_buffer.Length - _length < size)
        {
            var larger = ArrayPool<byte>.Shared.Rent(Math.Max(checked(_buffer.Length * 2), checked(_length + size)));
            _buffer.AsSpan(0, _length).CopyTo(larger);
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = larger;
        }
        return _buffer.AsSpan(_length, size);
    }

    /// <summary>The error for the value of the column just started.</summary>
    private ArgumentException Refused(string problem) =>
        new($"The value for column '{_columns[_column - 1]}' in row {Row} is {problem}.");

    private ArgumentOutOfRangeException NotFinite(double value, string type)
    {
        Next();
        return new ArgumentOutOfRangeException(null, $"The value for column '{_columns[_column - 1]}' in row {Row} is {_dialect.NotFinite(value, type)}");
    }

    public void Dispose()
    {
        var buffer = _buffer;
        _buffer = [];
        _length = 0;
        if (buffer.Length > 0) ArrayPool<byte>.Shared.Return(buffer);
    }
}
