namespace Strata.Diagnostics;

/// <summary>Writes through Strata became durable (<see cref="DatabaseEvents.TablesWritten"/>): an autocommitted statement, or a committed transaction.</summary>
public sealed class TablesWrittenEventArgs : EventArgs
{
    internal TablesWrittenEventArgs(IReadOnlyCollection<string> tables, bool committedTransaction)
    {
        Tables = tables;
        CommittedTransaction = committedTransaction;
    }

    /// <summary>The tables written, lower case and without schema (see <see cref="Dialects.SqlDialect.WrittenTables"/>).</summary>
    public IReadOnlyCollection<string> Tables { get; }

    /// <summary>True when a top-level transaction committed these writes; false for an autocommitted statement.</summary>
    public bool CommittedTransaction { get; }
}
