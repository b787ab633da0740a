namespace Strata.Transfer;

/// <summary>One column of an <see cref="ArchiveTable"/>.</summary>
internal sealed record ArchiveColumn(string Name, ColumnType Type, bool IsNullable, ArchiveDefault? Default = null);
