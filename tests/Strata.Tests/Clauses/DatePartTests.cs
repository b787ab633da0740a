namespace Strata.Tests.Clauses;

/// <summary>Golden SQL for dates, times and their parts, by name and in typed lambdas.</summary>
public class DatePartTests
{
    public sealed class Visit
    {
        public long Id { get; set; }
        public DateTime CreatedAt { get; set; }
        public DateTimeOffset? SentAt { get; set; }
    }

    [Fact]
    public void Date_time_and_parts_render_each_databases_functions()
    {
        var query = new SqlQuery("events").WhereDate("created_at", ">=", new DateOnly(2025, 1, 2)).OrWhereTime("created_at", "<", new TimeOnly(9, 30))
            .WhereDatePart(DatePart.Year, "created_at", "=", 2025).OrWhereDatePart(DatePart.Second, "created_at", "<>", 9);
        Golden.Check(query,
            "SELECT * FROM \"events\" WHERE date(\"created_at\") >= date(@p0) OR time(\"created_at\") < time(@p1) " +
            "AND CAST(strftime('%Y', \"created_at\") AS INTEGER) = @p2 OR CAST(strftime('%S', \"created_at\") AS INTEGER) <> @p3",
            "SELECT * FROM \"events\" WHERE CAST(\"created_at\" AS DATE) >= $1 OR CAST(\"created_at\" AS TIME) < $2 " +
            "AND EXTRACT(YEAR FROM \"created_at\") = $3 OR FLOOR(EXTRACT(SECOND FROM \"created_at\")) <> $4",
            "SELECT * FROM `events` WHERE CAST(`created_at` AS DATE) >= @p0 OR CAST(`created_at` AS TIME) < @p1 " +
            "AND EXTRACT(YEAR FROM `created_at`) = @p2 OR EXTRACT(SECOND FROM `created_at`) <> @p3",
            new DateOnly(2025, 1, 2), new TimeOnly(9, 30), 2025, 9);
    }

    [Fact]
    public void Typed_lambdas_read_date_parts_from_date_members()
    {
        var query = new SqlQuery<Visit>("events").Where(e => e.CreatedAt.Year == 2025 && 3 >= e.CreatedAt.Month
            && e.CreatedAt.Date == new DateTime(2025, 1, 15, 10, 0, 0) && e.SentAt!.Value.TimeOfDay < TimeSpan.FromHours(9) && e.SentAt.Value.Day != 1);
        Golden.Check(d => query.ToSql(d),
            "SELECT * FROM \"events\" WHERE CAST(strftime('%Y', \"created_at\") AS INTEGER) = @p0 AND CAST(strftime('%m', \"created_at\") AS INTEGER) <= @p1 " +
            "AND date(\"created_at\") = date(@p2) AND time(\"sent_at\") < time(@p3) AND CAST(strftime('%d', \"sent_at\") AS INTEGER) <> @p4",
            "SELECT * FROM \"events\" WHERE EXTRACT(YEAR FROM \"created_at\") = $1 AND EXTRACT(MONTH FROM \"created_at\") <= $2 " +
            "AND CAST(\"created_at\" AS DATE) = $3 AND CAST(\"sent_at\" AS TIME) < $4 AND EXTRACT(DAY FROM \"sent_at\") <> $5",
            "SELECT * FROM `events` WHERE EXTRACT(YEAR FROM `created_at`) = @p0 AND EXTRACT(MONTH FROM `created_at`) <= @p1 " +
            "AND CAST(`created_at` AS DATE) = @p2 AND CAST(`sent_at` AS TIME) < @p3 AND EXTRACT(DAY FROM `sent_at`) <> @p4",
            2025, 3, new DateOnly(2025, 1, 15), new TimeOnly(9, 0), 1);
    }

    [Fact]
    public void A_part_that_is_not_a_number_or_a_bad_operator_is_refused()
    {
        var events = new SqlQuery("events");
        Assert.Throws<ArgumentException>(() => events.WhereDatePart(DatePart.Date, "created_at", "=", 1));
        Assert.Throws<ArgumentException>(() => events.WhereDatePart((DatePart)42, "created_at", "=", 1));
        Assert.Throws<ArgumentException>(() => events.WhereDate("created_at", "like", new DateOnly(2025, 1, 1)));
        Assert.Throws<ArgumentException>(() => events.WhereTime("*", "=", new TimeOnly(1, 0)));
    }
}
