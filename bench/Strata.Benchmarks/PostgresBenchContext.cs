using Microsoft.EntityFrameworkCore;

namespace Strata.Benchmarks;

/// <summary>
/// The EF Core model on PostgreSQL: tables <c>strata_bench_users</c> and <c>strata_bench_notes</c>. Npgsql maps
/// <see cref="DateTime"/> to <c>timestamptz</c> and reads it back with <see cref="DateTimeKind.Utc"/>.
/// </summary>
public sealed class PostgresBenchContext(DbContextOptions<PostgresBenchContext> options) : BenchContext(options)
{
    protected override string UsersTable => PostgresBenchmarkBase.UsersTableName;

    protected override string NotesTable => PostgresBenchmarkBase.NotesTableName;
}
