namespace Strata.Transfer;

/// <summary>The base of the errors a restore raises for an archive it cannot load (<see cref="ArchiveCorruptedException"/>, <see cref="ArchiveVersionException"/>); the target is left unchanged.</summary>
public abstract class ArchiveException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What is wrong and what to do.</param>
    /// <param name="innerException">The underlying error, if any.</param>
    protected ArchiveException(string message, Exception? innerException = null) : base(message, innerException)
    {
    }
}
