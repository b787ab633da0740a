namespace Strata.Schema;

/// <summary>
/// A schema change built by <see cref="SchemaBuilder"/>, bound to the session that built it: run it with
/// <see cref="ExecuteAsync"/>, or look at the SQL it would run with <see cref="ToSqlAsync"/> (a dry run).
/// </summary>
/// <remarks>Immutable; running it twice runs the change twice.</remarks>
public sealed class SchemaOperation
{
    private readonly IDbSession _session;

    internal SchemaOperation(IDbSession session, SchemaStatement statement)
    {
        _session = session;
        Statement = statement;
    }

    /// <summary>The statement node, for inspection or to compile with another dialect's <see cref="DdlCompiler"/>.</summary>
    public SchemaStatement Statement { get; }

    /// <summary>
    /// Runs the change. Where it takes several statements they run in one transaction on databases that roll DDL
    /// back (PostgreSQL, SQLite); on MySQL and MariaDB each statement commits by itself.
    /// </summary>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <exception cref="DatabaseException">The database refused a statement.</exception>
    /// <exception cref="NotSupportedException">The database cannot do what the change asks; the message says what to do instead.</exception>
    public Task ExecuteAsync(CancellationToken cancellationToken = default) =>
        _session.Dialect.Ddl.ExecuteAsync(_session, Statement, cancellationToken);

    /// <summary>
    /// The statements <see cref="ExecuteAsync"/> would run, as text, without running them. May read the database
    /// (the SQLite rebuild reads the table as it stands); never changes it.
    /// </summary>
    /// <param name="cancellationToken">Cancels the reads.</param>
    public async Task<IReadOnlyList<string>> ToSqlAsync(CancellationToken cancellationToken = default)
    {
        var statements = await _session.Dialect.Ddl.CompileAsync(_session, Statement, cancellationToken).ConfigureAwait(false);
        return [.. statements.Select(s => s.Render(_session.Dialect).Text)];
    }
}
