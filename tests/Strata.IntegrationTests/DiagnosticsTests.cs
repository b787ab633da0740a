using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;
using Strata.Diagnostics;
using Strata.IntegrationTests.Infrastructure;

namespace Strata.IntegrationTests;

public class DiagnosticsTests
{
    private sealed class RecordingInterceptor : ICommandInterceptor
    {
        public ConcurrentQueue<string> Events { get; } = new();

        public ValueTask BeforeExecuteAsync(CommandContext context, CancellationToken cancellationToken)
        {
            Events.Enqueue($"before {context.Kind} {context.Command.CommandText}");
            if (context.Command.CommandText.Contains("/* rewrite */", StringComparison.Ordinal))
                context.Command.CommandText = "SELECT 2";
            return default;
        }

        public ValueTask AfterExecuteAsync(CommandContext context, CancellationToken cancellationToken)
        {
            Events.Enqueue($"after {context.Kind} {(context.Elapsed >= TimeSpan.Zero ? "timed" : "untimed")}");
            return default;
        }

        public ValueTask FailedAsync(CommandContext context, CancellationToken cancellationToken)
        {
            Events.Enqueue($"failed {context.Exception!.GetType().Name}");
            return default;
        }
    }

    [Theory, AllDatabases]
    public async Task Interceptors_see_every_command_and_may_rewrite_it(Db db)
    {
        var interceptor = new RecordingInterceptor();
        await using var database = await TestDatabase.OpenAsync(db, o => o.Interceptors.Add(interceptor));
        interceptor.Events.Clear();

        Assert.Equal(2, await database.ScalarAsync<int>($"SELECT 1 /* rewrite */"));
        await database.ExecuteAsync($"SELECT {5}");
        var missing = TestDatabase.Table("no_such_table");
        await Assert.ThrowsAnyAsync<DatabaseException>(() => database.ExecuteAsync($"SELECT * FROM {Sql.Identifier(missing)}"));
        await database.TransactionAsync(async tx => await tx.QueryAsync<int>($"SELECT 3"));

        var events = interceptor.Events.ToArray();
        Assert.Equal("before Scalar SELECT 1 /* rewrite */", events[0]);
        Assert.Equal("after Scalar timed", events[1]);
        Assert.StartsWith("before Execute SELECT ", events[2], StringComparison.Ordinal);
        Assert.Equal("after Execute timed", events[3]);
        Assert.StartsWith("before Execute SELECT * FROM ", events[4], StringComparison.Ordinal);
        Assert.Contains(missing, events[4], StringComparison.Ordinal);
        Assert.Equal("failed DatabaseException", events[5]);
        Assert.Equal(["before Query SELECT 3", "after Query timed"], events[6..]);
    }

    [Theory, AllDatabases]
    public async Task The_strata_meter_records_durations_and_errors(Db db)
    {
        await using var database = await TestDatabase.OpenAsync(db);
        var durations = new ConcurrentQueue<(double Value, string? System)>();
        var errors = new ConcurrentQueue<string?>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == StrataMetrics.MeterName) l.EnableMeasurementEvents(instrument);
        };
        listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) =>
        {
            foreach (var tag in tags)
                if (tag.Key == "db.system.name" && (string?)tag.Value == database.Dialect.Name) durations.Enqueue((value, (string?)tag.Value));
        });
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            string? system = null, error = null;
            foreach (var tag in tags)
            {
                if (tag.Key == "db.system.name") system = (string?)tag.Value;
                if (tag.Key == "error.type") error = (string?)tag.Value;
            }
            if (system == database.Dialect.Name) errors.Enqueue(error);
        });
        listener.Start();

        await database.ScalarAsync<int>($"SELECT {1}");
        await Assert.ThrowsAnyAsync<DatabaseException>(() => database.ExecuteAsync($"SELEC nonsense"));

        Assert.NotEmpty(durations);
        Assert.All(durations, d => Assert.True(d.Value >= 0));
        Assert.Contains(errors, e => e == nameof(DatabaseException));
    }

    [Theory, AllDatabases]
    public async Task Logs_show_sql_but_values_only_when_asked(Db db)
    {
        const string secretValue = "value-7f3a";
        var quiet = new ListLoggerFactory();
        await using (var database = await TestDatabase.OpenAsync(db, o => { o.LoggerFactory = quiet; o.SlowQueryThreshold = null; }))
            await database.ScalarAsync<string>($"SELECT {secretValue}");
        Assert.Contains(quiet.Lines, l => l.Level == LogLevel.Debug && l.Message.Contains("SELECT ", StringComparison.Ordinal));
        Assert.DoesNotContain(quiet.Lines, l => l.Message.Contains(secretValue, StringComparison.Ordinal));

        var verbose = new ListLoggerFactory();
        await using (var database = await TestDatabase.OpenAsync(db, o => { o.LoggerFactory = verbose; o.LogParameterValues = true; }))
            await database.ScalarAsync<string>($"SELECT {secretValue}");
        Assert.Contains(verbose.Lines, l => l.Message.Contains(secretValue, StringComparison.Ordinal));
    }

    [Theory, AllDatabases]
    public async Task Commands_slower_than_the_threshold_are_warnings(Db db)
    {
        var logs = new ListLoggerFactory();
        await using var database = await TestDatabase.OpenAsync(db, o => { o.LoggerFactory = logs; o.SlowQueryThreshold = TimeSpan.Zero; });
        await database.ScalarAsync<int>($"SELECT 1");
        Assert.Contains(logs.Lines, l => l.Level == LogLevel.Warning && l.Message.StartsWith("Slow Scalar", StringComparison.Ordinal));
    }
}
