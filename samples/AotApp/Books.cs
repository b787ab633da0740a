using System.ComponentModel.DataAnnotations;
using System.ComponentModel.DataAnnotations.Schema;
using Strata;

namespace AotApp;

/// <summary>A book; snake_case columns map to the PascalCase properties.</summary>
[Table("books")]
public sealed class Book
{
    public long Id { get; set; }

    [Required, StringLength(200)]
    public string Title { get; set; } = "";

    public string Author { get; set; } = "";

    public int Year { get; set; }

    public decimal? Rating { get; set; }

    [NotMapped]
    public string Label => $"{Title} ({Year})";
}

/// <summary>A row read into a positional record.</summary>
public sealed record BookTitle(long Id, string Title, int Year);

/// <summary>The schema, as a migration in code.</summary>
[Migration("001", "create books")]
public sealed class CreateBooks : Migration
{
    public override Task UpAsync(MigrationContext context, CancellationToken cancellationToken) =>
        context.Schema.CreateTable("books", t =>
        {
            t.BigIncrements("id");
            t.String("title", 200);
            t.String("author", 200);
            t.Integer("year");
            t.Decimal("rating", 3, 1).Nullable();
        }).ExecuteAsync(cancellationToken);

    public override Task DownAsync(MigrationContext context, CancellationToken cancellationToken) =>
        context.Schema.DropTable("books").ExecuteAsync(cancellationToken);
}

/// <summary>A book's id as a type of its own: it wraps one value, so every database stores it as that value.</summary>
public readonly record struct BookId(long Value);

/// <summary>A row whose key is read into the wrapper type.</summary>
public sealed class BookRef
{
    public BookId Id { get; set; }
    public string Title { get; set; } = "";
}
