namespace Strata.Benchmarks;

/// <summary>One row of the scores table the typical builder query joins (SQLite only); mapped for EF Core and linq2db.</summary>
public sealed class Score
{
    public long UserId { get; set; }

    public int Points { get; set; }
}
