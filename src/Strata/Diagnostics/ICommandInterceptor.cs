namespace Strata.Diagnostics;

/// <summary>
/// Hooks around every statement Strata sends as a command, raw or built: observe it, rewrite its text or parameters
/// before it runs, refuse it by throwing, or react to its outcome. Every method has a no-op default.
/// </summary>
/// <remarks>
/// <para>
/// Seen: queries, executes, scalars, streams, multi-result commands, prepared runs, DDL, schema introspection, migration,
/// module and seed statements and the migration lock's queries, and each statement of a bulk insert
/// (<see cref="CommandKind.BulkInsert"/>: PostgreSQL's COPY, MySQL's LOAD DATA, each multi-row INSERT, SQLite's prepared INSERT
/// once for all its rows), with <see cref="CommandContext.BulkInsert"/> set. LOAD DATA's text is written by MySqlConnector's bulk loader:
/// changing it fails the insert with <see cref="NotSupportedException"/>.
/// </para>
/// <para>
/// Not seen: transaction control, which goes through the driver's transaction API (BEGIN or START TRANSACTION with its
/// SET TRANSACTION, COMMIT, ROLLBACK, SAVEPOINT, RELEASE, ROLLBACK TO; see <see cref="DatabaseEvents"/> for commits and
/// rollbacks), statements the driver sends itself (connection set-up, type loading, pool resets), SQLite's switch to WAL when
/// a file is first opened, and the probe of a replica out of rotation.
/// </para>
/// <para>Called concurrently from many commands: implementations must be thread-safe.</para>
/// </remarks>
public interface ICommandInterceptor
{
    /// <summary>Before the command runs; may change <see cref="CommandContext.Command"/>'s text and parameters.</summary>
    /// <param name="context">The command about to run.</param>
    /// <param name="cancellationToken">The caller's token.</param>
    ValueTask BeforeExecuteAsync(CommandContext context, CancellationToken cancellationToken) => default;

    /// <summary>After the command ran (for readers: once the reader is open).</summary>
    /// <param name="context">The command, with <see cref="CommandContext.Elapsed"/> set.</param>
    /// <param name="cancellationToken">The caller's token.</param>
    ValueTask AfterExecuteAsync(CommandContext context, CancellationToken cancellationToken) => default;

    /// <summary>After the command failed; <see cref="CommandContext.Exception"/> is the translated error.</summary>
    /// <param name="context">The command, with <see cref="CommandContext.Elapsed"/> and <see cref="CommandContext.Exception"/> set.</param>
    /// <param name="cancellationToken">The caller's token.</param>
    ValueTask FailedAsync(CommandContext context, CancellationToken cancellationToken) => default;
}
