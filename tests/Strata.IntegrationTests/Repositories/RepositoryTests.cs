using System.ComponentModel.DataAnnotations;
using System.ComponentModel.DataAnnotations.Schema;
using Strata.IntegrationTests.Infrastructure;
using Strata.Query;
using Strata.Validation;

namespace Strata.IntegrationTests.Repositories;

/// <summary>Every repository method on every database.</summary>
public class RepositoryTests
{
    public sealed class Person
    {
        public long Id { get; set; }

        [Required, StringLength(50)]
        public string Name { get; set; } = "";

        [EmailAddress]
        public string? Email { get; set; }

        public int Age { get; set; }

        // Left out of inserts while unset, so the column's database default applies.
        [DatabaseGenerated(DatabaseGeneratedOption.Identity)]
        public string? Status { get; set; }

        [ConcurrencyCheck, DatabaseGenerated(DatabaseGeneratedOption.Identity)]
        public int Version { get; set; }
    }

    internal static async Task<(SchemaScope Scope, Repository<Person, long> People)> PeopleAsync(Db db, RepositoryOptions? options = null,
        IValidator<Person>? validator = null, Action<DatabaseOptions>? configure = null)
    {
        var scope = await SchemaScope.OpenAsync(db, o =>
        {
            TestDatabase.SnakeCase(o); // the table's columns are the entity's members in snake_case
            configure?.Invoke(o);
        });
        var table = scope.Table("repo_people");
        await scope.Db.Schema.CreateTable(table, t =>
        {
            t.BigIncrements();
            t.String("name", 50);
            t.String("email", 100).Nullable().Unique();
            t.Integer("age").Default(0);
            t.String("status", 20).Default("new");
            t.Integer("version").Default(1);
        }).ExecuteAsync();
        return (scope, new Repository<Person, long>(scope.Db, (options ?? RepositoryOptions.Default) with { Table = table }, validator));
    }

    private static Person New(string name, int age = 30, string? email = null) => new() { Name = name, Age = age, Email = email };

    [Theory, AllDatabases]
    public async Task Create_returns_the_entity_with_its_generated_key_and_database_defaults(Db db)
    {
        var (scope, people) = await PeopleAsync(db);
        await using var _ = scope;

        var ada = await people.CreateAsync(New("ada", 36, "ada@example.com"));
        var alan = await people.CreateAsync(New("alan", 41));

        Assert.True(ada.Id > 0);
        Assert.Equal(ada.Id + 1, alan.Id);
        Assert.Equal(("new", 1), (ada.Status, ada.Version));
        var found = await people.FindByIdAsync(ada.Id);
        Assert.Equal(("ada", 36, "ada@example.com"), (found!.Name, found.Age, found.Email));
        Assert.Null(await people.FindByIdAsync(12345));
    }

    /// <summary>Two members that land in one column (a <c>[Column]</c> name clashing with another member's).</summary>
    public sealed class Clashing
    {
        public long Id { get; set; }

        public string Name { get; set; } = "";

        [Column("name")]
        public string Nickname { get; set; } = "";
    }

    [Theory, AllDatabases]
    public async Task Members_sharing_a_column_are_refused_before_anything_is_written_and_the_message_names_both(Db db)
    {
        var (scope, people) = await PeopleAsync(db);
        await using var _ = scope;
        await people.CreateAsync(New("canary"));
        var clashing = new Repository<Clashing, long>(scope.Db, RepositoryOptions.Default with { Table = scope.Table("repo_people") });

        var refused = await Assert.ThrowsAsync<ArgumentException>(() => clashing.CreateAsync(new Clashing { Name = "a", Nickname = "b" }));

        Assert.Contains("Clashing.Name and Clashing.Nickname both map to the column 'name'", refused.Message, StringComparison.Ordinal);
        Assert.Equal(["canary"], (await people.ListAsync()).Select(p => p.Name));
    }

