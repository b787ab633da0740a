using System.Text.RegularExpressions;

namespace Strata.Studio.Data;

/// <summary>Sizes of one table as the database's catalogue reports them; null where it reports nothing.</summary>
/// <param name="EstimatedRows">The planner's row estimate, or null.</param>
/// <param name="Bytes">Data and indexes on disk, or null.</param>
internal sealed record TableStats(long? EstimatedRows, long? Bytes);

/// <summary>
/// What the studio asks a database's own catalogue for, in one place per family of databases: table sizes and row
/// estimates, and how to ask for a query plan. Chosen once per studio by <see cref="For"/>.
/// </summary>
internal abstract class EngineFacts
{
    /// <summary>The facts for <paramref name="database"/>'s dialect.</summary>
    public static EngineFacts For(IDatabase database) => database.Dialect.Name switch
    {
        "postgresql" or "cockroachdb" => new PostgresFacts(),
        "mysql" => new MySqlFacts(analyzeKeyword: "EXPLAIN ANALYZE"),
        "mariadb" => new MySqlFacts(analyzeKeyword: "ANALYZE"),
        _ => new SqliteFacts(),
    };

    /// <summary>Row estimates and sizes by table name (case-insensitive); empty when the database reports none.</summary>
    public abstract Task<IReadOnlyDictionary<string, TableStats>> TableStatsAsync(IDbSession session, CancellationToken cancellationToken);

    /// <summary>The statement that shows the plan of <paramref name="sql"/>, or null when <paramref name="analyze"/> is asked and the database cannot.</summary>
    public abstract string? Explain(string sql, bool analyze);

    /// <summary>Where in <paramref name="sql"/> the error <paramref name="error"/> points, as a zero-based character index, or null.</summary>
    public virtual int? ErrorPosition(Exception error, string sql)
    {
        ArgumentNullException.ThrowIfNull(error);
        ArgumentNullException.ThrowIfNull(sql);
        // SQLite and MySQL quote the text the parser stopped at: near "FORM": / near 'FORM x' at line 1.
        var near = Regex.Match(error.Message, "near [\"'](?<t>[^\"'\\r\\n]{1,40})");
        if (!near.Success) return null;
        var at = sql.IndexOf(near.Groups["t"].Value, StringComparison.Ordinal);
        return at < 0 ? null : at;
    }

    /// <summary>Reads (name, estimated rows, bytes) rows into the map.</summary>
    protected static async Task<IReadOnlyDictionary<string, TableStats>> ReadAsync(IDbSession session, string sql, CancellationToken cancellationToken)
    {
        var stats = new Dictionary<string, TableStats>(StringComparer.OrdinalIgnoreCase);
        await using var rows = await session.QueryRowsAsync(Sql.Raw(sql), cancellationToken).ConfigureAwait(false);
        while (await rows.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            stats[Convert.ToString(rows[0], System.Globalization.CultureInfo.InvariantCulture)!] =
                new TableStats(rows.IsNull(1) ? null : Convert.ToInt64(rows[1], System.Globalization.CultureInfo.InvariantCulture),
                    rows.IsNull(2) ? null : Convert.ToInt64(rows[2], System.Globalization.CultureInfo.InvariantCulture));
        }
        return stats;
    }
}

/// <summary>PostgreSQL: <c>pg_class.reltuples</c> (-1 before the first ANALYZE) and <c>pg_total_relation_size</c>.</summary>
internal sealed class PostgresFacts : EngineFacts
{
    public override Task<IReadOnlyDictionary<string, TableStats>> TableStatsAsync(IDbSession session, CancellationToken cancellationToken) =>
        ReadAsync(session, """
            SELECT c.relname, CASE WHEN c.reltuples < 0 THEN NULL ELSE c.reltuples::bigint END, pg_total_relation_size(c.oid)
            FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p')
            """, cancellationToken);

    public override string? Explain(string sql, bool analyze) => analyze ? "EXPLAIN (ANALYZE, BUFFERS) " + sql : "EXPLAIN " + sql;

    public override int? ErrorPosition(Exception error, string sql)
    {
        ArgumentNullException.ThrowIfNull(error);
        // Npgsql's PostgresException carries the server's 1-based character position; the studio does not reference Npgsql.
        for (var e = error; e is not null; e = e.InnerException)
        {
            if (e.GetType().GetProperty("Position")?.GetValue(e) is int position and > 0) return position - 1;
        }
        return base.ErrorPosition(error, sql);
    }
}

/// <summary>MySQL and MariaDB: <c>information_schema.tables</c> (an estimate for InnoDB) and the analyze form each understands.</summary>
internal sealed class MySqlFacts(string analyzeKeyword) : EngineFacts
{
    public override Task<IReadOnlyDictionary<string, TableStats>> TableStatsAsync(IDbSession session, CancellationToken cancellationToken) =>
        ReadAsync(session, """
            SELECT table_name, table_rows, data_length + index_length
            FROM information_schema.tables WHERE table_schema = DATABASE() AND table_type = 'BASE TABLE'
            """, cancellationToken);

    public override string? Explain(string sql, bool analyze) => (analyze ? analyzeKeyword : "EXPLAIN") + " " + sql;
}

/// <summary>SQLite: no row estimates; sizes from the <c>dbstat</c> table where the library was built with it.</summary>
internal sealed class SqliteFacts : EngineFacts
{
    public override async Task<IReadOnlyDictionary<string, TableStats>> TableStatsAsync(IDbSession session, CancellationToken cancellationToken)
    {
        try
        {
            return await ReadAsync(session, "SELECT name, NULL, SUM(pgsize) FROM dbstat GROUP BY name", cancellationToken).ConfigureAwait(false);
        }
        catch (DatabaseException)
        {
            return new Dictionary<string, TableStats>();   // built without SQLITE_ENABLE_DBSTAT_VTAB: no sizes
        }
    }

    public override string? Explain(string sql, bool analyze) => analyze ? null : "EXPLAIN QUERY PLAN " + sql;
}
