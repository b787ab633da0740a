using System.Security.Cryptography;
using System.Text;

namespace Strata.Schema;

/// <summary>
/// The names the schema builder gives constraints and indexes that were not named:
/// <c>{table}_{columns}_{suffix}</c>, e.g. <c>users_email_unique</c>, <c>posts_user_id_foreign</c>.
/// </summary>
/// <remarks>
/// Names longer than 63 characters (PostgreSQL's limit; MySQL's is 64) are cut and end in a hash of the
/// whole name, so they stay unique and the same on every run.
/// </remarks>
public static class ConstraintNames
{
    /// <summary>The longest name produced.</summary>
    public const int MaxLength = 63;

    /// <summary>The primary key name: <c>{table}_pkey</c>.</summary>
    /// <param name="table">The table, optionally schema-qualified (the schema is left out of the name).</param>
    public static string PrimaryKey(string table) => Make(table, [], "pkey");

    /// <summary>A unique constraint name: <c>{table}_{columns}_unique</c>.</summary>
    /// <param name="table">The table.</param>
    /// <param name="columns">The constrained columns.</param>
    public static string Unique(string table, IEnumerable<string> columns) => Make(table, columns, "unique");

    /// <summary>An index name: <c>{table}_{columns}_index</c>.</summary>
    /// <param name="table">The table.</param>
    /// <param name="columns">The indexed columns.</param>
    public static string Index(string table, IEnumerable<string> columns) => Make(table, columns, "index");

    /// <summary>A foreign key name: <c>{table}_{columns}_foreign</c>.</summary>
    /// <param name="table">The table.</param>
    /// <param name="columns">The referencing columns.</param>
    public static string ForeignKey(string table, IEnumerable<string> columns) => Make(table, columns, "foreign");

    /// <summary>A check constraint name: <c>{table}_{column}_check</c>, or <c>{table}_check</c> for a table-level check.</summary>
    /// <param name="table">The table.</param>
    /// <param name="column">The column it was declared on, or null.</param>
    public static string Check(string table, string? column) => Make(table, column is null ? [] : [column], "check");

    /// <summary>The check constraint that limits an enum column to its values: <c>{table}_{column}_enum</c>.</summary>
    /// <param name="table">The table.</param>
    /// <param name="column">The enum column.</param>
    public static string Enum(string table, string column) => Make(table, [column], "enum");

    /// <summary>The last part of a dotted name: the table without its schema.</summary>
    /// <param name="name">A table name, optionally schema-qualified.</param>
    public static string Unqualified(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var dot = name.LastIndexOf('.');
        return dot < 0 ? name : name[(dot + 1)..];
    }

    private static string Make(string table, IEnumerable<string> columns, string suffix)
    {
        var name = string.Join('_', new[] { Unqualified(table) }.Concat(columns.Select(Unqualified)).Append(suffix)).ToLowerInvariant();
        if (name.Length <= MaxLength) return name;
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(name)), 0, 4);
        return name[..(MaxLength - hash.Length - 1)] + "_" + hash;
    }
}
