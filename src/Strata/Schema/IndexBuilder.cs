using System.Collections.Immutable;
using Strata.Schema;

namespace Strata;

/// <summary>Configures an index while a table is declared: <c>t.Index("last_name", "first_name").Named("people_name").Where($"active")</c>.</summary>
/// <remarks>Every call changes this index and returns the same builder. Not thread-safe.</remarks>
public sealed class IndexBuilder
{
    private readonly ImmutableArray<string> _columns;
    private string? _name;
    private bool _unique;
    private Sql? _filter;

    internal IndexBuilder(IReadOnlyCollection<string> columns) => _columns = SchemaNames.Columns(columns, "An index");

    /// <summary>Gives the index a name instead of <c>{table}_{columns}_index</c>.</summary>
    /// <param name="name">The index name.</param>
    public IndexBuilder Named(string name)
    {
        _name = SchemaNames.Simple(name, "index");
        return this;
    }

    /// <summary>Makes it a unique index.</summary>
    public IndexBuilder Unique()
    {
        _unique = true;
        return this;
    }

    /// <summary>Makes it a partial index over the rows meeting <paramref name="condition"/> (PostgreSQL and SQLite; MySQL refuses it).</summary>
    /// <param name="condition">The condition; holes in it are written as literals.</param>
    public IndexBuilder Where(Sql condition)
    {
        ArgumentNullException.ThrowIfNull(condition);
        _filter = condition;
        return this;
    }

    internal IndexDefinition ToDefinition(string table) =>
        new(_name ?? ConstraintNames.Index(table, _columns), _columns, _unique, _filter);
}
