namespace Strata;

/// <summary>
/// A migration could not be loaded, planned or applied: a malformed migration file (with its file and line), a
/// duplicate version, a checksum that changed, a missing down step, a lock that was not granted in time, or a
/// statement the database refused (with the migration, the statement's position and the database's error as the
/// inner exception).
/// </summary>
public sealed class MigrationException : DatabaseException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What went wrong and what to do about it.</param>
    /// <param name="details">The database's error details, or <c>new DatabaseErrorDetails("migrations")</c> for errors found before any SQL ran.</param>
    /// <param name="innerException">The cause, when there is one.</param>
    public MigrationException(string message, DatabaseErrorDetails details, Exception? innerException = null)
        : base(message, details, innerException)
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What went wrong.</param>
    public MigrationException(string message) : base(message, new DatabaseErrorDetails("migrations"), null) { }

    /// <summary>Creates the exception with a message and a cause.</summary>
    /// <param name="message">What went wrong.</param>
    /// <param name="innerException">The cause.</param>
    public MigrationException(string message, Exception? innerException) : base(message, new DatabaseErrorDetails("migrations"), innerException) { }

    /// <summary>Creates the exception with a default message.</summary>
    public MigrationException() : this("A migration failed.") { }

    /// <summary>The version of the migration involved, when one is.</summary>
    public string? Version { get; init; }

    /// <summary>The file involved (path or resource name), when one is.</summary>
    public string? File { get; init; }

    /// <summary>The 1-based line in <see cref="File"/>, when known.</summary>
    public int? Line { get; init; }

    /// <summary>The 1-based position of the failed statement within its migration step, when a statement failed.</summary>
    public int? Statement { get; init; }
}
