namespace Strata.Testing;

/// <summary>The sequence number a factory and the factories derived from it share; thread-safe.</summary>
internal sealed class FactorySequence
{
    private int _value;

    /// <summary>The next number: 1, 2, 3, …</summary>
    public int Next() => Interlocked.Increment(ref _value);
}
