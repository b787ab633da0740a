using BenchmarkDotNet.Attributes;
using Npgsql;

namespace Strata.Benchmarks;

/// <summary>
/// Counts the rows whose id is in a list of <see cref="Length"/> ids (every other id, so half of them match), the way
/// hand-written code does it with one placeholder per value (baseline) or with one array, and the way Strata does it
/// (<c>IN ({ids})</c>, which Strata sends as <c>= ANY($1)</c> with an array).
/// </summary>
public class PostgresInList : PostgresBenchmarkBase
{
    private long[] _ids = [];
    private string _expandedQuery = "";

    /// <summary>How many values the list holds.</summary>
    [Params(10, 100, 1_000, 10_000)]
    public int Length { get; set; }

    /// <summary>Hand-written: <c>id IN ($1, …, $n)</c> with a typed parameter per value.</summary>
    [Benchmark(Baseline = true)]
    public async Task<long> AdoNetExpanded()
    {
        await using var connection = await DataSource.OpenConnectionAsync();
        await using var command = new NpgsqlCommand(_expandedQuery, connection);
        foreach (var id in _ids) command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = id });
        return (long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>Hand-written: <c>id = ANY($1)</c> with one <c>long[]</c> parameter.</summary>
    [Benchmark]
    public async Task<long> AdoNetArray()
    {
        await using var connection = await DataSource.OpenConnectionAsync();
        await using var command = new NpgsqlCommand($"select count(*) from {Table} where id = any($1)", connection);
        command.Parameters.Add(new NpgsqlParameter<long[]> { TypedValue = _ids });
        return (long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>Strata: <c>db.ScalarAsync&lt;long&gt;($"… where id in ({ids})")</c>.</summary>
    [Benchmark]
    public Task<long> Strata() => Db.ScalarAsync<long>($"select count(*) from strata_bench_users where id in ({_ids})");

    protected override Task PrepareAsync()
    {
        _ids = Enumerable.Range(1, Length).Select(i => 2L * i).ToArray();
        _expandedQuery = $"select count(*) from {Table} where id in ({string.Join(", ", Enumerable.Range(1, Length).Select(i => "$" + i))})";
        return Task.CompletedTask;
    }

    protected override async Task VerifyAsync()
    {
        var expected = Math.Min(Length, Workload.RowCount / 2);
        foreach (var (name, count) in new[] { ("ADO.NET", await AdoNetExpanded()), ("ADO.NET array", await AdoNetArray()), ("Strata", await Strata()) })
        {
            if (count != expected) throw new InvalidOperationException($"{name} counted {count} rows, expected {expected}.");
        }
    }
}
