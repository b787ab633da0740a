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
