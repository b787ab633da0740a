namespace Strata.Benchmarks;

/// <summary>One row of the benchmark table; created_at maps to <see cref="CreatedAt"/> by snake case.</summary>
public sealed class User
{
    public long Id { get; set; }

    public string Name { get; set; } = "";

    public string Email { get; set; } = "";

    public int Age { get; set; }

    public DateTime CreatedAt { get; set; }
}
