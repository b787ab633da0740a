using System.Data.Common;
using System.Diagnostics.CodeAnalysis;

namespace Strata.Mapping;

/// <summary>
/// Finds or builds the compiled mapper for <typeparamref name="T"/> and a reader's column shape.
/// Mappers are built once per (type, columns, naming convention, JSON settings, type conversions) and cached; the cache is a small
/// copy-on-write array per type, so a lookup allocates nothing. A scalar result (a number, a string, a date) is read from the
/// first column whatever it is called, so its mappers are keyed on the driver's types alone: a statement with a new alias
/// reuses the mapper instead of compiling one.
/// </summary>
internal static class RowMapper<[DynamicallyAccessedMembers(MappedMembers.Types)] T>
{
    private const int MaxShapes = 64;
    private static readonly bool Scalar = RowMapperBuilder.IsScalar(typeof(T));
    private static Entry[] _entries = [];

    /// <summary>The mapper for the reader's current result.</summary>
    /// <param name="reader">The reader, on the first row of the result.</param>
    /// <param name="mapping">The database's mapping settings.</param>
    /// <param name="text">
    /// The statement's text, or null. A mapper that has seen the same text (the same string) whose column names follow from
    /// it checks only the column types (see <see cref="ResultNames"/>): reading each name again is a native call and a new
    /// string per column on SQLite.
    /// </param>
    public static Func<DbDataReader, T> Get(DbDataReader reader, RowMapping mapping, string? text = null)
    {
        var entries = Volatile.Read(ref _entries);
        var count = reader.FieldCount;
        foreach (var entry in entries)
        {
            if (entry.Matches(reader, count, mapping, text)) return entry.Map;
        }
        var built = new Entry(reader, count, mapping, RowMapperBuilder.Build<T>(reader, mapping));
        built.Remember(text);
        while (true)
        {
            var current = Volatile.Read(ref _entries);
            Entry[] next = current.Length >= MaxShapes ? [built] : [.. current, built];
            if (Interlocked.CompareExchange(ref _entries, next, current) == current) return built.Map;
        }
    }

    private sealed class Entry
    {
        private readonly string[] _names;
        private readonly Type[] _types;
        private readonly NamingConvention _convention;
        private readonly JsonMapping _json;
        private readonly TypeConversions _conversions;

        public Entry(DbDataReader reader, int count, RowMapping mapping, Func<DbDataReader, T> map)
        {
            _names = new string[count];
            _types = new Type[count];
            for (var i = 0; i < count; i++)
            {
                _names[i] = Scalar ? "" : reader.GetName(i);
                _types[i] = reader.GetFieldType(i);
            }
            _convention = mapping.Convention;
            _json = mapping.Json;
            _conversions = mapping.Conversions;
            Map = map;
        }

        // Statements whose column names were found to be this entry's and to follow from their text; a few, since one
        // entity type is read by several statements. Written without a lock: a reader that misses a write checks names again.
        private readonly string?[] _texts = new string?[4];
        private int _nextText;

        public Func<DbDataReader, T> Map { get; }

        public bool Matches(DbDataReader reader, int count, RowMapping mapping, string? text)
        {
            if (_names.Length != count || !ReferenceEquals(_convention, mapping.Convention) || !ReferenceEquals(_json, mapping.Json)
                || !ReferenceEquals(_conversions, mapping.Conversions))
                return false;
            var named = !Scalar && !Knows(text);
            for (var i = 0; i < count; i++)
            {
                if (reader.GetFieldType(i) != _types[i] || (named && !string.Equals(reader.GetName(i), _names[i], StringComparison.Ordinal)))
                    return false;
            }
            if (named) Remember(text);
            return true;
        }

        private bool Knows(string? text)
        {
            if (text is null) return false;
            foreach (var known in _texts)
            {
                if (ReferenceEquals(known, text)) return true;
            }
            return false;
        }

        /// <summary>Keeps <paramref name="text"/> among the statements whose names need no check, when its names follow from it.</summary>
        public void Remember(string? text)
        {
            if (Scalar || text is null || !ResultNames.FollowFromText(text)) return;
            _texts[(int)((uint)Interlocked.Increment(ref _nextText) % (uint)_texts.Length)] = text;
        }
    }
}

/// <summary>Whether the names of a statement's result columns are decided by its text alone.</summary>
internal static class ResultNames
{
    private static readonly string[] Leading = ["SELECT", "WITH", "INSERT", "UPDATE", "DELETE"];

    /// <summary>
    /// True for a SELECT, WITH, INSERT, UPDATE or DELETE (with RETURNING) that has no star anywhere: each result column is
    /// then an expression or alias written in the text, named the same on every run. A star (<c>SELECT *</c>, <c>t.*</c>,
    /// <c>RETURNING *</c>) takes whatever columns the tables have when it runs, and other statements (<c>CALL</c>,
    /// <c>EXECUTE</c>, <c>SHOW</c>, <c>PRAGMA</c>, PostgreSQL's <c>TABLE t</c>) return what the server decides, so their
    /// names are checked on every run. A star in a comment or a string only makes the test stricter.
    /// </summary>
    /// <param name="text">The statement's text.</param>
    public static bool FollowFromText(string text)
    {
        if (text.Contains('*')) return false;
        var start = text.AsSpan().TrimStart();
        foreach (var keyword in Leading)
        {
            if (start.Length > keyword.Length && start.StartsWith(keyword, StringComparison.OrdinalIgnoreCase)
                && !char.IsLetterOrDigit(start[keyword.Length]) && start[keyword.Length] != '_')
                return true;
        }
        return false;
    }
}
