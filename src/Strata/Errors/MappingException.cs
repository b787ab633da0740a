namespace Strata;

/// <summary>
/// A column of a result could not be mapped to the target type: the message names the column, its
/// database type and the target member.
/// </summary>
public sealed class MappingException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">Which column and member, and why.</param>
    public MappingException(string message) : base(message) { }

    /// <summary>Creates the exception with a cause.</summary>
    /// <param name="message">Which column and member, and why.</param>
    /// <param name="innerException">The conversion failure.</param>
    public MappingException(string message, Exception? innerException) : base(message, innerException) { }

    /// <summary>Creates the exception with a default message.</summary>
    public MappingException() : base("A column could not be mapped.") { }
}
