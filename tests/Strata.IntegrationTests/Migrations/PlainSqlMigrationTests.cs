using Strata.IntegrationTests.Infrastructure;

namespace Strata.IntegrationTests.Migrations;

/// <summary>Plain <c>.sql</c> migrations, without <c>-- UP</c>/<c>-- DOWN</c> lines: up-only steps, on every database.</summary>
public class PlainSqlMigrationTests
{
    [Theory, AllDatabases]
    public async Task A_plain_sql_file_applies_and_going_down_past_it_is_refused_before_anything_runs(Db db)
    {
        await using var s = await MigrationScope.OpenAsync(db);
        s.Write("001_create_settings.sql", "-- the whole file is the up step\nCREATE TABLE {p}_settings (id INTEGER PRIMARY KEY, name VARCHAR(50));\nINSERT INTO {p}_settings (id, name) VALUES (1, 'a');\n");
        s.Write("002_add_note.sql", "-- UP\nALTER TABLE {p}_settings ADD COLUMN note VARCHAR(50);\n-- DOWN\nALTER TABLE {p}_settings DROP COLUMN note;\n");

        await s.Migrator().UpAsync();
        var refused = await Assert.ThrowsAsync<MigrationException>(() => s.Migrator().DownAsync(2));

        Assert.Equal("001", refused.Version);
        Assert.Contains("plain SQL file without '-- UP' and '-- DOWN' lines, so it is up-only", refused.Message, StringComparison.Ordinal);
        Assert.True(await s.Db.Schema.HasColumnAsync(s.Table("settings"), "note"), "nothing was rolled back");
        Assert.Equal(1, await s.Db.ScalarAsync<int>($"SELECT COUNT(*) FROM {Sql.Identifier(s.Table("settings"))}"));

        await s.Migrator().DownAsync(1);
        Assert.False(await s.Db.Schema.HasColumnAsync(s.Table("settings"), "note"));
        await Assert.ThrowsAsync<MigrationException>(() => s.Migrator().ResetAsync());
        Assert.Equal([MigrationState.Applied, MigrationState.Pending], (await s.Migrator().StatusAsync()).Select(x => x.State));
    }
}
