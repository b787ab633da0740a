using BenchmarkDotNet.Attributes;
using Dapper;
using LinqToDB;
using LinqToDB.Data;
using LinqToDB.DataProvider.PostgreSQL;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using L2 = LinqToDB.Async.AsyncExtensions;
using Npgsql;
using NpgsqlTypes;
using Strata.Providers;
using Strata.Resilience;

namespace Strata.Benchmarks;

/// <summary>
/// A PostgreSQL table created and seeded in setup and dropped in cleanup. ADO.NET, Dapper, EF Core and linq2db
/// share one <see cref="NpgsqlDataSource"/> built from the same settings as Strata's driver, including its
/// auto-prepare limit, so every contender gets server-side prepared statements after two uses.
/// </summary>
/// <remarks>The server comes from <c>STRATA_POSTGRES_URL</c> (default: the local test server).</remarks>
[MemoryDiagnoser]
public abstract class PostgresBenchmarkBase
{
    protected const string Table = UsersTableName;

    /// <summary>The users table.</summary>
    internal const string UsersTableName = "strata_bench_users";

    /// <summary>The notes table of the create benchmarks.</summary>
    internal const string NotesTableName = "strata_bench_notes";

    /// <summary>What Strata's PostgreSQL driver sets when the connection string leaves it at zero.</summary>
    private const int StrataMaxAutoPrepare = 128;

    /// <summary>The server the benchmarks run against.</summary>
    protected static string Url { get; } =
        Environment.GetEnvironmentVariable("STRATA_POSTGRES_URL") ?? "postgres://strata:strata@127.0.0.1:5432/strata_test";

    protected Database Db { get; private set; } = null!;

    protected NpgsqlDataSource DataSource { get; private set; } = null!;

    /// <summary>EF Core's pooled context factory on <see cref="DataSource"/>.</summary>
    protected IDbContextFactory<PostgresBenchContext> EfCoreContexts { get; private set; } = null!;

    /// <summary>linq2db's options: connections from <see cref="DataSource"/>, with the fluent mapping.</summary>
    protected DataOptions Linq2DbOptions { get; private set; } = null!;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        var options = new DatabaseOptions { Url = Url };
        Configure(options);
        Db = Database.Open(options);
        DataSource = new NpgsqlDataSourceBuilder(ConnectionStringOf(Db.Settings)).Build();
        DefaultTypeMap.MatchNamesWithUnderscores = true;
        EfCoreContexts = new PooledDbContextFactory<PostgresBenchContext>(
            new DbContextOptionsBuilder<PostgresBenchContext>().UseNpgsql(DataSource).Options);
        Linq2DbOptions = new DataOptions()
            .UsePostgreSQL(PostgreSQLVersion.v15)
            .UseConnectionFactory(_ => DataSource.CreateConnection())
            .UseMappingSchema(Linq2DbMapping.Create(UsersTableName, NotesTableName, timestampTz: true));
        await SeedAsync();
        await PrepareAsync();
        await VerifyAsync();
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        await CleanupExtraAsync();
        await using (var connection = await DataSource.OpenConnectionAsync())
        await using (var drop = new NpgsqlCommand($"drop table if exists {Table}", connection))
        {
            await drop.ExecuteNonQueryAsync();
        }
        await DataSource.DisposeAsync();
        await Db.DisposeAsync();
    }

    /// <summary>Runs each benchmark method once and checks what it read.</summary>
    protected abstract Task VerifyAsync();

    /// <summary>Sets what one benchmark needs on Strata's database (plugins).</summary>
    protected virtual void Configure(DatabaseOptions options)
    {
    }

    /// <summary>Adds what one benchmark needs beyond the users table (dropped again in <see cref="CleanupExtraAsync"/>).</summary>
    protected virtual Task PrepareAsync() => Task.CompletedTask;

    /// <summary>Drops what <see cref="PrepareAsync"/> added.</summary>
    protected virtual Task CleanupExtraAsync() => Task.CompletedTask;

    /// <summary>
    /// A plain Npgsql connection string for the same server and pool settings as Strata's driver
    /// (the URL's parts, and the automatic preparation Strata switches on).
    /// </summary>
    private static string ConnectionStringOf(ConnectionSettings settings) => new NpgsqlConnectionStringBuilder
    {
        Host = settings.Host,
        Port = settings.Port ?? 5432,
        Database = settings.Database,
        Username = settings.Username,
        Password = settings.Password,
        MaxAutoPrepare = StrataMaxAutoPrepare,
    }.ConnectionString;

    private async Task SeedAsync()
    {
        await using var connection = await DataSource.OpenConnectionAsync();
        await using var batch = new NpgsqlBatch(connection)
        {
            BatchCommands =
            {
                new($"drop table if exists {Table}"),
                new($"""
                    create table {Table} (
                        id bigint primary key,
                        name text not null,
                        email text not null,
                        age integer not null,
                        created_at timestamptz not null)
                    """),
                new($"""
                    insert into {Table} (id, name, email, age, created_at)
                    select g, 'user ' || g, 'user' || g || '@example.com', 18 + g % 60, $1 + g * interval '1 minute'
                    from generate_series(1, {Workload.RowCount}::bigint) as g
                    """)
                {
                    Parameters = { new NpgsqlParameter<DateTime> { NpgsqlDbType = NpgsqlDbType.TimestampTz, TypedValue = Workload.Epoch } },
                },
                new($"analyze {Table}"),
            },
        };
        await batch.ExecuteNonQueryAsync();
    }
}

