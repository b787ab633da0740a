using Strata.IntegrationTests.Infrastructure;

namespace Strata.IntegrationTests.TypeMapping;

/// <summary>
/// The acceptance matrix of the types Strata stores: every type × SQLite, PostgreSQL and MariaDB × raw SQL (interpolated,
/// positional and prepared), the query builder (typed entity writes and lambdas, by-name conditions), a repository and a bulk
/// insert. Each path writes two rows, reads them back (equal to what was written, or to the documented transformation: UTC
/// <see cref="DateTime"/>s, zero-offset <see cref="DateTimeOffset"/>s, the column's decimal scale) and finds the first one with
/// a WHERE on the value. A value a database cannot store must be refused on every path, naming the kind of value (and the
/// column where the path knows it), and leave no row. scripts/test.sh runs it once under TZ=Asia/Kolkata (+05:30).
/// </summary>
public class TypeMatrixTests
{
    public enum Path
    {
        RawSql,
        Builder,
        Repository,
        BulkInsert,
    }

    public static TheoryData<Db, string> Cases()
    {
        var data = new TheoryData<Db, string>();
        foreach (var row in new AllDatabasesAttribute().GetData(null!))
        {
            foreach (var c in TypeCases.All) data.Add((Db)row[0], c.Name);
        }
        return data;
    }

    [Theory, MemberData(nameof(Cases))]
    public async Task Each_type_is_written_read_back_and_found_by_every_path(Db db, string type)
    {
        var c = TypeCases.Named(type);
        await using var database = await TestDatabase.OpenAsync(db, o =>
        {
            TestDatabase.SnakeCase(o); // MatrixRow's columns are row_no and v
            DomainTypes.Register(o);
            c.Configure?.Invoke(o);
            c.ConfigureFor?.Invoke(o, db);
        });
        var table = TestDatabase.Table("matrix");
        var t = Sql.Identifier(table);
        await database.ExecuteAsync($"CREATE TABLE {t} (id {Sql.Raw(Infrastructure.Types.AutoId(db))}, row_no {Sql.Raw(Infrastructure.Types.Int(db))} NOT NULL, v {Sql.Raw(c.ColumnType(db))} NULL)");
        var failures = new List<string>();
        try
        {
            foreach (var path in Enum.GetValues<Path>())
            {
                try
                {
                    await c.RunAsync(database, db, table, path, failures);
                }
                catch (Exception e)
                {
                    failures.Add($"{path}: {e.GetType().Name}: {e.Message}");
                }
                await database.ExecuteAsync($"DELETE FROM {t}");
            }
        }
        finally
        {
            await database.ExecuteAsync($"DROP TABLE {t}");
        }
        Assert.True(failures.Count == 0, $"{type} on {db} ({c.ColumnType(db)}):{Environment.NewLine}  " + string.Join(Environment.NewLine + "  ", failures));
    }
}
