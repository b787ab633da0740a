using System.ComponentModel.DataAnnotations.Schema;
using Strata.Plugins.Timestamps;

namespace Strata.Testing.Tests.Infrastructure;

[Table("authors")]
public sealed class Author
{
    public long Id { get; set; }

    public string Name { get; set; } = "";

    public string Email { get; set; } = "";

    public bool IsAdmin { get; set; }

    public DateTime? CreatedAt { get; set; }

    public DateTime? UpdatedAt { get; set; }

    [NotMapped]
    public List<Post> Posts { get; } = [];
}

[Table("posts")]
public sealed class Post
{
    public long Id { get; set; }

    public long AuthorId { get; set; }

    public string Title { get; set; } = "";
}

/// <summary>Authors (with timestamps) and their posts.</summary>
[Migration("001", "Blog")]
public sealed class CreateBlog : Migration
{
    public override async Task UpAsync(MigrationContext context, CancellationToken cancellationToken)
    {
        await context.Schema.CreateTable("authors", t =>
        {
            t.BigIncrements();
            t.String("name", 100);
            t.String("email", 100);
            t.Boolean("is_admin").Default(false);
            t.Date("born_on").Nullable();
            t.Timestamps();
        }).ExecuteAsync(cancellationToken);
        await context.Schema.CreateTable("posts", t =>
        {
            t.BigIncrements();
            t.BigInteger("author_id").References("authors", "id");
            t.String("title", 200);
        }).ExecuteAsync(cancellationToken);
    }

    public override async Task DownAsync(MigrationContext context, CancellationToken cancellationToken)
    {
        await context.Schema.DropTable("posts").ExecuteAsync(cancellationToken);
        await context.Schema.DropTable("authors").ExecuteAsync(cancellationToken);
    }
}

public static class Blog
{
    /// <summary>The blog schema, with the timestamps plugin on authors.</summary>
    public static void Configure(DatabaseOptions options)
    {
        options.Migrations.AddTypes(typeof(CreateBlog));
        options.Plugins.Add(TimestampsPlugin.Default, "authors");
    }
}
