namespace Strata.Transfer;

/// <summary>What a dump wrote or a restore loaded for one table.</summary>
/// <param name="Table">The table.</param>
/// <param name="Rows">Its row count.</param>
/// <param name="Checksum">The SHA-256 of its encoded rows, lower-case hex (equal for equal data on any database).</param>
public sealed record TransferTableSummary(string Table, long Rows, string Checksum);
