namespace Strata.Studio;

/// <summary>
/// How Strata Studio runs: the database it shows, whether it may change it, and where it listens. Immutable; checked by
/// <see cref="Validate"/> when the studio starts.
/// </summary>
public sealed record StudioOptions
{
    /// <summary>The database to show. The studio uses it but does not dispose of it.</summary>
    public required IDatabase Database { get; init; }

    /// <summary>
    /// Allows changes: editing, inserting and deleting rows, writing SQL, applying and rolling back migrations. False (the
    /// default) runs the SQL editor in read-only transactions and refuses every change.
    /// </summary>
    public bool AllowWrites { get; init; }

    /// <summary>The loopback port to listen on; 0 (the default) takes a free one.</summary>
    public int Port { get; init; }

    /// <summary>Rows on a page of the table browser (100 by default).</summary>
    public int PageSize { get; init; } = 100;

    /// <summary>
    /// Tables whose estimated row count passes this show the estimate (marked as such) instead of an exact count, which would
    /// scan them (100,000 by default).
    /// </summary>
    public long ExactCountLimit { get; init; } = 100_000;

    /// <summary>Characters of a text value shown in a grid before it is cut short, with a link to the whole value (200 by default).</summary>
    public int TruncateAt { get; init; } = 200;

    /// <summary>The longest a statement from the SQL editor may run (30 seconds by default).</summary>
    public TimeSpan StatementTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// A Redis store whose keys (those under its <see cref="Redis.RedisOptions.KeyPrefix"/>, and no others) the Redis page
    /// lists with their types and times to live, and whose values it shows; null (the default) leaves the page out. The
    /// studio uses the store but does not dispose of it, and never changes a key.
    /// </summary>
    public Redis.RedisStore? Redis { get; init; }

    /// <summary>The clock for durations and history times; the system's by default.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>Checks the values, naming the first one out of range.</summary>
    /// <exception cref="ArgumentException">A value is out of range; the message names it and the rule.</exception>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(Database);
        ArgumentNullException.ThrowIfNull(Time);
        if (Port is < 0 or > 65535) throw Bad(nameof(Port), Port, "must be 0 (a free port) or a port number up to 65535");
        if (PageSize is < 1 or > 10_000) throw Bad(nameof(PageSize), PageSize, "must be between 1 and 10,000");
        if (ExactCountLimit < 0) throw Bad(nameof(ExactCountLimit), ExactCountLimit, "must not be negative");
        if (TruncateAt < 10) throw Bad(nameof(TruncateAt), TruncateAt, "must be at least 10");
        if (StatementTimeout <= TimeSpan.Zero) throw Bad(nameof(StatementTimeout), StatementTimeout, "must be positive");
    }

    private static ArgumentException Bad(string name, object value, string rule) => new($"StudioOptions.{name} ({value}) {rule}.", name);
}
