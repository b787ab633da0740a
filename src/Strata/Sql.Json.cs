namespace Strata;

public sealed partial class Sql
{
    /// <summary>
    /// <paramref name="value"/> sent as JSON: serialized with the database's <see cref="JsonColumnOptions.SerializerOptions"/> and bound as
    /// its JSON type (<c>jsonb</c> on PostgreSQL, text elsewhere), for a type not marked as JSON:
    /// <c>$"INSERT INTO t (meta) VALUES ({Sql.Json(meta)})"</c>. Also a value for builder inserts, updates, conditions and bulk rows.
    /// </summary>
    /// <param name="value">Any value System.Text.Json can serialize (a collection becomes a JSON array); null gives SQL NULL.</param>
    /// <returns>A <see cref="JsonParameter"/>, or null for a null value.</returns>
    public static JsonParameter? Json(object? value) => value is null ? null : value as JsonParameter ?? new JsonParameter(value);
}
