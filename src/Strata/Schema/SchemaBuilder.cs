using Strata.Schema.Introspection;
using Strata.Schema;

namespace Strata;

/// <summary>
/// Builds and runs DDL for one session (<c>db.Schema</c> or <c>tx.Schema</c>), compiled by the session's
/// dialect, and reads the schema back:
/// <code>
/// await db.Schema.CreateTable("users", t =>
/// {
///     t.BigIncrements("id");
///     t.String("email", 200).Unique();
///     t.Timestamps();
/// }).ExecuteAsync();
/// </code>
/// </summary>
/// <remarks>
/// Cheap to create; holds no state besides the session, so it is as thread-safe as the session. Each method
/// validates names and declarations at once and returns a <see cref="SchemaOperation"/> to run or print.
/// </remarks>
public sealed class SchemaBuilder
{
    internal SchemaBuilder(IDbSession session)
    {
        ArgumentNullException.ThrowIfNull(session);
        Session = session;
    }

    /// <summary>The session statements run through.</summary>
    public IDbSession Session { get; }

    /// <summary>Creates a table declared by <paramref name="define"/>, then the indexes declared with it.</summary>
    /// <param name="table">The table name, optionally schema-qualified.</param>
    /// <param name="define">Declares columns, keys, constraints and indexes.</param>
    /// <exception cref="ArgumentException">An invalid name.</exception>
    /// <exception cref="InvalidOperationException">The declaration is inconsistent (no columns, two primary keys, an unknown column in a constraint).</exception>
    public SchemaOperation CreateTable(string table, Action<TableBuilder> define) => Run(SchemaStatements.CreateTable(table, define));

    /// <summary>Like <see cref="CreateTable"/>, but does nothing when the table exists (its indexes are created only if missing).</summary>
    /// <param name="table">The table name, optionally schema-qualified.</param>
    /// <param name="define">Declares columns, keys, constraints and indexes.</param>
    public SchemaOperation CreateTableIfNotExists(string table, Action<TableBuilder> define) => Run(SchemaStatements.CreateTableIfNotExists(table, define));

    /// <summary>Changes an existing table as <paramref name="define"/> declares.</summary>
    /// <param name="table">The table name, optionally schema-qualified.</param>
    /// <param name="define">Declares added, changed, renamed and dropped columns, indexes and constraints.</param>
    /// <exception cref="InvalidOperationException">The declaration is inconsistent or empty.</exception>
    public SchemaOperation AlterTable(string table, Action<AlterTableBuilder> define) => Run(SchemaStatements.AlterTable(table, define));

    /// <summary>Drops a table; fails when it does not exist.</summary>
    /// <param name="table">The table name.</param>
    public SchemaOperation DropTable(string table) => Run(SchemaStatements.DropTable(table));

    /// <summary>Drops a table when it exists.</summary>
    /// <param name="table">The table name.</param>
    public SchemaOperation DropTableIfExists(string table) => Run(SchemaStatements.DropTableIfExists(table));

    /// <summary>Renames a table within its schema.</summary>
    /// <param name="from">The current name, optionally schema-qualified.</param>
    /// <param name="to">The new name: unqualified, or qualified with the same schema.</param>
    /// <exception cref="ArgumentException">An invalid name, or a new name in another schema.</exception>
    public SchemaOperation RenameTable(string from, string to) => Run(SchemaStatements.RenameTable(from, to));

    /// <summary>Creates an index on an existing table.</summary>
    /// <param name="table">The table.</param>
    /// <param name="columns">The indexed columns in order.</param>
    /// <param name="name">The index name; <c>{table}_{columns}_index</c> when null.</param>
    /// <param name="unique">A unique index.</param>
    /// <param name="where">The condition of a partial index (PostgreSQL and SQLite); holes are written as literals.</param>
    public SchemaOperation CreateIndex(string table, IReadOnlyList<string> columns, string? name = null, bool unique = false, Sql? where = null) =>
        Run(SchemaStatements.CreateIndex(table, columns, name, unique, where));

