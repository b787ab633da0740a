namespace Strata.Transfer;

/// <summary>A database's own backup tool is not installed, or failed (see <see cref="NativeBackup"/>).</summary>
public sealed class NativeToolException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="tool">The tool's name.</param>
    /// <param name="message">What went wrong and what to do.</param>
    /// <param name="innerException">The underlying error, if any.</param>
    public NativeToolException(string tool, string message, Exception? innerException = null) : base(message, innerException) => Tool = tool;

    /// <summary>The tool, e.g. <c>pg_dump</c>.</summary>
    public string Tool { get; }
}
