namespace Strata.Schema;

/// <summary>One change inside an <see cref="AlterTableStatement"/>.</summary>
public abstract record AlterTableAction;

/// <summary>Adds a column.</summary>
/// <param name="Column">The new column.</param>
public sealed record AddColumnAction(ColumnDefinition Column) : AlterTableAction;

/// <summary>Drops a column (indexes and constraints on it go with it).</summary>
/// <param name="Name">The column.</param>
public sealed record DropColumnAction(string Name) : AlterTableAction;

/// <summary>Renames a column.</summary>
/// <param name="From">The current name.</param>
/// <param name="To">The new name.</param>
public sealed record RenameColumnAction(string From, string To) : AlterTableAction;

/// <summary>Gives an existing column a new definition: type, nullability and default all as stated.</summary>
/// <param name="Column">The full new definition; its name is the column's current name.</param>
public sealed record ChangeColumnAction(ColumnDefinition Column) : AlterTableAction;

/// <summary>Adds a unique constraint.</summary>
/// <param name="Unique">The constraint.</param>
public sealed record AddUniqueAction(UniqueDefinition Unique) : AlterTableAction;

/// <summary>Drops a unique constraint by name.</summary>
/// <param name="Name">The constraint name.</param>
public sealed record DropUniqueAction(string Name) : AlterTableAction;

/// <summary>Adds an index.</summary>
/// <param name="Index">The index.</param>
public sealed record AddIndexAction(IndexDefinition Index) : AlterTableAction;

/// <summary>Drops an index by name.</summary>
/// <param name="Name">The index name.</param>
public sealed record DropIndexAction(string Name) : AlterTableAction;

/// <summary>Adds a foreign key.</summary>
/// <param name="ForeignKey">The foreign key.</param>
public sealed record AddForeignKeyAction(ForeignKeyDefinition ForeignKey) : AlterTableAction;

/// <summary>Drops a foreign key by name.</summary>
/// <param name="Name">The constraint name.</param>
public sealed record DropForeignKeyAction(string Name) : AlterTableAction;

/// <summary>Adds a check constraint.</summary>
/// <param name="Check">The constraint.</param>
public sealed record AddCheckAction(CheckDefinition Check) : AlterTableAction;

/// <summary>Drops a check constraint by name.</summary>
/// <param name="Name">The constraint name.</param>
public sealed record DropCheckAction(string Name) : AlterTableAction;
