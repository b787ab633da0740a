using Strata.Transfer;

namespace Strata;

/// <summary>
/// Dump, restore and copy of tables between any of the supported databases, through Strata's portable archive (gzipped JSON
/// lines: a header, the schema with portable column types, then each table's rows with a row count and a SHA-256 checksum).
/// </summary>
public static class DatabaseTransferExtensions
{
    /// <summary>
    /// Writes the database's tables (schema and rows) into <paramref name="stream"/> as a portable archive, reading every
    /// table from one read-only REPEATABLE READ transaction (one read transaction on SQLite), so the archive is a state
    /// that existed even while others write. Rows are streamed in key order, never a whole table in memory.
    /// </summary>
    /// <param name="database">The database to dump.</param>
    /// <param name="stream">Where the archive goes; left open.</param>
    /// <param name="options">Tables, schema or data only, batch size, compression, progress; defaults when null.</param>
    /// <param name="cancellationToken">Cancels the dump (the stream then holds a truncated archive a restore refuses).</param>
    /// <returns>Each dumped table's row count and checksum, in archive order (empty for a schema-only dump).</returns>
    /// <exception cref="ArgumentException">Invalid options.</exception>
    /// <exception cref="TransferTableNotFoundException">A table named in the options that the database does not have.</exception>
    /// <exception cref="NotSupportedException">A column has a type with no portable form (named with its table); nothing was written.</exception>
    /// <exception cref="DatabaseException">A read failed.</exception>
    public static Task<IReadOnlyList<TransferTableSummary>> DumpAsync(this IDbSession database, Stream stream, DumpOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(database);
        return DatabaseDumper.DumpAsync(database, stream, options ?? DumpOptions.Default, cancellationToken);
    }

    /// <summary>
    /// Loads an archive written by <see cref="DumpAsync"/> (from any supported database): creates its tables in this database's
    /// dialect, parents first with their keys, indexes and foreign keys (on PostgreSQL the primary keys and indexes are built after
    /// the rows, and everywhere the foreign keys after them where they can be added in place), bulk-loads each table's rows in one
    /// bulk insert, checks each table's count and checksum, and moves identity counters past the loaded keys. It runs in one
    /// transaction where the database rolls back DDL (PostgreSQL, SQLite); on MySQL/MariaDB it builds the tables under staging
    /// names and swaps them in by one atomic rename, so a failure leaves the target's tables as they were (a process killed
    /// part-way leaves staging tables, which the next restore drops). Two restores into one MySQL database must not run at once.
    /// </summary>
    /// <param name="database">The target database.</param>
    /// <param name="stream">
    /// The archive, gzipped or plain; read to its end and left open. While a table's rows load it is read synchronously, as the
    /// bulk insert pulls them: a slow network stream blocks a thread there (copy it to a file first, or use <see cref="CopyToAsync"/>).
    /// </param>
    /// <param name="options">Replace, batch size, progress; defaults when null.</param>
    /// <param name="cancellationToken">Cancels the restore (which is then undone as a failure is).</param>
    /// <returns>Each restored table's row count and checksum, in archive order.</returns>
    /// <exception cref="ArchiveCorruptedException">The stream is not an archive, or is truncated or corrupted (a count or checksum differs).</exception>
    /// <exception cref="ArchiveVersionException">The archive is from a newer format version.</exception>
    /// <exception cref="InvalidOperationException">The target already has one of the archive's tables and <see cref="RestoreOptions.Replace"/> is off, or a data-only archive's table is missing.</exception>
    /// <exception cref="DatabaseException">The database refused a table or a row (e.g. a duplicate key).</exception>
    public static Task<IReadOnlyList<TransferTableSummary>> RestoreAsync(this IDbSession database, Stream stream, RestoreOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(database);
        return DatabaseRestorer.RestoreAsync(database, stream, options ?? RestoreOptions.Default, cancellationToken);
    }

    /// <summary>
    /// Copies tables from <paramref name="source"/> into <paramref name="target"/> (any pair of supported databases) without an
    /// intermediate file: a dump and a restore run at once, joined by a bounded in-memory pipe, with everything
    /// <see cref="DumpAsync"/> and <see cref="RestoreAsync"/> promise (one snapshot, checked counts and checksums, undone on failure).
    /// </summary>
    /// <param name="source">The database to read.</param>
    /// <param name="target">The database to write.</param>
    /// <param name="dump">Which tables, schema or data only, progress of the reading side; defaults when null (compression is never used).</param>
    /// <param name="restore">Replace, batch size, progress of the writing side; defaults when null.</param>
    /// <param name="cancellationToken">Cancels both sides (the restore is then undone).</param>
    /// <returns>Each copied table's row count and checksum.</returns>
    /// <exception cref="ArgumentException">Invalid options.</exception>
    /// <exception cref="TransferTableNotFoundException">A table named in the options that the source does not have.</exception>
    /// <exception cref="NotSupportedException">A source column has a type with no portable form.</exception>
    /// <exception cref="InvalidOperationException">The target already has one of the tables and <see cref="RestoreOptions.Replace"/> is off.</exception>
    /// <exception cref="DatabaseException">Either database refused a statement or a row.</exception>
    public static Task<IReadOnlyList<TransferTableSummary>> CopyToAsync(this IDbSession source, IDbSession target, DumpOptions? dump = null,
        RestoreOptions? restore = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(target);
        return DatabaseCopier.CopyAsync(source, target, dump ?? DumpOptions.Default, restore ?? RestoreOptions.Default, cancellationToken);
    }
}
