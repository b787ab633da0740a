using System.Globalization;
using System.Text.Json;
using Strata.Schema;

namespace Strata.Plugins.Audit;

using Strata.Query;

/// <summary>
/// Audit: every insert, update and delete made through a repository or model writes a row to <see cref="Table"/> (table,
/// key, action, old and new values as JSON, changed columns, the user from <see cref="IAuditContext"/>, time) in the same
/// transaction as the change, so a rolled-back change leaves no audit row.
/// </summary>
/// <remarks>
/// Create the table once with <see cref="CreateTable"/> (in a migration). Writes by table name (<c>db.From("t").UpdateAsync</c>)
/// are not audited: they have no entity and no old values. Thread-safe.
/// </remarks>
/// <param name="table">The audit table.</param>
/// <param name="context">Who makes the changes; null records no user.</param>
public sealed class AuditPlugin(string table = "strata_audit", IAuditContext? context = null) : IDatabasePlugin
{
    private readonly IAuditContext? _context = context;

    /// <summary>The plugin writing to <c>strata_audit</c> without a user, what <c>[Plugins("audit")]</c> uses unless another is registered.</summary>
    public static AuditPlugin Default { get; } = new();

    /// <summary>The audit table.</summary>
    public string Table { get; } = SqlQuery.Table(table);

    /// <inheritdoc />
    public string Name => "audit";

    /// <inheritdoc />
    public bool ObservesWrites => true;

    /// <inheritdoc />
    /// <remarks>False: the plugin rewrites no query.</remarks>
    public bool RewritesReads => false;

    /// <summary>The statement that creates the audit table: <c>await db.Schema.Run(plugin.CreateTable()).ExecuteAsync()</c>.</summary>
    public CreateTableStatement CreateTable() => SchemaStatements.CreateTableIfNotExists(Table, t =>
    {
        t.BigIncrements();
        t.String("table_name", 200);
        t.String("row_key", 200).Nullable();
        t.String("action", 10);
        t.Text("old_values").Nullable();
        t.Text("new_values").Nullable();
        t.Text("changed_columns").Nullable();
        t.String("user_id", 200).Nullable();
        t.Timestamp("changed_at");
        t.Index("table_name", "row_key");
    });

    /// <inheritdoc />
    public async ValueTask OnWrittenAsync(EntityWriteContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        await context.Session.From(Table).InsertAsync(new Dictionary<string, object?>
        {
            ["table_name"] = context.Table,
            ["row_key"] = context.Key is null ? null : Convert.ToString(context.Key, CultureInfo.InvariantCulture),
            ["action"] = context.Action.ToString().ToLowerInvariant(),
            ["old_values"] = Json(context.OldValues),
            ["new_values"] = Json(context.NewValues),
            ["changed_columns"] = JsonSerializer.Serialize(context.ChangedColumns, StrataJsonContext.AnyType.GetTypeInfo(typeof(IReadOnlyList<string>))),
            ["user_id"] = _context?.UserId,
            ["changed_at"] = ((context.Session.Database as Database)?.TimeProvider ?? TimeProvider.System).GetUtcNow(),
        }, cancellationToken).ConfigureAwait(false);
    }

    private static string? Json(IReadOnlyDictionary<string, object?>? values) => values is null ? null : JsonSerializer.Serialize(values, StrataJsonContext.AnyType.GetTypeInfo(typeof(IReadOnlyDictionary<string, object?>)));
}
