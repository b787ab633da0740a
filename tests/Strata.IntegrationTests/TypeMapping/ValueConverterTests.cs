using Microsoft.Extensions.DependencyInjection;
using Strata.IntegrationTests.Infrastructure;

namespace Strata.IntegrationTests.TypeMapping;

/// <summary>
/// Types of your own through every part of Strata on every database: repositories keyed by them, generated keys, IN lists,
/// lambdas, updates and upserts, scalars, tuples, row readers, prepared statements, converters per database and from the host.
/// </summary>
public class ValueConverterTests
{
    public sealed class Customer
    {
        public CustomerId Id { get; set; } = null!;
        public string Name { get; set; } = "";
        public Currency Currency { get; set; } = Currency.Euro;
        public Money Balance { get; set; }
        public Email? Email { get; set; }
        public UserId? Owner { get; set; }
    }

    public sealed class Order
    {
        public OrderId Id { get; set; }
        public CustomerId Customer { get; set; } = null!;
        public Money Total { get; set; }
    }

    private static async Task<(Database Database, string Customers, string Orders)> OpenAsync(Db db)
    {
        var database = await TestDatabase.OpenAsync(db, o =>
        {
            TestDatabase.SnakeCase(o); // the entities' columns are snake_case
            DomainTypes.Register(o);
        });
        var uuid = db switch { Db.Postgres => "uuid", Db.MariaDb => "CHAR(36)", _ => "UUID" };
        var customers = TestDatabase.Table("customers");
        var orders = TestDatabase.Table("orders");
        await database.ExecuteAsync(
            $"CREATE TABLE {Sql.Identifier(customers)} (id {Sql.Raw(uuid)} PRIMARY KEY, name VARCHAR(100) NOT NULL, currency VARCHAR(3) NOT NULL, balance DECIMAL(12,2) NOT NULL, email VARCHAR(255) NULL, owner {Sql.Raw(uuid)} NULL)");
        await database.ExecuteAsync(
            $"CREATE TABLE {Sql.Identifier(orders)} (id {Sql.Raw(Types.AutoId(db))}, customer {Sql.Raw(uuid)} NOT NULL, total DECIMAL(12,2) NOT NULL)");
        return (database, customers, orders);
    }

    private static async Task DropAsync(Database database, params string[] tables)
    {
        foreach (var table in tables) await database.ExecuteAsync($"DROP TABLE {Sql.Identifier(table)}");
        await database.DisposeAsync();
    }

    private static Customer NewCustomer(string name, Currency currency, decimal balance, UserId? owner = null) => new()
    {
        Id = CustomerId.From(Guid.NewGuid()), Name = name, Currency = currency, Balance = Money.Of(balance), Email = new Email($"{name.ToLowerInvariant()}@example.com"), Owner = owner,
    };

    [Theory, AllDatabases]
    public async Task A_repository_keyed_by_a_converted_id_creates_finds_updates_upserts_pages_and_deletes(Db db)
    {
        var (database, customers, orders) = await OpenAsync(db);
        try
        {
            var repository = new Repository<Customer, CustomerId>(database, new RepositoryOptions { Table = customers });
            var ada = await repository.CreateAsync(NewCustomer("Ada", Currency.Euro, 10.5m, new UserId(Guid.NewGuid())));
            var grace = await repository.CreateAsync(NewCustomer("Grace", Currency.Yen, 300m));

            var found = await repository.FindByIdAsync(ada.Id);
            Assert.NotNull(found);
            Assert.Equal(ada.Id, found.Id);
            Assert.Same(Currency.Euro, found.Currency);
            Assert.Equal(Money.Of(10.5m), found.Balance);
            Assert.Equal(ada.Owner, found.Owner);
            Assert.Null(grace.Owner);

            found.Balance = Money.Of(11m);
            found.Currency = Currency.Yen;
            await repository.UpdateAsync(found);
            Assert.True(await repository.UpdateAsync(grace.Id, new { email = new Email("grace@navy.mil") }));
            var upserted = await repository.UpsertAsync(new Customer { Id = ada.Id, Name = "Ada King", Currency = Currency.Euro, Balance = Money.Of(12m) });
            Assert.Equal("Ada King", upserted.Name);
            Assert.Equal(new Email("grace@navy.mil"), (await repository.FindByIdAsync(grace.Id))!.Email);

            var first = await repository.PaginateAfterAsync<CustomerId>(null, 1);
            var second = await repository.PaginateAfterAsync<CustomerId>(first.NextCursor, 1);
            Assert.Equal(2, first.Items.Concat(second.Items).Select(c => c.Id).Distinct().Count());

            Assert.Equal([grace.Id], (await repository.FindAsync(c => c.Currency == Currency.Yen)).Select(c => c.Id));
            Assert.True(await repository.DeleteAsync(grace.Id));
            Assert.Null(await repository.FindByIdAsync(grace.Id));
        }
        finally
        {
            await DropAsync(database, customers, orders);
        }
    }

