using System.Collections.Immutable;
using Strata.Schema;

namespace Strata;

/// <summary>
/// A portable column type: a <see cref="ColumnKind"/> with its length, precision, time zone or values.
/// Each dialect's <see cref="DdlCompiler"/> turns it into a database type name.
/// </summary>
/// <remarks>Immutable. Create one through the static members, e.g. <c>ColumnType.String(100)</c> or <c>ColumnType.Decimal(10, 2)</c>.</remarks>
public sealed record ColumnType
{
    private ColumnType(ColumnKind kind) => Kind = kind;

    /// <summary>The kind of column.</summary>
    public ColumnKind Kind { get; }

    /// <summary>The maximum length of a <see cref="ColumnKind.String"/> column, otherwise null.</summary>
    public int? Length { get; private init; }

    /// <summary>The total number of digits of a <see cref="ColumnKind.Decimal"/> column, otherwise null.</summary>
    public int? Precision { get; private init; }

    /// <summary>The digits after the decimal point of a <see cref="ColumnKind.Decimal"/> column, otherwise null.</summary>
    public int? Scale { get; private init; }

    /// <summary>For <see cref="ColumnKind.Timestamp"/>: whether the database keeps the time zone (an instant) or not.</summary>
    public bool WithTimeZone { get; private init; }

    /// <summary>The allowed values of an <see cref="ColumnKind.Enum"/> column; empty for other kinds.</summary>
    public ImmutableArray<string> Values { get; private init; } = [];

    /// <summary>True for the auto-incrementing key kinds.</summary>
    public bool IsAutoIncrement => Kind is ColumnKind.Increments or ColumnKind.BigIncrements;

    /// <summary>An auto-incrementing 32-bit integer key.</summary>
    public static ColumnType Increments { get; } = new(ColumnKind.Increments);

    /// <summary>An auto-incrementing 64-bit integer key.</summary>
    public static ColumnType BigIncrements { get; } = new(ColumnKind.BigIncrements);

    /// <summary>A UUID.</summary>
    public static ColumnType Uuid { get; } = new(ColumnKind.Uuid);

    /// <summary>Unbounded text.</summary>
    public static ColumnType Text { get; } = new(ColumnKind.Text);

    /// <summary>A 32-bit integer.</summary>
    public static ColumnType Integer { get; } = new(ColumnKind.Integer);

    /// <summary>A 64-bit integer.</summary>
    public static ColumnType BigInteger { get; } = new(ColumnKind.BigInteger);

    /// <summary>A 16-bit integer.</summary>
    public static ColumnType SmallInteger { get; } = new(ColumnKind.SmallInteger);

    /// <summary>A single-precision floating-point number.</summary>
    public static ColumnType Float { get; } = new(ColumnKind.Float);

    /// <summary>A double-precision floating-point number.</summary>
    public static ColumnType Double { get; } = new(ColumnKind.Double);

    /// <summary>A boolean.</summary>
    public static ColumnType Boolean { get; } = new(ColumnKind.Boolean);

    /// <summary>A calendar date.</summary>
    public static ColumnType Date { get; } = new(ColumnKind.Date);

    /// <summary>A time of day.</summary>
    public static ColumnType Time { get; } = new(ColumnKind.Time);

    /// <summary>A date and time without a time zone.</summary>
    public static ColumnType DateTime { get; } = new(ColumnKind.DateTime);

    /// <summary>A JSON document.</summary>
    public static ColumnType Json { get; } = new(ColumnKind.Json);

    /// <summary>Binary data.</summary>
    public static ColumnType Binary { get; } = new(ColumnKind.Binary);

    /// <summary>Variable-length text of at most <paramref name="length"/> characters.</summary>
    /// <param name="length">The maximum length, 1 to 16,383 (the most a MySQL utf8mb4 VARCHAR holds).</param>
    /// <exception cref="ArgumentOutOfRangeException">The length is out of range; use <see cref="Text"/> for longer text.</exception>
    public static ColumnType String(int length = 255)
    {
        if (length is < 1 or > 16_383)
            throw new ArgumentOutOfRangeException(nameof(length), length, "A String column's length must be between 1 and 16383; use Text for longer or unbounded text.");
        return new ColumnType(ColumnKind.String) { Length = length };
    }

    /// <summary>An exact decimal number.</summary>
    /// <param name="precision">Total digits, 1 to 38.</param>
    /// <param name="scale">Digits after the decimal point, 0 to <paramref name="precision"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException">Precision or scale is out of range.</exception>
    public static ColumnType Decimal(int precision = 18, int scale = 2)
    {
        if (precision is < 1 or > 38)
            throw new ArgumentOutOfRangeException(nameof(precision), precision, "A Decimal column's precision must be between 1 and 38 (the most every supported database allows).");
        if (scale < 0 || scale > precision)
            throw new ArgumentOutOfRangeException(nameof(scale), scale, $"A Decimal column's scale must be between 0 and its precision ({precision}).");
        return new ColumnType(ColumnKind.Decimal) { Precision = precision, Scale = scale };
    }

    /// <summary>A point in time: with a time zone (PostgreSQL <c>timestamptz</c>, an instant) or without.</summary>
    /// <param name="withTimeZone">Keep the time zone. MySQL and SQLite have no such type: there the column holds the UTC time.</param>
    public static ColumnType Timestamp(bool withTimeZone = true) => new(ColumnKind.Timestamp) { WithTimeZone = withTimeZone };

    /// <summary>Text limited to <paramref name="values"/>.</summary>
    /// <param name="values">The allowed values: at least one, none empty, no duplicates.</param>
    /// <exception cref="ArgumentException">No values, an empty or duplicate value.</exception>
    public static ColumnType Enum(IEnumerable<string> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var list = values.ToImmutableArray();
        if (list.IsEmpty) throw new ArgumentException("An Enum column needs at least one allowed value.", nameof(values));
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var value in list)
        {
            if (string.IsNullOrEmpty(value)) throw new ArgumentException("An Enum column's values must not be null or empty.", nameof(values));
            if (!seen.Add(value)) throw new ArgumentException($"An Enum column lists the value '{value}' twice.", nameof(values));
        }
        return new ColumnType(ColumnKind.Enum) { Values = list };
    }

    /// <summary>Equal when kind, length, precision, scale, time zone and values are equal.</summary>
    /// <param name="other">The other type.</param>
    public bool Equals(ColumnType? other) =>
        other is not null && Kind == other.Kind && Length == other.Length && Precision == other.Precision && Scale == other.Scale
        && WithTimeZone == other.WithTimeZone && Values.SequenceEqual(other.Values);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Kind, Length, Precision, Scale, WithTimeZone, Values.Length);

    /// <summary>The kind with its arguments, e.g. <c>String(100)</c>.</summary>
    public override string ToString() => Kind switch
    {
        ColumnKind.String => $"String({Length})",
        ColumnKind.Decimal => $"Decimal({Precision}, {Scale})",
        ColumnKind.Timestamp => WithTimeZone ? "Timestamp(with time zone)" : "Timestamp(without time zone)",
        ColumnKind.Enum => $"Enum({string.Join(", ", Values)})",
        _ => Kind.ToString(),
    };
}
