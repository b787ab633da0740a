using System.Text.Json.Nodes;

namespace Strata.IntegrationTests.Transfer;

/// <summary>
/// Two related tables that use every portable column kind, filled with awkward values (extreme decimals, sub-second
/// times, instants, binary with zero bytes, JSON, NULLs, unicode), and a reader that returns their rows in one
/// comparable form whatever the database.
/// </summary>
internal static class TransferTables
{
    public static readonly DateTime Added = new(2024, 2, 29, 23, 59, 58, 123, 456);
    public static readonly DateTimeOffset Stamped = new(2025, 1, 2, 3, 4, 5, 678, 901, TimeSpan.Zero);
    public static readonly byte[] Cover = [0x00, 0xFF, 0x10, 0x00, 0x7F];
    public static readonly Guid Code = Guid.Parse("0f8fad5b-d9cb-469f-a165-70867728950e");
    public const string Unicode = "Zoë — 日本語 🚀 'quoted' \"double\" \\ back";

    public static async Task CreateAsync(IDbSession db)
    {
        await db.Schema.CreateTable("authors", t =>
        {
            t.Increments("id");
            t.String("name", 100).Unique();
            t.Text("bio").Nullable();
            t.Integer("first_book_id").Nullable();
        }).ExecuteAsync();
        await db.Schema.CreateTable("books", t =>
        {
            t.Increments("id");
            t.Integer("author_id").References("authors");
            t.Decimal("price", 20, 6);
            t.Double("rating").Nullable();
            t.Float("weight").Nullable();
            t.Boolean("in_print");
            t.Date("published").Nullable();
            t.Time("opens").Nullable();
            t.DateTime("added");
            t.Timestamp("stamped").Nullable();
            t.Binary("cover").Nullable();
            t.Json("meta").Nullable();
            t.Uuid("code").Nullable();
            t.BigInteger("big");
            t.SmallInteger("small");
            t.String("title", 40);
            t.Enum("status", "draft", "published");
            t.Timestamp("local_stamp", withTimeZone: false).Nullable();
            t.Integer("sequel_id").Nullable().References("books");
            t.Index("published");
        }).ExecuteAsync();
        // A cycle (authors ⇄ books) and a self reference whose first row points forward: they load only with the keys added after the rows.
        await db.Schema.AlterTable("authors", t => t.ForeignKey("first_book_id").References("books")).ExecuteAsync();

        await db.ExecuteAsync($"INSERT INTO authors (name, bio) VALUES ({Unicode}, {"line one\nline two"})");
        await db.ExecuteAsync($"INSERT INTO authors (name, bio) VALUES ({"Plain"}, {(string?)null})");
        await db.ExecuteAsync($"""
            INSERT INTO books (author_id, price, rating, weight, in_print, published, opens, added, stamped, cover, meta, code, big, small, title, status, local_stamp)
            VALUES ({1}, {1234567.123456m}, {0.1 + 0.2}, {1.5f}, {true}, {new DateOnly(1999, 12, 31)}, {new TimeOnly(13, 45, 30, 250)},
                    {Added}, {Stamped}, {Cover}, {JsonNode.Parse("""{"a": [1, 2], "é": null}""")}, {Code}, {long.MaxValue}, {short.MinValue},
                    {"Forty characters of title, exactly here."}, {"published"}, {Added})
            """);
        await db.ExecuteAsync($"""
            INSERT INTO books (author_id, price, rating, weight, in_print, published, opens, added, stamped, cover, meta, code, big, small, title, status, local_stamp, sequel_id)
            VALUES ({2}, {-0.000001m}, {(double?)null}, {(float?)null}, {false}, {(DateOnly?)null}, {(TimeOnly?)null},
                    {new DateTime(1970, 1, 1)}, {(DateTimeOffset?)null}, {(byte[]?)null}, {(JsonNode?)null}, {(Guid?)null}, {0L}, {(short)0}, {""}, {"draft"}, {(DateTime?)null}, {1})
            """);
        await db.ExecuteAsync($"UPDATE books SET sequel_id = {2} WHERE id = {1}");
        await db.ExecuteAsync($"UPDATE authors SET first_book_id = {2} WHERE id = {1}");
    }

    /// <summary>Every row of both tables, in key order, each value in one form for every database.</summary>
    public static async Task<List<string>> RowsAsync(IDbSession db)
    {
        var rows = new List<string>();
        await using (var r = await db.QueryRowsAsync($"SELECT id, name, bio, first_book_id FROM authors ORDER BY id"))
        {
            while (await r.ReadAsync()) rows.Add($"author {r.Get<int>(0)} {r.Get<string>(1)} {r.Get<string?>(2) ?? "NULL"} {r.Get<long?>(3)?.ToString() ?? "NULL"}");
        }
        await using (var r = await db.QueryRowsAsync($"""
            SELECT id, author_id, price, rating, weight, in_print, published, opens, added, stamped, cover, meta, code, big, small, title, status, local_stamp, sequel_id
            FROM books ORDER BY id
            """))
        {
            while (await r.ReadAsync())
            {
                var meta = r.Get<string?>(11);
                rows.Add(string.Join(" | ",
                    r.Get<int>(0), r.Get<int>(1), r.Get<decimal>(2).ToString(System.Globalization.CultureInfo.InvariantCulture),
                    r.Get<double?>(3)?.ToString("R", System.Globalization.CultureInfo.InvariantCulture) ?? "NULL",
                    r.Get<float?>(4)?.ToString("R", System.Globalization.CultureInfo.InvariantCulture) ?? "NULL",
                    r.Get<bool>(5), r.Get<DateOnly?>(6)?.ToString("O") ?? "NULL", r.Get<TimeOnly?>(7)?.ToString("O") ?? "NULL",
                    r.Get<DateTime>(8).ToString("yyyy-MM-dd HH:mm:ss.ffffff"), r.Get<DateTimeOffset?>(9)?.UtcDateTime.ToString("O") ?? "NULL",
                    r.Get<byte[]?>(10) is { } cover ? Convert.ToHexString(cover) : "NULL",
                    meta is null ? "NULL" : JsonNode.Parse(meta)!.ToJsonString(),
                    r.Get<Guid?>(12)?.ToString() ?? "NULL", r.Get<long>(13), r.Get<short>(14), r.Get<string>(15), r.Get<string>(16),
                    r.Get<DateTime?>(17)?.ToString("yyyy-MM-dd HH:mm:ss.ffffff") ?? "NULL", r.Get<long?>(18)?.ToString() ?? "NULL"));
            }
        }
        return rows;
    }
}
