using Microsoft.Data.Sqlite;
using Strata.Schema;
using Strata.Sqlite;

namespace Strata.Tests;

/// <summary>
/// The rebuild's statements run in SQLite on generated hostile tables (the same generator as the splitter
/// properties): SQLite accepts them, every item not touched by the change comes back exactly as written, and the
/// rows stay. Seeded, so a failure names the seed and the table.
/// </summary>
public class SqliteDdlRebuildFuzzTests
{
    private static readonly SqliteDdlCompiler Ddl = SqliteDdlCompiler.Instance;
    private static readonly SqliteDialect Dialect = new();

    private static string[] Text(IReadOnlyList<Sql> statements) => [.. statements.Select(s => s.Render(Dialect).Text)];

    [Fact]
    public void Rebuilding_generated_tables_keeps_every_item_and_row_and_SQLite_accepts_the_result()
    {
        // Foreign keys off, as the rebuild runs (the generated ones reference tables that do not exist).
        using var connection = new SqliteConnection("Data Source=:memory:;Foreign Keys=False");
        connection.Open();
        for (var seed = 0; seed < 300; seed++)
        {
            var random = new Random(seed);
            var generated = new TableGenerator(random).Generate("fz");
            Run(connection, generated.Sql);
            for (var i = 0; i < 2; i++)
            {
                try
                {
                    Run(connection, "INSERT INTO fz DEFAULT VALUES");
                }
                catch (SqliteException)
                {
                    // The generated constraints refuse an all-defaults row; the table stays empty.
                }
            }
            var rows = Count(connection);
            var original = SqliteTableText.Parse(StoredSql(connection));
            var statement = new AlterTableStatement("fz", [new AddCheckAction(new CheckDefinition("fz_probe", Sql.Raw("1 = 1")))]);
            var statements = Text(Ddl.CompileAlterTable(statement, SqliteTableDescription.FromSql(original.Sql)));
            using (var transaction = connection.BeginTransaction())
            {
                foreach (var sql in statements)
                {
                    try
                    {
                        Run(connection, sql);
                    }
                    catch (SqliteException e)
                    {
                        Assert.Fail($"seed {seed}: SQLite refused {sql}\n({e.Message}), rebuilding\n{generated.Sql}");
                    }
                }
                transaction.Commit();
            }
            var rebuilt = SqliteTableText.Parse(StoredSql(connection));
            Assert.Equal([.. original.Items.Select(i => i.Text), "CONSTRAINT \"fz_probe\" CHECK (1 = 1)"], rebuilt.Items.Select(i => i.Text));
            Assert.Equal(original.Options, rebuilt.Options);
            Assert.Equal(rows, Count(connection));

            // Drop a column: the items that do not use it stay exactly as written, those that do lose what uses it.
            var column = original.Columns.ElementAt(random.Next(original.Columns.Count()));
            var keyed = column.Constraints.Any(c => c.Kind == SqliteConstraintKind.PrimaryKey)
                || original.Items.Any(i => i.TableConstraint?.Kind == SqliteConstraintKind.PrimaryKey && i.Mentions("fz", column.ColumnName!));
            var lastPlain = original.Columns.Count(c => !c.IsGenerated) == 1 && !column.IsGenerated;
            if (!lastPlain && !(keyed && original.Options.Length > 0))
            {
                var drop = new AlterTableStatement("fz", [new DropColumnAction(column.ColumnName!), new AddCheckAction(new CheckDefinition("fz_probe2", Sql.Raw("2 = 2")))]);
                var current = SqliteTableText.Parse(StoredSql(connection));
                using (var transaction = connection.BeginTransaction())
                {
                    foreach (var sql in Text(Ddl.CompileAlterTable(drop, SqliteTableDescription.FromSql(current.Sql))))
                    {
                        try
                        {
                            Run(connection, sql);
                        }
                        catch (SqliteException e)
                        {
                            Assert.Fail($"seed {seed}: SQLite refused {sql}\n({e.Message}), dropping {column.ColumnName} from\n{current.Sql}");
                        }
                    }
                    transaction.Commit();
                }
                var dropped = SqliteTableText.Parse(StoredSql(connection));
                Assert.Null(dropped.FindColumn(column.ColumnName!));
                var untouched = current.Items.Where(i => i.ColumnName != column.ColumnName && !i.Mentions("fz", column.ColumnName!)).Select(i => i.Text);
                Assert.Equal([.. untouched, "CONSTRAINT \"fz_probe2\" CHECK (2 = 2)"], dropped.Items.Where(i => !(i.IsColumn && current.FindColumn(i.ColumnName!)!.Mentions("fz", column.ColumnName!))).Select(i => i.Text));
                Assert.Equal(rows, Count(connection));
            }
            Run(connection, "DROP TABLE fz");
        }
    }

    private static void Run(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
        }
    }

    private static string StoredSql(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT sql FROM sqlite_schema WHERE name = 'fz'";
        return (string)command.ExecuteScalar()!;
    }

    private static long Count(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM fz";
        return (long)command.ExecuteScalar()!;
    }
}
