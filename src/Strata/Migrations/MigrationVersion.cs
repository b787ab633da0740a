namespace Strata;

/// <summary>
/// Orders migration versions naturally: runs of digits compare as numbers (so <c>2</c> comes before <c>10</c>, and
/// <c>20250103_002</c> before <c>20250103_010</c>), other characters by ordinal.
/// </summary>
public sealed class MigrationVersion : IComparer<string>
{
    /// <summary>The shared comparer.</summary>
    public static MigrationVersion Comparer { get; } = new();

    /// <inheritdoc />
    public int Compare(string? x, string? y)
    {
        if (ReferenceEquals(x, y)) return 0;
        if (x is null) return -1;
        if (y is null) return 1;
        int i = 0, j = 0;
        while (i < x.Length && j < y.Length)
        {
            if (char.IsAsciiDigit(x[i]) && char.IsAsciiDigit(y[j]))
            {
                var (xs, xe) = Digits(x, ref i);
                var (ys, ye) = Digits(y, ref j);
                var xn = x.AsSpan(xs, xe - xs);
                var yn = y.AsSpan(ys, ye - ys);
                if (xn.Length != yn.Length) return xn.Length.CompareTo(yn.Length);
                var byValue = xn.CompareTo(yn, StringComparison.Ordinal);
                if (byValue != 0) return byValue;
                continue;
            }
            if (x[i] != y[j]) return x[i].CompareTo(y[j]);
            i++;
            j++;
        }
        var rest = (x.Length - i).CompareTo(y.Length - j);
        return rest != 0 ? rest : string.CompareOrdinal(x, y);
    }

    /// <summary>The digit run at <paramref name="i"/> without leading zeros, moving <paramref name="i"/> past it.</summary>
    private static (int Start, int End) Digits(string s, ref int i)
    {
        var start = i;
        while (i < s.Length && char.IsAsciiDigit(s[i])) i++;
        var significant = start;
        while (significant < i - 1 && s[significant] == '0') significant++;
        return (significant, i);
    }
}