    [Theory, AllDatabases]
    public async Task Finders_count_and_exists_by_lambda_and_by_column_values(Db db)
    {
        var (scope, people) = await PeopleAsync(db);
        await using var _ = scope;
        await people.CreateManyAsync([New("ada", 36, "a@x"), New("alan", 41), New("grace", 45, "g@x"), New("linus", 28)]);

        Assert.Equal("alan", (await people.FindOneAsync(p => p.Age > 40))!.Name);
        Assert.Equal("grace", (await people.FindOneAsync(new { email = "g@x" }))!.Name);
        Assert.Null(await people.FindOneAsync(new { email = "nobody@x" }));
        Assert.Equal(["alan", "linus"], (await people.FindAsync(new { email = (string?)null })).Select(p => p.Name));
        Assert.Equal(["ada", "alan", "grace"], (await people.FindAsync(p => p.Age >= 36)).Select(p => p.Name));
        Assert.Equal(4, (await people.ListAsync()).Count);
        Assert.Equal(4, await people.CountAsync());
        Assert.Equal(2, await people.CountAsync(p => p.Email != null));
        Assert.True(await people.ExistsAsync(p => p.Name == "linus"));
        Assert.False(await people.ExistsAsync(p => p.Name == "nobody"));
        Assert.Equal(["linus"], (await people.Query().Where(p => p.Age < 30).ToListAsync()).Select(p => p.Name));
    }

    [Theory, AllDatabases]
    public async Task Create_many_returns_every_entity_as_stored(Db db)
    {
        var (scope, people) = await PeopleAsync(db);
        await using var _ = scope;

        var created = await people.CreateManyAsync(Enumerable.Range(1, 5).Select(i => New("p" + i, i)));

        Assert.Equal(["p1", "p2", "p3", "p4", "p5"], created.Select(p => p.Name));
        Assert.Equal(5, created.Select(p => p.Id).Distinct().Count());
        Assert.All(created, p => Assert.Equal("new", p.Status));
        Assert.Empty(await people.CreateManyAsync([]));
    }

    [Theory, AllDatabases]
    public async Task Updates_write_the_entity_or_a_patch_and_a_stale_version_is_refused(Db db)
    {
        var (scope, people) = await PeopleAsync(db);
        await using var _ = scope;
        var ada = await people.CreateAsync(New("ada", 36));
        var stale = (await people.FindByIdAsync(ada.Id))!;

        ada.Age = 37;
        var updated = await people.UpdateAsync(ada);
        Assert.Equal((37, 2), (updated.Age, updated.Version));

        stale.Name = "lost update";
        var refused = await Assert.ThrowsAsync<ConcurrencyException>(() => people.UpdateAsync(stale));
        Assert.Contains("changed since it was read", refused.Message, StringComparison.Ordinal);
        Assert.Equal("ada", (await people.FindByIdAsync(ada.Id))!.Name);
        await Assert.ThrowsAsync<ConcurrencyException>(() => people.DeleteAsync(stale));

        Assert.True(await people.UpdateAsync(ada.Id, new { status = "active" }));
        Assert.False(await people.UpdateAsync(999_999, new { status = "active" }));
        var patched = (await people.FindByIdAsync(ada.Id))!;
        Assert.Equal(("active", 37, 2), (patched.Status, patched.Age, patched.Version));
        await Assert.ThrowsAsync<ArgumentException>(() => people.UpdateAsync(New("no key")));
    }

    [Theory, AllDatabases]
    public async Task Deletes_by_key_and_by_entity(Db db)
    {
        var (scope, people) = await PeopleAsync(db);
        await using var _ = scope;
        var ada = await people.CreateAsync(New("ada"));
        var alan = await people.CreateAsync(New("alan"));

        Assert.True(await people.DeleteAsync(ada.Id));
        Assert.False(await people.DeleteAsync(ada.Id));
        Assert.True(await people.DeleteAsync(alan));
        Assert.Equal(0, await people.CountAsync());
    }

    [Theory, AllDatabases]
    public async Task Upsert_inserts_a_new_key_and_updates_an_existing_one(Db db)
    {
        var (scope, people) = await PeopleAsync(db);
        await using var _ = scope;

        var inserted = await people.UpsertAsync(new Person { Id = 500, Name = "ada", Age = 36, Status = "new", Version = 1 });
        var updated = await people.UpsertAsync(new Person { Id = 500, Name = "ada lovelace", Age = 37, Status = "new", Version = 1 });
        var generated = await people.UpsertAsync(New("keyless"));

        Assert.Equal((500L, "ada"), (inserted.Id, inserted.Name));
        Assert.Equal((500L, "ada lovelace", 37), (updated.Id, updated.Name, updated.Age));
        Assert.True(generated.Id > 0);
        Assert.Equal(2, await people.CountAsync());
    }

