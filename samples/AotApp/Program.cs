// AotApp: Strata in a native AOT application. A SQLite file by default; pass a URL (postgres://…, mariadb://…) for a server.
// Publish with samples/AotApp/run.sh, which also times start-up and the first query against the JIT build.
using System.Diagnostics;
using AotApp;
using Strata;
using Strata.Mapping;
using Strata.Providers;

var url = args.Length > 0 ? args[0] : Environment.GetEnvironmentVariable("DATABASE_URL") ?? "sqlite:aotapp.db";
// Strata's source generator registers the referenced providers (native AOT loads no assembly by name) and writes the row readers
// and entity accessors of Book, BookTitle and the tuple below, so no mapping runs on reflection. Without it (run.sh builds that
// way too, for comparison) the providers are registered here and everything is mapped by reflection.
#if WITHOUT_GENERATOR
DatabaseProviders.Register(new Strata.Sqlite.SqliteProvider());
DatabaseProviders.Register(new Strata.Postgres.PostgresProvider());
DatabaseProviders.Register(new Strata.MySql.MySqlProvider());
#endif
var options = new DatabaseOptions { Url = url };
// Migrations are added by type: scanning an assembly for them needs reflection that trimming cannot see.
options.Migrations.Add<CreateBooks>();
#if WITHOUT_GENERATOR
// Found by the generator otherwise; reflection alone cannot see a wrapper type's constructor in a native AOT application.
options.Types.Add<BookId, long>(id => id.Value, value => new BookId(value));
#endif
await using var db = Database.Open(options);
await db.Migrator.UpAsync();
await db.ExecuteAsync($"DELETE FROM books");
// Start-up: from the process's launch to a database opened and migrated, runtime start-up included. run.sh passes the launch time
// (Unix nanoseconds); the process's own start time is kept by the system in 10 ms steps only.
var startup = long.TryParse(Environment.GetEnvironmentVariable("AOTAPP_LAUNCHED_NS"), out var launched)
    ? DateTimeOffset.UtcNow - DateTimeOffset.FromUnixTimeMilliseconds(0).AddTicks(launched / 100)
    : DateTime.Now - Process.GetCurrentProcess().StartTime;

// The first query: one statement whose rows are mapped to a class, its mapper built on the way.
await db.ExecuteAsync($"INSERT INTO books (title, author, year) VALUES ({"Dune"}, {"Frank Herbert"}, {1965})");
var first = Stopwatch.GetTimestamp();
var firstRows = await db.QueryAsync<Book>($"SELECT * FROM books WHERE year = {1965}");
var firstQuery = Stopwatch.GetElapsedTime(first);
var created = firstRows[0];

var repository = new Repository<Book, long>(db);
await repository.CreateAsync(new Book { Title = "Hyperion", Author = "Dan Simmons", Year = 1989, Rating = 4.5m });

var found = await repository.FindByIdAsync(created.Id) ?? throw new InvalidOperationException("The created book was not found.");
found.Rating = 4.8m;
await repository.UpdateAsync(found);

// Raw SQL mapped to a class, a record and a tuple.
var books = await db.QueryAsync<Book>($"SELECT * FROM books ORDER BY year");
var titles = await db.QueryAsync<BookTitle>($"SELECT id, title, year FROM books WHERE year < {2000} ORDER BY year");
var pairs = await db.QueryAsync<(string Title, int Year)>($"SELECT title, year FROM books ORDER BY year");
var count = await db.ScalarAsync<long>($"SELECT COUNT(*) FROM books");

// A builder query.
var recent = await db.From<Book>().Where(b => b.Year > 1970).OrderBy(b => b.Title).ToListAsync();

// Column values as an anonymous object: the generator writes getters for it, as reflection cannot read its properties under
// native AOT.
#if WITHOUT_GENERATOR
var anonymous = 1;
#else
await db.From("books").InsertAsync(new { Title = "Solaris", Author = "Stanisław Lem", Year = 1961 });
var anonymous = await db.From("books").Where(new { Title = "Solaris", Year = 1961 }).CountAsync();
await db.From("books").Where(new { Title = "Solaris" }).DeleteAsync();
#endif

// A type that wraps one value, sent as a parameter and read from a column.
var refs = await db.QueryAsync<BookRef>($"SELECT id, title FROM books WHERE id = {new BookId(found.Id)}");
var deleted = await repository.DeleteAsync(created.Id);
var remaining = await repository.CountAsync();

Check(books.Count == 2 && books[0].Title == "Dune" && books[0].Rating == 4.8m, "class rows");
Check(titles.Count == 2 && titles[1] == new BookTitle(titles[1].Id, "Hyperion", 1989), "record rows");
Check(pairs[0] == ("Dune", 1965), "tuple rows");
Check(count == 2, "scalar");
Check(recent.Count == 1 && recent[0].Author == "Dan Simmons", "builder query");
Check(refs.Count == 1 && refs[0].Id == new BookId(found.Id) && refs[0].Title == "Dune", "wrapper type");
Check(deleted && remaining == 1, "repository delete");
Check(anonymous == 1, "anonymous column values");

Console.WriteLine($"{(System.Runtime.CompilerServices.RuntimeFeature.IsDynamicCodeSupported ? "With dynamic code" : "Without dynamic code (native AOT)")} on {db.Dialect.Name}: " +
    $"{books.Count} books, {titles.Count} records, {pairs.Count} tuples, {recent.Count} from the builder; all checks passed");
Console.WriteLine($"generated mappers: Book {GeneratedMappers.HasRowReader<Book>()}, BookTitle {GeneratedMappers.HasRowReader<BookTitle>()}, " +
    $"tuple {GeneratedMappers.HasRowReader<(string, int)>()}, Book accessor {GeneratedMappers.HasEntityAccessor<Book>()}");
Console.WriteLine($"timing: startup_ms={startup.TotalMilliseconds:F1} first_query_ms={firstQuery.TotalMilliseconds:F1}");
return 0;

static void Check(bool condition, string what)
{
    if (!condition) throw new InvalidOperationException($"Check failed: {what}.");
}
