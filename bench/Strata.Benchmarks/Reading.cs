namespace Strata.Benchmarks;

/// <summary>One row of the bulk-insert benchmark table; the database generates <see cref="Id"/>.</summary>
public sealed class Reading
{
    public long Id { get; set; }

    public string Name { get; set; } = "";

    public int Count { get; set; }

    public DateTime TakenAt { get; set; }

    public decimal Amount { get; set; }

    /// <summary>The rows every contender inserts: the same values, built once.</summary>
    public static List<Reading> Make(int count) => Enumerable.Range(1, count).Select(i => new Reading
    {
        Name = "reading " + i,
        Count = i % 1_000,
        TakenAt = new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Unspecified).AddSeconds(i),
        Amount = i / 100m,
    }).ToList();
}
