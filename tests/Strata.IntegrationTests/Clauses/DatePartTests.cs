using Strata.IntegrationTests.Infrastructure;

namespace Strata.IntegrationTests.Clauses;

/// <summary>Dates, times and their parts, by name and in typed lambdas, give the rows of each database's own SQL written by hand.</summary>
public class DatePartTests
{
    public sealed record Order(long Id, string Customer, DateTime CreatedAt);

    [Theory, AllDatabases]
    public async Task Date_parts_by_name_match_the_hand_written_query(Db db)
    {
        await using var t = await OrderTable.CreateAsync(db);

        var built = await t.From().Select("id").WhereDatePart(DatePart.Year, "created_at", "=", 2025).WhereDatePart(DatePart.Month, "created_at", "<=", 3)
            .OrWhereDatePart(DatePart.Hour, "created_at", ">=", 18).OrWhereDatePart(DatePart.Second, "created_at", "=", 30).OrderBy("id").ToListAsync<long>();
        var hand = await t.Database.QueryAsync<long>(db switch
        {
            Db.Sqlite => $"""
                SELECT id FROM {t.Table} WHERE strftime('%Y', created_at) = '2025' AND strftime('%m', created_at) <= '03'
                   OR strftime('%H', created_at) >= '18' OR strftime('%S', created_at) = '30' ORDER BY id
                """,
            Db.Postgres => $"""
                SELECT id FROM {t.Table} WHERE date_part('year', created_at) = 2025 AND date_part('month', created_at) <= 3
                   OR date_part('hour', created_at) >= 18 OR trunc(date_part('second', created_at)) = 30 ORDER BY id
                """,
            _ => $"""
                SELECT id FROM {t.Table} WHERE YEAR(created_at) = 2025 AND MONTH(created_at) <= 3
                   OR HOUR(created_at) >= 18 OR SECOND(created_at) = 30 ORDER BY id
                """,
        });

        Assert.Equal(hand, built);
        Assert.Equal([1L, 2L, 3L, 4L, 5L, 8L], built);
    }

    [Theory, AllDatabases]
    public async Task Dates_and_times_by_name_match_the_hand_written_query(Db db)
    {
        await using var t = await OrderTable.CreateAsync(db);

        var built = await t.From().Select("id").WhereDate("created_at", new DateOnly(2025, 3, 2)).OrWhereTime("created_at", "<", new TimeOnly(8, 30))
            .OrWhereDate("created_at", ">", new DateOnly(2026, 2, 1)).OrderBy("id").ToListAsync<long>();
        var hand = await t.Database.QueryAsync<long>(db switch
        {
            Db.Sqlite => $"SELECT id FROM {t.Table} WHERE date(created_at) = '2025-03-02' OR time(created_at) < '08:30:00' OR date(created_at) > '2026-02-01' ORDER BY id",
            Db.Postgres => $"SELECT id FROM {t.Table} WHERE created_at::date = DATE '2025-03-02' OR created_at::time < TIME '08:30' OR created_at::date > DATE '2026-02-01' ORDER BY id",
            _ => $"SELECT id FROM {t.Table} WHERE DATE(created_at) = '2025-03-02' OR TIME(created_at) < '08:30:00' OR DATE(created_at) > '2026-02-01' ORDER BY id",
        });

        Assert.Equal(hand, built);
        Assert.Equal([2L, 4L, 5L, 7L, 8L], built);
    }

    [Theory, AllDatabases]
    public async Task Date_parts_in_typed_lambdas_match_the_query_by_name(Db db)
    {
        await using var t = await OrderTable.CreateAsync(db);
        var typed = t.Database.From<Order>(t.Name);

        var byYear = await typed.Where(o => o.CreatedAt.Year == 2025 && o.CreatedAt.Month <= 3).OrderBy(o => o.Id).ToListAsync();
        var byName = await t.From().Select("id", "customer", "created_at").WhereDatePart(DatePart.Year, "created_at", "=", 2025)
            .WhereDatePart(DatePart.Month, "created_at", "<=", 3).OrderBy("id").ToListAsync<Order>();
        Assert.Equal(byName, byYear);
        Assert.Equal([2L, 3L, 4L, 5L], byYear.Select(o => o.Id));

        var day = new DateTime(2025, 1, 15);
        Assert.Equal([2L, 3L], (await typed.Where(o => o.CreatedAt.Date == day).OrderBy(o => o.Id).ToListAsync()).Select(o => o.Id));
        Assert.Equal([2L, 4L, 7L], (await typed.Where(o => o.CreatedAt.TimeOfDay < TimeSpan.FromHours(9)).OrderBy(o => o.Id).ToListAsync()).Select(o => o.Id));
        Assert.Equal([2L], (await typed.Where(o => o.CreatedAt.Minute == 5 && o.CreatedAt.Second == 9).ToListAsync()).Select(o => o.Id));
    }
}
