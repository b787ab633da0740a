namespace Strata.Diagnostics;

/// <summary>A connection was opened for the first time, or could not be opened (<see cref="DatabaseEvents.Connected"/>, <see cref="DatabaseEvents.ConnectionFailed"/>).</summary>
public sealed class ConnectionEventArgs : EventArgs
{
    internal ConnectionEventArgs(string target, TimeSpan duration, Exception? error)
    {
        Target = target;
        Duration = duration;
        Error = error;
    }

    /// <summary>The database connected to, as <see cref="Providers.ConnectionSettings.ToString"/> shows it: without the password.</summary>
    public string Target { get; }

    /// <summary>How long opening (or failing to open) took, waiting for the pool included.</summary>
    public TimeSpan Duration { get; }

    /// <summary>Why it failed (a <see cref="ConnectionFailureException"/> as a rule), for <see cref="DatabaseEvents.ConnectionFailed"/>; null otherwise.</summary>
    public Exception? Error { get; }
}
