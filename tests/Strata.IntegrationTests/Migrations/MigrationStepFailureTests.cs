using System.Data.Common;
using Strata.Diagnostics;
using Strata.IntegrationTests.Infrastructure;

namespace Strata.IntegrationTests.Migrations;

/// <summary>A migration that fails outside its statements (writing its history) names the step that failed, never a statement that did not run.</summary>
public class MigrationStepFailureTests
{
    /// <summary>Makes the server refuse the first write to the history table <see cref="History"/> that <paramref name="matches"/> picks.</summary>
    private sealed class FailingHistoryWrite(Func<DbCommand, bool> matches) : ICommandInterceptor
    {
        private int _failed;

        public string History { get; set; } = "(not set)";

        public ValueTask BeforeExecuteAsync(CommandContext context, CancellationToken cancellationToken)
        {
            var command = context.Command;
            if (command.CommandText.Contains(History, StringComparison.Ordinal) && matches(command) && Interlocked.Exchange(ref _failed, 1) == 0)
            {
                command.Parameters.Clear();
                command.CommandText = $"UPDATE {History} SET strata_no_such_column = 1";
            }
            return default;
        }
    }

    private static bool IsProgressUpdate(DbCommand command) =>
        command.CommandText.StartsWith("UPDATE", StringComparison.OrdinalIgnoreCase) && command.CommandText.Contains("statement", StringComparison.Ordinal);

    private static bool IsAppliedInsert(DbCommand command) =>
        command.CommandText.StartsWith("INSERT", StringComparison.OrdinalIgnoreCase) && command.Parameters.Cast<DbParameter>().Any(p => "applied".Equals(p.Value));

    [Theory, ServerDatabases]
    public async Task A_failure_recording_progress_after_statement_1_names_that_step_not_statement_2(Db db)
    {
        var breaker = new FailingHistoryWrite(IsProgressUpdate);
        await using var s = await MigrationScope.OpenAsync(db, o => o.Interceptors.Add(breaker));
        breaker.History = s.History;
        s.Write("001_two.sql", "-- strata:no-transaction\n-- UP\nCREATE TABLE {p}_one (id INTEGER);\nCREATE TABLE {p}_two (id INTEGER);\n");

        var failed = await Assert.ThrowsAsync<MigrationException>(() => s.Migrator().UpAsync());

        Assert.Contains("while recording progress after statement 1 of 2", failed.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("statement 2", failed.Message, StringComparison.Ordinal);
        Assert.Contains("Statement 1 stayed applied", failed.Message, StringComparison.Ordinal);
        Assert.Null(failed.Statement);
        Assert.True(await s.HasTableAsync("one"));
        Assert.False(await s.HasTableAsync("two"));
        var state = (await s.Migrator().StatusAsync()).Single();
        Assert.Equal(MigrationState.Failed, state.State);
        Assert.StartsWith("while recording progress after statement 1 of 2", state.Error, StringComparison.Ordinal);
    }

    [Theory, AllDatabases]
    public async Task A_failure_recording_a_migration_as_applied_names_that_step(Db db)
    {
        var breaker = new FailingHistoryWrite(IsAppliedInsert);
        await using var s = await MigrationScope.OpenAsync(db, o => o.Interceptors.Add(breaker));
        breaker.History = s.History;
        s.Write("001_two.sql", "-- UP\nCREATE TABLE {p}_one (id INTEGER);\nCREATE TABLE {p}_two (id INTEGER);\n");

        var failed = await Assert.ThrowsAsync<MigrationException>(() => s.Migrator().UpAsync());

        Assert.Contains("while recording the result in the history after statement 2 of 2", failed.Message, StringComparison.Ordinal);
        Assert.Null(failed.Statement);
        var state = (await s.Migrator().StatusAsync()).Single();
        if (s.Db.Dialect.SupportsTransactionalDdl)
        {
            Assert.Contains("rolled back", failed.Message, StringComparison.Ordinal);
            Assert.Equal(MigrationState.Pending, state.State);
            Assert.False(await s.HasTableAsync("one"));
        }
        else
        {
            Assert.Contains("Statements 1 to 2 stayed applied", failed.Message, StringComparison.Ordinal);
            Assert.Equal(MigrationState.Failed, state.State);
            Assert.True(await s.HasTableAsync("two"));
        }
    }
}
