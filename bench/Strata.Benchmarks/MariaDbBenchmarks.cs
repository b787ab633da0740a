using BenchmarkDotNet.Attributes;
using Dapper;
using MySqlConnector;

namespace Strata.Benchmarks;

/// <summary>
/// Reads one row by primary key into a <see cref="User"/> on MariaDB: hand-written MySqlConnector unprepared (the baseline)
/// and prepared, Dapper and Strata (with <c>server_prepare=auto</c>, which prepares the statement from its second run on), each opening a pooled connection per
/// call. The table is created and seeded in setup and dropped in cleanup.
/// </summary>
/// <remarks>
/// Every MySqlConnector data source is built from the settings Strata's driver uses: the URL's parts and no reset of pooled
/// connections on open (Strata's default). <see cref="AdoNetWithReset"/> shows what MySqlConnector's default reset costs, and
/// <see cref="StrataUnprepared"/> what Strata costs with <c>server_prepare=off</c>. The server comes from
/// <c>STRATA_MARIADB_URL</c> (default: the local test server).
/// </remarks>
[MemoryDiagnoser]
public class MariaDbReadOne
{
    private const string Table = "strata_bench_point_users";
    private const string Query = $"select id, name, email, age, created_at from {Table} where id = @id";

    private Database _db = null!;
    private Database _unprepared = null!;
    private MySqlDataSource _dataSource = null!;
    private MySqlDataSource _preparing = null!;
    private MySqlDataSource _resetting = null!;
    private long _id;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        var url = Environment.GetEnvironmentVariable("STRATA_MARIADB_URL") ?? "mariadb://strata:strata@127.0.0.1:3306/strata_test";
        _db = Database.Open(url + (url.Contains('?', StringComparison.Ordinal) ? "&" : "?") + "server_prepare=auto");
        _unprepared = Database.Open(url + (url.Contains('?', StringComparison.Ordinal) ? "&" : "?") + "server_prepare=off");
        var s = _db.Settings;
        var builder = new MySqlConnectionStringBuilder
        {
            Server = s.Host, Port = (uint)(s.Port ?? 3306), Database = s.Database, UserID = s.Username, Password = s.Password,
            ConnectionReset = false,
        };
        _dataSource = new MySqlDataSourceBuilder(builder.ConnectionString).Build();
        // A pool of its own: MySqlConnector runs any command whose text a connection has prepared as prepared, so the prepared
        // contender on the baseline's pool would make the baseline (and Dapper, with the same text) prepared too.
        _preparing = new MySqlDataSourceBuilder(builder.ConnectionString).Build();
        builder.ConnectionReset = true;
        _resetting = new MySqlDataSourceBuilder(builder.ConnectionString).Build();
        DefaultTypeMap.MatchNamesWithUnderscores = true;
        await _db.ExecuteAsync($"drop table if exists {Sql.Identifier(Table)}");
        await _db.ExecuteAsync($"""
            create table {Sql.Identifier(Table)} (
                id bigint primary key, name varchar(100) not null, email varchar(200) not null, age int not null,
                created_at datetime(6) not null)
            """);
        await _db.ExecuteAsync($"""
            insert into {Sql.Identifier(Table)} (id, name, email, age, created_at)
            with recursive d (n) as (select 0 union all select n + 1 from d where n < 99),
                g (n) as (select a.n * 100 + b.n + 1 from d a cross join d b)
            select n, concat('user ', n), concat('user', n, '@example.com'), 18 + n % 60, {Workload.Epoch} + interval n minute from g
            """);
        if (await _db.ScalarAsync<long>($"select count(*) from {Sql.Identifier(Table)}") != Workload.RowCount)
            throw new InvalidOperationException($"The seed did not write {Workload.RowCount} rows.");
        await _db.ExecuteAsync($"analyze table {Sql.Identifier(Table)}");
        await VerifyAsync();
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        await _db.ExecuteAsync($"drop table if exists {Sql.Identifier(Table)}");
        await _resetting.DisposeAsync();
        await _preparing.DisposeAsync();
        await _dataSource.DisposeAsync();
        await _unprepared.DisposeAsync();
        await _db.DisposeAsync();
    }

    [Benchmark(Baseline = true)]
    public Task<User> AdoNet() => ReadAsync(_dataSource, prepare: false);

    [Benchmark]
    public Task<User> AdoNetPrepared() => ReadAsync(_preparing, prepare: true);

    /// <summary>The baseline with MySqlConnector's default reset of each pooled connection when it is opened.</summary>
    [Benchmark]
    public Task<User> AdoNetWithReset() => ReadAsync(_resetting, prepare: false);

    [Benchmark]
    public async Task<User> Dapper()
    {
        var id = Workload.NextId(ref _id);
        await using var connection = await _dataSource.OpenConnectionAsync();
        return await connection.QuerySingleAsync<User>(Query, new { id });
    }

    [Benchmark]
    public Task<User> Strata()
    {
        var id = Workload.NextId(ref _id);
        return _db.QuerySingleAsync<User>($"select id, name, email, age, created_at from strata_bench_point_users where id = {id}");
    }

    /// <summary>Strata with <c>server_prepare=off</c>: the statement runs as text every time.</summary>
    [Benchmark]
    public Task<User> StrataUnprepared()
    {
        var id = Workload.NextId(ref _id);
        return _unprepared.QuerySingleAsync<User>($"select id, name, email, age, created_at from strata_bench_point_users where id = {id}");
    }

    /// <summary>
    /// A command with a typed parameter and a reader with typed getters by ordinal; the single-row read also checks for a
    /// second row, as <c>QuerySingle</c> does in Dapper and Strata.
    /// </summary>
    private async Task<User> ReadAsync(MySqlDataSource dataSource, bool prepare)
    {
        var id = Workload.NextId(ref _id);
        await using var connection = await dataSource.OpenConnectionAsync();
        await using var command = new MySqlCommand(Query, connection);
        command.Parameters.Add(new MySqlParameter("@id", MySqlDbType.Int64) { Value = id });
        if (prepare) await command.PrepareAsync();
        await using var reader = await command.ExecuteReaderAsync();
        if (!await reader.ReadAsync()) throw new InvalidOperationException("No row.");
        var user = Workload.Read(reader);
        if (await reader.ReadAsync()) throw new InvalidOperationException("More than one row.");
        return user;
    }

    private async Task VerifyAsync()
    {
        _id = 0;
        var expected = Workload.NextId(ref _id);
        foreach (var (name, read) in new (string, Func<Task<User>>)[]
        {
            ("ADO.NET", AdoNet), ("ADO.NET prepared", AdoNetPrepared), ("ADO.NET with reset", AdoNetWithReset), ("Dapper", Dapper),
            ("Strata", Strata), ("Strata unprepared", StrataUnprepared),
        })
        {
            _id = 0;
            Workload.Check(await read(), expected, name);
        }
        _id = 0;
    }
}