    [Theory, AllDatabases]
    public async Task Invalid_entities_are_refused_before_any_sql_with_every_failure_listed(Db db)
    {
        var (scope, people) = await PeopleAsync(db, validator: new NoMinors());
        await using var _ = scope;

        var error = await Assert.ThrowsAsync<ValidationException>(() => people.CreateAsync(new Person { Name = "", Email = "not an email", Age = 12 }));

        Assert.Equal(["Name", "Email", "Age"], error.Errors.Select(e => e.Field));
        Assert.Contains("Name", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, await people.CountAsync());
        var unchecked_ = new Repository<Person, long>(scope.Db, people.Options with { Validation = ValidationStrategy.None });
        Assert.Equal("x", (await unchecked_.CreateAsync(new Person { Name = "x", Age = 12 })).Name);
    }

    /// <summary>A person whose one rule is on the class, not on a property.</summary>
    [NamedPerson]
    public sealed class ClassRulePerson
    {
        public long Id { get; set; }

        public string Name { get; set; } = "";

        public int Age { get; set; }
    }

    [AttributeUsage(AttributeTargets.Class)]
    private sealed class NamedPersonAttribute : ValidationAttribute
    {
        protected override ValidationResult? IsValid(object? value, ValidationContext validationContext) =>
            value is ClassRulePerson { Name.Length: > 0 and <= 5 } ? ValidationResult.Success : new ValidationResult("needs a name of 1 to 5 letters", ["Name"]);
    }

    /// <summary>A person that checks itself, with no attribute anywhere.</summary>
    public sealed class SelfCheckingPerson : IValidatableObject
    {
        public long Id { get; set; }

        public string Name { get; set; } = "";

        public int Age { get; set; }

        public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
        {
            if (Age < 0) yield return new ValidationResult("must not be negative", [nameof(Age)]);
        }
    }

    [Theory, AllDatabases]
    public async Task Rules_on_the_class_or_in_Validate_are_checked_like_rules_on_properties(Db db)
    {
        var (scope, people) = await PeopleAsync(db);
        await using var _ = scope;
        var classRule = new Repository<ClassRulePerson, long>(scope.Db, RepositoryOptions.Default with { Table = people.Options.Table });
        var selfChecking = new Repository<SelfCheckingPerson, long>(scope.Db, RepositoryOptions.Default with { Table = people.Options.Table });

        var tooLong = await Assert.ThrowsAsync<ValidationException>(() => classRule.CreateAsync(new ClassRulePerson { Name = "abcdefgh" }));
        var negative = await Assert.ThrowsAsync<ValidationException>(() => selfChecking.CreateAsync(new SelfCheckingPerson { Name = "x", Age = -1 }));

        Assert.Equal(["Name"], tooLong.Errors.Select(e => e.Field));
        Assert.Equal(["Age"], negative.Errors.Select(e => e.Field));
        Assert.Equal(0, await people.CountAsync());
        Assert.Equal("ada", (await classRule.CreateAsync(new ClassRulePerson { Name = "ada", Age = 36 })).Name);
        Assert.Equal(1, await people.CountAsync());
    }

    /// <summary>A person type that others extend.</summary>
    public class OpenPerson
    {
        public long Id { get; set; }

        public string Name { get; set; } = "";
    }

    /// <summary>A subclass with a rule of its own, handed to a repository of its base type.</summary>
    public sealed class AdultPerson : OpenPerson
    {
        [Range(18, 150)]
        public int Years { get; set; }
    }

    [Theory, AllDatabases]
    public async Task A_subclass_handed_to_a_repository_of_its_base_type_is_checked_by_its_own_rules_too(Db db)
    {
        var (scope, people) = await PeopleAsync(db);
        await using var _ = scope;
        var open = new Repository<OpenPerson, long>(scope.Db, RepositoryOptions.Default with { Table = people.Options.Table });

        var refused = await Assert.ThrowsAsync<ValidationException>(() => open.CreateAsync(new AdultPerson { Name = "kid", Years = 12 }));

        Assert.Equal(["Years"], refused.Errors.Select(e => e.Field));
        Assert.Equal(0, await people.CountAsync());
    }

    private sealed class NoMinors : IValidator<Person>
    {
        public ValueTask<IReadOnlyList<ValidationError>> ValidateAsync(Person entity, CancellationToken cancellationToken) =>
            new(entity.Age < 18 ? [new ValidationError(nameof(Person.Age), "must be 18 or more")] : []);
    }

