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

    public static Func<DbDataReader, T> Get(DbDataReader reader, RowMapping mapping)
    {
        var entries = Volatile.Read(ref _entries);
        var count = reader.FieldCount;
        foreach (var entry in entries)
        {
            if (entry.Matches(reader, count, mapping)) return entry.Map;
        }
        var built = new Entry(reader, count, mapping, RowMapperBuilder.Build<T>(reader, mapping));
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

        public Func<DbDataReader, T> Map { get; }

        public bool Matches(DbDataReader reader, int count, RowMapping mapping)
        {
            if (_names.Length != count || !ReferenceEquals(_convention, mapping.Convention) || !ReferenceEquals(_json, mapping.Json)
                || !ReferenceEquals(_conversions, mapping.Conversions))
                return false;
            for (var i = 0; i < count; i++)
            {
                if (reader.GetFieldType(i) != _types[i] || (!Scalar && !string.Equals(reader.GetName(i), _names[i], StringComparison.Ordinal)))
                    return false;
            }
            return true;
        }
    }
}
