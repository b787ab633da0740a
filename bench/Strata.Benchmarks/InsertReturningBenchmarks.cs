using BenchmarkDotNet.Attributes;
using Dapper;
using Microsoft.Data.Sqlite;
using Npgsql;
using NpgsqlTypes;

namespace Strata.Benchmarks;

/// <summary>What the insert benchmarks share: the row each call inserts, and the check of what the setup stored.</summary>
internal static class EventInserts
{
    public const string Columns = "name, amount, created_at";

    /// <summary>The next row: a name of one of two values (so no contender formats a string), an amount, a time.</summary>
    public static (string Name, int Amount, DateTime At) Next(ref long counter)
    {
        counter++;
        return ((counter & 1) == 0 ? "event a" : "event b", (int)(counter % 1000), Workload.Epoch.AddSeconds(counter));
    }

    /// <summary>Runs each contender once, then checks that each returned a new key and that the row under it is the one sent.</summary>
    public static async Task VerifyAsync(Database db, string table, (Func<Task<long>> Run, string Who)[] contenders)
    {
        long last = 0;
        foreach (var (run, who) in contenders)
        {
            var id = await run();
            if (id <= last) throw new InvalidOperationException($"{who} returned key {id} after {last}.");
            last = id;
            var stored = await db.ScalarAsync<string>($"select name from {Sql.Identifier(table)} where id = {id}");
            if (stored is not ("event a" or "event b")) throw new InvalidOperationException($"{who}: the row under key {id} holds '{stored}'.");
        }
    }
}

/// <summary>
/// Insert one row and read back its generated key (<c>insert … returning id</c>) on SQLite: hand-written ADO.NET
/// (<c>ExecuteScalarAsync</c>, the baseline), Dapper (<c>ExecuteScalarAsync&lt;long&gt;</c>) and Strata
/// (<c>db.ScalarAsync&lt;long&gt;($"insert … returning id")</c>), each opening a pooled connection per call.
/// </summary>
public class SqliteInsertReturning : SqliteBenchmarkBase
{
    private const string Insert = $"insert into events ({EventInserts.Columns}) values (@name, @amount, @created_at) returning id";
    private long _counter;

    [Benchmark(Baseline = true)]
    public async Task<long> AdoNet()
    {
        var (name, amount, at) = EventInserts.Next(ref _counter);
        await using var connection = new SqliteConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = Insert;
        command.Parameters.Add(new SqliteParameter("@name", SqliteType.Text) { Value = name });
        command.Parameters.Add(new SqliteParameter("@amount", SqliteType.Integer) { Value = amount });
        command.Parameters.Add(new SqliteParameter("@created_at", SqliteType.Text) { Value = at });
        return (long)(await command.ExecuteScalarAsync())!;
    }

    [Benchmark]
    public async Task<long> Dapper()
    {
        var (name, amount, at) = EventInserts.Next(ref _counter);
        await using var connection = new SqliteConnection(ConnectionString);
        await connection.OpenAsync();
        return await connection.ExecuteScalarAsync<long>(Insert, new { name, amount, created_at = at });
    }

    [Benchmark]
    public Task<long> Strata()
    {
        var (name, amount, at) = EventInserts.Next(ref _counter);
        return Db.ScalarAsync<long>($"insert into events (name, amount, created_at) values ({name}, {amount}, {at}) returning id");
    }

    protected override Task PrepareAsync() =>
        Db.ExecuteAsync($"create table events (id integer primary key, name text not null, amount integer not null, created_at text not null)");

    protected override Task VerifyAsync() => EventInserts.VerifyAsync(Db, "events", [(AdoNet, "ADO.NET"), (Dapper, "Dapper"), (Strata, "Strata")]);
}

/// <summary>Insert one row and read back its generated key on PostgreSQL, as <see cref="SqliteInsertReturning"/>.</summary>
public class PostgresInsertReturning : PostgresBenchmarkBase
{
    private const string Events = "strata_bench_events";
    private long _counter;

    [Benchmark(Baseline = true)]
    public async Task<long> AdoNet()
    {
        var (name, amount, at) = EventInserts.Next(ref _counter);
        await using var connection = await DataSource.OpenConnectionAsync();
        await using var command = new NpgsqlCommand($"insert into {Events} ({EventInserts.Columns}) values ($1, $2, $3) returning id", connection);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = name });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = amount });
        command.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = at, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        return (long)(await command.ExecuteScalarAsync())!;
    }

    [Benchmark]
    public async Task<long> Dapper()
    {
        var (name, amount, at) = EventInserts.Next(ref _counter);
        await using var connection = await DataSource.OpenConnectionAsync();
        return await connection.ExecuteScalarAsync<long>(
            $"insert into {Events} ({EventInserts.Columns}) values (@name, @amount, @created_at) returning id", new { name, amount, created_at = at });
    }

    [Benchmark]
    public Task<long> Strata()
    {
        var (name, amount, at) = EventInserts.Next(ref _counter);
        return Db.ScalarAsync<long>($"insert into strata_bench_events (name, amount, created_at) values ({name}, {amount}, {at}) returning id");
    }

    protected override async Task PrepareAsync()
    {
        await Db.ExecuteAsync($"drop table if exists {Sql.Identifier(Events)}");
        await Db.ExecuteAsync($"create table {Sql.Identifier(Events)} (id bigserial primary key, name text not null, amount integer not null, created_at timestamptz not null)");
    }

    protected override Task CleanupExtraAsync() => Db.ExecuteAsync($"drop table if exists {Sql.Identifier(Events)}");

    protected override Task VerifyAsync() => EventInserts.VerifyAsync(Db, Events, [(AdoNet, "ADO.NET"), (Dapper, "Dapper"), (Strata, "Strata")]);
}
