using System.Collections.Immutable;

namespace Strata.Schema;

/// <summary>A primary key.</summary>
/// <param name="Name">The constraint name (MySQL always calls it PRIMARY).</param>
/// <param name="Columns">The key columns in key order.</param>
public sealed record PrimaryKeyDefinition(string Name, ImmutableArray<string> Columns);

/// <summary>A unique constraint.</summary>
/// <param name="Name">The constraint name.</param>
/// <param name="Columns">The columns whose combination must be unique.</param>
public sealed record UniqueDefinition(string Name, ImmutableArray<string> Columns);

/// <summary>An index.</summary>
/// <param name="Name">The index name.</param>
/// <param name="Columns">The indexed columns in order.</param>
/// <param name="IsUnique">A unique index.</param>
/// <param name="Filter">The condition of a partial index (PostgreSQL and SQLite), or null.</param>
public sealed record IndexDefinition(string Name, ImmutableArray<string> Columns, bool IsUnique, Sql? Filter);

/// <summary>A foreign key.</summary>
/// <param name="Name">The constraint name.</param>
/// <param name="Columns">The referencing columns of this table.</param>
/// <param name="ReferencedTable">The referenced table.</param>
/// <param name="ReferencedColumns">The referenced columns, paired with <paramref name="Columns"/>.</param>
/// <param name="OnDelete">What deleting a referenced row does.</param>
/// <param name="OnUpdate">What updating a referenced key does.</param>
public sealed record ForeignKeyDefinition(
    string Name,
    ImmutableArray<string> Columns,
    string ReferencedTable,
    ImmutableArray<string> ReferencedColumns,
    ReferentialAction OnDelete,
    ReferentialAction OnUpdate);

/// <summary>A check constraint.</summary>
/// <param name="Name">The constraint name.</param>
/// <param name="Condition">The condition every row must meet; holes in it are written as literals.</param>
public sealed record CheckDefinition(string Name, Sql Condition);
