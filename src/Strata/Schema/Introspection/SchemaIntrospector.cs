namespace Strata.Schema.Introspection;

/// <summary>
/// Reads tables, views, columns, keys, indexes and foreign keys from one kind of database. Each
/// provider supplies one through <see cref="Dialects.SqlDialect.Introspector"/>.
/// </summary>
public abstract class SchemaIntrospector
{
}
