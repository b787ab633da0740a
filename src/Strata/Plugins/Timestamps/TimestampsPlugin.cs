namespace Strata.Plugins.Timestamps;

/// <summary>
/// Timestamps: an insert sets <see cref="CreatedAt"/> and <see cref="UpdatedAt"/>, and an update or upsert sets
/// <see cref="UpdatedAt"/>, to the current UTC time of the database's clock (<see cref="DatabaseOptions.TimeProvider"/>).
/// Works on every write path: the builder, bulk inserts, repositories and models.
/// </summary>
/// <remarks>
/// An insert keeps times it is given (imports, seeds); a missing, null or default (<c>0001-01-01</c>) time counts as not given.
/// An update always writes the current time, since an entity written back carries the time it was read with. An upsert never
/// overwrites the creation time of a row that already exists. Stateless and thread-safe.
/// </remarks>
/// <param name="createdAt">The creation-time column.</param>
/// <param name="updatedAt">The update-time column.</param>
public sealed class TimestampsPlugin(string createdAt = "created_at", string updatedAt = "updated_at") : IDatabasePlugin
{
    /// <summary>The plugin with <c>created_at</c> and <c>updated_at</c>, what <c>[Plugins("timestamps")]</c> uses unless another is registered.</summary>
    public static TimestampsPlugin Default { get; } = new();

    /// <summary>The creation-time column.</summary>
    public string CreatedAt { get; } = SqlQuery.ColumnName(createdAt, nameof(createdAt));

    /// <summary>The update-time column.</summary>
    public string UpdatedAt { get; } = SqlQuery.ColumnName(updatedAt, nameof(updatedAt));

    /// <inheritdoc />
    public string Name => "timestamps";

    /// <inheritdoc />
    /// <remarks>False: the plugin sets columns on writes only.</remarks>
    public bool RewritesReads => false;

    /// <inheritdoc />
    public void Rewrite(QueryRewriteContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Operation is not (QueryOperation.Insert or QueryOperation.Upsert or QueryOperation.Update)) return;
        // Boxed once for both columns.
        object now = context.UtcNow;
        var insert = context.Operation != QueryOperation.Update;
        if (insert && !Given(context, CreatedAt)) context.SetValue(CreatedAt, now, insertOnly: true);
        if (context.Operation != QueryOperation.Insert || !Given(context, UpdatedAt)) context.SetValue(UpdatedAt, now);
    }

    private static bool Given(QueryRewriteContext context, string column)
    {
        foreach (var (name, value) in context.Values)
        {
            if (string.Equals(name, column, StringComparison.OrdinalIgnoreCase))
                return value is not (null or DateTime { Ticks: 0 } or DateTimeOffset { Ticks: 0 });
        }
        return false;
    }
}