    [Theory, AllDatabases]
    public async Task Offset_pages_report_totals_and_clamp_the_page_size(Db db)
    {
        var (scope, people) = await PeopleAsync(db, RepositoryOptions.Default with { DefaultPageSize = 10, MaxPageSize = 20 });
        await using var _ = scope;
        await people.CreateManyAsync(Enumerable.Range(1, 25).Select(i => New($"p{i:00}", i)));

        var first = await people.PaginateAsync(1, 10);
        var last = await people.PaginateAsync(3, 10);
        var clamped = await people.PaginateAsync(1, 1000);
        var defaulted = await people.PaginateAsync(2, 0);
        var filtered = await people.PaginateAsync(1, 5, q => q.Where(p => p.Age > 20).OrderByDescending(p => p.Age));
        var beyond = await people.PaginateAsync(9, 10);

        Assert.Equal((10, 25L, 3, true, false), (first.Items.Count, first.Total, first.PageCount, first.HasNext, first.HasPrevious));
        Assert.Equal(["p01", "p02"], first.Items.Take(2).Select(p => p.Name));
        Assert.Equal((5, false, true), (last.Items.Count, last.HasNext, last.HasPrevious));
        Assert.Equal((20, 20), (clamped.PageSize, clamped.Items.Count));
        Assert.Equal((10, "p11"), (defaulted.PageSize, defaulted.Items[0].Name));
        Assert.Equal((5L, "p25"), (filtered.Total, filtered.Items[0].Name));
        Assert.Empty(beyond.Items);
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => people.PaginateAsync(0, 10));
    }

    [Theory, AllDatabases]
    public async Task Keyset_pages_stay_stable_while_rows_are_inserted_and_refuse_tampered_cursors(Db db)
    {
        var (scope, people) = await PeopleAsync(db);
        await using var _ = scope;
        // Ages repeat, so the key breaks ties.
        await people.CreateManyAsync(Enumerable.Range(1, 12).Select(i => New($"p{i:00}", i / 3)));

        var seen = new List<string>();
        var page = await people.PaginateAfterAsync<int>(null, 5, p => p.Age);
        seen.AddRange(page.Items.Select(p => p.Name));
        // Inserted before the cursor (a low age): never shown; after it (a high age): shown once, in place.
        await people.CreateAsync(New("early", 0));
        await people.CreateAsync(New("late", 10));
        while (page.NextCursor is { } cursor)
        {
            page = await people.PaginateAfterAsync<int>(cursor, 5, p => p.Age);
            seen.AddRange(page.Items.Select(p => p.Name));
        }

        Assert.Equal([.. Enumerable.Range(1, 12).Select(i => $"p{i:00}"), "late"], seen);
        var byKeyDescending = await people.PaginateAfterAsync<long>(null, 3, direction: SortDirection.Descending);
        Assert.Equal(["late", "early", "p12"], byKeyDescending.Items.Select(p => p.Name));

        var valid = (await people.PaginateAfterAsync<int>(null, 2, p => p.Age)).NextCursor!;
        var tampered = (valid[0] == 'A' ? 'B' : 'A') + valid[1..];
        Assert.Contains("changed", (await Assert.ThrowsAsync<ArgumentException>(() => people.PaginateAfterAsync<int>(tampered, 2, p => p.Age))).Message, StringComparison.Ordinal);
        Assert.Contains("malformed", (await Assert.ThrowsAsync<ArgumentException>(() => people.PaginateAfterAsync<int>("garbage", 2, p => p.Age))).Message, StringComparison.Ordinal);
        Assert.Contains("another order", (await Assert.ThrowsAsync<ArgumentException>(() => people.PaginateAfterAsync<string>(valid, 2, p => p.Name))).Message, StringComparison.Ordinal);
    }

    [Theory, AllDatabases]
    public async Task Repositories_join_the_ambient_transaction_and_lock_rows_only_inside_one(Db db)
    {
        var (scope, people) = await PeopleAsync(db);
        await using var _ = scope;
        var ada = await people.CreateAsync(New("ada"));

        await Assert.ThrowsAsync<InvalidOperationException>(() => people.FindByIdAsync(ada.Id, lockRow: true));
        await Assert.ThrowsAsync<InvalidOperationException>(() => scope.Db.TransactionAsync(async tx =>
        {
            var locked = await people.FindByIdAsync(ada.Id, lockRow: true);
            await people.UpdateAsync(ada.Id, new { status = "gone" });
            await people.CreateAsync(New("rolled back"));
            Assert.Equal(2, await people.CountAsync());
            throw new InvalidOperationException("undo " + locked!.Name);
        }));

        Assert.Equal(1, await people.CountAsync());
        Assert.Equal("new", (await people.FindByIdAsync(ada.Id))!.Status);
    }
}
