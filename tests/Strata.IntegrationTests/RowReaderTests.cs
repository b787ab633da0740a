using Strata.Diagnostics;
using Strata.IntegrationTests.Infrastructure;

namespace Strata.IntegrationTests;

/// <summary>QueryRowsAsync: a streamed reader with the result's column names and types, typed getters and mapping.</summary>
public class RowReaderTests
{
    public sealed record Product(long Id, string Name, decimal? Price);

    [Theory, AllDatabases]
    public async Task A_reader_reports_its_columns_names_and_types(Db db)
    {
        await using var database = await TestDatabase.OpenAsync(db);
        var table = await CreateProductsAsync(database, db);
        try
        {
            await using var rows = await database.QueryRowsAsync($"SELECT id, name, price, made FROM {Sql.Identifier(table)} ORDER BY id");

            Assert.Equal(["id", "name", "price", "made"], rows.Columns);
            Assert.Equal(4, rows.FieldCount);
            Assert.Equal(["id", "name", "price", "made"], rows.ColumnTypes.Select(c => c.Name));
            Assert.Equal(typeof(long), rows.ColumnTypes[0].ClrType);
            Assert.Equal(typeof(string), rows.ColumnTypes[1].ClrType);
            Assert.Equal(db == Db.Sqlite ? "INTEGER" : db == Db.Postgres ? "bigint" : "BIGINT", rows.ColumnTypes[0].DatabaseTypeName);
            Assert.Equal(db == Db.Postgres ? "text" : db == Db.MariaDb ? "VARCHAR" : "TEXT", rows.ColumnTypes[1].DatabaseTypeName);
            if (db != Db.Sqlite)
            {
                // SQLite stores decimals and dates as text; the servers have types of their own.
                Assert.Equal(typeof(decimal), rows.ColumnTypes[2].ClrType);
                Assert.Equal(typeof(DateTime), rows.ColumnTypes[3].ClrType);
            }
            Assert.All(rows.ColumnTypes, c => Assert.False(string.IsNullOrEmpty(c.DatabaseTypeName)));
        }
        finally
        {
            await database.ExecuteAsync($"DROP TABLE {Sql.Identifier(table)}");
        }
    }

    [Theory, AllDatabases]
    public async Task Rows_are_read_with_typed_getters_or_mapped(Db db)
    {
        await using var database = await TestDatabase.OpenAsync(db);
        var table = await CreateProductsAsync(database, db);
        try
        {
            await using var rows = await database.QueryRowsAsync($"SELECT id, name, price FROM {Sql.Identifier(table)} ORDER BY id");
            Assert.Throws<InvalidOperationException>(() => rows.Get<long>(0));

            Assert.True(await rows.ReadAsync());
            Assert.Equal(1L, rows.Get<long>(0));
            Assert.Equal(1, rows.Get<int>("ID"));
            Assert.Equal("tea", rows.Get<string>("name"));
            Assert.Equal(2.5m, rows.Get<decimal>(2));
            Assert.Equal("tea", rows["name"]);
            Assert.False(rows.IsNull(2));
            Assert.Equal(new Product(1, "tea", 2.5m), rows.Map<Product>());

            Assert.True(await rows.ReadAsync());
            Assert.True(rows.IsNull(2));
            Assert.Null(rows.Get<decimal?>(2));
            Assert.Null(rows[2]);
            Assert.Throws<MappingException>(() => rows.Get<decimal>(2));
            Assert.Equal(new Product(2, "cake", null), rows.Map<Product>());
            Assert.Throws<ArgumentException>(() => rows.Get<int>("missing"));

            Assert.False(await rows.ReadAsync());
            Assert.False(await rows.ReadAsync());
            Assert.Throws<InvalidOperationException>(() => rows.Get<long>(0));
            Assert.Equal(3, rows.Columns.Count);
        }
        finally
        {
            await database.ExecuteAsync($"DROP TABLE {Sql.Identifier(table)}");
        }
    }

