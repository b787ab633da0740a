namespace Strata.Dialects;

/// <summary>Cached <c>@p0</c>, <c>@p1</c>… names so that building a command does not allocate them.</summary>
public static class ParameterNames
{
    private static readonly string[] Cache = Enumerable.Range(0, 256).Select(i => "@p" + i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();

    /// <summary>The name <c>@p{index}</c>.</summary>
    /// <param name="index">The parameter's position.</param>
    public static string Get(int index) =>
        (uint)index < (uint)Cache.Length ? Cache[index] : "@p" + index.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
