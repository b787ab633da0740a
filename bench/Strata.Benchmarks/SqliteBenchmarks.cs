using BenchmarkDotNet.Attributes;
using Dapper;
using LinqToDB;
using LinqToDB.Data;
using LinqToDB.DataProvider.SQLite;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using L2 = LinqToDB.Async.AsyncExtensions;

namespace Strata.Benchmarks;

/// <summary>
/// A SQLite file in a temporary folder, seeded once. ADO.NET, Dapper, EF Core and linq2db open connections
/// with pooling, foreign keys on (<c>Foreign Keys=True</c>, Microsoft.Data.Sqlite's way, a PRAGMA on every open) and the
/// default timeout Strata uses, so all of them share Microsoft.Data.Sqlite's pool for that file.
/// </summary>
[MemoryDiagnoser]
public abstract class SqliteBenchmarkBase
{
    private string _folder = "";

    protected string ConnectionString { get; private set; } = "";

    /// <summary>
    /// <see cref="ConnectionString"/> without <c>Foreign Keys</c>: for hand code that turns foreign keys on as Strata's
    /// driver does, running the PRAGMA natively (<c>sqlite3_exec</c>) on each open instead of through a command.
    /// </summary>
    protected string NativeKeysConnectionString { get; private set; } = "";

    protected Database Db { get; private set; } = null!;

    /// <summary>EF Core's pooled context factory on <see cref="ConnectionString"/>.</summary>
    protected IDbContextFactory<SqliteBenchContext> EfCoreContexts { get; private set; } = null!;

    /// <summary>linq2db's options: Microsoft.Data.Sqlite on <see cref="ConnectionString"/>, with the fluent mapping.</summary>
    protected DataOptions Linq2DbOptions { get; private set; } = null!;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _folder = Path.Combine(Path.GetTempPath(), "strata-bench-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_folder);
        var path = Path.Combine(_folder, "bench.db");
        var options = new DatabaseOptions { Url = "sqlite:" + path };
        Configure(options);
        Db = Database.Open(options);
        ConnectionString = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Pooling = true,
            ForeignKeys = true,
            DefaultTimeout = 30,
        }.ToString();
        NativeKeysConnectionString = new SqliteConnectionStringBuilder(ConnectionString) { ForeignKeys = null }.ToString();
        DefaultTypeMap.MatchNamesWithUnderscores = true;
        EfCoreContexts = new PooledDbContextFactory<SqliteBenchContext>(
            new DbContextOptionsBuilder<SqliteBenchContext>().UseSqlite(ConnectionString).Options);
        Linq2DbOptions = new DataOptions()
            .UseSQLite(ConnectionString, SQLiteProvider.Microsoft)
            .UseMappingSchema(Linq2DbMapping.Create("users", "notes", timestampTz: false));
        Seed();
        await PrepareAsync();
        await VerifyAsync();
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        await Db.DisposeAsync();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    /// <summary>Sets what one benchmark needs on Strata's database (plugins).</summary>
    protected virtual void Configure(DatabaseOptions options)
    {
    }

    /// <summary>Adds what one benchmark needs beyond the users table.</summary>
    protected virtual Task PrepareAsync() => Task.CompletedTask;

    /// <summary>Runs each benchmark method once and checks what it read.</summary>
    protected abstract Task VerifyAsync();

    private void Seed()
    {
        using var connection = new SqliteConnection(ConnectionString);
        connection.Open();
        using (var create = connection.CreateCommand())
        {
            create.CommandText = """
                create table users (
                    id integer primary key,
                    name text not null,
                    email text not null,
                    age integer not null,
                    created_at text not null)
                """;
            create.ExecuteNonQuery();
        }
        using var transaction = connection.BeginTransaction();
        using var insert = connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = "insert into users (id, name, email, age, created_at) values (@id, @name, @email, @age, @created_at)";
        var id = insert.Parameters.Add("@id", SqliteType.Integer);
        var name = insert.Parameters.Add("@name", SqliteType.Text);
        var email = insert.Parameters.Add("@email", SqliteType.Text);
        var age = insert.Parameters.Add("@age", SqliteType.Integer);
        var createdAt = insert.Parameters.Add("@created_at", SqliteType.Text);
        insert.Prepare();
        for (long i = 1; i <= Workload.RowCount; i++)
        {
            id.Value = i;
            name.Value = Workload.NameOf(i);
            email.Value = Workload.EmailOf(i);
            age.Value = Workload.AgeOf(i);
            createdAt.Value = Workload.CreatedAtOf(i).ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture);
            insert.ExecuteNonQuery();
        }
        transaction.Commit();
    }
}

