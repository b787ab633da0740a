using System.Text;
using System.Text.Json;

namespace Strata.Bulk;

/// <summary>
/// Rows for <see cref="IDbSession.BulkInsertAsync(string, IReadOnlyList{string}, BulkRowSource, BulkInsertOptions?, CancellationToken)"/>
/// that write themselves, value by value and typed, into the bulk insert's <see cref="IBulkValueWriter"/> instead of arriving
/// as arrays of boxed values: where the database's bulk path can take typed values (PostgreSQL's binary COPY) nothing is
/// allocated per value, nor on MySQL's LOAD DATA, whose file Strata writes. Elsewhere, or when a plugin rewrites the rows, each row is collected into an array as
/// <see cref="IDbSession.BulkInsertAsync(string, IReadOnlyList{string}, IEnumerable{object?[]}, BulkInsertOptions?, CancellationToken)"/> takes it.
/// </summary>
/// <remarks>Read once, by one bulk insert; <see cref="WriteRow"/> is called from one flow at a time.</remarks>
public abstract class BulkRowSource
{
    /// <summary>
    /// Writes the next row's values into <paramref name="writer"/>, one call per column in the columns' order, or writes
    /// nothing and returns false when there is no row left.
    /// </summary>
    /// <param name="writer">Where the values go; valid only during the call.</param>
    /// <returns>True when a row was written.</returns>
    /// <remarks>An exception thrown here stops the bulk insert and takes back what it wrote, and surfaces as itself.</remarks>
    public abstract bool WriteRow(IBulkValueWriter writer);

    /// <summary>The rows as arrays of the values a parameter would bind, for a bulk path that takes arrays.</summary>
    internal IEnumerable<object?[]> Arrays(int width)
    {
        var writer = new BulkValueArray(width);
        var number = 0L;
        while (true)
        {
            writer.Start();
            if (!WriteRow(writer)) yield break;
            number++;
            if (writer.Count != width)
                throw new ArgumentException($"Row {number} wrote {writer.Count} values but {width} columns were given: write one value per column, in the columns' order.");
            yield return writer.Values;
        }
    }
}

/// <summary>Collects a row's values boxed, as the parameter binding of each type expects them.</summary>
internal sealed class BulkValueArray(int width) : IBulkValueWriter
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public object?[] Values { get; private set; } = [];

    public int Count { get; private set; }

    public void Start()
    {
        // A new array per row: the dialect may keep a row (a batch of INSERT values) until it is sent.
        Values = new object?[width];
        Count = 0;
    }

    private void Add(object? value)
    {
        if (Count == width)
            throw new ArgumentException($"A row wrote more than the {width} values its columns take: write one value per column.");
        Values[Count++] = value;
    }

    public void WriteNull() => Add(null);
    public void WriteBoolean(bool value) => Add(value);
    public void WriteInt16(short value) => Add(value);
    public void WriteInt32(int value) => Add(value);
    public void WriteInt64(long value) => Add(value);
    public void WriteSingle(float value) => Add(value);
    public void WriteDouble(double value) => Add(value);
    public void WriteDecimal(decimal value) => Add(value);
    public void WriteGuid(Guid value) => Add(value);
    public void WriteDate(DateOnly value) => Add(value);
    public void WriteTime(TimeOnly value) => Add(value);
    public void WriteDateTime(DateTime value) => Add(value);
    public void WriteDateTimeOffset(DateTimeOffset value) => Add(value);
    public void WriteString(string value) => Add(value);
    public void WriteString(ReadOnlySpan<byte> utf8) => Add(StrictUtf8.GetString(utf8));
    public void WriteBytes(ReadOnlySpan<byte> value) => Add(value.ToArray());

    public void WriteJson(ReadOnlySpan<byte> utf8)
    {
        // An element, which binds as the database's JSON type (jsonb on PostgreSQL) where a string would be text.
        var reader = new Utf8JsonReader(utf8);
        using var document = JsonDocument.ParseValue(ref reader);
        Add(document.RootElement.Clone());
    }
}