/// <summary>Reads one row by primary key into a <see cref="User"/>.</summary>
public class PostgresReadOne : PostgresBenchmarkBase
{
    private const string PositionalQuery = $"select id, name, email, age, created_at from {Table} where id = $1";
    private const string NamedQuery = $"select id, name, email, age, created_at from {Table} where id = @id";

    private static readonly Func<PostgresBenchContext, long, Task<User>> CompiledReadOne =
        EF.CompileAsyncQuery((PostgresBenchContext context, long id) => context.Users.AsNoTracking().Single(u => u.Id == id));

    private long _id;
    private Database _unguarded = null!;

    [Benchmark(Baseline = true)]
    public async Task<User> AdoNet()
    {
        var id = Workload.NextId(ref _id);
        await using var connection = await DataSource.OpenConnectionAsync();
        await using var command = new NpgsqlCommand(PositionalQuery, connection);
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = id });
        await using var reader = await command.ExecuteReaderAsync();
        if (!await reader.ReadAsync()) throw new InvalidOperationException("No row.");
        var user = Workload.Read(reader);
        if (await reader.ReadAsync()) throw new InvalidOperationException("More than one row.");
        return user;
    }

    [Benchmark]
    public async Task<User> Dapper()
    {
        var id = Workload.NextId(ref _id);
        await using var connection = await DataSource.OpenConnectionAsync();
        return await connection.QuerySingleAsync<User>(NamedQuery, new { id });
    }

    [Benchmark]
    public Task<User> Strata()
    {
        var id = Workload.NextId(ref _id);
        return Db.QuerySingleAsync<User>($"select id, name, email, age, created_at from strata_bench_users where id = {id}");
    }

    /// <summary>The same read with connection retries and the circuit breaker turned off: what guarding each open costs.</summary>
    [Benchmark]
    public Task<User> StrataUnguarded()
    {
        var id = Workload.NextId(ref _id);
        return _unguarded.QuerySingleAsync<User>($"select id, name, email, age, created_at from strata_bench_users where id = {id}");
    }

    [Benchmark]
    public async Task<User> EfCore()
    {
        var id = Workload.NextId(ref _id);
        await using var context = EfCoreContexts.CreateDbContext();
        return await context.Users.AsNoTracking().SingleAsync(u => u.Id == id);
    }

    [Benchmark]
    public async Task<User> EfCoreCompiled()
    {
        var id = Workload.NextId(ref _id);
        await using var context = EfCoreContexts.CreateDbContext();
        return await CompiledReadOne(context, id);
    }

    [Benchmark]
    public async Task<User> Linq2Db()
    {
        var id = Workload.NextId(ref _id);
        await using var db = new DataConnection(Linq2DbOptions);
        return await L2.SingleAsync(db.GetTable<User>().Where(u => u.Id == id));
    }

    protected override Task PrepareAsync()
    {
        _unguarded = Database.Open(new DatabaseOptions { Url = Url, Resilience = ConnectionResilienceOptions.None });
        return Task.CompletedTask;
    }

    protected override async Task CleanupExtraAsync() => await _unguarded.DisposeAsync();

    protected override async Task VerifyAsync()
    {
        _id = 0;
        var expected = Workload.NextId(ref _id);
        _id = 0;
        Workload.Check(await AdoNet(), expected, "ADO.NET");
        _id = 0;
        Workload.Check(await Dapper(), expected, "Dapper");
        _id = 0;
        Workload.Check(await Strata(), expected, "Strata");
        _id = 0;
        Workload.Check(await StrataUnguarded(), expected, "Strata without resilience");
        _id = 0;
        Workload.Check(await EfCore(), expected, "EF Core");
        _id = 0;
        Workload.Check(await EfCoreCompiled(), expected, "EF Core compiled");
        _id = 0;
        Workload.Check(await Linq2Db(), expected, "linq2db");
        _id = 0;
    }
}

