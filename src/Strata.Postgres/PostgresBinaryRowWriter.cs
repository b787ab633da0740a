using System.Buffers.Binary;
using System.Text;
using Strata.Bulk;

namespace Strata.Postgres;

/// <summary>
/// Encodes typed bulk-insert values in PostgreSQL's binary COPY format (a header, then per row a field count and each field as
/// its length and the type's binary send form, then a trailer) into a buffer the caller sends through a raw COPY stream. The
/// encoding follows each target column's type, so a value is converted where that is exact (an <see cref="int"/> into a
/// <c>bigint</c> column) and refused otherwise.
/// </summary>
internal sealed class PostgresBinaryRowWriter : IBulkValueWriter
{
    /// <summary>The column types this writer encodes; any other type leaves the bulk insert to Npgsql's importer.</summary>
    public enum Kind : byte
    {
        Boolean, Int16, Int32, Int64, Single, Double, Numeric, Uuid, Date, Time, Timestamp, TimestampTz, Text, Bytea, Json, Jsonb,
    }

    private static readonly byte[] Signature = [(byte)'P', (byte)'G', (byte)'C', (byte)'O', (byte)'P', (byte)'Y', (byte)'\n', 0xFF, (byte)'\r', (byte)'\n', 0];
    private static readonly long EpochTicks = new DateTime(2000, 1, 1).Ticks;
    private static readonly int EpochDay = new DateOnly(2000, 1, 1).DayNumber;
    private static readonly uint[] AlignFactor = [1, 1000, 100, 10];

    private readonly Kind[] _kinds;
    private readonly IReadOnlyList<string> _columns;
    private readonly IReadOnlyList<string> _types;
    private byte[] _buffer = new byte[128 * 1024];
    private int _length;
    private int _column;

    /// <param name="kinds">Each column's kind, from <see cref="KindOf"/>.</param>
    /// <param name="columns">The columns' names, for messages.</param>
    /// <param name="types">The columns' PostgreSQL types, for messages.</param>
    public PostgresBinaryRowWriter(Kind[] kinds, IReadOnlyList<string> columns, IReadOnlyList<string> types)
    {
        _kinds = kinds;
        _columns = columns;
        _types = types;
    }

    /// <summary>The kind of a column whose type is <paramref name="type"/> (as <c>format_type</c> names it), or null when this writer cannot encode it.</summary>
    public static Kind? KindOf(string type) => type switch
    {
        "boolean" => Kind.Boolean,
        "smallint" => Kind.Int16,
        "integer" => Kind.Int32,
        "bigint" => Kind.Int64,
        "real" => Kind.Single,
        "double precision" => Kind.Double,
        "numeric" => Kind.Numeric,
        "uuid" => Kind.Uuid,
        "date" => Kind.Date,
        "time without time zone" => Kind.Time,
        "timestamp without time zone" => Kind.Timestamp,
        "timestamp with time zone" => Kind.TimestampTz,
        "text" or "character varying" or "character" => Kind.Text,
        "bytea" => Kind.Bytea,
        "json" => Kind.Json,
        "jsonb" => Kind.Jsonb,
        _ => null,
    };

    /// <summary>The bytes encoded since the last <see cref="Clear"/>.</summary>
    public ReadOnlyMemory<byte> Buffered => _buffer.AsMemory(0, _length);

    /// <summary>Forgets the bytes encoded so far (after they were sent).</summary>
    public void Clear() => _length = 0;

    /// <summary>Encodes the COPY header, which comes before the first row.</summary>
    public void WriteHeader()
    {
        Signature.CopyTo(Reserve(Signature.Length + 8));
        BinaryPrimitives.WriteInt64BigEndian(_buffer.AsSpan(_length - 8), 0); // no flags, no header extension
    }

    /// <summary>Encodes the trailer that ends the rows.</summary>
    public void WriteTrailer() => BinaryPrimitives.WriteInt16BigEndian(Reserve(2), -1);

    /// <summary>Starts a row; <see cref="EndRow"/> or <see cref="AbandonRow"/> follows once the source has written it or found none.</summary>
    public void StartRow()
    {
        BinaryPrimitives.WriteInt16BigEndian(Reserve(2), (short)_kinds.Length);
        _column = 0;
    }

    /// <summary>Takes back the start of a row that the source did not write.</summary>
    public void AbandonRow() => _length -= 2;

    /// <summary>Checks that the row wrote a value for every column.</summary>
    /// <exception cref="ArgumentException">It wrote fewer.</exception>
    public void EndRow(long number)
    {
        if (_column != _kinds.Length)
            throw new ArgumentException($"Row {number} wrote {_column} values but {_kinds.Length} columns were given: write one value per column, in the columns' order.");
    }

