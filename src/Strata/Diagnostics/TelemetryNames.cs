namespace Strata.Diagnostics;

/// <summary>
/// The names of the attributes, instruments and values Strata's traces and metrics use: OpenTelemetry's database
/// conventions where they have a name, <c>strata.*</c> where they do not. Use them to filter or to build views.
/// </summary>
public static class TelemetryNames
{
    /// <summary><c>db.system.name</c>: the dialect (<c>postgresql</c>, <c>mysql</c>, <c>mariadb</c>, <c>sqlite</c>, <c>cockroachdb</c>).</summary>
    public const string DbSystemName = "db.system.name";

    /// <summary><c>db.namespace</c>: the database name (for SQLite the file path, or <c>:memory:</c>).</summary>
    public const string DbNamespace = "db.namespace";

    /// <summary><c>db.operation.name</c>: the kind of call (<c>query</c>, <c>execute</c>, <c>scalar</c>, <c>stream</c>, <c>multiple</c>, <c>prepared</c>, <c>bulk_insert</c>).</summary>
    public const string DbOperationName = "db.operation.name";

    /// <summary><c>db.query.text</c>: the SQL as sent, with placeholders where the values go; never the values.</summary>
    public const string DbQueryText = "db.query.text";

    /// <summary><c>db.collection.name</c>: the table, where Strata knows it (bulk inserts).</summary>
    public const string DbCollectionName = "db.collection.name";

    /// <summary><c>db.response.status_code</c>: the SQLSTATE or error number of a failed command.</summary>
    public const string DbResponseStatusCode = "db.response.status_code";

    /// <summary><c>server.address</c>: the host of a server database.</summary>
    public const string ServerAddress = "server.address";

    /// <summary><c>server.port</c>: the port of a server database.</summary>
    public const string ServerPort = "server.port";

    /// <summary><c>error.type</c>: the type name of the Strata exception a failure became (e.g. <c>UniqueViolationException</c>).</summary>
    public const string ErrorType = "error.type";

    /// <summary><c>db.client.connection.pool.name</c>: <c>host:port/database</c>, or the SQLite file path.</summary>
    public const string PoolName = "db.client.connection.pool.name";

    /// <summary><c>db.client.connection.state</c>: <c>idle</c> or <c>used</c>.</summary>
    public const string ConnectionState = "db.client.connection.state";

    /// <summary><c>strata.transaction.outcome</c>: <c>committed</c>, <c>rolled_back</c>, <c>failed</c> or <c>unknown</c>.</summary>
    public const string TransactionOutcome = "strata.transaction.outcome";

    /// <summary><c>strata.transaction.attempt</c>: which run of a retried transaction a span is (1 for the first).</summary>
    public const string TransactionAttempt = "strata.transaction.attempt";

    /// <summary><c>strata.transaction.isolation</c>: the isolation level asked for, when one was.</summary>
    public const string TransactionIsolation = "strata.transaction.isolation";

    /// <summary><c>strata.transaction.savepoint</c>: true on the span of a nested transaction (a savepoint).</summary>
    public const string TransactionSavepoint = "strata.transaction.savepoint";

    /// <summary><c>strata.bulk_insert.rows</c>: the rows a bulk insert wrote.</summary>
    public const string BulkInsertRows = "strata.bulk_insert.rows";

    /// <summary><c>strata.migration.version</c>: the version of the migration a span ran.</summary>
    public const string MigrationVersion = "strata.migration.version";

    /// <summary><c>strata.migration.direction</c>: <c>up</c> or <c>down</c>.</summary>
    public const string MigrationDirection = "strata.migration.direction";

    /// <summary><c>strata.migration.outcome</c>: <c>success</c> or <c>failure</c>.</summary>
    public const string MigrationOutcome = "strata.migration.outcome";
}
