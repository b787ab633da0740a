namespace Strata.IntegrationTests.Infrastructure;

/// <summary>
/// An open test database plus the tables a test creates through it: names are unique per test, and
/// disposing drops them (last created first, so children go before their parents) and closes the database.
/// </summary>
public sealed class SchemaScope : IAsyncDisposable
{
    private readonly List<string> _tables = [];

    private SchemaScope(Db kind, Database db)
    {
        Kind = kind;
        Db = db;
    }

    public Db Kind { get; }

    public Database Db { get; }

    public static async Task<SchemaScope> OpenAsync(Db db, Action<DatabaseOptions>? configure = null) =>
        new(db, await TestDatabase.OpenAsync(db, configure));

    /// <summary>A unique table name, dropped when the scope ends.</summary>
    public string Table(string prefix)
    {
        var name = TestDatabase.Table(prefix);
        _tables.Add(name);
        return name;
    }

    /// <summary>Also drops <paramref name="name"/> at the end (a table renamed by the test).</summary>
    public void Track(string name) => _tables.Add(name);

    public async ValueTask DisposeAsync()
    {
        try
        {
            for (var i = _tables.Count - 1; i >= 0; i--)
                await Db.Schema.DropTableIfExists(_tables[i]).ExecuteAsync();
        }
        finally
        {
            await Db.DisposeAsync();
        }
    }
}
