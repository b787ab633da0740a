namespace Strata.Diagnostics;

/// <summary>A command finished (<see cref="DatabaseEvents.QueryExecuted"/>, <see cref="DatabaseEvents.QueryFailed"/>, <see cref="DatabaseEvents.SlowQuery"/>).</summary>
/// <remarks>Carries the statement's shape, never parameter values.</remarks>
public class QueryEventArgs : EventArgs
{
    internal QueryEventArgs(string sql, CommandKind operation, TimeSpan duration, Exception? error)
    {
        Sql = sql;
        Operation = operation;
        Duration = duration;
        Error = error;
    }

    /// <summary>The statement as sent, with placeholders for values and each <c>IN (…)</c> list written as one placeholder and <c>...</c>.</summary>
    public string Sql { get; }

    /// <summary>What kind of call sent it.</summary>
    public CommandKind Operation { get; }

    /// <summary>How long it took (for readers: until the reader was open).</summary>
    public TimeSpan Duration { get; }

    /// <summary>The Strata exception it failed with, for <see cref="DatabaseEvents.QueryFailed"/>; null otherwise.</summary>
    public Exception? Error { get; }
}
