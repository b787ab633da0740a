namespace Strata.Plugins.SoftDelete;

using Strata.Query;

/// <summary>
/// Soft delete: a delete sets the <see cref="Column"/> (<c>deleted_at</c>) to the current time instead of removing the row,
/// and every read, count and update of the table leaves such rows out. <see cref="SoftDeleteExtensions.WithDeleted(SqlQuery)"/>
/// includes them, <see cref="SoftDeleteExtensions.OnlyDeleted(SqlQuery)"/> reads only them,
/// <see cref="SoftDeleteExtensions.RestoreAsync(SqlQuery, CancellationToken)"/> brings them back and
/// <see cref="SoftDeleteExtensions.ForceDeleteAsync(SqlQuery, CancellationToken)"/> removes rows for real.
/// </summary>
/// <remarks>
/// Filters the query's own table (not joined tables or subqueries). Stateless and thread-safe. Declare the column with
/// <c>t.SoftDeletes()</c>.
/// </remarks>
/// <param name="column">The column that holds the deletion time; NULL for live rows.</param>
public sealed class SoftDeletePlugin(string column = "deleted_at") : IDatabasePlugin
{
    /// <summary>The hint that <see cref="SoftDeleteExtensions"/> sets on a query.</summary>
    public const string Hint = "softDelete";

    /// <summary>The plugin with the <c>deleted_at</c> column, what <c>[Plugins("softDelete")]</c> uses unless another is registered.</summary>
    public static SoftDeletePlugin Default { get; } = new();

    /// <summary>The column that holds the deletion time.</summary>
    public string Column { get; } = SqlQuery.ColumnName(column, nameof(column));

    /// <inheritdoc />
    public string Name => "softDelete";

    /// <inheritdoc />
    public void Rewrite(QueryRewriteContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var mode = context.Hints.TryGetValue(Hint, out var hint) ? hint as SoftDeleteMode? ?? SoftDeleteMode.Live : SoftDeleteMode.Live;
        if (context.Operation is QueryOperation.Insert or QueryOperation.Upsert) return;
        if (context.Operation == QueryOperation.Delete && mode == SoftDeleteMode.Force) return;
        var column = context.Qualified(Column);
        if (mode == SoftDeleteMode.Live) context.Where(new NullCondition(column, Negated: false));
        else if (mode == SoftDeleteMode.Deleted) context.Where(new NullCondition(column, Negated: true));
        if (context.Operation == QueryOperation.Delete)
            context.DeleteAsUpdate(new Dictionary<string, object?> { [Column] = context.UtcNow });
    }
}

/// <summary>Which rows a query on a soft-deleting table sees, set by <see cref="SoftDeleteExtensions"/>.</summary>
public enum SoftDeleteMode
{
    /// <summary>Only rows that are not deleted (the default).</summary>
    Live,

    /// <summary>Every row, deleted or not.</summary>
    All,

    /// <summary>Only deleted rows.</summary>
    Deleted,

    /// <summary>Every row, and deletes remove rows for real.</summary>
    Force,
}
