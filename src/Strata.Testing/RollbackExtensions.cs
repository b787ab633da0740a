namespace Strata.Testing;

/// <summary>A rollback per test: <c>await db.RollbackAfterAsync(async () => { …the test… });</c></summary>
public static class RollbackExtensions
{
    private static readonly TransactionOptions NoRetries = TransactionOptions.Default with { Retries = 0 };

    /// <summary>
    /// Runs <paramref name="test"/> in one transaction and rolls it back at the end, whether the test passed or threw, so the
    /// database is as before. Every command the test sends through <paramref name="database"/> in its flow (its repositories,
    /// models, and DI services given this instance, <c>[Transactional]</c> ones included) runs in that transaction; code that
    /// opens a transaction of its own gets a savepoint, so its commit or rollback behaves as usual within the test.
    /// </summary>
    /// <param name="database">The database the test uses.</param>
    /// <param name="test">The test's body; its exception is rethrown after the rollback.</param>
    /// <param name="cancellationToken">Cancels beginning the transaction.</param>
    /// <remarks>
    /// To opt out (code that must commit, such as a test of two sessions seeing each other's writes), run the test without it
    /// and clean up with <c>db.Schema.TruncateAllAsync()</c>. The test body runs once: transient failures are not retried.
    /// Commands sent from another flow (a thread started without the caller's execution context) are not part of it; MariaDB
    /// and MySQL commit DDL, <c>TRUNCATE</c> included, on the spot, which ends the transaction early.
    /// </remarks>
    /// <exception cref="InvalidOperationException">A transaction is active in the caller's flow already.</exception>
    public static async Task RollbackAfterAsync(this Database database, Func<Task> test, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentNullException.ThrowIfNull(test);
        if (database.CurrentTransaction is not null)
            throw new InvalidOperationException(
                "RollbackAfterAsync was called inside a transaction: call it at the start of the test, outside any transaction, so that it can undo everything the test does.");
        await database.TransactionAsync(async tx =>
        {
            try
            {
                await test().ConfigureAwait(false);
            }
            finally
            {
                if (tx.IsActive) await tx.RollbackAsync(CancellationToken.None).ConfigureAwait(false);
            }
        }, NoRetries, cancellationToken).ConfigureAwait(false);
    }
}
