using Microsoft.EntityFrameworkCore;

namespace Strata.Benchmarks;

/// <summary>
/// The EF Core model of the benchmark tables: <see cref="User"/>, <see cref="Note"/> and <see cref="Score"/> mapped to
/// snake_case columns. Each database has its own subclass, so each gets its own cached model with its table names.
/// </summary>
public abstract class BenchContext : DbContext
{
    protected BenchContext(DbContextOptions options)
        : base(options)
    {
    }

    public DbSet<User> Users => Set<User>();

    public DbSet<Note> Notes => Set<Note>();

    public DbSet<Score> Scores => Set<Score>();

    /// <summary>The users table's name.</summary>
    protected abstract string UsersTable { get; }

    /// <summary>The notes table's name.</summary>
    protected abstract string NotesTable { get; }

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        ArgumentNullException.ThrowIfNull(modelBuilder);
        modelBuilder.Entity<User>(user =>
        {
            user.ToTable(UsersTable);
            user.HasKey(u => u.Id);
            user.Property(u => u.Id).HasColumnName("id").ValueGeneratedNever();
            user.Property(u => u.Name).HasColumnName("name");
            user.Property(u => u.Email).HasColumnName("email");
            user.Property(u => u.Age).HasColumnName("age");
            user.Property(u => u.CreatedAt).HasColumnName("created_at");
        });
        modelBuilder.Entity<Note>(note =>
        {
            note.ToTable(NotesTable);
            note.HasKey(n => n.Id);
            note.Property(n => n.Id).HasColumnName("id").ValueGeneratedOnAdd();
            note.Property(n => n.Title).HasColumnName("title");
            note.Property(n => n.CreatedAt).HasColumnName("created_at");
            note.Property(n => n.UpdatedAt).HasColumnName("updated_at");
        });
        modelBuilder.Entity<Score>(score =>
        {
            score.ToTable("scores");
            score.HasKey(s => s.UserId);
            score.Property(s => s.UserId).HasColumnName("user_id").ValueGeneratedNever();
            score.Property(s => s.Points).HasColumnName("points");
        });
    }
}
