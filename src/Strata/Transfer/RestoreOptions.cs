namespace Strata.Transfer;

/// <summary>How <see cref="DatabaseTransferExtensions.RestoreAsync"/> loads an archive.</summary>
/// <remarks>Immutable; one instance may be shared by concurrent restores.</remarks>
public sealed record RestoreOptions
{
    /// <summary>The defaults: refuse a target that already has one of the archive's tables, batches of 5,000 rows, no progress.</summary>
    public static RestoreOptions Default { get; } = new();

    /// <summary>Drop the archive's tables where the target already has them, instead of refusing. Other tables are left alone.</summary>
    public bool Replace { get; init; }

    /// <summary>
    /// Rows per statement where the database's bulk insert sends rows in statements (SQLite's batched INSERTs), and how often
    /// <see cref="Progress"/> hears of a table (5,000 by default); at least 1. PostgreSQL's COPY and MySQL's LOAD DATA take a
    /// whole table in one statement whatever it is.
    /// </summary>
    public int BatchSize { get; init; } = 5_000;

    /// <summary>Told each table's rows loaded so far: when it starts, every <see cref="BatchSize"/> rows and once when it is done. Called synchronously on the restoring thread.</summary>
    public IProgress<TransferProgress>? Progress { get; init; }

    /// <summary>Checks the options.</summary>
    /// <exception cref="ArgumentException"><see cref="BatchSize"/> is below 1.</exception>
    public void Validate()
    {
        if (BatchSize < 1)
            throw new ArgumentException($"RestoreOptions.BatchSize is {BatchSize}; it must be at least 1.");
    }
}