    public void WriteNull()
    {
        Next();
        BinaryPrimitives.WriteInt32BigEndian(Reserve(4), -1);
    }

    public void WriteBoolean(bool value)
    {
        if (Next() != Kind.Boolean) throw Mismatch("a boolean");
        Field(1)[0] = value ? (byte)1 : (byte)0;
    }

    public void WriteInt16(short value) => Integer(value, "a 16-bit integer");

    public void WriteInt32(int value) => Integer(value, "a 32-bit integer");

    public void WriteInt64(long value) => Integer(value, "a 64-bit integer");

    private void Integer(long value, string what)
    {
        switch (Next())
        {
            case Kind.Int64: BinaryPrimitives.WriteInt64BigEndian(Field(8), value); break;
            case Kind.Int32: BinaryPrimitives.WriteInt32BigEndian(Field(4), value is >= int.MinValue and <= int.MaxValue ? (int)value : throw OutOfRange(value)); break;
            case Kind.Int16: BinaryPrimitives.WriteInt16BigEndian(Field(2), value is >= short.MinValue and <= short.MaxValue ? (short)value : throw OutOfRange(value)); break;
            case Kind.Numeric: Numeric(value); break;
            case Kind.Double: BinaryPrimitives.WriteDoubleBigEndian(Field(8), value); break;
            case Kind.Single: BinaryPrimitives.WriteSingleBigEndian(Field(4), value); break;
            default: throw Mismatch(what);
        }
    }

    public void WriteSingle(float value)
    {
        switch (Next())
        {
            case Kind.Single: BinaryPrimitives.WriteSingleBigEndian(Field(4), value); break;
            case Kind.Double: BinaryPrimitives.WriteDoubleBigEndian(Field(8), value); break;
            default: throw Mismatch("a single-precision number");
        }
    }

    public void WriteDouble(double value)
    {
        switch (Next())
        {
            case Kind.Double: BinaryPrimitives.WriteDoubleBigEndian(Field(8), value); break;
            case Kind.Single: BinaryPrimitives.WriteSingleBigEndian(Field(4), (float)value); break;
            default: throw Mismatch("a double-precision number");
        }
    }

    public void WriteDecimal(decimal value)
    {
        if (Next() != Kind.Numeric) throw Mismatch("a decimal");
        Numeric(value);
    }

    public void WriteGuid(Guid value)
    {
        if (Next() != Kind.Uuid) throw Mismatch("a UUID");
        value.TryWriteBytes(Field(16), bigEndian: true, out _);
    }

    public void WriteDate(DateOnly value)
    {
        if (Next() != Kind.Date) throw Mismatch("a date");
        Date(value);
    }

    public void WriteTime(TimeOnly value)
    {
        if (Next() != Kind.Time) throw Mismatch("a time of day");
        BinaryPrimitives.WriteInt64BigEndian(Field(8), value.Ticks / TimeSpan.TicksPerMicrosecond);
    }

    public void WriteDateTime(DateTime value)
    {
        // As the session runs in UTC (see PostgresDriver), a timestamp with or without time zone takes the same ticks: a UTC
        // DateTime into a column without a zone keeps its wall-clock time, an unspecified one into a column with a zone is read as
        // UTC, and a local one is converted to UTC first, as parameters are.
        if (value.Kind == DateTimeKind.Local) value = value.ToUniversalTime();
        switch (Next())
        {
            case Kind.TimestampTz or Kind.Timestamp: Timestamp(value); break;
            case Kind.Date: Date(DateOnly.FromDateTime(value)); break;
            default: throw Mismatch("a DateTime");
        }
    }

    public void WriteDateTimeOffset(DateTimeOffset value)
    {
        if (Next() is not (Kind.TimestampTz or Kind.Timestamp)) throw Mismatch("a DateTimeOffset");
        Timestamp(value.UtcDateTime);
    }

    public void WriteString(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var kind = Text("a string");
        var max = Encoding.UTF8.GetMaxByteCount(value.Length) + 1;
        var lengthAt = _length;
        var span = Reserve(4 + max);
        var start = 4;
        if (kind == Kind.Jsonb) span[start++] = 1;
        var written = Encoding.UTF8.GetBytes(value, span[start..]) + start - 4;
        BinaryPrimitives.WriteInt32BigEndian(span, written);
        _length = lengthAt + 4 + written;
    }

    public void WriteString(ReadOnlySpan<byte> utf8) => Utf8(Text("a string"), utf8);

    public void WriteJson(ReadOnlySpan<byte> utf8) => Utf8(Text("a JSON document"), utf8);