    [Theory, AllDatabases]
    public async Task A_reader_holds_its_connection_until_its_last_row_or_disposal(Db db)
    {
        var commands = new StreamCounter();
        await using var database = await TestDatabase.OpenAsync(db, o => o.Interceptors.Add(commands));
        var table = await CreateProductsAsync(database, db);
        try
        {
            var rows = await database.QueryRowsAsync($"SELECT id FROM {Sql.Identifier(table)} ORDER BY id");
            Assert.Equal(1, commands.Streams);
            Assert.Equal(1, database.GetPoolStatistics().Busy);
            while (await rows.ReadAsync()) { }
            Assert.Equal(0, database.GetPoolStatistics().Busy);
            await rows.DisposeAsync();
            await Assert.ThrowsAsync<ObjectDisposedException>(() => rows.ReadAsync());

            await using (var early = await database.QueryRowsAsync($"SELECT id FROM {Sql.Identifier(table)}"))
            {
                Assert.True(await early.ReadAsync());
                Assert.Equal(1, database.GetPoolStatistics().Busy);
            }
            Assert.Equal(0, database.GetPoolStatistics().Busy);
        }
        finally
        {
            await database.ExecuteAsync($"DROP TABLE {Sql.Identifier(table)}");
        }
    }

    [Theory, AllDatabases]
    public async Task A_reader_in_a_transaction_sees_its_uncommitted_rows(Db db)
    {
        await using var database = await TestDatabase.OpenAsync(db);
        var table = await CreateProductsAsync(database, db);
        try
        {
            await using var tx = await database.BeginTransactionAsync();
            await tx.ExecuteAsync($"INSERT INTO {Sql.Identifier(table)} (id, name) VALUES ({3}, {"jam"})");
            var names = new List<string>();
            await using (var rows = await tx.QueryRowsAsync($"SELECT name FROM {Sql.Identifier(table)} ORDER BY id"))
            {
                while (await rows.ReadAsync()) names.Add(rows.Get<string>(0));
            }
            Assert.Equal(["tea", "cake", "jam"], names);
            await tx.RollbackAsync();
        }
        finally
        {
            await database.ExecuteAsync($"DROP TABLE {Sql.Identifier(table)}");
        }
    }

    [Theory, AllDatabases]
    public async Task A_failing_query_is_translated_and_returns_its_connection(Db db)
    {
        await using var database = await TestDatabase.OpenAsync(db);
        await Assert.ThrowsAnyAsync<DatabaseException>(() => database.QueryRowsAsync($"SELECT * FROM no_such_table_{Sql.Raw(Guid.NewGuid().ToString("N"))}"));
        Assert.Equal(0, database.GetPoolStatistics().Busy);
    }

    private static async Task<string> CreateProductsAsync(Database database, Db db)
    {
        var table = TestDatabase.Table("rows");
        await database.ExecuteAsync(
            $"CREATE TABLE {Sql.Identifier(table)} (id {Sql.Raw(Types.BigInt(db))} PRIMARY KEY, name {Sql.Raw(Types.Text(db))} NOT NULL, price {Sql.Raw(Types.Decimal(db))} NULL, made {Sql.Raw(Types.DateTime(db))} NULL)");
        await database.ExecuteAsync($"INSERT INTO {Sql.Identifier(table)} (id, name, price) VALUES ({1L}, {"tea"}, {2.5m}), ({2L}, {"cake"}, {(decimal?)null})");
        return table;
    }

    private sealed class StreamCounter : ICommandInterceptor
    {
        private int _streams;

        public int Streams => Volatile.Read(ref _streams);

        public ValueTask BeforeExecuteAsync(CommandContext context, CancellationToken cancellationToken)
        {
            if (context.Kind == CommandKind.Stream) Interlocked.Increment(ref _streams);
            return default;
        }
    }
}
