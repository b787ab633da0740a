using LinqToDB;
using LinqToDB.Mapping;

namespace Strata.Benchmarks;

/// <summary>The linq2db fluent mapping of the benchmark tables (snake_case columns), built once per database.</summary>
public static class Linq2DbMapping
{
    /// <summary>
    /// Maps <see cref="User"/>, <see cref="Note"/> and <see cref="Score"/>. With <paramref name="timestampTz"/> the
    /// <see cref="DateTime"/> columns are <c>timestamptz</c> (PostgreSQL), so UTC values are sent as such.
    /// </summary>
    public static MappingSchema Create(string usersTable, string notesTable, bool timestampTz)
    {
        var schema = new MappingSchema();
        var builder = new FluentMappingBuilder(schema);
        var timestamp = timestampTz ? DataType.DateTimeOffset : DataType.Undefined;
        builder.Entity<User>().HasTableName(usersTable)
            .Property(u => u.Id).HasColumnName("id").IsPrimaryKey()
            .Property(u => u.Name).HasColumnName("name")
            .Property(u => u.Email).HasColumnName("email")
            .Property(u => u.Age).HasColumnName("age")
            .Property(u => u.CreatedAt).HasColumnName("created_at").HasDataType(timestamp);
        builder.Entity<Note>().HasTableName(notesTable)
            .Property(n => n.Id).HasColumnName("id").IsPrimaryKey().IsIdentity()
            .Property(n => n.Title).HasColumnName("title")
            .Property(n => n.CreatedAt).HasColumnName("created_at").HasDataType(timestamp)
            .Property(n => n.UpdatedAt).HasColumnName("updated_at").HasDataType(timestamp);
        builder.Entity<Score>().HasTableName("scores")
            .Property(s => s.UserId).HasColumnName("user_id").IsPrimaryKey()
            .Property(s => s.Points).HasColumnName("points");
        builder.Build();
        return schema;
    }
}