    /// <summary>Drops an index.</summary>
    /// <param name="table">The table it belongs to (MySQL needs it; the schema of a qualified name is the index's).</param>
    /// <param name="name">The index name.</param>
    /// <param name="ifExists">Do nothing when it does not exist.</param>
    public SchemaOperation DropIndex(string table, string name, bool ifExists = false) => Run(SchemaStatements.DropIndex(table, name, ifExists));

    /// <summary>Binds a statement built by hand (or by another tool) to this session.</summary>
    /// <param name="statement">The statement.</param>
    public SchemaOperation Run(SchemaStatement statement)
    {
        ArgumentNullException.ThrowIfNull(statement);
        return new SchemaOperation(Session, statement);
    }

    /// <summary>
    /// Reads every table and view of the session's current schema (PostgreSQL), database (MySQL) or file (SQLite), except
    /// the tables Strata keeps for itself (see <see cref="IntrospectionOptions.IncludeStrataTables"/>).
    /// </summary>
    /// <param name="cancellationToken">Cancels the reads.</param>
    public Task<DatabaseSchema> IntrospectAsync(CancellationToken cancellationToken = default) =>
        IntrospectAsync(IntrospectionOptions.Default, cancellationToken);

    /// <summary>Reads every table and view of the session's current schema (PostgreSQL), database (MySQL) or file (SQLite).</summary>
    /// <param name="options">Whether Strata's own tables (migration history and lock, schema module versions) are included.</param>
    /// <param name="cancellationToken">Cancels the reads.</param>
    public async Task<DatabaseSchema> IntrospectAsync(IntrospectionOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var schema = await Session.Dialect.Introspector.IntrospectAsync(Session, cancellationToken).ConfigureAwait(false);
        if (options.IncludeStrataTables) return schema;
        var own = StrataTables.Of(Session.Database);
        return schema with { Tables = [.. schema.Tables.Where(t => !own.Contains(t.Name) && !(t.Schema is { } s && own.Contains($"{s}.{t.Name}")))] };
    }

    /// <summary>Reads one table, or returns null when it does not exist.</summary>
    /// <param name="table">The table name, optionally schema-qualified.</param>
    /// <param name="cancellationToken">Cancels the reads.</param>
    public Task<TableSchema?> IntrospectTableAsync(string table, CancellationToken cancellationToken = default) =>
        Session.Dialect.Introspector.IntrospectTableAsync(Session, SchemaStatements.ValidTable(table), cancellationToken);

