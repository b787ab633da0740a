using Strata.IntegrationTests.Infrastructure;

namespace Strata.IntegrationTests.Clauses;

/// <summary>
/// A table of orders with known rows for the clause-family tests, each of which compares what the builder returns with the
/// same query written by hand. Disposing drops the table and closes the database.
/// </summary>
public sealed class OrderTable : IAsyncDisposable
{
    private OrderTable(Database database, Db db, string name)
    {
        Database = database;
        Db = db;
        Name = name;
    }

    public Database Database { get; }

    public Db Db { get; }

    /// <summary>The table's name, unique to the test.</summary>
    public string Name { get; }

    /// <summary>The quoted table name, for the hand-written SQL.</summary>
    public Sql Table => Sql.Identifier(Name);

    /// <summary>A query on the table.</summary>
    public SqlQuery From() => Database.From(Name);

    /// <summary>Creates the table with eight orders: customer, product, qty, returned, price (whole units), created_at.</summary>
    public static async Task<OrderTable> CreateAsync(Db db)
    {
        var database = await TestDatabase.OpenAsync(db, TestDatabase.SnakeCase);
        var table = new OrderTable(database, db, TestDatabase.Table("cf_orders"));
        try
        {
            await database.ExecuteAsync($"""
                CREATE TABLE {table.Table} (id {Sql.Raw(Types.Int(db))} PRIMARY KEY, customer {Sql.Raw(Types.Text(db))} NOT NULL,
                  product {Sql.Raw(Types.Text(db))} NOT NULL, qty {Sql.Raw(Types.Int(db))} NOT NULL, returned {Sql.Raw(Types.Int(db))} NOT NULL,
                  price {Sql.Raw(Types.Int(db))}, created_at {Sql.Raw(Types.DateTime(db))} NOT NULL)
                """);
            var rows = new (int Id, string Customer, string Product, int Qty, int Returned, int? Price, DateTime At)[]
            {
                (1, "ada", "gear", 3, 0, 10, new DateTime(2024, 12, 31, 23, 30, 0)),
                (2, "ada", "lever", 1, 1, 25, new DateTime(2025, 1, 15, 8, 5, 9)),
                (3, "alan", "gear", 5, 2, 10, new DateTime(2025, 1, 15, 17, 45, 30)),
                (4, "alan", "cam_shaft", 2, 2, 40, new DateTime(2025, 3, 2, 8, 0, 0)),
                (5, "grace", "gear", 7, 1, 12, new DateTime(2025, 3, 2, 12, 0, 0)),
                (6, "grace", "lever", 2, 0, null, new DateTime(2025, 6, 30, 9, 15, 0)),
                (7, "grace", "cam%50", 4, 5, 30, new DateTime(2026, 1, 1, 0, 0, 0)),
                (8, "linus", "gear", 1, 0, 10, new DateTime(2026, 2, 28, 18, 20, 0)),
            };
            foreach (var r in rows)
            {
                await database.ExecuteAsync(
                    $"INSERT INTO {table.Table} (id, customer, product, qty, returned, price, created_at) VALUES ({r.Id}, {r.Customer}, {r.Product}, {r.Qty}, {r.Returned}, {r.Price}, {r.At})");
            }
            return table;
        }
        catch
        {
            await table.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await Database.ExecuteAsync($"DROP TABLE IF EXISTS {Table}");
        }
        finally
        {
            await Database.DisposeAsync();
        }
    }
}
