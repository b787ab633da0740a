namespace Strata.Sqlite;

/// <summary>What one constraint in a CREATE TABLE body is, on a column or on the table.</summary>
internal enum SqliteConstraintKind
{
    /// <summary><c>PRIMARY KEY</c>.</summary>
    PrimaryKey,

    /// <summary><c>UNIQUE</c>.</summary>
    Unique,

    /// <summary><c>CHECK (…)</c>.</summary>
    Check,

    /// <summary><c>FOREIGN KEY (…) REFERENCES …</c> on the table, <c>REFERENCES …</c> on a column.</summary>
    ForeignKey,

    /// <summary><c>NOT NULL</c> (columns only).</summary>
    NotNull,

    /// <summary><c>NULL</c> (columns only; says nothing).</summary>
    Null,

    /// <summary><c>DEFAULT …</c> (columns only).</summary>
    Default,

    /// <summary><c>COLLATE …</c> (columns only).</summary>
    Collate,

    /// <summary><c>GENERATED ALWAYS AS (…)</c> or <c>AS (…)</c> (columns only).</summary>
    Generated,

    /// <summary>A <c>CONSTRAINT name</c> with no constraint after it (SQLite accepts one on a column).</summary>
    NameOnly,
}
