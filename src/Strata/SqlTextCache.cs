using System.Runtime.CompilerServices;
using Strata.Dialects;

namespace Strata;

/// <summary>
/// Rendered command text by shape and dialect, so that a query run again does not build its text
/// again. Bounded: a fixed table of slots, each holding the last shape that hashed to it.
/// </summary>
/// <remarks>
/// Text parts and identifiers are compared by reference, not content. The compiler passes the
/// same interned string for a literal every time its line runs, so a query written in code always
/// finds its slot, and two strings that are not the same object are never taken for each other.
/// Text built at run time (through <see cref="Sql.Raw(string)"/>) simply misses. Slots hold immutable
/// entries replaced whole, so lookups take no lock and allocate nothing.
/// </remarks>
internal static class SqlTextCache
{
    private const int SlotCount = 1024;
    private const int MaxParts = 64;
    private const int MaxTextLength = 16 * 1024;
    private static readonly Entry?[] Slots = new Entry?[SlotCount];

    public static string GetOrRender(SqlDialect dialect, List<SqlPart> parts)
    {
        if (parts.Count > MaxParts) return Sql.RenderText(dialect, parts);
        var hash = Hash(dialect, parts);
        ref var slot = ref Slots[hash & (SlotCount - 1)];
        var entry = Volatile.Read(ref slot);
        if (entry is not null && entry.Matches(hash, dialect, parts)) return entry.Text;
        var text = Sql.RenderText(dialect, parts);
        if (text.Length <= MaxTextLength) Volatile.Write(ref slot, new Entry(hash, dialect, parts, text));
        return text;
    }

    private static int Hash(SqlDialect dialect, List<SqlPart> parts)
    {
        var hash = new HashCode();
        hash.Add(RuntimeHelpers.GetHashCode(dialect));
        foreach (var part in parts)
        {
            hash.Add((int)part.Kind);
            hash.Add(part.Kind switch
            {
                SqlPartKind.Text or SqlPartKind.Identifier => RuntimeHelpers.GetHashCode(part.Text),
                SqlPartKind.ParameterList => ((object?[])part.Value!).Length,
                _ => 0,
            });
        }
        return hash.ToHashCode();
    }

    private sealed class Entry
    {
        private readonly int _hash;
        private readonly SqlDialect _dialect;
        private readonly SqlPartKind[] _kinds;
        private readonly string?[] _texts;
        private readonly int[] _lengths;

        public Entry(int hash, SqlDialect dialect, List<SqlPart> parts, string text)
        {
            _hash = hash;
            _dialect = dialect;
            _kinds = new SqlPartKind[parts.Count];
            _texts = new string?[parts.Count];
            _lengths = new int[parts.Count];
            for (var i = 0; i < parts.Count; i++)
            {
                var part = parts[i];
                _kinds[i] = part.Kind;
                _texts[i] = part.Text;
                _lengths[i] = part.Kind == SqlPartKind.ParameterList ? ((object?[])part.Value!).Length : 0;
            }
            Text = text;
        }

        public string Text { get; }

        public bool Matches(int hash, SqlDialect dialect, List<SqlPart> parts)
        {
            if (_hash != hash || !ReferenceEquals(_dialect, dialect) || _kinds.Length != parts.Count) return false;
            for (var i = 0; i < _kinds.Length; i++)
            {
                var part = parts[i];
                if (part.Kind != _kinds[i] || !ReferenceEquals(part.Text, _texts[i])) return false;
                if (part.Kind == SqlPartKind.ParameterList && ((object?[])part.Value!).Length != _lengths[i]) return false;
            }
            return true;
        }
    }
}
