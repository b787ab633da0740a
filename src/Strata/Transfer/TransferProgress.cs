namespace Strata.Transfer;

/// <summary>How far a dump or restore has got with one table: reported with 0 rows when the table starts, after each batch, and with <paramref name="Done"/> at its end.</summary>
/// <param name="Table">The table.</param>
/// <param name="Rows">Rows written or loaded so far.</param>
/// <param name="Done">True on the table's last report.</param>
public sealed record TransferProgress(string Table, long Rows, bool Done);