    [Theory, AllDatabases]
    public async Task A_key_the_database_generates_comes_back_as_its_wrapper_type(Db db)
    {
        var (database, customers, orders) = await OpenAsync(db);
        try
        {
            var repository = new Repository<Order, OrderId>(database, new RepositoryOptions { Table = orders });
            var customer = CustomerId.From(Guid.NewGuid());

            var first = await repository.CreateAsync(new Order { Customer = customer, Total = Money.Of(9.99m) });
            var second = await repository.CreateAsync(new Order { Customer = customer, Total = Money.Of(1m) });

            Assert.NotEqual(default, first.Id);
            Assert.True(second.Id.Value > first.Id.Value);
            Assert.Equal(Money.Of(9.99m), (await repository.FindByIdAsync(first.Id))!.Total);
            Assert.Equal(first.Id, await database.ScalarAsync<OrderId>($"SELECT id FROM {Sql.Identifier(orders)} WHERE total = {Money.Of(9.99m)}"));
            Assert.Equal([first.Id, second.Id], await database.QueryAsync<OrderId>($"SELECT id FROM {Sql.Identifier(orders)} ORDER BY id"));
        }
        finally
        {
            await DropAsync(database, customers, orders);
        }
    }

    [Theory, AllDatabases]
    public async Task Converted_values_filter_through_in_lists_lambdas_objects_and_update_through_the_builder(Db db)
    {
        var (database, customers, orders) = await OpenAsync(db);
        try
        {
            var owner = new UserId(Guid.NewGuid());
            var all = new[] { NewCustomer("Ada", Currency.Euro, 1m, owner), NewCustomer("Grace", Currency.Yen, 2m), NewCustomer("Alan", Currency.Euro, 3m) };
            await database.BulkInsertAsync(customers, all);
            var ids = new[] { all[0].Id, all[2].Id };
            var query = database.From<Customer>(customers);

            Assert.Equal(["Ada", "Alan"], await database.QueryAsync<string>($"SELECT name FROM {Sql.Identifier(customers)} WHERE id IN ({ids}) ORDER BY name"));
            Assert.Equal(["Ada", "Alan"], (await query.Where(c => ids.Contains(c.Id)).OrderBy(c => c.Name).ToListAsync()).Select(c => c.Name));
            Assert.Equal(["Ada", "Alan"], (await database.From(customers).WhereIn("id", ids).OrderBy("name").ToListAsync<Customer>()).Select(c => c.Name));
            Assert.Equal(["Ada"], (await query.Where(c => c.Owner == owner).ToListAsync()).Select(c => c.Name));
            Assert.Equal(["Ada"], (await query.Where(c => c.Owner!.Value.Value == owner.Value).ToListAsync()).Select(c => c.Name));
            Assert.Equal(["Grace"], (await query.Where(c => c.Balance > Money.Of(1.5m) && c.Balance < Money.Of(2.5m)).ToListAsync()).Select(c => c.Name));
            Assert.Equal(["Grace"], (await database.From(customers).Where(new { currency = Currency.Yen }).ToListAsync<Customer>()).Select(c => c.Name));

            Assert.Equal(2, await query.Where(c => c.Currency == Currency.Euro).UpdateAsync(s => s.Set(c => c.Balance, Money.Of(7m)).Set(c => c.Owner, null)));
            await database.From(customers).UpsertAsync(new { id = all[1].Id, name = "Grace Hopper", currency = Currency.Euro, balance = Money.Of(4m) }, ["id"]);

            var back = await query.OrderBy(c => c.Name).ToListAsync();
            Assert.Equal(["Ada", "Alan", "Grace Hopper"], back.Select(c => c.Name));
            Assert.All(back, c => Assert.Same(Currency.Euro, c.Currency));
            Assert.Equal([Money.Of(7m), Money.Of(7m), Money.Of(4m)], back.Select(c => c.Balance));
            Assert.All(back, c => Assert.Null(c.Owner));
        }
        finally
        {
            await DropAsync(database, customers, orders);
        }
    }

