namespace Strata.Transfer;

/// <summary>A dump or copy names a table (in <see cref="DumpOptions.Tables"/> or <see cref="DumpOptions.ExcludeTables"/>) that the source database does not have; nothing was written.</summary>
public sealed class TransferTableNotFoundException : ArgumentException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="table">The name given.</param>
    /// <param name="tables">The tables the database has, for the message.</param>
    public TransferTableNotFoundException(string table, IEnumerable<string> tables)
        : base($"The database has no table '{table}' to dump; check the name (tables: {string.Join(", ", tables)}).")
    {
        Table = table;
    }

    /// <summary>The table name that was not found.</summary>
    public string Table { get; }
}
