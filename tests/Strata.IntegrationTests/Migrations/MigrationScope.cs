using Strata.IntegrationTests.Infrastructure;

namespace Strata.IntegrationTests.Migrations;

/// <summary>
/// A database, a folder of migration files and a history table unique to one test: tables named with
/// <see cref="Prefix"/>, and everything dropped at the end.
/// </summary>
public sealed class MigrationScope : IAsyncDisposable
{
    private MigrationScope(Db kind, string url, Database db, string folder, string prefix)
    {
        Kind = kind;
        Url = url;
        Db = db;
        Folder = folder;
        Prefix = prefix;
        History = prefix + "_history";
    }

    public Db Kind { get; }

    /// <summary>The database's URL, to open more <see cref="Database"/>s on the same database (the same file for SQLite).</summary>
    public string Url { get; }

    public Database Db { get; }

    public string Folder { get; }

    /// <summary>Prefix of every table the test's migrations create, so they never collide with another test's.</summary>
    public string Prefix { get; }

    public string History { get; }

    public static async Task<MigrationScope> OpenAsync(Db db, Action<DatabaseOptions>? configure = null)
    {
        var prefix = TestDatabase.Table("mg");
        var folder = Path.Combine(Path.GetTempPath(), "strata-migrations", prefix);
        Directory.CreateDirectory(folder);
        var url = TestDatabase.Url(db);
        var database = await TestDatabase.OpenAsync(db, o =>
        {
            o.Url = url;
            configure?.Invoke(o);
        });
        TablePrefix.Register(database, prefix);
        return new MigrationScope(db, url, database, folder, prefix);
    }

    /// <summary>Options reading this scope's folder (and the given C# migrations) into its own history table.</summary>
    public MigrationOptions Options(params Type[] types)
    {
        var options = new MigrationOptions { HistoryTable = History }.AddFolder(Folder);
        if (types.Length > 0) options.AddTypes(types);
        return options;
    }

    public Migrator Migrator(params Type[] types) => new(Db, Options(types));

    /// <summary>Opens another <see cref="Database"/> on the same database, as a second application would.</summary>
    public async Task<Database> OpenAnotherAsync(Action<DatabaseOptions>? configure = null)
    {
        var db = await TestDatabase.OpenAsync(Kind, o =>
        {
            o.Url = Url;
            configure?.Invoke(o);
        });
        TablePrefix.Register(db, Prefix);
        return db;
    }

    /// <summary>Writes a migration file; <c>{p}</c> in the text becomes the table prefix.</summary>
    public string Write(string fileName, string text)
    {
        var path = Path.Combine(Folder, fileName);
        File.WriteAllText(path, text.Replace("{p}", Prefix, StringComparison.Ordinal));
        return path;
    }

    public string Table(string name) => $"{Prefix}_{name}";

    public async Task<bool> HasTableAsync(string name) => await Db.Schema.HasTableAsync(Table(name));

    public async ValueTask DisposeAsync()
    {
        try
        {
            var schema = await Db.Schema.IntrospectAsync(new IntrospectionOptions { IncludeStrataTables = true });
            var ours = schema.Tables.Select(t => t.Name).Where(n => n.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase)).ToList();
            // Children first: drop tables with foreign keys before the tables they point at.
            foreach (var table in ours.OrderByDescending(n => schema.FindTable(n)!.ForeignKeys.Count))
                await Db.Schema.DropTableIfExists(table).ExecuteAsync();
            Directory.Delete(Folder, recursive: true);
        }
        finally
        {
            await Db.DisposeAsync();
        }
    }
}

/// <summary>The table prefix of the test a database was opened for, so C# migrations can name their tables.</summary>
public static class TablePrefix
{
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<IDatabase, string> Prefixes = new();

    public static void Register(IDatabase db, string prefix) => Prefixes.AddOrUpdate(db, prefix);

    public static string Of(IDbSession session) =>
        Prefixes.TryGetValue(session.Database, out var prefix) ? prefix : throw new InvalidOperationException("This database was not opened by a MigrationScope.");
}
