namespace Strata;

/// <summary>A column of a result, as the driver describes it before any row is read (see <see cref="RowReader.ColumnTypes"/>).</summary>
/// <param name="Name">The column's name or alias as the database reports it.</param>
/// <param name="ClrType">
/// The .NET type the driver reads the column as (<c>long</c>, <c>string</c>, <c>DateTime</c>, …). SQLite has no column types
/// for expressions: there it follows the declared type of a table column, and for an expression SQLite's default (text).
/// </param>
/// <param name="DatabaseTypeName">The database's name for the type (<c>integer</c>, <c>character varying</c>, <c>VARCHAR</c>, <c>INTEGER</c>), as the driver reports it.</param>
public sealed record ResultColumn(string Name, Type ClrType, string DatabaseTypeName);
