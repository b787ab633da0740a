namespace Strata.Sqlite;

/// <summary>What an ALTER TABLE compiles to on SQLite: in-place statements, or the statements of one table rebuild.</summary>
/// <param name="Statements">Every statement, in the order they run.</param>
/// <param name="IsRebuild">True when the table is rebuilt (run with foreign keys off, in one transaction).</param>
/// <param name="ForeignKeyChecks">The <c>PRAGMA foreign_key_check</c> statements among <paramref name="Statements"/>, whose rows are violations.</param>
internal sealed record SqliteAlterPlan(IReadOnlyList<Sql> Statements, bool IsRebuild, IReadOnlyList<Sql> ForeignKeyChecks);
