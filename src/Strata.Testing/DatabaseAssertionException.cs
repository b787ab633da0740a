namespace Strata.Testing;

/// <summary>
/// Thrown by <see cref="DatabaseAssertions"/> when the database does not hold what a test expected. Every test framework
/// reports it as a failed test; its message names the table, the columns and values looked for, and what was found.
/// </summary>
public sealed class DatabaseAssertionException : Exception
{
    /// <summary>Creates the exception with a default message.</summary>
    public DatabaseAssertionException() : base("The database did not hold what the test expected.")
    {
    }

    /// <summary>Creates the exception with <paramref name="message"/>.</summary>
    /// <param name="message">What was expected and what was found.</param>
    public DatabaseAssertionException(string message) : base(message)
    {
    }

    /// <summary>Creates the exception with <paramref name="message"/> and the exception that caused it.</summary>
    /// <param name="message">What was expected and what was found.</param>
    /// <param name="innerException">The cause.</param>
    public DatabaseAssertionException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
