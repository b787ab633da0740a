namespace Strata;

/// <summary>
/// The URL, connection string or options cannot be used: malformed, invalid, or naming a provider
/// whose package is not referenced. Thrown at open, before any connection is made. The message says
/// which part is wrong and never contains a password.
/// </summary>
public sealed class DatabaseConfigurationException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">Which part is wrong and how to fix it.</param>
    public DatabaseConfigurationException(string message) : base(message) { }

    /// <summary>Creates the exception with a cause.</summary>
    /// <param name="message">Which part is wrong and how to fix it.</param>
    /// <param name="innerException">The cause.</param>
    public DatabaseConfigurationException(string message, Exception? innerException) : base(message, innerException) { }

    /// <summary>Creates the exception with a default message.</summary>
    public DatabaseConfigurationException() : base("The database configuration is invalid.") { }
}
