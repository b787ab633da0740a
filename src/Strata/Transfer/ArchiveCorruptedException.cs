namespace Strata.Transfer;

/// <summary>
/// The stream given to a restore is not a whole, intact Strata archive: not an archive at all, truncated, not valid gzip or
/// JSON, or a table whose row count or checksum differs from its end marker. The restore changed nothing in the target.
/// </summary>
public sealed class ArchiveCorruptedException : ArchiveException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What is wrong and what to do.</param>
    /// <param name="innerException">The reader's or parser's own error, if any.</param>
    public ArchiveCorruptedException(string message, Exception? innerException = null) : base(message, innerException)
    {
    }
}