    public void WriteBytes(ReadOnlySpan<byte> value)
    {
        if (Next() != Kind.Bytea) throw Mismatch("binary data");
        value.CopyTo(Field(value.Length));
    }

    private Kind Text(string what)
    {
        var kind = Next();
        return kind is Kind.Text or Kind.Json or Kind.Jsonb ? kind : throw Mismatch(what);
    }

    private void Utf8(Kind kind, ReadOnlySpan<byte> utf8)
    {
        // jsonb's binary form is a version byte (1) before the text.
        if (kind == Kind.Jsonb)
        {
            var field = Field(utf8.Length + 1);
            field[0] = 1;
            utf8.CopyTo(field[1..]);
        }
        else
        {
            utf8.CopyTo(Field(utf8.Length));
        }
    }

    /// <summary>PostgreSQL's numeric: digit count, weight and sign, display scale, then base-10,000 digits from the most significant.</summary>
    private void Numeric(decimal value)
    {
        Span<int> bits = stackalloc int[4];
        decimal.GetBits(value, bits);
        var scale = (bits[3] >> 16) & 0xFF;
        var negative = bits[3] < 0;
        // Fractional digits padded to whole groups of four, so the point falls between two base-10,000 digits.
        var align = AlignFactor[scale % 4];
        var fractionGroups = (scale + 3) / 4;
        Span<short> groups = stackalloc short[12];
        var count = 0;
        var low = ((ulong)(uint)bits[1] << 32) | (uint)bits[0];
        if (bits[2] == 0 && low <= ulong.MaxValue / 1000)
        {
            // Most values fit 64 bits, where dividing by a constant is a multiplication.
            for (var mantissa = low * (ulong)align; mantissa != 0; mantissa /= 10_000) groups[count++] = (short)(mantissa % 10_000);
        }
        else
        {
            for (var mantissa = (((UInt128)(uint)bits[2] << 64) | low) * align; mantissa != 0; mantissa /= 10_000) groups[count++] = (short)(ulong)(mantissa % 10_000);
        }
        var lowest = 0;
        while (lowest < count && groups[lowest] == 0) lowest++;
        var digits = count - lowest;
        var weight = digits == 0 ? 0 : count - fractionGroups - 1;
        var field = Field(8 + 2 * digits);
        BinaryPrimitives.WriteInt16BigEndian(field, (short)digits);
        BinaryPrimitives.WriteInt16BigEndian(field[2..], (short)weight);
        BinaryPrimitives.WriteInt16BigEndian(field[4..], negative && digits > 0 ? (short)0x4000 : (short)0);
        BinaryPrimitives.WriteInt16BigEndian(field[6..], (short)scale);
        for (var i = 0; i < digits; i++) BinaryPrimitives.WriteInt16BigEndian(field[(8 + 2 * i)..], groups[count - 1 - i]);
    }

    private void Timestamp(DateTime value) =>
        // The extremes are ±infinity, as Npgsql writes them.
        BinaryPrimitives.WriteInt64BigEndian(Field(8), value == DateTime.MaxValue ? long.MaxValue
            : value == DateTime.MinValue ? long.MinValue
            : (value.Ticks - EpochTicks) / TimeSpan.TicksPerMicrosecond);

    private void Date(DateOnly value) =>
        BinaryPrimitives.WriteInt32BigEndian(Field(4), value == DateOnly.MaxValue ? int.MaxValue
            : value == DateOnly.MinValue ? int.MinValue
            : value.DayNumber - EpochDay);

    private Kind Next()
    {
        if (_column == _kinds.Length)
            throw new ArgumentException($"A row wrote more than the {_kinds.Length} values its columns take: write one value per column.");
        return _kinds[_column++];
    }

    private OverflowException OutOfRange(long value) =>
        new($"Column '{_columns[_column - 1]}' is of PostgreSQL type {_types[_column - 1]}, which cannot hold {value}: widen the column, or write values in its range.");

    private InvalidCastException Mismatch(string what) =>
        new($"Column '{_columns[_column - 1]}' is of PostgreSQL type {_types[_column - 1]}, which cannot take {what} in a binary COPY: write the value with the method of the column's type.");

    /// <summary>A field's length followed by room for its <paramref name="size"/> bytes, which the caller fills.</summary>
    private Span<byte> Field(int size)
    {
        var span = Reserve(4 + size);
        BinaryPrimitives.WriteInt32BigEndian(span, size);
        return span.Slice(4, size);
    }

    private Span<byte> Reserve(int size)
    {
        if (_length + size > _buffer.Length) Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, _length + size));
        var span = _buffer.AsSpan(_length, size);
        _length += size;
        return span;
    }
}
