
namespace Strata;

using Strata.Query;

/// <summary>
/// The history table (<c>strata_migrations</c> unless configured): one row per module and version with its name,
/// kind, checksum, when and how long it ran, its batch, and its status (applied, running, failed) with the statement
/// reached and the error of a failed run.
/// </summary>
internal sealed class MigrationHistory(string table)
{
    public const string Applied = "applied";
    public const string Running = "running";
    public const string Failed = "failed";

    public string Table { get; } = table;

    /// <summary>Creates the table when it does not exist.</summary>
    public Task EnsureAsync(IDbSession session, CancellationToken cancellationToken) =>
        session.Schema.CreateTableIfNotExists(Table, t =>
        {
            t.String("module", 200).Default("");
            t.String("version", 200);
            t.String("name", 500);
            t.String("kind", 10);
            t.String("checksum", 64);
            t.Timestamp("applied_at");
            t.BigInteger("execution_ms");
            t.Integer("batch");
            t.String("status", 20);
            t.Integer("statement").Nullable();
            t.Text("error").Nullable();
            t.PrimaryKey("module", "version");
        }).ExecuteAsync(cancellationToken);

    /// <summary>The module's rows, or none when the table does not exist yet.</summary>
    public async Task<IReadOnlyList<HistoryRow>> ReadAsync(IDbSession session, string module, CancellationToken cancellationToken)
    {
        if (!await session.Schema.HasTableAsync(Table, cancellationToken).ConfigureAwait(false)) return [];
        var rows = await session.From(Table).Where("module", module).ToListAsync<HistoryRow>(cancellationToken).ConfigureAwait(false);
        return [.. rows.OrderBy(r => r.Version, MigrationVersion.Comparer)];
    }

    public async Task<int> NextBatchAsync(IDbSession session, CancellationToken cancellationToken) =>
        (await session.From(Table).MaxAsync<int?>("batch", cancellationToken).ConfigureAwait(false) ?? 0) + 1;

    public Task InsertAsync(IDbSession session, HistoryRow row, CancellationToken cancellationToken) =>
        session.From(Table).InsertAsync(Values(row), cancellationToken);

    public async Task ReplaceAsync(IDbSession session, HistoryRow row, CancellationToken cancellationToken)
    {
        await DeleteAsync(session, row.Module, row.Version, cancellationToken).ConfigureAwait(false);
        await InsertAsync(session, row, cancellationToken).ConfigureAwait(false);
    }

    public Task UpdateProgressAsync(IDbSession session, string module, string version, int statement, CancellationToken cancellationToken) =>
        session.From(Table).Where("module", module).Where("version", version).UpdateAsync(Columns(("statement", statement)), cancellationToken);

    public Task<int> DeleteAsync(IDbSession session, string module, string version, CancellationToken cancellationToken) =>
        session.From(Table).Where("module", module).Where("version", version).DeleteAsync(cancellationToken);

    public Task UpdateChecksumAsync(IDbSession session, string module, string version, string checksum, CancellationToken cancellationToken) =>
        session.From(Table).Where("module", module).Where("version", version).UpdateAsync(Columns(("checksum", checksum)), cancellationToken);

    // Named columns rather than an object's members: Strata's own tables keep their names whatever the user's naming convention.
    private static Dictionary<string, object?> Values(HistoryRow row) => Columns(
        ("module", row.Module), ("version", row.Version), ("name", Truncate(row.Name, 500)), ("kind", row.Kind), ("checksum", row.Checksum),
        ("applied_at", row.AppliedAt), ("execution_ms", row.ExecutionMs), ("batch", row.Batch), ("status", row.Status),
        ("statement", row.Statement), ("error", row.Error));

    /// <summary>Column values by name, for writes to Strata's own tables (never renamed by a naming convention).</summary>
    internal static Dictionary<string, object?> Columns(params ReadOnlySpan<(string Column, object? Value)> values)
    {
        var columns = new Dictionary<string, object?>(values.Length, StringComparer.Ordinal);
        foreach (var (column, value) in values) columns.Add(column, value);
        return columns;
    }

    private static string Truncate(string text, int length) => text.Length <= length ? text : text[..length];
}

/// <summary>A row of the history table.</summary>
internal sealed record HistoryRow(
    string Module,
    string Version,
    string Name,
    string Kind,
    string Checksum,
    DateTimeOffset AppliedAt,
    long ExecutionMs,
    int Batch,
    string Status,
    int? Statement,
    string? Error)
{
    public bool IsApplied => Status == MigrationHistory.Applied;

    /// <summary>A failed or interrupted run: what UpAsync refuses to go past.</summary>
    public bool IsBroken => !IsApplied;

    public static HistoryRow For(MigrationDefinition migration, DateTimeOffset at, int batch, string status) =>
        new(migration.Module ?? "", migration.Version, migration.Name, migration.Kind.ToString().ToLowerInvariant(), migration.Checksum, at, 0, batch, status, null, null);

    public MigrationException Refusal(string table) => new(
        Status == MigrationHistory.Running
            ? $"Migration {Version} ({Name}) was interrupted{(Statement is > 0 ? $" after its statement {Statement}" : "")}: its run stopped before it finished (the process died or lost its connection). " +
              $"Statements before that point may have stayed applied. Bring the database to the state you want, then call RepairAsync(\"{Version}\") to run it again, or fix its file."
            : $"Migration {Version} ({Name}) failed{(Statement is > 0 ? $" at its statement {Statement}" : "")}: {Error}. Statements before it stayed applied (the database commits each DDL statement). " +
              $"Fix the database and call RepairAsync(\"{Version}\"), or fix the migration's file and run again.")
    {
        Version = Version, Statement = Statement,
    };
}