/// <summary>Reads one row by primary key into a <see cref="User"/>.</summary>
public class SqliteReadOne : SqliteBenchmarkBase
{
    private const string Query = "select id, name, email, age, created_at from users where id = @id";

    private static readonly Func<SqliteBenchContext, long, Task<User>> CompiledReadOne =
        EF.CompileAsyncQuery((SqliteBenchContext context, long id) => context.Users.AsNoTracking().Single(u => u.Id == id));

    private long _id;

    [Benchmark(Baseline = true)]
    public Task<User> AdoNet() => ReadAsync(ConnectionString, nativeKeys: false);

    /// <summary>The baseline's read with foreign keys turned on natively, as Strata's driver does.</summary>
    [Benchmark]
    public Task<User> AdoNetNativeKeys() => ReadAsync(NativeKeysConnectionString, nativeKeys: true);

    private async Task<User> ReadAsync(string connectionString, bool nativeKeys)
    {
        var id = Workload.NextId(ref _id);
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync();
        if (nativeKeys) SQLitePCL.raw.sqlite3_exec(connection.Handle, "PRAGMA foreign_keys = 1");
        await using var command = connection.CreateCommand();
        command.CommandText = Query;
        command.Parameters.Add(new SqliteParameter("@id", SqliteType.Integer) { Value = id });
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
        await using var connection = new SqliteConnection(ConnectionString);
        await connection.OpenAsync();
        return await connection.QuerySingleAsync<User>(Query, new { id });
    }

    [Benchmark]
    public Task<User> Strata()
    {
        var id = Workload.NextId(ref _id);
        return Db.QuerySingleAsync<User>($"select id, name, email, age, created_at from users where id = {id}");
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

    protected override async Task VerifyAsync()
    {
        _id = 0;
        var expected = Workload.NextId(ref _id);
        _id = 0;
        Workload.Check(await AdoNet(), expected, "ADO.NET");
        _id = 0;
        Workload.Check(await AdoNetNativeKeys(), expected, "ADO.NET, native foreign keys");
        _id = 0;
        Workload.Check(await Dapper(), expected, "Dapper");
        _id = 0;
        Workload.Check(await Strata(), expected, "Strata");
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
public class SqliteReadPage : SqliteBenchmarkBase
{
    private const string Query = "select id, name, email, age, created_at from users where id > @start order by id limit 1000";

    private static readonly Func<SqliteBenchContext, long, IAsyncEnumerable<User>> CompiledReadPage =
        EF.CompileAsyncQuery((SqliteBenchContext context, long start) =>
            context.Users.AsNoTracking().Where(u => u.Id > start).OrderBy(u => u.Id).Take(Workload.PageSize));

    private long _start;

    [Benchmark(Baseline = true)]
    public async Task<List<User>> AdoNet()
    {
        var start = Workload.NextPageStart(ref _start);
        await using var connection = new SqliteConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = Query;
        command.Parameters.Add(new SqliteParameter("@start", SqliteType.Integer) { Value = start });
        await using var reader = await command.ExecuteReaderAsync();
        var users = new List<User>();
        while (await reader.ReadAsync()) users.Add(Workload.Read(reader));
        return users;
    }

    [Benchmark]
    public async Task<List<User>> Dapper()
    {
        var start = Workload.NextPageStart(ref _start);
        await using var connection = new SqliteConnection(ConnectionString);
        await connection.OpenAsync();
        return (await connection.QueryAsync<User>(Query, new { start })).AsList();
    }

    [Benchmark]
    public Task<IReadOnlyList<User>> Strata()
    {
        var start = Workload.NextPageStart(ref _start);
        return Db.QueryAsync<User>($"select id, name, email, age, created_at from users where id > {start} order by id limit 1000");
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
