using Strata.Diagnostics;
using Strata.Mapping;

namespace Strata.Bulk;

/// <summary>
/// The columns and rows of one bulk insert as a dialect gets them: entities or arrays turned into arrays of
/// normalised values. Each row is checked when it is reached, and every row before anything is sent when the
/// rows come as a list, so a malformed row is an <see cref="ArgumentException"/> naming its number (never its values).
/// Disposing it disposes the caller's enumerator.
/// </summary>
internal sealed class BulkRows : IDisposable
{
    private readonly IDisposable? _source;

    private BulkRows(IReadOnlyList<string> columns, IEnumerable<object?[]> rows, IDisposable? source, long? count, BulkRowSource? typed = null)
    {
        Typed = typed;
        Columns = columns;
        Rows = rows;
        _source = source;
        Count = count;
    }

    public IReadOnlyList<string> Columns { get; }

    /// <summary>How many rows there are, when the caller's rows are a collection; null when they are streamed.</summary>
    public long? Count { get; }

    public IEnumerable<object?[]> Rows { get; }

    /// <summary>
    /// The rows written typed (the caller's <see cref="BulkRowSource"/>, or entities whose members all have typed writes), which a
    /// dialect may read instead of <see cref="Rows"/>, one or the other, once; null when the rows are arrays.
    /// </summary>
    public BulkRowSource? Typed { get; }

    public void Dispose() => _source?.Dispose();

    /// <summary>
    /// These rows as the table's plugins make them (timestamps, tenants): each row rewritten as an INSERT of it would be. The
    /// columns are those of the first rewritten row; a later row the plugins give other columns is an error.
    /// </summary>
    public BulkRows Rewritten(Func<IReadOnlyList<KeyValuePair<string, object?>>, IReadOnlyList<KeyValuePair<string, object?>>> rewrite, CommandPipeline pipeline)
    {
        var rows = Rows.GetEnumerator();
        if (!rows.MoveNext())
        {
            rows.Dispose();
            return this;
        }
        var first = rewrite(Pairs(Columns, rows.Current));
        var columns = CheckColumns(first.Select(p => p.Key).ToArray());
        return new BulkRows(columns, Project(first, rows, rewrite, Columns, columns, pipeline), new Both(rows, _source), Count);
    }

