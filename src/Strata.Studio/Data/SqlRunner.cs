using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Strata.Studio.Data;

/// <summary>
/// Runs the SQL editor's statements. Without <see cref="StudioOptions.AllowWrites"/> a statement must read only (by the
/// dialect's reading of its words) and runs in a read-only transaction that is rolled back, so a write is refused before
/// it is sent on every database, and again by PostgreSQL and MySQL themselves. Plans with ANALYZE are always rolled back.
/// </summary>
internal sealed class SqlRunner(StudioOptions options, EngineFacts facts, SqlHistory history)
{
    /// <summary>Rows kept for the grid; the rest are counted as "more".</summary>
    public const int MaxRows = 1000;

    /// <summary>Runs <paramref name="sql"/> as <paramref name="action"/> asks, records it in the history, and never throws for a database error.</summary>
    public async Task<SqlOutcome> RunAsync(string sql, SqlAction action, CancellationToken cancellationToken)
    {
        sql = sql.Trim().TrimEnd(';').Trim();
        var database = options.Database;
        var readOnly = !options.AllowWrites || action == SqlAction.ExplainAnalyze;
        var started = Stopwatch.GetTimestamp();
        SqlOutcome outcome;
        if (sql.Length == 0)
            outcome = Refused(sql, action, "Type a statement first.");
        else if (!options.AllowWrites && !database.Dialect.IsReadStatement(sql))
            outcome = Refused(sql, action, "The studio is read-only: only statements that read (SELECT, WITH, SHOW, VALUES) run. Start it with --write to change data.");
        else if ((action == SqlAction.Run ? sql : facts.Explain(sql, action == SqlAction.ExplainAnalyze)) is not { } text)
            outcome = Refused(sql, action, "This database has no EXPLAIN ANALYZE; use EXPLAIN.");
        else
        {
            try
            {
                var grid = await ExecuteAsync(text, readOnly, cancellationToken).ConfigureAwait(false);
                outcome = new SqlOutcome(sql, action, grid, action == SqlAction.Run ? null : PlanText(grid), Stopwatch.GetElapsedTime(started), null, null, readOnly);
            }
            catch (DatabaseException e)
            {
                outcome = new SqlOutcome(sql, action, null, null, Stopwatch.GetElapsedTime(started), e.Message, Offset(facts.ErrorPosition(e, text), text.Length - sql.Length, sql), readOnly);
            }
        }
        history.Add(new SqlHistoryEntry(options.Time.GetUtcNow(), sql, outcome.Error is null, Summary(outcome)));
        return outcome;
    }

    private async Task<ResultGrid> ExecuteAsync(string text, bool readOnly, CancellationToken cancellationToken)
    {
        await using var transaction = await options.Database.BeginTransactionAsync(new TransactionOptions { ReadOnly = readOnly }, cancellationToken).ConfigureAwait(false);
        ResultGrid grid;
        await using (var reader = await transaction.WithCommandTimeout(options.StatementTimeout).QueryRowsAsync(Sql.Raw(text), cancellationToken).ConfigureAwait(false))
            grid = await ResultGrid.ReadAsync(reader, MaxRows, cancellationToken).ConfigureAwait(false);
        if (readOnly) await transaction.RollbackAsync(cancellationToken).ConfigureAwait(false);
        else await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return grid;
    }

    private static SqlOutcome Refused(string sql, SqlAction action, string message) => new(sql, action, null, null, TimeSpan.Zero, message, null, true);

    /// <summary>A position in the sent text moved back into the typed statement (EXPLAIN adds a prefix).</summary>
    private static int? Offset(int? position, int prefix, string sql) =>
        position is { } p && p - prefix is var q && q >= 0 && q <= sql.Length ? q : null;

    /// <summary>
    /// A plan as text where that reads better: one text column (PostgreSQL) line by line, or SQLite's (id, parent, detail)
    /// rows as an indented tree. Null leaves the grid (MySQL's tabular EXPLAIN).
    /// </summary>
    private static string? PlanText(ResultGrid grid)
    {
        if (grid.Columns.Count == 1) return string.Join('\n', grid.Rows.Select(r => Convert.ToString(r[0], CultureInfo.InvariantCulture)));
        var id = IndexOf(grid, "id");
        var parent = IndexOf(grid, "parent");
        var detail = IndexOf(grid, "detail");
        if (id < 0 || parent < 0 || detail < 0) return null;
        var depth = new Dictionary<long, int>();
        var text = new StringBuilder();
        foreach (var row in grid.Rows)
        {
            var level = depth.TryGetValue(Convert.ToInt64(row[parent], CultureInfo.InvariantCulture), out var d) ? d + 1 : 0;
            depth[Convert.ToInt64(row[id], CultureInfo.InvariantCulture)] = level;
            text.Append(' ', level * 3).Append(level == 0 ? "" : "└─ ").AppendLine(Convert.ToString(row[detail], CultureInfo.InvariantCulture));
        }
        return text.ToString().TrimEnd();
    }

    private static int IndexOf(ResultGrid grid, string name)
    {
        for (var i = 0; i < grid.Columns.Count; i++)
        {
            if (string.Equals(grid.Columns[i], name, StringComparison.OrdinalIgnoreCase)) return i;
        }
        return -1;
    }

    private static string Summary(SqlOutcome outcome) => outcome switch
    {
        { Error: { } error } => error.Length > 120 ? error[..120] + "…" : error,
        { Grid: { Columns.Count: > 0 } grid } => $"{grid.Rows.Count}{(grid.HasMore ? "+" : "")} row(s)",
        { Grid: { } grid } => $"{Math.Max(0, grid.RecordsAffected)} row(s) changed",
        _ => "",
    };
}
