using System.Collections.Immutable;
using Strata.Schema;

namespace Strata;

/// <summary>
/// Configures a foreign key while a table is declared:
/// <c>t.ForeignKey("order_id", "line").References("order_lines", "order_id", "line").OnDelete(ReferentialAction.Cascade)</c>.
/// </summary>
/// <remarks>Every call changes this key and returns the same builder. Not thread-safe.</remarks>
public sealed class ForeignKeyBuilder
{
    private readonly ImmutableArray<string> _columns;
    private string? _name;
    private string? _table;
    private ImmutableArray<string> _referenced;
    private ReferentialAction _onDelete = ReferentialAction.NoAction;
    private ReferentialAction _onUpdate = ReferentialAction.NoAction;

    internal ForeignKeyBuilder(IReadOnlyCollection<string> columns) => _columns = SchemaNames.Columns(columns, "A foreign key");

    /// <summary>The referenced table and its columns, paired with this key's columns (<c>id</c> for a one-column key when none are given).</summary>
    /// <param name="table">The referenced table, optionally schema-qualified.</param>
    /// <param name="columns">The referenced columns.</param>
    /// <exception cref="ArgumentException">An invalid name, or a column count that differs from the key's.</exception>
    public ForeignKeyBuilder References(string table, params string[] columns)
    {
        SqlIdentifier.Validate(table);
        ArgumentNullException.ThrowIfNull(columns);
        var referenced = columns.Length == 0 && _columns.Length == 1 ? ["id"] : SchemaNames.Columns(columns, "A foreign key's referenced list");
        if (referenced.Length != _columns.Length)
            throw new ArgumentException(
                $"The foreign key on ({string.Join(", ", _columns)}) has {_columns.Length} column(s) but references {referenced.Length}; pair each column with one referenced column.",
                nameof(columns));
        _table = table;
        _referenced = referenced;
        return this;
    }

    /// <summary>What deleting a referenced row does.</summary>
    /// <param name="action">The action.</param>
    public ForeignKeyBuilder OnDelete(ReferentialAction action)
    {
        _onDelete = SchemaNames.Defined(action);
        return this;
    }

    /// <summary>What updating a referenced key does.</summary>
    /// <param name="action">The action.</param>
    public ForeignKeyBuilder OnUpdate(ReferentialAction action)
    {
        _onUpdate = SchemaNames.Defined(action);
        return this;
    }

    /// <summary>Gives the key a name instead of <c>{table}_{columns}_foreign</c>.</summary>
    /// <param name="name">The constraint name.</param>
    public ForeignKeyBuilder Named(string name)
    {
        _name = SchemaNames.Simple(name, "foreign key");
        return this;
    }

    internal ForeignKeyDefinition ToDefinition(string table)
    {
        if (_table is null)
            throw new InvalidOperationException($"The foreign key on ({string.Join(", ", _columns)}) of '{table}' references nothing: call References(table, columns).");
        return new ForeignKeyDefinition(_name ?? ConstraintNames.ForeignKey(table, _columns), _columns, _table, _referenced, _onDelete, _onUpdate);
    }
}