    [Theory, AllDatabases]
    public async Task Scalars_tuples_row_readers_positional_sql_and_prepared_statements_convert_both_ways(Db db)
    {
        var (database, customers, orders) = await OpenAsync(db);
        try
        {
            var ada = NewCustomer("Ada", Currency.Yen, 5m);
            await using (var insert = await database.PrepareAsync(
                $"INSERT INTO {Sql.Identifier(customers)} (id, name, currency, balance, email) VALUES ({ada.Id}, {ada.Name}, {ada.Currency}, {ada.Balance}, {ada.Email})"))
                await insert.ExecuteAsync(ada.Id, ada.Name, ada.Currency, ada.Balance, ada.Email);
            var t = Sql.Identifier(customers);

            Assert.Same(Currency.Yen, await database.ScalarAsync<Currency>($"SELECT currency FROM {t} WHERE id = {ada.Id}"));
            Assert.Null(await database.ScalarAsync<UserId?>($"SELECT owner FROM {t}"));
            var (id, email, owner) = await database.QuerySingleAsync<(CustomerId, Email?, UserId?)>($"SELECT id, email, owner FROM {t}");
            Assert.Equal(ada.Id, id);
            Assert.Equal(ada.Email, email);
            Assert.Null(owner);
            Assert.Equal(["Ada"], await database.QueryRawAsync<string>($"SELECT name FROM {customers} WHERE currency = ? AND balance = ? AND id = ?", Currency.Yen, Money.Of(5m), ada.Id));
            await using (var rows = await database.QueryRowsAsync($"SELECT id, balance, owner FROM {t}"))
            {
                Assert.True(await rows.ReadAsync());
                Assert.Equal(ada.Id, rows.Get<CustomerId>("id"));
                Assert.Equal(Money.Of(5m), rows.Get<Money>("balance"));
                Assert.Null(rows.Get<UserId?>("owner"));
            }
        }
        finally
        {
            await DropAsync(database, customers, orders);
        }
    }

    [Theory, AllDatabases]
    public async Task A_stored_value_the_converter_refuses_is_a_mapping_error_naming_the_column(Db db)
    {
        var (database, customers, orders) = await OpenAsync(db);
        try
        {
            await database.ExecuteAsync($"INSERT INTO {Sql.Identifier(customers)} (id, name, currency, balance) VALUES ({Guid.NewGuid()}, {"Ada"}, {"XXX"}, {1m})");

            var e = await Assert.ThrowsAsync<MappingException>(() => database.From<Customer>(customers).ToListAsync());

            Assert.Contains("Column 'currency'", e.Message, StringComparison.Ordinal);
            Assert.Contains("Customer.Currency (Currency)", e.Message, StringComparison.Ordinal);
            Assert.Contains("not a known currency code", e.Message, StringComparison.Ordinal);
        }
        finally
        {
            await DropAsync(database, customers, orders);
        }
    }

