using Strata.IntegrationTests.Infrastructure;

namespace Strata.FaultTests.Infrastructure;

/// <summary>Asks a server, from a connection of its own, what the sessions a test used are doing.</summary>
public static class ServerProbe
{
    /// <summary>
    /// The sessions among <paramref name="sessions"/> that hold an open transaction or an advisory/user lock, each
    /// described; empty when none (always for SQLite). Polls for up to 2 s, since a driver returns a connection to its pool
    /// (rolling back what it held) a moment after the caller saw the error.
    /// </summary>
    public static async Task<IReadOnlyList<string>> HeldAsync(Db db, IEnumerable<long> sessions)
    {
        if (db == Db.Sqlite) return [];
        var ids = sessions.ToArray();
        if (ids.Length == 0) return [];
        IReadOnlyList<string> held = [];
        for (var attempt = 0; attempt < 20; attempt++)
        {
            held = db == Db.Postgres ? await PostgresAsync(ids) : await MariaDbAsync(ids);
            if (held.Count == 0) return held;
            await Task.Delay(100);
        }
        return held;
    }

    private static async Task<IReadOnlyList<string>> PostgresAsync(long[] ids)
    {
        await using var admin = Database.Open(TestDatabase.PostgresUrl);
        var pids = ids.Select(i => (int)i).ToArray();
        var idle = await admin.QueryAsync<string>(
            $"SELECT pid::text || ' ' || state || ': ' || left(query, 120) FROM pg_stat_activity WHERE pid = ANY({pids}) AND state LIKE 'idle in transaction%'");
        var locks = await admin.QueryAsync<string>(
            $"SELECT pid::text || ' holds advisory lock ' || objid::text FROM pg_locks WHERE locktype = 'advisory' AND granted AND pid = ANY({pids})");
        return [.. idle, .. locks];
    }

    /// <summary>
    /// InnoDB's open transactions of those threads, read as root through the suite's MariaDB socket. User locks are checked by
    /// the scenarios, which take the migration lock again.
    /// </summary>
    private static async Task<IReadOnlyList<string>> MariaDbAsync(long[] ids)
    {
        var sql = $"SELECT CONCAT(trx_mysql_thread_id, ' has an open transaction (', trx_state, ')') FROM information_schema.innodb_trx WHERE trx_mysql_thread_id IN ({string.Join(',', ids)})";
        var server = await FaultDatabase.MariaDbServerAsync();
        var output = await Shell.RunAsync("mysql", ["-uroot", $"--socket={server.Socket}", "-N", "-B", "-e", sql]);
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }
}
