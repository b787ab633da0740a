namespace Strata.Diagnostics;

/// <summary>A command took longer than <see cref="DatabaseOptions.SlowQueryThreshold"/> (<see cref="DatabaseEvents.SlowQuery"/>).</summary>
public sealed class SlowQueryEventArgs : QueryEventArgs
{
    internal SlowQueryEventArgs(string sql, CommandKind operation, TimeSpan duration, TimeSpan threshold)
        : base(sql, operation, duration, null) => Threshold = threshold;

    /// <summary>The threshold it passed.</summary>
    public TimeSpan Threshold { get; }
}
