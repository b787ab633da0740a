using System.Data.Common;
using Microsoft.Data.Sqlite;
using Strata.Dialects;
using Strata.Providers;

namespace Strata.Sqlite;

/// <summary>
/// SQLite through Microsoft.Data.Sqlite's own pooling. Files are opened in WAL mode with foreign
/// keys on; each command's timeout bounds both its wait for locks (the busy timeout) and its run time
/// (see <see cref="SqliteTimedConnection"/>); <c>sqlite::memory:</c> is a shared
/// in-memory database kept alive by one connection for as long as the driver lives.
/// </summary>
/// <remarks>
/// Microsoft.Data.Sqlite's pool has no size limit, so <see cref="ConnectionSettings.MaxPoolSize"/>
/// caps concurrently open connections here, with <see cref="ConnectionSettings.ConnectTimeout"/> as
/// the wait limit (30 s unless set): a caller that waits longer gets <see cref="PoolExhaustedException"/>. Minimum size, idle timeout and lifetime have no SQLite counterpart and are ignored.
/// </remarks>
internal sealed class SqliteDriver : DatabaseDriver
{
    private readonly string _connectionString;
    private readonly SqliteConnection? _keepAlive;
    private readonly SemaphoreSlim? _limit;
    private readonly int _max;
    private readonly TimeSpan _acquireTimeout;
    private readonly int _busyTimeoutMs;

    public SqliteDriver(ConnectionSettings settings)
    {
        SqliteConnectionStringBuilder builder;
        try
        {
            builder = settings.ConnectionString is null ? new() : new(settings.ConnectionString);
        }
        catch (ArgumentException e)
        {
            throw new DatabaseConfigurationException($"The SQLite connection string is invalid: {e.Message}", e);
        }
        var commandTimeout = settings.CommandTimeout ?? TimeSpan.FromSeconds(builder.DefaultTimeout);
        builder.DefaultTimeout = (int)Math.Ceiling(commandTimeout.TotalSeconds);
        _busyTimeoutMs = (int)Math.Min(int.MaxValue, commandTimeout.TotalMilliseconds);
        builder.Pooling = true;
        // Foreign keys are turned on natively on each open (SqliteTimedConnection.Attach): with the connection string's
        // Foreign Keys=True, Microsoft.Data.Sqlite would run the PRAGMA through a command of its own, at about twice the cost.
        builder.ForeignKeys = null;
        var memory = settings.IsInMemory || builder.DataSource == ":memory:" || builder.Mode == SqliteOpenMode.Memory;
        if (settings.FilePath is { } path && !settings.IsInMemory) builder.DataSource = path;
        Endpoint = new DatabaseEndpoint(memory ? ":memory:" : builder.DataSource, null, null);
        if (memory)
        {
            builder.DataSource = "strata-memory-" + Guid.NewGuid().ToString("N");
            builder.Mode = SqliteOpenMode.Memory;
            builder.Cache = SqliteCacheMode.Shared;
        }
        if (string.IsNullOrEmpty(builder.DataSource))
            throw new DatabaseConfigurationException("The SQLite connection string has no Data Source: give a file path or :memory:.");
        _connectionString = builder.ConnectionString;
        _acquireTimeout = settings.ConnectTimeout ?? TimeSpan.FromSeconds(30);
        if (settings.MaxPoolSize is { } max)
        {
            _max = max;
            _limit = new SemaphoreSlim(max, max);
        }
        Dialect = new SqliteDialect();

        try
        {
            if (memory)
            {
                _keepAlive = Open();
            }
            else
            {
                var directory = Path.GetDirectoryName(Path.GetFullPath(builder.DataSource));
                if (!string.IsNullOrEmpty(directory)) Directory.CreateDirectory(directory);
                using var connection = Open();
                using var command = connection.CreateCommand();
                // WAL is a property of the file: readers do not block the writer and vice versa.
                command.CommandText = "PRAGMA journal_mode=WAL";
                command.ExecuteNonQuery();
            }
        }
        catch (SqliteException e) when (e.SqliteErrorCode == SqliteCantOpen && !memory)
        {
            throw CannotOpen(builder.DataSource, e);
        }
        catch (SqliteException e)
        {
            throw Dialect.TranslateException(e, null) ?? new DatabaseException(e.Message, e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            var directory = Path.GetDirectoryName(Path.GetFullPath(builder.DataSource));
            throw new DatabaseConfigurationException(
                $"The SQLite file '{builder.DataSource}' cannot be created: its directory '{directory}' cannot be created ({e.Message}). " +
                "Give a file path in a directory this process can create and write to (the sqlite: URL, or DATABASE_FILE), or fix the path's permissions.", e);
        }
    }

    private const int SqliteCantOpen = 14;

    /// <summary>
    /// The connection failure of a file SQLite could not open (SQLITE_CANTOPEN), saying why and what to change: the path is
    /// a directory, or the process cannot read and write the file or its directory.
    /// </summary>
    private static ConnectionFailureException CannotOpen(string path, SqliteException e)
    {
        var full = Path.GetFullPath(path);
        var details = new DatabaseErrorDetails("sqlite", ErrorNumber: e.SqliteExtendedErrorCode == 0 ? e.SqliteErrorCode : e.SqliteExtendedErrorCode);
        if (Directory.Exists(full))
            return new ConnectionFailureException(
                $"The SQLite database cannot be opened: '{path}' is a directory, not a file. Give a file path, such as '{Path.Combine(path, "app.db")}'.", details, e);
        var directory = Path.GetDirectoryName(full);
        return new ConnectionFailureException(
            $"The SQLite database cannot be opened: this process cannot read and write the file '{path}' or its directory '{directory}' " +
            "(SQLite also creates its journal files there). Give a path in a directory the process can write to (the sqlite: URL, or DATABASE_FILE), " +
            "or change the permissions of the file and the directory.", details, e);
    }

    public override SqlDialect Dialect { get; }

    public override async ValueTask<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken)
    {
        if (_limit is not null && !await _limit.WaitAsync(_acquireTimeout, cancellationToken).ConfigureAwait(false))
        {
            throw new PoolExhaustedException(new DatabaseErrorDetails("sqlite"), _max, _acquireTimeout, null);
        }
        try
        {
            var connection = new SqliteTimedConnection(_connectionString, _limit);
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            connection.Attach(_busyTimeoutMs);
            return connection;
        }
        catch
        {
            _limit?.Release();
            throw;
        }
    }

    private SqliteTimedConnection Open()
    {
        var connection = new SqliteTimedConnection(_connectionString, null);
        connection.Open();
        connection.Attach(_busyTimeoutMs);
        return connection;
    }

    // Microsoft.Data.Sqlite pools by connection string: this empties the pool of every database open on the same file.
    public override void ClearPool()
    {
        using var probe = new SqliteConnection(_connectionString);
        SqliteConnection.ClearPool(probe);
    }

    public override ValueTask DisposeAsync()
    {
        using (var probe = new SqliteConnection(_connectionString)) SqliteConnection.ClearPool(probe);
        _keepAlive?.Dispose();
        _limit?.Dispose();
        return default;
    }
}
