using System.Collections.Immutable;
using Strata.Schema;

namespace Strata;

/// <summary>
/// Declares a new table inside <c>db.Schema.CreateTable("users", t => { … })</c>: columns (see
/// <see cref="ColumnDeclarations"/>), a primary key, unique constraints, indexes, foreign keys and checks.
/// </summary>
/// <remarks>Not thread-safe; use it only inside the declaring delegate.</remarks>
public sealed class TableBuilder : ColumnDeclarations
{
    private (ConstraintBuilder Builder, ImmutableArray<string> Columns)? _primaryKey;

    internal TableBuilder(string table) : base(table)
    {
    }

    /// <summary>The primary key, composite when several columns are given. A table has at most one.</summary>
    /// <param name="columns">The key columns in order.</param>
    /// <exception cref="InvalidOperationException">A primary key was declared already.</exception>
    public ConstraintBuilder PrimaryKey(params string[] columns)
    {
        var list = SchemaNames.Columns(columns, "A primary key");
        if (_primaryKey is not null) throw new InvalidOperationException($"Table '{Table}' declares PrimaryKey twice; a table has one primary key (list several columns for a composite key).");
        var builder = new ConstraintBuilder();
        _primaryKey = (builder, list);
        return builder;
    }

    internal CreateTableStatement Build(bool ifNotExists)
    {
        var columns = Items.OfType<ColumnBuilder>().ToList();
        if (columns.Count == 0) throw new InvalidOperationException($"Table '{Table}' declares no columns; declare at least one, e.g. t.Increments(\"id\").");
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var column in columns)
        {
            if (!names.Add(column.Name)) throw new InvalidOperationException($"Table '{Table}' declares the column '{column.Name}' twice.");
        }

        var keySources = new List<(string What, ImmutableArray<string> Columns, string? Name)>();
        foreach (var column in columns.Where(c => c.Type.IsAutoIncrement || c.IsPrimaryKey))
            keySources.Add(($"column '{column.Name}'" + (column.Type.IsAutoIncrement ? $" ({column.Type.Kind})" : ""), [column.Name], null));
        if (_primaryKey is { } declared) keySources.Add(("PrimaryKey(" + string.Join(", ", declared.Columns) + ")", declared.Columns, declared.Builder.Name));
        if (keySources.Count > 1)
            throw new InvalidOperationException(
                $"Table '{Table}' has more than one primary key: {string.Join(" and ", keySources.Select(k => k.What))}. " +
                "Increments and BigIncrements are the primary key by themselves; for a composite key use plain integer columns and t.PrimaryKey(…).");
        var primaryKey = keySources.Count == 1
            ? new PrimaryKeyDefinition(keySources[0].Name ?? ConstraintNames.PrimaryKey(Table), keySources[0].Columns)
            : null;
        if (primaryKey is not null) RequireColumns(names, primaryKey.Columns, "The primary key");

        var constraints = TableConstraints().ToList();
        var uniques = constraints.OfType<UniqueDefinition>().ToImmutableArray();
        var indexes = constraints.OfType<IndexDefinition>().ToImmutableArray();
        var keys = constraints.OfType<ForeignKeyDefinition>().ToImmutableArray();
        var checks = constraints.OfType<CheckDefinition>().ToImmutableArray();
        foreach (var unique in uniques) RequireColumns(names, unique.Columns, $"The unique constraint '{unique.Name}'");
        foreach (var index in indexes) RequireColumns(names, index.Columns, $"The index '{index.Name}'");
        foreach (var key in keys) RequireColumns(names, key.Columns, $"The foreign key '{key.Name}'");
        RequireDistinctNames([.. uniques.Select(u => u.Name), .. indexes.Select(i => i.Name), .. keys.Select(k => k.Name), .. checks.Select(c => c.Name)]);

        return new CreateTableStatement(Table, [.. columns.Select(c => c.ToDefinition())], primaryKey, uniques, indexes, keys, checks, ifNotExists);
    }

    private void RequireColumns(HashSet<string> names, ImmutableArray<string> columns, string what)
    {
        foreach (var column in columns)
        {
            if (!names.Contains(column))
                throw new InvalidOperationException($"{what} of table '{Table}' names the column '{column}', which the table does not declare.");
        }
    }

    private void RequireDistinctNames(IEnumerable<string> names)
    {
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var name in names)
        {
            if (!seen.Add(name))
                throw new InvalidOperationException($"Table '{Table}' has two constraints or indexes named '{name}'; give one of them another name with Named(…).");
        }
    }
}
