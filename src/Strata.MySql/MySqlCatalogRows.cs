namespace Strata.MySql;

// Rows of the information_schema queries of MySqlIntrospector, mapped by their snake_case column aliases.
// Numbers are CAST AS SIGNED in the queries, so they arrive as long whatever the server's unsigned types.

/// <summary>A base table or view of information_schema.TABLES.</summary>
internal sealed record MySqlTableRow(string TableName, string TableType);

/// <summary>A column of information_schema.COLUMNS.</summary>
internal sealed record MySqlColumnRow(
    string TableName,
    string ColumnName,
    string ColumnType,
    string DataType,
    string IsNullable,
    string? ColumnDefault,
    string? Extra,
    long? CharacterMaximumLength,
    long? NumericPrecision,
    long? NumericScale);

/// <summary>One column of a primary key, unique constraint or foreign key (TABLE_CONSTRAINTS, KEY_COLUMN_USAGE, REFERENTIAL_CONSTRAINTS).</summary>
internal sealed record MySqlKeyRow(
    string TableName,
    string ConstraintName,
    string ConstraintType,
    string ColumnName,
    long OrdinalPosition,
    string? ReferencedTableName,
    string? ReferencedColumnName,
    string? UpdateRule,
    string? DeleteRule);

/// <summary>One column of an index of information_schema.STATISTICS.</summary>
internal sealed record MySqlIndexRow(string TableName, string IndexName, long NonUnique, long SeqInIndex, string? ColumnName);

/// <summary>A check constraint; <paramref name="Level"/> is MariaDB's <c>Column</c> or <c>Table</c>.</summary>
internal sealed record MySqlCheckRow(string TableName, string ConstraintName, string CheckClause, string Level);

/// <summary>A view's definition of information_schema.VIEWS.</summary>
internal sealed record MySqlViewRow(string TableName, string? ViewDefinition);
