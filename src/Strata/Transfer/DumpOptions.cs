namespace Strata.Transfer;

/// <summary>What <see cref="DatabaseTransferExtensions.DumpAsync"/> writes and how.</summary>
/// <remarks>Immutable; one instance may be shared by concurrent dumps.</remarks>
public sealed record DumpOptions
{
    /// <summary>The defaults: every table, schema and data, batches of 5,000 rows, compressed, no progress.</summary>
    public static DumpOptions Default { get; } = new();

    /// <summary>Only these tables (case-insensitive); empty dumps every table. A name the database does not have is an error.</summary>
    public IReadOnlyList<string> Tables { get; init; } = [];

    /// <summary>Tables left out (case-insensitive), applied after <see cref="Tables"/>.</summary>
    public IReadOnlyList<string> ExcludeTables { get; init; } = [];

    /// <summary>Write the schema and no rows.</summary>
    public bool SchemaOnly { get; init; }

    /// <summary>Write the rows; the schema is still written (a restore needs the column types) but marked as data only, so a restore loads into existing tables.</summary>
    public bool DataOnly { get; init; }

    /// <summary>Rows read between progress reports and flushes of the archive (5,000 by default); at least 1.</summary>
    public int BatchSize { get; init; } = 5_000;

    /// <summary>Gzip the archive (the default). An uncompressed archive is plain UTF-8 JSON lines.</summary>
    public bool Compress { get; init; } = true;

    /// <summary>Told each table's rows written so far: when it starts, once per batch and once when it is done. Called synchronously on the dumping thread, so a slow handler slows the dump.</summary>
    public IProgress<TransferProgress>? Progress { get; init; }

    /// <summary>Checks the options.</summary>
    /// <exception cref="ArgumentException">Both <see cref="SchemaOnly"/> and <see cref="DataOnly"/> are set, or <see cref="BatchSize"/> is below 1.</exception>
    public void Validate()
    {
        if (SchemaOnly && DataOnly)
            throw new ArgumentException("DumpOptions sets both SchemaOnly and DataOnly; set at most one of them.");
        if (BatchSize < 1)
            throw new ArgumentException($"DumpOptions.BatchSize is {BatchSize}; it must be at least 1.");
    }
}