    [Theory, AllDatabases]
    public async Task Each_database_has_its_own_converters(Db db)
    {
        var (database, customers, orders) = await OpenAsync(db);
        // The same database opened again, storing currency codes in lower case: nothing is shared between the two.
        await using var other = await TestDatabase.OpenAsync(db, o =>
        {
            if (db == Db.Sqlite) o.Url = database.Settings.FilePath is { } file ? "sqlite:" + file : throw new InvalidOperationException("no file");
            o.Types.Add<Currency, string>(c => c.Code.ToLowerInvariant(), code => Currency.FromCode(code.ToUpperInvariant()));
        });
        try
        {
            var t = Sql.Identifier(customers);
            await database.ExecuteAsync($"INSERT INTO {t} (id, name, currency, balance) VALUES ({Guid.NewGuid()}, {"Ada"}, {Currency.Euro}, {1m})");
            await other.ExecuteAsync($"INSERT INTO {t} (id, name, currency, balance) VALUES ({Guid.NewGuid()}, {"Grace"}, {Currency.Yen}, {2m})");

            Assert.Equal(["EUR", "jpy"], await database.QueryAsync<string>($"SELECT currency FROM {t} ORDER BY name"));
            Assert.Same(Currency.Yen, await other.ScalarAsync<Currency>($"SELECT currency FROM {t} WHERE name = {"Grace"}"));
        }
        finally
        {
            await DropAsync(database, customers, orders);
        }
    }

    public sealed class Contact
    {
        public long Id { get; set; }
        [JsonColumn] public Email? Primary { get; set; }
        public Email? Backup { get; set; }
    }

    [Theory, AllDatabases]
    public async Task A_JSON_member_whose_type_wraps_one_value_is_a_document_and_the_same_type_elsewhere_its_value(Db db)
    {
        await using var database = await TestDatabase.OpenAsync(db, TestDatabase.SnakeCase);
        var table = TestDatabase.Table("contacts");
        var t = Sql.Identifier(table);
        var json = ColumnTypes.JsonColumnTests.JsonType(db);
        await database.ExecuteAsync($"CREATE TABLE {t} (id {Sql.Raw(Types.AutoId(db))}, {Sql.Identifier("primary")} {Sql.Raw(json)} NULL, backup VARCHAR(255) NULL)");
        try
        {
            var contacts = new Repository<Contact, long>(database, new RepositoryOptions { Table = table });
            await contacts.CreateAsync(new Contact { Primary = new Email("ada@example.com"), Backup = new Email("ada@backup.example") });
            await contacts.CreateAsync(new Contact { Primary = new Email("grace@example.com") });

            var stored = await database.QueryAsync<(string Primary, string? Backup)>($"SELECT {Sql.Identifier("primary")}, backup FROM {t} ORDER BY id");
            Assert.Equal("ada@example.com", System.Text.Json.JsonDocument.Parse(stored[0].Primary).RootElement.GetProperty("value").GetString());
            Assert.Equal("ada@backup.example", stored[0].Backup);
            var found = Assert.Single(await contacts.FindAsync(c => c.Primary!.Value == "grace@example.com"));
            Assert.Equal(new Email("grace@example.com"), found.Primary);
            Assert.Null(found.Backup);
            Assert.Equal(new Email("ada@backup.example"), (await contacts.FindAsync(c => c.Backup == new Email("ada@backup.example"))).Single().Backup);
        }
        finally
        {
            await database.ExecuteAsync($"DROP TABLE {t}");
        }
    }

    [Fact]
    public async Task The_host_registers_converters_for_its_databases_in_code()
    {
        var host = Hosting.TestHost.Build(
            new Dictionary<string, string?> { ["ConnectionStrings:main"] = "sqlite:" + TestDatabase.NewSqliteFile() },
            strata: s => s.ConfigureDatabases((_, o) => DomainTypes.Register(o)));
        await host.StartAsync();
        try
        {
            var database = host.Services.GetRequiredService<IDatabase>();
            Assert.Same(Currency.Yen, await database.ScalarAsync<Currency>($"SELECT {Currency.Yen}"));
            Assert.Equal("JPY", await database.ScalarAsync<string>($"SELECT {Currency.Yen}"));
        }
        finally
        {
            await Hosting.TestHost.StopAsync(host);
        }
    }
}
