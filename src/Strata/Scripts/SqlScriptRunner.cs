namespace Strata.Scripts;

/// <summary>
/// Runs a SQL script through a session: split by the dialect's rules (<see cref="SqlScript"/>), each statement through the
/// session's command pipeline, all in one transaction (a savepoint inside one). Touches no migration history.
/// </summary>
internal static class SqlScriptRunner
{
    public static async Task<int> RunAsync(IDbSession session, string script, string? file, CancellationToken cancellationToken)
    {
        var statements = SqlScript.Split(script, session.Dialect.LexicalRules);
        if (statements.Count == 0) return 0;
        await session.TransactionAsync(async tx =>
        {
            foreach (var statement in statements)
            {
                try
                {
                    await tx.ExecuteAsync(Sql.Raw(statement.Text), cancellationToken).ConfigureAwait(false);
                }
                catch (DatabaseException e)
                {
                    throw Failure(tx, statements, statement, file, e);
                }
            }
        }, cancellationToken: cancellationToken).ConfigureAwait(false);
        return statements.Count;
    }

    private static SqlScriptException Failure(Transaction session, IReadOnlyList<SqlScriptStatement> statements, SqlScriptStatement failed, string? file, DatabaseException error)
    {
        var where = $"Statement {failed.Position} of {statements.Count} of the script{(file is null ? "" : $" '{file}'")} (line {failed.Line})";
        // Where DDL commits implicitly (MySQL, MariaDB), the first DDL statement ends the transaction, and what follows runs
        // in autocommit: everything before the failure stayed.
        var ddl = session.Dialect.SupportsTransactionalDdl ? null : statements.Take(failed.Position - 1).FirstOrDefault(IsDdl);
        var aftermath = ddl is null
            ? "The script was rolled back: nothing of it stayed."
            : $"Statements 1 to {failed.Position - 1} stayed: this database commits at each DDL statement (statement {ddl.Position} here), " +
              "which ends the transaction, and runs what follows without one.";
        return new SqlScriptException($"{where} failed: {error.Message} {aftermath}",
            new DatabaseErrorDetails(error.Dialect, error.SqlState, error.ErrorNumber, error.Constraint, error.Table, error.Column, error.Sql), error)
        {
            Statement = failed.Position,
            Line = failed.Line,
            File = file,
        };
    }

    private static bool IsDdl(SqlScriptStatement statement)
    {
        var text = statement.Text.AsSpan().TrimStart();
        foreach (var word in DdlWords)
        {
            if (text.StartsWith(word, StringComparison.OrdinalIgnoreCase) && (text.Length == word.Length || char.IsWhiteSpace(text[word.Length]))) return true;
        }
        return false;
    }

    private static readonly string[] DdlWords = ["CREATE", "ALTER", "DROP", "TRUNCATE", "RENAME"];
}
