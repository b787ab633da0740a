namespace Strata;

/// <summary>The kinds of failure a provider's translator recognises; each maps to one exception type.</summary>
public enum DatabaseErrorKind
{
    /// <summary>Anything not listed below: <see cref="DatabaseException"/>.</summary>
    Other,
    /// <summary><see cref="UniqueViolationException"/>.</summary>
    UniqueViolation,
    /// <summary><see cref="ForeignKeyViolationException"/>.</summary>
    ForeignKeyViolation,
    /// <summary><see cref="NotNullViolationException"/>.</summary>
    NotNullViolation,
    /// <summary><see cref="CheckViolationException"/>.</summary>
    CheckViolation,
    /// <summary><see cref="DeadlockException"/>.</summary>
    Deadlock,
    /// <summary><see cref="SerializationFailureException"/>.</summary>
    SerializationFailure,
    /// <summary><see cref="LockTimeoutException"/>.</summary>
    LockTimeout,
    /// <summary><see cref="CommandTimeoutException"/>.</summary>
    CommandTimeout,
    /// <summary><see cref="ConnectionFailureException"/>.</summary>
    ConnectionFailure,
}

/// <summary>Builds the exception type that belongs to a <see cref="DatabaseErrorKind"/>.</summary>
public static class DatabaseErrors
{
    /// <summary>Creates the exception for <paramref name="kind"/>.</summary>
    /// <param name="kind">What kind of failure it was.</param>
    /// <param name="message">What went wrong, without parameter values.</param>
    /// <param name="details">What the driver reported.</param>
    /// <param name="innerException">The driver's exception.</param>
    public static DatabaseException Create(DatabaseErrorKind kind, string message, DatabaseErrorDetails details, Exception? innerException) => kind switch
    {
        DatabaseErrorKind.UniqueViolation => new UniqueViolationException(message, details, innerException),
        DatabaseErrorKind.ForeignKeyViolation => new ForeignKeyViolationException(message, details, innerException),
        DatabaseErrorKind.NotNullViolation => new NotNullViolationException(message, details, innerException),
        DatabaseErrorKind.CheckViolation => new CheckViolationException(message, details, innerException),
        DatabaseErrorKind.Deadlock => new DeadlockException(message, details, innerException),
        DatabaseErrorKind.SerializationFailure => new SerializationFailureException(message, details, innerException),
        DatabaseErrorKind.LockTimeout => new LockTimeoutException(message, details, innerException),
        DatabaseErrorKind.CommandTimeout => new CommandTimeoutException(message, details, innerException),
        DatabaseErrorKind.ConnectionFailure => new ConnectionFailureException(message, details, innerException),
        _ => new DatabaseException(message, details, innerException),
    };
}
