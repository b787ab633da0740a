namespace Strata.Caching;

/// <summary>What <c>.Cached(ttl, tables)</c> asked for: how long to keep the result, and the tables it depends on besides those Strata found.</summary>
/// <param name="Ttl">How long the result may be kept.</param>
/// <param name="Tables">Tables named by the caller (lower case, without schema): for raw SQL all of them, for a built query those it cannot see (views, raw conditions).</param>
internal sealed record QueryCacheDirective(TimeSpan Ttl, IReadOnlyList<string> Tables)
{
    /// <summary>The longest time a result may be cached: the tables' invalidation marks live this long.</summary>
    public static readonly TimeSpan MaxTtl = TimeSpan.FromDays(1);

    /// <summary>The hint name a <see cref="SqlQuery"/> carries the directive under.</summary>
    public const string HintName = "strata.cache";

    /// <summary>Checks the arguments of <c>Cached</c> and builds the directive.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The time to live is not positive, or longer than a day.</exception>
    /// <exception cref="ArgumentException">A table name is empty or not a valid identifier.</exception>
    public static QueryCacheDirective Create(TimeSpan ttl, IEnumerable<string>? tables)
    {
        if (ttl <= TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(ttl), ttl, "A cached query's time to live must be positive, such as TimeSpan.FromMinutes(5).");
        if (ttl > MaxTtl)
            throw new ArgumentOutOfRangeException(nameof(ttl), ttl, $"A cached query's time to live must be at most {MaxTtl.TotalHours} hours; cache longer-lived data yourself.");
        var names = new List<string>();
        foreach (var table in tables ?? [])
        {
            SqlIdentifier.Validate(table);
            var name = TableNames.Normalize(table);
            if (!names.Contains(name)) names.Add(name);
        }
        return new QueryCacheDirective(ttl, names);
    }

    /// <summary>This directive with <paramref name="found"/> added to its tables.</summary>
    public QueryCacheDirective With(IReadOnlyCollection<string> found)
    {
        if (found.Count == 0) return this;
        var names = new List<string>(Tables);
        foreach (var name in found)
        {
            if (!names.Contains(name)) names.Add(name);
        }
        return this with { Tables = names };
    }
}
