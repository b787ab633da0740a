namespace Strata.Bulk;

/// <summary>
/// Takes the values of one bulk-insert row at a time, each through the method of its type, so that a dialect can encode them
/// for its bulk path without boxing (PostgreSQL writes them straight into binary COPY). Call exactly one method per column, in
/// the columns' order, for each row a <see cref="BulkRowSource"/> writes.
/// </summary>
/// <remarks>
/// Spans are read during the call and not kept. A value the target column cannot take (a <see cref="long"/> beyond an
/// <c>integer</c> column's range, a UUID into a numeric column) throws <see cref="InvalidCastException"/>
/// or <see cref="OverflowException"/>; writing more values than there are columns throws <see cref="ArgumentException"/>.
/// Not thread-safe: one writer belongs to one bulk insert.
/// </remarks>
public interface IBulkValueWriter
{
    /// <summary>Writes SQL NULL.</summary>
    void WriteNull();

    /// <summary>Writes a boolean.</summary>
    void WriteBoolean(bool value);

    /// <summary>Writes a 16-bit integer.</summary>
    void WriteInt16(short value);

    /// <summary>Writes a 32-bit integer.</summary>
    void WriteInt32(int value);

    /// <summary>Writes a 64-bit integer.</summary>
    void WriteInt64(long value);

    /// <summary>Writes a single-precision floating-point number.</summary>
    void WriteSingle(float value);

    /// <summary>Writes a double-precision floating-point number.</summary>
    void WriteDouble(double value);

    /// <summary>Writes a decimal number.</summary>
    void WriteDecimal(decimal value);

    /// <summary>Writes a UUID.</summary>
    void WriteGuid(Guid value);

    /// <summary>Writes a date.</summary>
    void WriteDate(DateOnly value);

    /// <summary>Writes a time of day.</summary>
    void WriteTime(TimeOnly value);

    /// <summary>Writes a date and time; a local <see cref="DateTime"/> is converted to UTC first, as for parameters.</summary>
    void WriteDateTime(DateTime value);

    /// <summary>Writes an instant, stored as its UTC time.</summary>
    void WriteDateTimeOffset(DateTimeOffset value);

    /// <summary>Writes text.</summary>
    void WriteString(string value);

    /// <summary>Writes text given as UTF-8 bytes; bytes that are not valid UTF-8 are refused (by the database or the writer).</summary>
    void WriteString(ReadOnlySpan<byte> utf8);

    /// <summary>Writes binary data.</summary>
    void WriteBytes(ReadOnlySpan<byte> value);

    /// <summary>Writes a JSON document given as its UTF-8 text.</summary>
    void WriteJson(ReadOnlySpan<byte> utf8);
}