    /// <summary>
    /// Deletes every row of <paramref name="tables"/> and restarts their identity or auto-increment counters, emptying tables that
    /// refer to others first: <c>TRUNCATE … RESTART IDENTITY</c> on PostgreSQL, <c>TRUNCATE TABLE</c> with foreign key checks off
    /// on MySQL/MariaDB, <c>DELETE</c> and <c>sqlite_sequence</c> on SQLite.
    /// </summary>
    /// <param name="tables">The tables, optionally schema-qualified, in any order.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>The tables emptied, in the order they were emptied.</returns>
    /// <exception cref="ArgumentException">A table does not exist.</exception>
    /// <exception cref="InvalidOperationException">Another table refers to one of them by foreign key: empty it too, or its rows would point at nothing.</exception>
    /// <remarks>
    /// PostgreSQL and SQLite empty the tables in one transaction. MySQL and MariaDB commit each <c>TRUNCATE</c> (it is DDL there),
    /// which also ends a transaction the session is in: call it outside one.
    /// </remarks>
    public async Task<IReadOnlyList<string>> TruncateAsync(IEnumerable<string> tables, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tables);
        var names = tables.Select(SchemaStatements.ValidTable).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        if (names.Count == 0) return [];
        var schema = await IntrospectAsync(new IntrospectionOptions { IncludeStrataTables = true }, cancellationToken).ConfigureAwait(false);
        var chosen = names.Select(n => schema.Tables.FirstOrDefault(t => TableOrder.SameName(n, t))
            ?? throw new ArgumentException($"There is no table '{n}' to empty; the tables are {string.Join(", ", schema.Tables.Select(t => t.Name))}.", nameof(tables))).ToList();
        var referring = schema.Tables.Where(t => !chosen.Contains(t)).SelectMany(t => chosen.Where(c => TableOrder.References(t, c)).Select(c => (Child: t, Parent: c))).ToList();
        if (referring.Count > 0)
            throw new InvalidOperationException(
                $"Table '{referring[0].Parent.Name}' cannot be emptied alone: '{referring[0].Child.Name}' refers to it by foreign key. " +
                $"Empty them together ({string.Join(", ", chosen.Select(c => c.Name).Concat(referring.Select(r => r.Child.Name)).Distinct())}).");
        return await CleanAsync(TableOrder.ChildrenFirst(chosen), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Empties every table of the session's schema (see <see cref="TruncateAsync"/>) except the tables Strata keeps for itself, so
    /// the migration history stays.
    /// </summary>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>The tables emptied, in the order they were emptied.</returns>
    public async Task<IReadOnlyList<string>> TruncateAllAsync(CancellationToken cancellationToken = default)
    {
        var schema = await IntrospectAsync(cancellationToken).ConfigureAwait(false);
        return await CleanAsync(TableOrder.ChildrenFirst(schema.Tables), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Drops every view and table of the session's current schema (PostgreSQL), database (MySQL) or file (SQLite), Strata's own
    /// tables included, so that migrations can build it again from nothing. PostgreSQL drops the schema's sequences, types and
    /// routines too, and MySQL/MariaDB their routines. Destructive and not undoable: meant for development and test databases.
    /// </summary>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>The tables and views dropped.</returns>
    public async Task<IReadOnlyList<string>> DropAllAsync(CancellationToken cancellationToken = default)
    {
        var schema = await IntrospectAsync(new IntrospectionOptions { IncludeStrataTables = true }, cancellationToken).ConfigureAwait(false);
        schema = schema with { Tables = TableOrder.ChildrenFirst(schema.Tables) };
        await OnOneConnectionAsync(s => Session.Dialect.Cleaner.DropAllAsync(s, schema, cancellationToken), cancellationToken).ConfigureAwait(false);
        return [.. schema.Views.Select(v => v.Name), .. schema.Tables.Select(t => t.Name)];
    }

    private async Task<IReadOnlyList<string>> CleanAsync(IReadOnlyList<TableSchema> ordered, CancellationToken cancellationToken)
    {
        if (ordered.Count > 0)
            await OnOneConnectionAsync(s => Session.Dialect.Cleaner.TruncateAsync(s, ordered, cancellationToken), cancellationToken).ConfigureAwait(false);
        return [.. ordered.Select(t => t.Name)];
    }

    /// <summary>Runs <paramref name="work"/> on one connection: the session's transaction or own connection, else a session opened for it.</summary>
    private async Task OnOneConnectionAsync(Func<IDbSession, Task> work, CancellationToken cancellationToken)
    {
        if (Session is not IDatabase database || Session.CurrentTransaction is not null)
        {
            await work(Session.CurrentTransaction ?? Session).ConfigureAwait(false);
            return;
        }
        var session = await database.OpenSessionAsync(cancellationToken).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            await work(session).ConfigureAwait(false);
        }
    }

    /// <summary>True when the table exists.</summary>
    /// <param name="table">The table name, optionally schema-qualified.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    public async Task<bool> HasTableAsync(string table, CancellationToken cancellationToken = default) =>
        await IntrospectTableAsync(table, cancellationToken).ConfigureAwait(false) is not null;

    /// <summary>True when the table exists and has the column.</summary>
    /// <param name="table">The table name, optionally schema-qualified.</param>
    /// <param name="column">The column name.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    public async Task<bool> HasColumnAsync(string table, string column, CancellationToken cancellationToken = default) =>
        (await IntrospectTableAsync(table, cancellationToken).ConfigureAwait(false))?.FindColumn(column) is not null;
}
