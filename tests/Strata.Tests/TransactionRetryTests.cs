using System.Data;
using System.Data.Common;
using Strata.Dialects;
using Strata.Providers;

namespace Strata.Tests;

/// <summary>
/// Retry and commit-outcome rules, checked against a scripted driver whose COMMIT fails on demand
/// (a lost connection during COMMIT cannot be provoked reliably on a real server).
/// </summary>
public class TransactionRetryTests
{
    private static readonly TransactionOptions Retrying = new() { Retries = 3, RetryDelay = TimeSpan.FromMilliseconds(1) };

    [Fact]
    public async Task A_connection_lost_during_commit_is_never_retried_blindly()
    {
        var script = new Script { CommitFailures = { new IOException("connection reset") } };
        await using var db = script.Open();
        var runs = 0;
        var e = await Assert.ThrowsAsync<CommitOutcomeUnknownException>(() => db.TransactionAsync(_ => { runs++; return Task.CompletedTask; }, Retrying));
        Assert.Equal(1, runs);
        Assert.False(e.IsTransient);
        Assert.IsType<ConnectionFailureException>(e.InnerException);
        Assert.Contains("unknown", e.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task VerifyCommit_that_finds_the_work_committed_makes_the_call_succeed()
    {
        var script = new Script { CommitFailures = { new IOException("connection reset") } };
        await using var db = script.Open();
        var runs = 0;
        var result = await db.TransactionAsync(_ => Task.FromResult(++runs), Retrying with { VerifyCommit = (_, _) => Task.FromResult(true) });
        Assert.Equal((1, 1), (result, runs));
    }

    [Fact]
    public async Task VerifyCommit_that_finds_nothing_committed_lets_the_work_run_again()
    {
        var script = new Script { CommitFailures = { new IOException("connection reset") } };
        await using var db = script.Open();
        var runs = 0;
        await db.TransactionAsync(_ => { runs++; return Task.CompletedTask; }, Retrying with { VerifyCommit = (_, _) => Task.FromResult(false) });
        Assert.Equal(2, runs);
        Assert.Equal(2, script.Commits);
    }

    [Fact]
    public async Task A_serialization_failure_raised_at_commit_reruns_the_whole_delegate()
    {
        var script = new Script { CommitFailures = { new ScriptedDbException("40001"), new ScriptedDbException("40001") } };
        await using var db = script.Open();
        var runs = 0;
        await db.TransactionAsync(_ => { runs++; return Task.CompletedTask; }, Retrying);
        Assert.Equal(3, runs);
        Assert.Equal(3, script.Commits);
    }

    [Fact]
    public async Task Retries_stop_after_the_configured_number()
    {
        var script = new Script { CommitFailures = { new ScriptedDbException("40001"), new ScriptedDbException("40001"), new ScriptedDbException("40001"), new ScriptedDbException("40001") } };
        await using var db = script.Open();
        var runs = 0;
        await Assert.ThrowsAsync<SerializationFailureException>(() => db.TransactionAsync(_ => { runs++; return Task.CompletedTask; }, Retrying));
        Assert.Equal(4, runs);
    }

    [Fact]
    public async Task Without_retries_a_transient_failure_surfaces_at_once()
    {
        var script = new Script { CommitFailures = { new ScriptedDbException("40001") } };
        await using var db = script.Open();
        var runs = 0;
        await Assert.ThrowsAsync<SerializationFailureException>(() => db.TransactionAsync(_ => { runs++; return Task.CompletedTask; }));
        Assert.Equal(1, runs);
    }

    [Fact]
    public async Task A_failure_inside_the_delegate_rolls_back_and_is_not_retried_unless_transient()
    {
        var script = new Script();
        await using var db = script.Open();
        var runs = 0;
        await Assert.ThrowsAsync<InvalidOperationException>(() => db.TransactionAsync(_ => { runs++; throw new InvalidOperationException("refused"); }, Retrying));
        Assert.Equal((1, 1, 0), (runs, script.Rollbacks, script.Commits));
        Assert.Null(db.CurrentTransaction);
    }

    [Fact]
    public async Task The_ambient_transaction_is_visible_inside_the_delegate_only()
    {
        await using var db = new Script().Open();
        Transaction? seen = null;
        await db.TransactionAsync(async tx =>
        {
            seen = db.CurrentTransaction;
            await Task.Yield();
            Assert.Same(tx, db.CurrentTransaction);
        });
        Assert.NotNull(seen);
        Assert.Null(db.CurrentTransaction);
        Assert.Equal(TransactionState.Committed, seen!.State);
    }

    /// <summary>What the scripted driver does: the failures its COMMITs raise, in order, and what it saw.</summary>
    private sealed class Script
    {
        private static int _counter;

        public List<Exception> CommitFailures { get; } = [];
        public int Commits;
        public int Rollbacks;

        public Database Open()
        {
            var scheme = "scripted" + Interlocked.Increment(ref _counter);
            DatabaseProviders.Register(new ScriptedProvider(scheme, this));
            return Database.Open(new DatabaseOptions { Provider = scheme, ConnectionString = "scripted" });
        }

        public void Commit()
        {
            var attempt = Interlocked.Increment(ref Commits) - 1;
            if (attempt < CommitFailures.Count) throw CommitFailures[attempt];
        }
    }

    private sealed class ScriptedDbException(string sqlState) : DbException("scripted failure " + sqlState)
    {
        public override string SqlState { get; } = sqlState;
    }

    private sealed class ScriptedProvider(string scheme, Script script) : DatabaseProvider
    {
        public override IReadOnlyCollection<string> Schemes { get; } = [scheme];

        public override DatabaseDriver CreateDriver(ConnectionSettings settings) => new ScriptedDriver(script);
    }

    private sealed class ScriptedDriver(Script script) : DatabaseDriver
    {
        public override SqlDialect Dialect { get; } = new ScriptedDialect();

        public override ValueTask<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken) =>
            new(new ScriptedConnection(script));

        public override ValueTask DisposeAsync() => default;
    }

    private sealed class ScriptedDialect : SqlDialect
    {
        public override string Name => "scripted";

        public override DatabaseException? TranslateException(Exception exception, string? sql) => exception switch
        {
            IOException => new ConnectionFailureException("lost", new DatabaseErrorDetails(Name, Sql: sql, IsTransient: true), exception),
            ScriptedDbException { SqlState: "40001" } => new SerializationFailureException("conflict", new DatabaseErrorDetails(Name, "40001", Sql: sql, IsTransient: true), exception),
            _ => null,
        };
    }

    private sealed class ScriptedConnection(Script script) : DbConnection
    {
        private ConnectionState _state = ConnectionState.Open;

        [System.Diagnostics.CodeAnalysis.AllowNull]
        public override string ConnectionString { get; set; } = "scripted";
        public override string Database => "scripted";
        public override string DataSource => "scripted";
        public override string ServerVersion => "1";
        public override ConnectionState State => _state;
        public override void ChangeDatabase(string databaseName) => throw new NotSupportedException();
        public override void Close() => _state = ConnectionState.Closed;
        public override void Open() => _state = ConnectionState.Open;
        protected override DbTransaction BeginDbTransaction(IsolationLevel isolationLevel) => new ScriptedTransaction(this, script, isolationLevel);
        protected override DbCommand CreateDbCommand() => throw new NotSupportedException("The scripted driver runs no commands.");
    }

    private sealed class ScriptedTransaction(DbConnection connection, Script script, IsolationLevel isolation) : DbTransaction
    {
        public override IsolationLevel IsolationLevel => isolation;
        protected override DbConnection DbConnection => connection;
        public override void Commit() => script.Commit();
        public override void Rollback() => Interlocked.Increment(ref script.Rollbacks);
    }
}
