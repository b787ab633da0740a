using Strata.IntegrationTests.Infrastructure;

namespace Strata.IntegrationTests.Bulk;

/// <summary>
/// A row source that throws while a bulk insert reads it: the caller's own exception surfaces as itself, wherever the
/// driver is in its work (before anything was sent, or while LOAD DATA streams its file), and no row stays.
/// </summary>
public class BulkRowSourceFailureTests
{
    private sealed class RowSourceException(string message) : Exception(message);

    [Theory, BulkTargets]
    public async Task A_row_source_that_throws_at_row_3000_surfaces_its_own_exception_and_leaves_no_rows(Db db, bool bulkCopy) =>
        await AssertCauseSurfacesAsync(db, bulkCopy, failAt: 3_000);

    [Theory, BulkTargets]
    public async Task A_row_source_that_throws_at_row_1_surfaces_its_own_exception(Db db, bool bulkCopy) =>
        await AssertCauseSurfacesAsync(db, bulkCopy, failAt: 1);

    private static async Task AssertCauseSurfacesAsync(Db db, bool bulkCopy, int failAt)
    {
        await using var scope = await BulkTargetsAttribute.OpenAsync(db, bulkCopy);
        var table = scope.Table("bulk_cause");
        await scope.Db.Schema.CreateTable(table, t =>
        {
            t.BigIncrements("id");
            t.String("name", 100);
            t.Integer("count");
        }).ExecuteAsync();

        IEnumerable<object?[]> Rows()
        {
            for (var i = 1; i <= 5_000; i++)
            {
                if (i == failAt) throw new RowSourceException($"The source could not produce row {i}.");
                yield return [$"item {i}", i];
            }
        }

        var e = await Assert.ThrowsAsync<RowSourceException>(() => scope.Db.BulkInsertAsync(table, ["name", "count"], Rows(),
            new BulkInsertOptions { BatchSize = 500 }));

        Assert.Equal($"The source could not produce row {failAt}.", e.Message);
        Assert.Equal(0, await scope.Db.ScalarAsync<long>($"SELECT COUNT(*) FROM {Sql.Identifier(table)}"));
        // The connection is usable afterwards.
        Assert.Equal(1, await scope.Db.ScalarAsync<int>($"SELECT 1"));
    }
}