    private static IEnumerable<object?[]> Project(IReadOnlyList<KeyValuePair<string, object?>> first, IEnumerator<object?[]> rows,
        Func<IReadOnlyList<KeyValuePair<string, object?>>, IReadOnlyList<KeyValuePair<string, object?>>> rewrite, IReadOnlyList<string> sourceColumns,
        string[] columns, CommandPipeline pipeline)
    {
        var index = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < columns.Length; i++) index[columns[i]] = i;
        var pairs = first;
        var number = 1;
        while (true)
        {
            var values = new object?[columns.Length];
            if (pairs.Count != columns.Length)
                throw new InvalidOperationException($"A plugin gave row {number} other columns than row 1 ({string.Join(", ", pairs.Select(p => p.Key))}); a bulk insert needs the same columns in every row.");
            foreach (var (name, value) in pairs)
            {
                if (!index.TryGetValue(name, out var at))
                    throw new InvalidOperationException($"A plugin gave row {number} the column '{name}', which row 1 does not have; a bulk insert needs the same columns in every row.");
                values[at] = pipeline.NormalizeValue(value, name);
            }
            yield return values;
            if (!rows.MoveNext()) yield break;
            number++;
            pairs = rewrite(Pairs(sourceColumns, rows.Current));
        }
    }

    private static List<KeyValuePair<string, object?>> Pairs(IReadOnlyList<string> columns, object?[] row)
    {
        var pairs = new List<KeyValuePair<string, object?>>(columns.Count + 2);
        for (var i = 0; i < columns.Count; i++) pairs.Add(new(columns[i], row[i]));
        return pairs;
    }

    private sealed class Both(IDisposable first, IDisposable? second) : IDisposable
    {
        public void Dispose()
        {
            first.Dispose();
            second?.Dispose();
        }
    }

    /// <summary>Rows given as arrays for <paramref name="columns"/>, or null when there are none.</summary>
    public static BulkRows? FromArrays(IReadOnlyList<string> columns, IEnumerable<object?[]> rows, CommandPipeline pipeline)
    {
        var names = CheckColumns(columns);
        if (rows is IReadOnlyList<object?[]> list)
        {
            for (var i = 0; i < list.Count; i++)
            {
                if (WidthError(list[i], i + 1, names) is { } error) throw new ArgumentException(error, nameof(rows));
            }
        }
        long? count = rows.TryGetNonEnumeratedCount(out var n) ? n : null;
        var source = rows.GetEnumerator();
        if (source.MoveNext()) return new BulkRows(names, Arrays(source, names, pipeline), source, count);
        source.Dispose();
        return null;
    }

    /// <summary>Rows that write themselves, typed; unlike arrays they are not looked at before the dialect reads them, so there may be none.</summary>
    public static BulkRows FromTyped(IReadOnlyList<string> columns, BulkRowSource rows, CommandPipeline pipeline)
    {
        var names = CheckColumns(columns);
        return new BulkRows(names, Normalised(rows.Arrays(names.Length), names, pipeline), null, null, rows);
    }

    private static IEnumerable<object?[]> Normalised(IEnumerable<object?[]> rows, string[] columns, CommandPipeline pipeline)
    {
        using var source = rows.GetEnumerator();
        if (!source.MoveNext()) yield break;
        foreach (var row in Arrays(source, columns, pipeline)) yield return row;
    }

    /// <summary>
    /// Entities of <paramref name="map"/>'s type, or null when there are none. The first entity decides whether the key
    /// is written: when it holds its default, the key column is left out for every row, so that the database generates it.
    /// </summary>
    public static BulkRows? FromEntities<T>(EntityMap<T> map, IEnumerable<T> rows, CommandPipeline pipeline)
    {
        var reader = map.Values;
        if (rows is IReadOnlyList<T> list && list.Count > 0)
        {
            var unset = list[0] is { } first ? reader.KeyIsUnset(first) : throw new ArgumentException(NullEntity(1), nameof(rows));
            for (var i = 1; i < list.Count; i++)
            {
                if (EntityError(reader, list[i], i + 1, unset) is { } error) throw new ArgumentException(error, nameof(rows));
            }
        }
        long? count = rows.TryGetNonEnumeratedCount(out var n) ? n : null;
        var source = rows.GetEnumerator();
        if (!source.MoveNext())
        {
            source.Dispose();
            return null;
        }
        try
        {
            var skipKey = source.Current is { } first ? reader.KeyIsUnset(first) : throw new ArgumentException(NullEntity(1), nameof(rows));
            var indexes = Enumerable.Range(0, map.Columns.Count).Where(i => !(skipKey && i == reader.KeyIndex)).ToArray();
            if (indexes.Length == 0)
                throw new ArgumentException($"{typeof(T).Name} maps no column to insert besides its generated key: map a property or field, or insert with explicit columns.", nameof(rows));
            var names = CheckColumns(indexes.Select(i => map.Columns[i].Name).ToArray());
            // Registered conversions apply to boxed values only, so with any registered the rows stay on the boxed path.
            var typed = pipeline.ConvertsValues ? null : reader.TypedWriter(skipKey) is { } write ? new EntityRows<T>(source, reader, write, skipKey) : null;
            return new BulkRows(names, Entities(source, reader, indexes, names, skipKey, pipeline), source, count, typed);
        }
        catch
        {
            source.Dispose();
            throw;
        }
    }

    private static IEnumerable<object?[]> Arrays(IEnumerator<object?[]> rows, string[] columns, CommandPipeline pipeline)
    {
        var number = 0;
        do
        {
            var row = rows.Current;
            if (WidthError(row, ++number, columns) is { } error) throw new ArgumentException(error, nameof(rows));
            // Rows whose values need no conversion pass through as they are; the caller's array is copied only when a value changes.
            object?[]? normalised = null;
            for (var i = 0; i < row.Length; i++)
            {
                var value = pipeline.NormalizeValue(row[i], columns[i]);
                if (ReferenceEquals(value, row[i])) continue;
                normalised ??= (object?[])row.Clone();
                normalised[i] = value;
            }
            yield return normalised ?? row;
        }
        while (rows.MoveNext());
    }

    /// <summary>Entities written member by member into a typed writer: the other face of <see cref="Entities{T}"/>, over the same enumerator.</summary>
    private sealed class EntityRows<T>(IEnumerator<T> rows, EntityValues<T> reader, Action<T, IBulkValueWriter> write, bool skipKey) : BulkRowSource
    {
        private int _number;

        public override bool WriteRow(IBulkValueWriter writer)
        {
            // The first entity is the enumerator's current one already.
            if (_number > 0 && !rows.MoveNext()) return false;
            var entity = rows.Current;
#pragma warning disable CA2208 // The bulk insert's argument, named as the boxed path names it.
            if (EntityError(reader, entity, ++_number, skipKey) is { } error) throw new ArgumentException(error, "rows");
#pragma warning restore CA2208
            write(entity, writer);
            return true;
        }
    }

    private static IEnumerable<object?[]> Entities<T>(IEnumerator<T> rows, EntityValues<T> reader, int[] indexes, string[] names, bool skipKey, CommandPipeline pipeline)
    {
        var number = 0;
        do
        {
            var entity = rows.Current;
            if (EntityError(reader, entity, ++number, skipKey) is { } error) throw new ArgumentException(error, nameof(rows));
            var row = new object?[indexes.Length];
            for (var i = 0; i < indexes.Length; i++) row[i] = pipeline.NormalizeValue(reader.Get(entity, indexes[i]), names[i]);
            yield return row;
        }
        while (rows.MoveNext());
    }

    private static string[] CheckColumns(IReadOnlyList<string> columns)
    {
        if (columns.Count == 0) throw new ArgumentException("No columns were given: name at least one column to insert.", nameof(columns));
        var names = new string[columns.Count];
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < names.Length; i++)
        {
            var name = columns[i] ?? throw new ArgumentException($"Column {i + 1} is null: give every column's name.", nameof(columns));
            try
            {
                SqlQuery.ColumnName(name, nameof(columns));
            }
            catch (ArgumentException e)
            {
                throw new ArgumentException(e.Message, nameof(columns), e);
            }
            if (name.Contains('.', StringComparison.Ordinal))
                throw new ArgumentException($"'{name}' is a qualified name: the columns of a bulk insert belong to its table, so give them unqualified.", nameof(columns));
            if (!seen.Add(name)) throw new ArgumentException($"The column '{name}' is given twice.", nameof(columns));
            names[i] = name;
        }
        return names;
    }

    private static string? WidthError(object?[]? row, int number, string[] columns) =>
        row is null ? $"Row {number} is null: give every row as an array of values (null for NULL)."
        : row.Length != columns.Length
            ? $"Row {number} has {row.Length} values but {columns.Length} columns were given ({string.Join(", ", columns)}): give one value per column, in the columns' order."
            : null;

    private static string NullEntity(int number) => $"Row {number} is null: every row of a bulk insert must be an entity.";

    /// <summary>Why an entity cannot be inserted with the others (null, or its key set where the first row's is not, or the reverse).</summary>
    private static string? EntityError<T>(EntityValues<T> reader, T entity, int number, bool firstUnset)
    {
        if (entity is null) return NullEntity(number);
        if (reader.KeyIsUnset(entity) == firstUnset) return null;
        var key = reader.Map.Key!.Member.Name;
        return firstUnset
            ? $"Row {number} sets its key ({key}) but the first row leaves it for the database to generate: set the key in every entity of a bulk insert, or in none."
            : $"Row {number} leaves its key ({key}) unset but the first row sets it: set the key in every entity of a bulk insert, or in none.";
    }
}
