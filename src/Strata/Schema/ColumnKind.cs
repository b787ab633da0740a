namespace Strata.Schema;

/// <summary>The portable column kinds of the schema builder; each dialect maps them to its own types.</summary>
public enum ColumnKind
{
    /// <summary>An auto-incrementing 32-bit integer key (the table's primary key).</summary>
    Increments,

    /// <summary>An auto-incrementing 64-bit integer key (the table's primary key).</summary>
    BigIncrements,

    /// <summary>A UUID (<see cref="Guid"/>).</summary>
    Uuid,

    /// <summary>Variable-length text up to a maximum length.</summary>
    String,

    /// <summary>Unbounded text.</summary>
    Text,

    /// <summary>A 32-bit integer.</summary>
    Integer,

    /// <summary>A 64-bit integer.</summary>
    BigInteger,

    /// <summary>A 16-bit integer.</summary>
    SmallInteger,

    /// <summary>An exact decimal number with a precision and scale.</summary>
    Decimal,

    /// <summary>A single-precision floating-point number.</summary>
    Float,

    /// <summary>A double-precision floating-point number.</summary>
    Double,

    /// <summary>A boolean.</summary>
    Boolean,

    /// <summary>A calendar date (<see cref="DateOnly"/>).</summary>
    Date,

    /// <summary>A time of day (<see cref="TimeOnly"/>).</summary>
    Time,

    /// <summary>A date and time without a time zone (<see cref="System.DateTime"/>).</summary>
    DateTime,

    /// <summary>A point in time, with or without a time zone (see <see cref="ColumnType.WithTimeZone"/>).</summary>
    Timestamp,

    /// <summary>A JSON document (jsonb on PostgreSQL).</summary>
    Json,

    /// <summary>Binary data (<see cref="byte"/>[]).</summary>
    Binary,

    /// <summary>Text limited to a fixed set of values (a check constraint, or the database's own enum type).</summary>
    Enum,
}