/// <summary>Reads 1,000 rows into a list of <see cref="User"/>.</summary>
public class PostgresReadPage : PostgresBenchmarkBase
{
    private const string PositionalQuery = $"select id, name, email, age, created_at from {Table} where id > $1 order by id limit 1000";
    private const string NamedQuery = $"select id, name, email, age, created_at from {Table} where id > @start order by id limit 1000";

    private static readonly Func<PostgresBenchContext, long, IAsyncEnumerable<User>> CompiledReadPage =
        EF.CompileAsyncQuery((PostgresBenchContext context, long start) =>
            context.Users.AsNoTracking().Where(u => u.Id > start).OrderBy(u => u.Id).Take(Workload.PageSize));

    private long _start;

    [Benchmark(Baseline = true)]
    public async Task<List<User>> AdoNet()
    {
        var start = Workload.NextPageStart(ref _start);
        await using var connection = await DataSource.OpenConnectionAsync();
        await using var command = new NpgsqlCommand(PositionalQuery, connection);
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = start });
        await using var reader = await command.ExecuteReaderAsync();
        var users = new List<User>();
        while (await reader.ReadAsync()) users.Add(Workload.Read(reader));
        return users;
    }

    [Benchmark]
    public async Task<List<User>> Dapper()
    {
        var start = Workload.NextPageStart(ref _start);
        await using var connection = await DataSource.OpenConnectionAsync();
        return (await connection.QueryAsync<User>(NamedQuery, new { start })).AsList();
    }

    [Benchmark]
    public Task<IReadOnlyList<User>> Strata()
    {
        var start = Workload.NextPageStart(ref _start);
        return Db.QueryAsync<User>($"select id, name, email, age, created_at from strata_bench_users where id > {start} order by id limit 1000");
    }

    [Benchmark]
    public async Task<List<User>> EfCore()
    {
        var start = Workload.NextPageStart(ref _start);
        await using var context = EfCoreContexts.CreateDbContext();
        return await context.Users.AsNoTracking().Where(u => u.Id > start).OrderBy(u => u.Id).Take(Workload.PageSize).ToListAsync();
    }

    [Benchmark]
    public async Task<List<User>> EfCoreCompiled()
    {
        var start = Workload.NextPageStart(ref _start);
        await using var context = EfCoreContexts.CreateDbContext();
        var users = new List<User>();
        await foreach (var user in CompiledReadPage(context, start)) users.Add(user);
        return users;
    }

    [Benchmark]
    public async Task<List<User>> Linq2Db()
    {
        var start = Workload.NextPageStart(ref _start);
        await using var db = new DataConnection(Linq2DbOptions);
        return await L2.ToListAsync(db.GetTable<User>().Where(u => u.Id > start).OrderBy(u => u.Id).Take(Workload.PageSize));
    }

    protected override async Task VerifyAsync()
    {
        _start = 0;
        var expected = Workload.NextPageStart(ref _start);
        _start = 0;
        Workload.CheckPage(await AdoNet(), expected, "ADO.NET");
        _start = 0;
        Workload.CheckPage(await Dapper(), expected, "Dapper");
        _start = 0;
        Workload.CheckPage(await Strata(), expected, "Strata");
        _start = 0;
        Workload.CheckPage(await EfCore(), expected, "EF Core");
        _start = 0;
        Workload.CheckPage(await EfCoreCompiled(), expected, "EF Core compiled");
        _start = 0;
        Workload.CheckPage(await Linq2Db(), expected, "linq2db");
        _start = 0;
    }
}
