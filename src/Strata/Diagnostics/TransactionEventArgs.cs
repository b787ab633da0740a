using System.Data;

namespace Strata.Diagnostics;

/// <summary>A top-level transaction ended (<see cref="DatabaseEvents.TransactionCommitted"/>, <see cref="DatabaseEvents.TransactionRolledBack"/>).</summary>
public sealed class TransactionEventArgs : EventArgs
{
    internal TransactionEventArgs(TimeSpan duration, IsolationLevel isolation, int attempt, Exception? error)
    {
        Duration = duration;
        Isolation = isolation;
        Attempt = attempt;
        Error = error;
    }

    /// <summary>How long it was open, from BEGIN to the end of COMMIT or ROLLBACK.</summary>
    public TimeSpan Duration { get; }

    /// <summary>The isolation level asked for (<see cref="IsolationLevel.Unspecified"/> for the database's default).</summary>
    public IsolationLevel Isolation { get; }

    /// <summary>Which run of the delegate it was: 1 for the first, 2 for the first retry, and so on.</summary>
    public int Attempt { get; }

    /// <summary>The exception that made the work roll back, when Strata saw it (the delegate threw); null otherwise.</summary>
    public Exception? Error { get; }
}
