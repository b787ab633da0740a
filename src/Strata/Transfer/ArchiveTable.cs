using Strata.Schema.Introspection;

namespace Strata.Transfer;

/// <summary>One table as an archive describes it: portable column types, keys, indexes and foreign keys.</summary>
internal sealed record ArchiveTable(
    string Name,
    IReadOnlyList<ArchiveColumn> Columns,
    IReadOnlyList<string> PrimaryKey,
    IReadOnlyList<UniqueConstraintSchema> Uniques,
    IReadOnlyList<IndexSchema> Indexes,
    IReadOnlyList<ForeignKeySchema> ForeignKeys);

/// <summary>One column of an <see cref="ArchiveTable"/>.</summary>
internal sealed record ArchiveColumn(string Name, ColumnType Type, bool IsNullable);
