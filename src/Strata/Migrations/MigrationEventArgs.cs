namespace Strata;

/// <summary>A migration started, completed or failed (see the events of <see cref="Migrator"/>).</summary>
public sealed class MigrationEventArgs : EventArgs
{
    /// <summary>Creates the event's arguments.</summary>
    /// <param name="migration">The migration.</param>
    /// <param name="direction">Up or down.</param>
    /// <param name="duration">How long it ran (zero when it starts).</param>
    /// <param name="error">Why it failed, for the failed event.</param>
    public MigrationEventArgs(MigrationDefinition migration, MigrationDirection direction, TimeSpan duration, Exception? error = null)
    {
        Migration = migration;
        Direction = direction;
        Duration = duration;
        Error = error;
    }

    /// <summary>The migration.</summary>
    public MigrationDefinition Migration { get; }

    /// <summary>Up or down.</summary>
    public MigrationDirection Direction { get; }

    /// <summary>How long it ran (zero when it starts).</summary>
    public TimeSpan Duration { get; }

    /// <summary>Why it failed, for the failed event; null otherwise.</summary>
    public Exception? Error { get; }
}
