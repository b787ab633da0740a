namespace Strata;

/// <summary>
/// Stores a member, or every value of a type, as JSON: written with System.Text.Json into the column (<c>jsonb</c> or
/// <c>json</c> on PostgreSQL, <c>JSON</c> on MySQL/MariaDB, <c>TEXT</c> on SQLite) and read back the same way, with the database's
/// <see cref="JsonColumnOptions.SerializerOptions"/>.
/// </summary>
/// <remarks>
/// On a property or field, it applies to that member wherever Strata maps it: inserts, updates, repositories and bulk inserts of
/// the entity, and rows read into it. On a class or struct, it applies to every value of that type, raw SQL parameters included
/// (the same as listing the type in <see cref="JsonColumnOptions.Types"/>), and the type read as a whole row
/// (<c>QueryAsync&lt;Address&gt;</c>) is read from the first column as JSON. On a record's positional parameter it applies to the
/// property the parameter declares. <see cref="System.Text.Json.JsonDocument"/>, <see cref="System.Text.Json.JsonElement"/> and
/// <see cref="System.Text.Json.Nodes.JsonNode"/> are JSON without it.
/// </remarks>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field | AttributeTargets.Parameter | AttributeTargets.Class | AttributeTargets.Struct,
    AllowMultiple = false, Inherited = true)]
public sealed class JsonColumnAttribute : Attribute
{
}
