namespace Strata.Tests;

/// <summary>Rendered values with each IN list a dialect sends as one parameter spread back into its values, for comparisons across dialects.</summary>
internal static class RenderedValues
{
    public static object?[] Flat(object?[] values) => values.SelectMany(v => v is InListValues list ? list.Items : [v]).ToArray();

    /// <summary>Equal values, each list sent as one parameter on one side sent so on the other.</summary>
    public static bool Same(object?[] x, object?[] y) =>
        x.Length == y.Length && x.Zip(y).All(p => p.First is InListValues a ? p.Second is InListValues b && a.Items.SequenceEqual(b.Items) : Equals(p.First, p.Second));
}
