namespace Strata.Testing;

/// <summary>Redis's glob matching (<c>stringmatchlen</c>): <c>*</c>, <c>?</c>, <c>[abc]</c>, <c>[a-z]</c>, <c>[^a]</c> and <c>\</c> escapes.</summary>
internal static class RedisGlob
{
    public static bool IsMatch(string pattern, string text) => Match(pattern.AsSpan(), text.AsSpan());

    private static bool Match(ReadOnlySpan<char> p, ReadOnlySpan<char> s)
    {
        while (p.Length > 0)
        {
            switch (p[0])
            {
                case '*':
                    while (p.Length > 1 && p[1] == '*') p = p[1..];
                    if (p.Length == 1) return true;
                    for (var i = 0; i <= s.Length; i++)
                    {
                        if (Match(p[1..], s[i..])) return true;
                    }
                    return false;
                case '?':
                    if (s.Length == 0) return false;
                    s = s[1..];
                    p = p[1..];
                    break;
                case '[':
                    if (s.Length == 0) return false;
                    if (!Class(p[1..], s[0], out var used)) return false;
                    p = p[(1 + used)..];
                    s = s[1..];
                    break;
                case '\\' when p.Length >= 2:
                    if (s.Length == 0 || s[0] != p[1]) return false;
                    p = p[2..];
                    s = s[1..];
                    break;
                default:
                    if (s.Length == 0 || s[0] != p[0]) return false;
                    p = p[1..];
                    s = s[1..];
                    break;
            }
        }
        return s.Length == 0;
    }

    /// <summary>Whether <paramref name="c"/> is in the class that <paramref name="p"/> starts (after its '['); <paramref name="used"/> is the class's length with its ']'.</summary>
    private static bool Class(ReadOnlySpan<char> p, char c, out int used)
    {
        var length = p.Length;
        var not = p.Length > 0 && p[0] == '^';
        if (not) p = p[1..];
        var matched = false;
        while (p.Length > 0 && p[0] != ']')
        {
            if (p[0] == '\\' && p.Length >= 2)
            {
                if (p[1] == c) matched = true;
                p = p[2..];
            }
            else if (p.Length >= 3 && p[1] == '-' && p[2] != ']')
            {
                var (low, high) = p[0] <= p[2] ? (p[0], p[2]) : (p[2], p[0]);
                if (c >= low && c <= high) matched = true;
                p = p[3..];
            }
            else
            {
                if (p[0] == c) matched = true;
                p = p[1..];
            }
        }
        if (p.Length > 0) p = p[1..];
        used = length - p.Length;
        return matched != not;
    }
}
