using System.Collections.Immutable;
using Strata.Schema;

namespace Strata;

/// <summary>
/// Declares changes to an existing table inside <c>db.Schema.AlterTable("users", t => { … })</c>. Columns
/// declared here (see <see cref="ColumnDeclarations"/>) are added; the other members drop, rename or change.
/// Column changes, renames and drops apply in the order they are declared; new indexes and constraints
/// come after them, so they may use columns added in the same call.
/// </summary>
/// <remarks>
/// SQLite cannot drop a constrained column, change a column or add or drop a foreign key or check in place;
/// its dialect rebuilds the table instead, keeping rows, indexes and triggers (see the SQLite provider).
/// Not thread-safe; use it only inside the declaring delegate.
/// </remarks>
public sealed class AlterTableBuilder : ColumnDeclarations
{
    private readonly HashSet<ColumnBuilder> _changes = [];

    internal AlterTableBuilder(string table) : base(table)
    {
    }

    /// <inheritdoc />
    /// <remarks>
    /// The column is added to the table. An added NOT NULL column needs a default for the rows already there;
    /// auto-increment keys can only be declared when the table is created.
    /// </remarks>
    public override ColumnBuilder Column(string name, ColumnType type)
    {
        ArgumentNullException.ThrowIfNull(type);
        if (type.IsAutoIncrement)
            throw new InvalidOperationException($"{type.Kind} column '{name}' cannot be added to the existing table '{Table}': auto-increment keys are declared in CreateTable.");
        return base.Column(name, type);
    }

    /// <summary>
    /// Gives the existing column <paramref name="name"/> a new type; the returned builder states the rest of
    /// its definition (nullability, default), which replaces the old one: a column changed without
    /// <c>Nullable()</c> becomes NOT NULL, and one changed without a default loses it.
    /// </summary>
    /// <param name="name">The column to change.</param>
    /// <param name="type">Its new type.</param>
    public ColumnBuilder ChangeColumn(string name, ColumnType type)
    {
        ArgumentNullException.ThrowIfNull(type);
        if (type.IsAutoIncrement)
            throw new InvalidOperationException($"Column '{name}' of '{Table}' cannot be changed into an auto-increment key; declare the key when the table is created.");
        var column = new ColumnBuilder(name, type);
        Items.Add(column);
        _changes.Add(column);
        return column;
    }

    /// <summary>Drops columns; indexes and constraints that use them go with them.</summary>
    /// <param name="names">The columns.</param>
    public void DropColumn(params string[] names)
    {
        foreach (var name in SchemaNames.Columns(names, "DropColumn")) Items.Add(new DropColumnAction(name));
    }

    /// <summary>Renames a column.</summary>
    /// <param name="from">The current name.</param>
    /// <param name="to">The new name.</param>
    public void RenameColumn(string from, string to) =>
        Items.Add(new RenameColumnAction(SchemaNames.Simple(from, "column"), SchemaNames.Simple(to, "column")));

    /// <summary>Drops an index by name.</summary>
    /// <param name="name">The index name (see <see cref="ConstraintNames.Index"/> for generated names).</param>
    public void DropIndex(string name) => Items.Add(new DropIndexAction(SchemaNames.Simple(name, "index")));

    /// <summary>Drops a unique constraint by name.</summary>
    /// <param name="name">The constraint name (see <see cref="ConstraintNames.Unique"/>).</param>
    public void DropUnique(string name) => Items.Add(new DropUniqueAction(SchemaNames.Simple(name, "constraint")));

    /// <summary>Drops a foreign key by name.</summary>
    /// <param name="name">The constraint name (see <see cref="ConstraintNames.ForeignKey"/>).</param>
    public void DropForeignKey(string name) => Items.Add(new DropForeignKeyAction(SchemaNames.Simple(name, "constraint")));

    /// <summary>Drops a check constraint by name.</summary>
    /// <param name="name">The constraint name (see <see cref="ConstraintNames.Check"/>).</param>
    public void DropCheck(string name) => Items.Add(new DropCheckAction(SchemaNames.Simple(name, "constraint")));

    internal AlterTableStatement Build()
    {
        var actions = ImmutableArray.CreateBuilder<AlterTableAction>();
        foreach (var item in Items)
        {
            switch (item)
            {
                case ColumnBuilder column:
                    var definition = column.ToDefinition();
                    if (_changes.Contains(column))
                    {
                        actions.Add(new ChangeColumnAction(definition));
                    }
                    else
                    {
                        if (!definition.IsNullable && definition.Default is null)
                            throw new InvalidOperationException(
                                $"Column '{column.Name}' is added to the existing table '{Table}' as NOT NULL without a default, which the rows already there cannot meet. " +
                                "Give it a Default(…), or add it Nullable() and change it to NOT NULL once every row has a value.");
                        actions.Add(new AddColumnAction(definition));
                    }
                    if (column.IsPrimaryKey)
                        throw new InvalidOperationException($"Column '{column.Name}' cannot become the primary key of the existing table '{Table}'; declare primary keys in CreateTable.");
                    break;
                case AlterTableAction action:
                    actions.Add(action);
                    break;
            }
        }
        foreach (var constraint in TableConstraints())
        {
            actions.Add(constraint switch
            {
                UniqueDefinition unique => new AddUniqueAction(unique),
                IndexDefinition index => new AddIndexAction(index),
                ForeignKeyDefinition key => new AddForeignKeyAction(key),
                CheckDefinition check => new AddCheckAction(check),
                _ => throw new InvalidOperationException($"Unexpected declaration {constraint.GetType().Name}."),
            });
        }
        if (actions.Count == 0) throw new InvalidOperationException($"AlterTable('{Table}') declares no change.");
        return new AlterTableStatement(Table, actions.ToImmutable());
    }
}
