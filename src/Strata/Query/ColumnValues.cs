using System.Collections;
using System.Collections.Concurrent;
using System.ComponentModel.DataAnnotations.Schema;
using System.Linq.Expressions;
using System.Reflection;
using Strata.Mapping;

namespace Strata.Query;

/// <summary>
/// Turns the values given to an insert or update into (column, value) pairs: a dictionary's entries
/// as they are, or an object's public readable properties named by <c>[Column]</c> or the database's
/// naming convention (<c>[NotMapped]</c> ones left out).
/// </summary>
internal static class ColumnValues
{
    private static readonly ConcurrentDictionary<(Type, NamingConvention), Accessor[]> Accessors = new();

    /// <summary>The pairs, in a new list the caller owns (plugins rewrite it in place).</summary>
    public static List<KeyValuePair<string, object?>> From(object values, IDbSession? session)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values is EntityColumnValues own) return Checked(own, session);
        // Room for two more, which plugins add (the timestamps), so that the list is not grown again then.
        var pairs = new List<KeyValuePair<string, object?>>(values is ICollection collection ? collection.Count + 2 : 8);
        switch (values)
        {
            case IEnumerable<KeyValuePair<string, object?>> entries:
                foreach (var entry in entries) pairs.Add(entry);
                break;
            case IDictionary dictionary:
                foreach (DictionaryEntry entry in dictionary)
                {
                    if (entry.Key is not string key) throw new ArgumentException("Dictionary keys must be column names (strings).", nameof(values));
                    pairs.Add(new(key, entry.Value));
                }
                break;
            case string or IEnumerable:
                throw new ArgumentException(
                    $"A {values.GetType().Name} is not a set of column values: pass an object with properties or a dictionary of column names to values.", nameof(values));
            default:
                var convention = (session as SessionBase)?.Pipeline.Convention ?? NamingConvention.SnakeCase;
                foreach (var accessor in Accessors.GetOrAdd((values.GetType(), convention), static key => Build(key.Item1, key.Item2)))
                    pairs.Add(new(accessor.Column, accessor.Get(values)));
                break;
        }
        if (pairs.Count == 0)
        {
            // Without dynamic code this is native AOT, whose trimming removes the properties of an object nothing else reads.
            throw new ArgumentException(values is IEnumerable || System.Runtime.CompilerServices.RuntimeFeature.IsDynamicCodeSupported
                ? "No column values were given."
                : $"No column values were found on the {values.GetType().Name}: in a native AOT application an object's properties are not there to read unless the application reads them itself. Pass a dictionary of column names to values, a mapped entity, or an anonymous object written where it is passed to Strata (the source generator reads those).",
                nameof(values));
        }
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var pipeline = (session as SessionBase)?.Pipeline;
        foreach (var pair in pairs)
        {
            SqlQuery.ColumnName(pair.Key, nameof(values));
            if (!seen.Add(pair.Key)) throw new ArgumentException($"The column '{pair.Key}' is given twice.", nameof(values));
            // A value the database cannot store (NaN on MySQL) is refused now, naming its column; the command would not.
            pipeline?.CheckStorable(pair.Value, pair.Key);
        }
        return pairs;
    }

    /// <summary>An entity's values, whose names need no check: only that the database can store each value.</summary>
    private static EntityColumnValues Checked(EntityColumnValues values, IDbSession? session)
    {
        if (values.Count == 0) throw new ArgumentException("No column values were given.", nameof(values));
        if ((session as SessionBase)?.Pipeline is { } pipeline)
        {
            foreach (var (column, value) in values) pipeline.CheckStorable(value, column);
        }
        return values;
    }

    // The type is a live value's (an anonymous object, a row class), known only at run time, so no annotation can reach it.
    [System.Diagnostics.CodeAnalysis.UnconditionalSuppressMessage("Trimming", "IL2070", Justification = "Known gap: an object of column values is read through its run-time type's public properties. Trimmed and native AOT applications pass a dictionary of column names to values, or a mapped entity, whose members are kept.")]
    private static Accessor[] Build(Type type, NamingConvention convention)
    {
        // Getters the source generator wrote (an anonymous type has no attributes, so the convention names every column).
        if (GeneratedMappers.ColumnValues(type) is { } generated)
            return Array.ConvertAll(generated, p => new Accessor(convention.Convert(p.Name), p.Get));
        var accessors = new List<Accessor>();
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (!property.CanRead || property.GetIndexParameters().Length > 0 || property.IsDefined(typeof(NotMappedAttribute))) continue;
            var column = property.GetCustomAttribute<ColumnAttribute>()?.Name ?? convention.Convert(property.Name);
            var instance = Expression.Parameter(typeof(object), "instance");
            var body = Expression.Convert(Expression.Property(Expression.Convert(instance, type), property), typeof(object));
            accessors.Add(new Accessor(column, Expression.Lambda<Func<object, object?>>(body, instance).Compile()));
        }
        return accessors.ToArray();
    }

    private sealed record Accessor(string Column, Func<object, object?> Get);
}
