using Microsoft.EntityFrameworkCore;

namespace Strata.Benchmarks;

/// <summary>The EF Core model on SQLite: tables <c>users</c>, <c>notes</c> and <c>scores</c>.</summary>
public sealed class SqliteBenchContext(DbContextOptions<SqliteBenchContext> options) : BenchContext(options)
{
    protected override string UsersTable => "users";

    protected override string NotesTable => "notes";
}
