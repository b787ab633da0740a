namespace Strata.Cli;

/// <summary>The process exit codes every command shares.</summary>
internal static class ExitCodes
{
    public const int Success = 0;

    /// <summary>The operation failed (the database refused, a migration failed, something was unreachable).</summary>
    public const int Failure = 1;

    /// <summary>The command line was wrong: unknown command or option, a bad value, a missing argument.</summary>
    public const int Usage = 2;
}

/// <summary>The command line asks for something that cannot be: reported in one line with exit code 2.</summary>
internal sealed class UsageException(string message) : Exception(message);

/// <summary>An operation failed for a reason the message explains: reported in one line with exit code 1.</summary>
internal sealed class CliFailure(string message, Exception? inner = null) : Exception(message, inner);
