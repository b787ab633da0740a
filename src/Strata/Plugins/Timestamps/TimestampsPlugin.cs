namespace Strata.Plugins.Timestamps;

/// <summary>
/// Timestamps: an insert sets <see cref="CreatedAt"/> and <see cref="UpdatedAt"/>, an update sets <see cref="UpdatedAt"/>,
/// to the current UTC time of the database's clock (<see cref="DatabaseOptions.TimeProvider"/>), unless the write sets
/// them itself. Works on every write path: the builder, bulk inserts, repositories and models.
/// </summary>
/// <remarks>An upsert never overwrites the creation time of a row that already exists. Stateless and thread-safe.</remarks>
/// <param name="createdAt">The creation-time column.</param>
/// <param name="updatedAt">The update-time column.</param>
public sealed class TimestampsPlugin(string createdAt = "created_at", string updatedAt = "updated_at") : IDatabasePlugin
{
    /// <summary>The plugin with <c>created_at</c> and <c>updated_at</c>, what <c>[Plugins("timestamps")]</c> uses unless another is registered.</summary>
    public static TimestampsPlugin Default { get; } = new();

    /// <summary>The creation-time column.</summary>
    public string CreatedAt { get; } = Strata.Query.Query.ColumnName(createdAt, nameof(createdAt));

    /// <summary>The update-time column.</summary>
    public string UpdatedAt { get; } = Strata.Query.Query.ColumnName(updatedAt, nameof(updatedAt));

    /// <inheritdoc />
    public string Name => "timestamps";

    /// <inheritdoc />
    public void Rewrite(QueryRewriteContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Operation is not (QueryOperation.Insert or QueryOperation.Upsert or QueryOperation.Update)) return;
        var now = context.UtcNow;
        if (context.Operation != QueryOperation.Update && !context.HasValue(CreatedAt)) context.SetValue(CreatedAt, now, insertOnly: true);
        if (!context.HasValue(UpdatedAt)) context.SetValue(UpdatedAt, now);
    }
}
