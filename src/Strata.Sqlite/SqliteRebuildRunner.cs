using System.Globalization;
using Strata.Mapping;
using Strata.Schema;

namespace Strata.Sqlite;

/// <summary>
/// Runs a table rebuild with foreign keys off, in one transaction, and fails it (rolling everything back) when the
/// rebuilt table breaks a foreign key.
/// </summary>
/// <remarks>
/// Foreign keys must be off: with them on, dropping the old table deletes its rows first, which would run the
/// ON DELETE actions of the tables that reference it (CASCADE would delete their rows). SQLite ignores
/// <c>PRAGMA foreign_keys</c> inside a transaction, so it is switched on a connection of its own before the
/// transaction starts, and switched back before that connection returns to the pool.
/// </remarks>
internal static class SqliteRebuildRunner
{
    private const int MaxListedViolations = 10;

    public static async Task RunAsync(SqliteDdlCompiler compiler, IDbSession session, AlterTableStatement statement, CancellationToken cancellationToken)
    {
        if (session.CurrentTransaction is not null)
        {
            await RunInTransactionAsync(compiler, session, statement, cancellationToken).ConfigureAwait(false);
            return;
        }
        var pinned = session as ConnectionSession;
        var owned = pinned is null;
        pinned ??= await session.Database.OpenSessionAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var enforced = await ForeignKeysOnAsync(pinned, cancellationToken).ConfigureAwait(false);
            if (enforced) await pinned.ExecuteAsync(Sql.Raw("PRAGMA foreign_keys = OFF"), cancellationToken).ConfigureAwait(false);
            try
            {
                await pinned.TransactionAsync(tx => RebuildAsync(compiler, tx, statement, cancellationToken), cancellationToken: cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                // Not cancellable: the connection must not go back to the pool with foreign keys off.
                if (enforced) await pinned.ExecuteAsync(Sql.Raw("PRAGMA foreign_keys = ON"), CancellationToken.None).ConfigureAwait(false);
            }
        }
        finally
        {
            if (owned) await pinned.DisposeAsync().ConfigureAwait(false);
        }
    }

    private static async Task RunInTransactionAsync(SqliteDdlCompiler compiler, IDbSession session, AlterTableStatement statement, CancellationToken cancellationToken)
    {
        if (await ForeignKeysOnAsync(session, cancellationToken).ConfigureAwait(false))
        {
            var current = await SqliteTableReader.ReadAsync(session, statement.Table, cancellationToken).ConfigureAwait(false);
            if (current is { ReferencingTables.Count: > 0 })
            {
                throw new NotSupportedException(
                    $"Changing '{statement.Table}' on SQLite rebuilds the table, and inside a transaction with foreign keys on, dropping the old table would " +
                    $"delete or refuse the rows of the tables whose foreign keys reference it ({string.Join(", ", current.ReferencingTables.Select(t => "'" + t + "'"))}); " +
                    "SQLite cannot turn foreign keys off inside a transaction. Run the change outside a transaction (Strata then turns foreign keys off for the rebuild), " +
                    "or run PRAGMA foreign_keys = OFF on the connection before the transaction starts.");
            }
        }
        await session.TransactionAsync(tx => RebuildAsync(compiler, tx, statement, cancellationToken), cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    private static async Task RebuildAsync(SqliteDdlCompiler compiler, Transaction tx, AlterTableStatement statement, CancellationToken cancellationToken)
    {
        // Planned again inside the transaction, so the rebuild works from the table as it is now.
        var plan = await compiler.PlanAsync(tx, statement, cancellationToken).ConfigureAwait(false);
        foreach (var sql in plan.Statements)
        {
            if (!plan.ForeignKeyChecks.Contains(sql))
            {
                await tx.ExecuteAsync(sql, cancellationToken).ConfigureAwait(false);
                continue;
            }
            var violations = await tx.QueryAsync<DbRow>(sql, cancellationToken).ConfigureAwait(false);
            if (violations.Count > 0) throw Violations(statement.Table, violations, sql);
        }
    }

    private static async Task<bool> ForeignKeysOnAsync(IDbSession session, CancellationToken cancellationToken) =>
        await session.ScalarAsync<long>(Sql.Raw("PRAGMA foreign_keys"), cancellationToken).ConfigureAwait(false) != 0;

    private static ForeignKeyViolationException Violations(string table, IReadOnlyList<DbRow> rows, Sql check)
    {
        var listed = rows.Take(MaxListedViolations).Select(r => string.Create(CultureInfo.InvariantCulture,
            $"'{r["table"]}' row {r["rowid"] ?? "(no rowid)"} → '{r["parent"]}' (foreign key #{r["fkid"]})"));
        var more = rows.Count > MaxListedViolations ? $" and {rows.Count - MaxListedViolations} more" : "";
        return new ForeignKeyViolationException(
            $"Rebuilding '{table}' would leave {rows.Count} row(s) without the parent row their foreign key needs: {string.Join("; ", listed)}{more}. " +
            "Nothing was changed. Fix or delete those rows (or change the foreign key), then run the change again.",
            new DatabaseErrorDetails("sqlite", Table: ConstraintNames.Unqualified(table), Sql: check.ToString()), null);
    }
}
