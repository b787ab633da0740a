using System.Diagnostics.CodeAnalysis;
using BenchmarkDotNet.Attributes;
using Strata.Mapping;

namespace Strata.Benchmarks;

/// <summary>
/// A page of 1,000 rows mapped by the source-generated reader of <see cref="User"/> against the same rows mapped by the compiled
/// expression the reflection mapper builds (<see cref="ReflectedUser"/>, which reaches Strata only through a generic helper the
/// generator cannot see). Both run with dynamic code, as a JIT application does.
/// </summary>
public class SqliteGeneratedMapping : SqliteBenchmarkBase
{
    private long _start;

    [Benchmark(Baseline = true)]
    public Task<IReadOnlyList<ReflectedUser>> CompiledExpression()
    {
        var start = Workload.NextPageStart(ref _start);
        return ViaReflection<ReflectedUser>(Db, $"select id, name, email, age, created_at from users where id > {start} order by id limit 1000");
    }

    [Benchmark]
    public Task<IReadOnlyList<User>> Generated()
    {
        var start = Workload.NextPageStart(ref _start);
        return Db.QueryAsync<User>($"select id, name, email, age, created_at from users where id > {start} order by id limit 1000");
    }

    protected override async Task VerifyAsync()
    {
        if (!GeneratedMappers.HasRowReader<User>() || GeneratedMappers.HasRowReader<ReflectedUser>())
            throw new InvalidOperationException("User must have a generated reader and ReflectedUser none.");
        var generated = await Generated();
        _start = 0;
        var reflected = await CompiledExpression();
        _start = 0;
        if (generated.Count != Workload.PageSize || reflected.Count != generated.Count || reflected[^1].Email != generated[^1].Email
            || reflected[^1].CreatedAt != generated[^1].CreatedAt)
            throw new InvalidOperationException("The two mappers read different pages.");
    }

    private static Task<IReadOnlyList<T>> ViaReflection<[DynamicallyAccessedMembers(MappedMembers.Types)] T>(Database db, Sql sql) => db.QueryAsync<T>(sql);
}

/// <summary><see cref="User"/>'s twin, mapped by reflection.</summary>
public sealed class ReflectedUser
{
    public long Id { get; set; }

    public string Name { get; set; } = "";

    public string Email { get; set; } = "";

    public int Age { get; set; }

    public DateTime CreatedAt { get; set; }
}
