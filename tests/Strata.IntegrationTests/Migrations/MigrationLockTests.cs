using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Strata.Diagnostics;
using Strata.IntegrationTests.Infrastructure;

namespace Strata.IntegrationTests.Migrations;

/// <summary>The migration lock when releasing it fails, on the databases whose lock lives on a connection.</summary>
public class MigrationLockTests
{
    /// <summary>Turns the unlock command into one the server refuses, so the release fails for real.</summary>
    private sealed class FailingUnlock : ICommandInterceptor
    {
        public int Failed;

        public ValueTask BeforeExecuteAsync(CommandContext context, CancellationToken cancellationToken)
        {
            var text = context.Command.CommandText;
            if (text.Contains("pg_advisory_unlock(", StringComparison.OrdinalIgnoreCase) || text.Contains("RELEASE_LOCK(", StringComparison.OrdinalIgnoreCase))
            {
                Interlocked.Increment(ref Failed);
                context.Command.Parameters.Clear();
                context.Command.CommandText = "SELECT strata_no_such_unlock()";
            }
            return default;
        }
    }

    [Theory, ServerDatabases]
    public async Task A_failed_unlock_does_not_fail_the_run_and_the_next_runner_gets_the_lock_at_once(Db db)
    {
        var logs = new ListLoggerFactory();
        var unlock = new FailingUnlock();
        await using var s = await MigrationScope.OpenAsync(db, o =>
        {
            o.Interceptors.Add(unlock);
            o.LoggerFactory = logs;
        });
        s.Write("001_first.sql", "-- UP\nCREATE TABLE {p}_first (id INTEGER);\n-- DOWN\nDROP TABLE {p}_first;\n");

        var result = await s.Migrator().UpAsync();

        // Another application, before this one uses its pool again (a pooled connection is reset when it is next handed out,
        // so a lock left on an idle one would hold until then): its runner must get the lock at once.
        s.Write("002_second.sql", "-- UP\nCREATE TABLE {p}_second (id INTEGER);\n-- DOWN\nDROP TABLE {p}_second;\n");
        await using var other = await s.OpenAnotherAsync();
        var options = s.Options();
        options.LockTimeout = TimeSpan.FromSeconds(5);
        var started = Stopwatch.StartNew();
        var next = await new Migrator(other, options).UpAsync();

        Assert.True(started.Elapsed < options.LockTimeout, $"the next runner waited {started.Elapsed} for the lock");
        Assert.Equal(1, unlock.Failed);
        Assert.Equal(["001"], result.Steps.Select(x => x.Migration.Version));
        Assert.Equal(["002"], next.Steps.Select(x => x.Migration.Version));
        Assert.Contains(logs.Lines, l => l.Level == LogLevel.Warning && l.Message.Contains("Releasing the migration lock", StringComparison.Ordinal));
        Assert.All(await s.Migrator().StatusAsync(), x => Assert.Equal(MigrationState.Applied, x.State));
        Assert.True(await s.HasTableAsync("second"));
    }

    [Theory, ServerDatabases]
    public async Task The_lock_is_released_on_success_for_the_next_runner(Db db)
    {
        await using var s = await MigrationScope.OpenAsync(db);
        s.Write("001_first.sql", "-- UP\nCREATE TABLE {p}_first (id INTEGER);\n");
        await s.Migrator().UpAsync();
        var options = s.Options();
        options.LockTimeout = TimeSpan.FromSeconds(5);

        await using var other = await s.OpenAnotherAsync();
        var started = Stopwatch.StartNew();
        await new Migrator(other, options).UpAsync();

        Assert.True(started.Elapsed < options.LockTimeout, $"the next runner waited {started.Elapsed} for the lock");
    }
}
