using BenchmarkDotNet.Attributes;
using LinqToDB;
using LinqToDB.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Strata.Dialects;
using Strata.Sqlite;
using L2 = LinqToDB.Async.AsyncExtensions;

namespace Strata.Benchmarks;

using Strata.Query;

/// <summary>The typical query of the builder benchmarks: three conditions, a join, an order and a limit.</summary>
public static class TypicalQuery
{
    public const int Limit = 20;

    public static SqlQuery Build(SqlQuery users, int minAge, int maxAge, int minPoints) => users
        .Select("users.id", "users.name", "users.email", "users.age", "users.created_at")
        .Join("scores", "scores.user_id", "=", "users.id")
        .Where("users.age", ">=", minAge)
        .Where("users.age", "<", maxAge)
        .Where("scores.points", ">", minPoints)
        .OrderBy("users.id")
        .Limit(Limit);
}

/// <summary>
/// Compiling the typical query to SQLite text and parameters: through the compiler every time (<c>Compile</c>),
/// from the shape cache (<c>Cached</c>: what <c>ToSql</c> and the terminal methods do), and building the query
/// with new values and compiling it (<c>BuildAndCompile</c>: what a request does). No database is touched.
/// </summary>
[MemoryDiagnoser]
public class QueryCompile
{
    private readonly SqlDialect _dialect = new SqliteDialect();
    private SqlQuery _query = null!;
    private int _age;

    [GlobalSetup]
    public void Setup() => _query = TypicalQuery.Build(new SqlQuery("users"), 20, 40, 50);

    [Benchmark(Baseline = true)]
    public RenderedSql Compile() => QueryCompiler.Default.CompileSelect(_query.Node, _dialect).Render(_dialect);

    [Benchmark]
    public RenderedSql Cached() => _query.ToSql(_dialect);

    [Benchmark]
    public RenderedSql BuildAndCompile()
    {
        _age = (_age + 1) % 40;
        return TypicalQuery.Build(new SqlQuery("users"), 18 + _age, 30 + _age, 50).ToSql(_dialect);
    }
}

/// <summary>
/// The typical query run end to end on SQLite: hand-written ADO.NET with the text the builder compiles
/// (baseline), Dapper with the same text, Strata's builder (<c>db.From("users")…ToListAsync&lt;User&gt;()</c>),
/// building the query on every call, and the same join, conditions, order and limit in LINQ through EF Core
/// (also compiled) and linq2db.
/// </summary>
public class SqliteQueryBuilder : SqliteBenchmarkBase
{
    private const int MinPoints = 50;

    private static readonly Func<SqliteBenchContext, int, int, int, IAsyncEnumerable<User>> CompiledTypical =
        EF.CompileAsyncQuery((SqliteBenchContext context, int min, int max, int minPoints) =>
            (from u in context.Users.AsNoTracking()
             join s in context.Scores on u.Id equals s.UserId
             where u.Age >= min && u.Age < max && s.Points > minPoints
             orderby u.Id
             select u).Take(TypicalQuery.Limit));

    private string _text = "";
    private int _age;

    [Benchmark(Baseline = true)]
    public async Task<List<User>> AdoNet()
    {
        var (min, max) = NextAges();
        await using var connection = new SqliteConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = _text;
        command.Parameters.Add(new SqliteParameter("@p0", SqliteType.Integer) { Value = min });
        command.Parameters.Add(new SqliteParameter("@p1", SqliteType.Integer) { Value = max });
        command.Parameters.Add(new SqliteParameter("@p2", SqliteType.Integer) { Value = MinPoints });
        command.Parameters.Add(new SqliteParameter("@p3", SqliteType.Integer) { Value = TypicalQuery.Limit });
        await using var reader = await command.ExecuteReaderAsync();
        var users = new List<User>();
        while (await reader.ReadAsync()) users.Add(Workload.Read(reader));
        return users;
    }

    [Benchmark]
    public async Task<List<User>> Dapper()
    {
        var (min, max) = NextAges();
        await using var connection = new SqliteConnection(ConnectionString);
        await connection.OpenAsync();
        var rows = await global::Dapper.SqlMapper.QueryAsync<User>(connection, _text, new { p0 = min, p1 = max, p2 = 50, p3 = TypicalQuery.Limit });
        return global::Dapper.SqlMapper.AsList(rows);
    }

    [Benchmark]
    public Task<IReadOnlyList<User>> Strata()
    {
        var (min, max) = NextAges();
        return TypicalQuery.Build(Db.From("users"), min, max, 50).ToListAsync<User>();
    }

    [Benchmark]
    public async Task<List<User>> EfCore()
    {
        var (min, max) = NextAges();
        var minPoints = MinPoints;
        await using var context = EfCoreContexts.CreateDbContext();
        return await (
            from u in context.Users.AsNoTracking()
            join s in context.Scores on u.Id equals s.UserId
            where u.Age >= min && u.Age < max && s.Points > minPoints
            orderby u.Id
            select u).Take(TypicalQuery.Limit).ToListAsync();
    }

    [Benchmark]
    public async Task<List<User>> EfCoreCompiled()
    {
        var (min, max) = NextAges();
        await using var context = EfCoreContexts.CreateDbContext();
        var users = new List<User>();
        await foreach (var user in CompiledTypical(context, min, max, MinPoints)) users.Add(user);
        return users;
    }

    [Benchmark]
    public async Task<List<User>> Linq2Db()
    {
        var (min, max) = NextAges();
        var minPoints = MinPoints;
        await using var db = new DataConnection(Linq2DbOptions);
        return await L2.ToListAsync((
            from u in db.GetTable<User>()
            join s in db.GetTable<Score>() on u.Id equals s.UserId
            where u.Age >= min && u.Age < max && s.Points > minPoints
            orderby u.Id
            select u).Take(TypicalQuery.Limit));
    }

    protected override async Task PrepareAsync()
    {
        await Db.ExecuteAsync($"create table scores (user_id integer primary key references users (id), points integer not null)");
        await Db.ExecuteAsync($"insert into scores (user_id, points) select id, id % 100 from users");
        _text = TypicalQuery.Build(new SqlQuery("users"), 0, 0, 0).ToSql(Db.Dialect).Text;
    }

    protected override async Task VerifyAsync()
    {
        _age = 0;
        var expected = await AdoNet();
        _age = 0;
        var actual = await Strata();
        _age = 0;
        var dapper = await Dapper();
        _age = 0;
        if (!expected.Select(u => u.Id).SequenceEqual(dapper.Select(u => u.Id))) throw new InvalidOperationException("Dapper read other rows.");
        foreach (var (who, read) in new (string, Func<Task<List<User>>>)[] { ("EF Core", EfCore), ("EF Core compiled", EfCoreCompiled), ("linq2db", Linq2Db) })
        {
            var users = await read();
            _age = 0;
            if (!expected.Select(u => u.Id).SequenceEqual(users.Select(u => u.Id))) throw new InvalidOperationException($"{who} read other rows.");
            foreach (var user in users) Workload.Check(user, user.Id, who);
        }
        if (expected.Count != TypicalQuery.Limit || !expected.Select(u => u.Id).SequenceEqual(actual.Select(u => u.Id)))
            throw new InvalidOperationException($"The builder read {actual.Count} rows, ADO.NET {expected.Count}, or other rows.");
        foreach (var user in actual) Workload.Check(user, user.Id, "Strata");
    }

    private (int Min, int Max) NextAges()
    {
        _age = (_age + 1) % 30;
        return (18 + _age, 38 + _age);
    }
}
