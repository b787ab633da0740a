using System.Globalization;
using Npgsql;

namespace Strata.Benchmarks;

/// <summary>
/// Throughput of pgbench's two built-in workloads from concurrent workers for a fixed time, on the tables
/// <c>pgbench -i</c> created: <c>select</c> is what <c>pgbench -S</c> runs (<c>SELECT abalance FROM pgbench_accounts WHERE
/// aid = :aid</c>, a random account), <c>tpcb</c> is its TPC-B-like transaction (update an account, read it back, update a
/// teller and a branch, insert a history row, commit). Each worker runs one transaction after another (a select counts as
/// one); the rate is all workers' transactions divided by the measured time, after a warm-up.
/// </summary>
/// <remarks>
/// Run it with <c>dotnet run -c Release --project bench/Strata.Benchmarks -- pgbench [options]</c>; bench/pgbench/run.sh
/// runs pgbench and this side by side. Keys are drawn as pgbench draws them: aid in 1..100,000 × scale, bid in 1..scale,
/// tid in 1..10 × scale, delta in -5,000..5,000. Contenders:
/// <list type="bullet">
/// <item><c>strata</c>: <c>db.ScalarAsync&lt;int&gt;($"… WHERE aid = {aid}")</c>, and for <c>tpcb</c> the five commands as
/// interpolated SQL inside <c>db.TransactionAsync(async tx =&gt; …)</c>, on a database opened with the URL (Npgsql prepares
/// repeated statements by itself: Strata sets <c>Max Auto Prepare=128</c>).</item>
/// <item><c>strata-unguarded</c>: <c>strata</c> with <c>Resilience = ConnectionResilienceOptions.None</c> (no retry or circuit
/// breaker around each open).</item>
/// <item><c>strata-no-reset</c>: <c>strata</c> on the URL with <c>connection_reset=false</c>, which gives Npgsql
/// <c>No Reset On Close=true</c> (see <c>npgsql-no-reset</c>).</item>
/// <item><c>npgsql</c>: hand-written Npgsql on a data source with the settings Strata's driver builds from the URL: a pooled
/// open per select or transaction, <c>$1</c> placeholders and typed <c>NpgsqlParameter&lt;int&gt;</c>, auto-prepared.</item>
/// <item><c>npgsql-no-reset</c>: <c>npgsql</c> with <c>No Reset On Close=true</c>: a connection given back to the pool is
/// not reset (by default Npgsql sends <c>DISCARD ALL</c>, or a list of resets that keeps prepared statements, with the next
/// command), to show what the reset costs. Strata keeps Npgsql's default unless the URL says <c>connection_reset=false</c>.</item>
/// <item><c>npgsql-kept</c>: one connection per worker for the whole run and commands prepared once, as
/// <c>pgbench -M prepared</c> does.</item>
/// </list>
/// </remarks>
public static class PgbenchThroughput
{
    private const string Select = "SELECT abalance FROM pgbench_accounts WHERE aid = $1";
    private const string UpdateAccount = "UPDATE pgbench_accounts SET abalance = abalance + $1 WHERE aid = $2";
    private const string UpdateTeller = "UPDATE pgbench_tellers SET tbalance = tbalance + $1 WHERE tid = $2";
    private const string UpdateBranch = "UPDATE pgbench_branches SET bbalance = bbalance + $1 WHERE bid = $2";
    private const string InsertHistory = "INSERT INTO pgbench_history (tid, bid, aid, delta, mtime) VALUES ($1, $2, $3, $4, CURRENT_TIMESTAMP)";

    /// <summary>
    /// Parses the options, runs each contender in turn and prints one line per contender: <c>name rate tps cpu us-cpu</c>,
    /// the last the harness's processor time per transaction in microseconds.
    /// </summary>
    public static async Task<int> RunAsync(string[] args)
    {
        var url = Environment.GetEnvironmentVariable("STRATA_POSTGRES_URL") ?? "postgres://strata:strata@127.0.0.1:5432/strata_test";
        var workers = 8;
        int? scale = null;
        double seconds = 10, warmup = 2;
        var workload = "select";
        string[] contenders = ["strata"];
        for (var i = 0; i < args.Length; i++)
        {
            var value = i + 1 < args.Length ? args[i + 1] : throw new ArgumentException($"{args[i]} needs a value.");
            switch (args[i])
            {
                case "--url": url = value; break;
                case "--workload": workload = value; break;
                case "--workers": workers = int.Parse(value, CultureInfo.InvariantCulture); break;
                case "--scale": scale = int.Parse(value, CultureInfo.InvariantCulture); break;
                case "--seconds": seconds = double.Parse(value, CultureInfo.InvariantCulture); break;
                case "--warmup": warmup = double.Parse(value, CultureInfo.InvariantCulture); break;
                case "--contenders": contenders = value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries); break;
                default: throw new ArgumentException($"Unknown option {args[i]}: use --url, --workload, --workers, --scale, --seconds, --warmup, --contenders.");
            }
            i++;
        }
        if (workload is not ("select" or "tpcb")) throw new ArgumentException($"Unknown workload '{workload}': use select or tpcb.");
        var checkedScale = await CheckScaleAsync(url, scale);
        foreach (var name in contenders)
        {
            await using var contender = Open(name, url);
            var measured = await MeasureAsync(contender, workload == "tpcb", workers, checkedScale, TimeSpan.FromSeconds(warmup), TimeSpan.FromSeconds(seconds));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{name} {measured.Rate:F1} tps {measured.ProcessorPerOperation.TotalMicroseconds:F1} us-cpu"));
        }
        return 0;
    }

    /// <summary>
    /// The scale the tables were initialised with (pgbench_branches holds one row per unit of scale), checked against
    /// <paramref name="given"/> and against the accounts, so that no random key misses its row without anyone noticing.
    /// </summary>
    private static async Task<int> CheckScaleAsync(string url, int? given)
    {
        await using var db = Database.Open(url);
        var branches = (int)await db.ScalarAsync<long>($"SELECT count(*) FROM pgbench_branches");
        var accounts = await db.ScalarAsync<int?>($"SELECT max(aid) FROM pgbench_accounts");
        if (branches == 0) throw new InvalidOperationException("pgbench_branches is empty: run pgbench -i -s <scale> on this database first.");
        if (given is { } scale && scale != branches)
            throw new InvalidOperationException($"--scale {scale} does not match the tables, which pgbench -i initialised with scale {branches}.");
        if (accounts != 100_000 * branches)
            throw new InvalidOperationException($"pgbench_accounts ends at aid {accounts}, not {100_000 * branches}: initialise the tables again with pgbench -i.");
        return branches;
    }

    private static Contender Open(string name, string url) => name switch
    {
        "strata" => new StrataContender(url),
        "strata-unguarded" => new StrataContender(url, ConnectionResilienceOptions.None),
        "strata-no-reset" => new StrataContender(url + (url.Contains('?', StringComparison.Ordinal) ? "&" : "?") + "connection_reset=false"),
        "npgsql" => new DriverContender(url, keep: false),
        "npgsql-no-reset" => new DriverContender(url, keep: false, reset: false),
        "npgsql-kept" => new DriverContender(url, keep: true),
        _ => throw new ArgumentException($"Unknown contender '{name}': use strata, strata-unguarded, strata-no-reset, npgsql, npgsql-no-reset or npgsql-kept."),
    };

    /// <summary>
    /// The connection string Strata's driver builds from such a URL: the URL's parts, the session in UTC and
    /// <c>Max Auto Prepare=128</c> (so repeated statements are prepared on the server after two uses), Npgsql's defaults
    /// otherwise; with <paramref name="reset"/> false, <c>No Reset On Close=true</c> as well.
    /// </summary>
    private static string ConnectionStringOf(string url, bool reset)
    {
        var s = Providers.DatabaseUrl.Parse(url);
        return new NpgsqlConnectionStringBuilder
        {
            Host = s.Host, Port = s.Port ?? 5432, Database = s.Database, Username = s.Username, Password = s.Password,
            Timezone = "UTC",
            MaxAutoPrepare = 128,
            NoResetOnClose = !reset,
        }.ConnectionString;
    }

    private static Task<Measurement> MeasureAsync(Contender contender, bool tpcb, int workers, int scale, TimeSpan warmup, TimeSpan time)
    {
        var accounts = 100_000 * scale;
        var tellers = 10 * scale;
        // The keys are drawn in the order of pgbench's script (aid, bid, tid, delta); the upper bounds of Random.Next are exclusive.
        Func<Worker, Random, Task> operation = tpcb
            ? (worker, random) => worker.TransactionAsync(
                aid: random.Next(1, accounts + 1), bid: random.Next(1, scale + 1), tid: random.Next(1, tellers + 1), delta: random.Next(-5000, 5001))
            : (worker, random) => worker.SelectAsync(random.Next(1, accounts + 1));
        return Throughput.MeasureAsync(workers, contender.StartWorkerAsync, operation, static worker => worker.CloseAsync(), warmup, time);
    }

    private abstract class Contender : IAsyncDisposable
    {
        public abstract ValueTask<Worker> StartWorkerAsync();

        public abstract ValueTask DisposeAsync();
    }

    private abstract class Worker
    {
        /// <summary><c>pgbench -S</c>'s select: the account's balance.</summary>
        public abstract Task<int> SelectAsync(int aid);

        /// <summary>pgbench's TPC-B-like transaction, committed.</summary>
        public abstract Task TransactionAsync(int aid, int bid, int tid, int delta);

        /// <summary>Gives back what the worker held for the whole run.</summary>
        public virtual ValueTask CloseAsync() => default;
    }

    private sealed class StrataContender : Contender
    {
        private readonly Database _db;

        /// <summary>Opens the database from a URL (<c>postgres://…</c>) or from a connection string.</summary>
        public StrataContender(string urlOrConnectionString, ConnectionResilienceOptions? resilience = null)
        {
            var options = urlOrConnectionString.Contains("://", StringComparison.Ordinal)
                ? new DatabaseOptions { Url = urlOrConnectionString }
                : new DatabaseOptions { Provider = "postgres", ConnectionString = urlOrConnectionString };
            if (resilience is not null) options.Resilience = resilience;
            _db = Database.Open(options);
        }

        public override ValueTask<Worker> StartWorkerAsync() => new(new StrataWorker(_db));

        public override ValueTask DisposeAsync() => _db.DisposeAsync();

        private sealed class StrataWorker(Database db) : Worker
        {
            public override Task<int> SelectAsync(int aid) => db.ScalarAsync<int>($"SELECT abalance FROM pgbench_accounts WHERE aid = {aid}");

            // Written as an application would write it: the commands on the transaction, which commits when the work returns.
            public override Task TransactionAsync(int aid, int bid, int tid, int delta) => db.TransactionAsync(async tx =>
            {
                await tx.ExecuteAsync($"UPDATE pgbench_accounts SET abalance = abalance + {delta} WHERE aid = {aid}");
                await tx.ScalarAsync<int>($"SELECT abalance FROM pgbench_accounts WHERE aid = {aid}");
                await tx.ExecuteAsync($"UPDATE pgbench_tellers SET tbalance = tbalance + {delta} WHERE tid = {tid}");
                await tx.ExecuteAsync($"UPDATE pgbench_branches SET bbalance = bbalance + {delta} WHERE bid = {bid}");
                await tx.ExecuteAsync($"INSERT INTO pgbench_history (tid, bid, aid, delta, mtime) VALUES ({tid}, {bid}, {aid}, {delta}, CURRENT_TIMESTAMP)");
            });
        }
    }

    private sealed class DriverContender : Contender
    {
        private readonly NpgsqlDataSource _dataSource;
        private readonly bool _keep;

        public DriverContender(string url, bool keep, bool reset = true)
        {
            _dataSource = NpgsqlDataSource.Create(ConnectionStringOf(url, reset));
            _keep = keep;
        }

        public override async ValueTask<Worker> StartWorkerAsync() =>
            _keep ? await KeptWorker.StartAsync(_dataSource) : new PooledWorker(_dataSource);

        public override ValueTask DisposeAsync() => _dataSource.DisposeAsync();

        private static NpgsqlCommand Command(string sql, NpgsqlConnection connection, params ReadOnlySpan<int> values)
        {
            var command = new NpgsqlCommand(sql, connection);
            foreach (var value in values) command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = value });
            return command;
        }

        private sealed class PooledWorker(NpgsqlDataSource dataSource) : Worker
        {
            public override async Task<int> SelectAsync(int aid)
            {
                await using var connection = await dataSource.OpenConnectionAsync();
                await using var command = Command(Select, connection, aid);
                return (int)(await command.ExecuteScalarAsync())!;
            }

            public override async Task TransactionAsync(int aid, int bid, int tid, int delta)
            {
                await using var connection = await dataSource.OpenConnectionAsync();
                // Npgsql sends BEGIN with the first command rather than on its own round trip.
                await using var transaction = await connection.BeginTransactionAsync();
                await using (var command = Command(UpdateAccount, connection, delta, aid)) await command.ExecuteNonQueryAsync();
                await using (var command = Command(Select, connection, aid)) await command.ExecuteScalarAsync();
                await using (var command = Command(UpdateTeller, connection, delta, tid)) await command.ExecuteNonQueryAsync();
                await using (var command = Command(UpdateBranch, connection, delta, bid)) await command.ExecuteNonQueryAsync();
                await using (var command = Command(InsertHistory, connection, tid, bid, aid, delta)) await command.ExecuteNonQueryAsync();
                await transaction.CommitAsync();
            }
        }

        private sealed class KeptWorker : Worker
        {
            private readonly NpgsqlConnection _connection;
            private readonly NpgsqlCommand _select, _updateAccount, _updateTeller, _updateBranch, _insertHistory;

            private KeptWorker(NpgsqlConnection connection)
            {
                _connection = connection;
                _select = Command(Select, connection, 0);
                _updateAccount = Command(UpdateAccount, connection, 0, 0);
                _updateTeller = Command(UpdateTeller, connection, 0, 0);
                _updateBranch = Command(UpdateBranch, connection, 0, 0);
                _insertHistory = Command(InsertHistory, connection, 0, 0, 0, 0);
            }

            public static async Task<Worker> StartAsync(NpgsqlDataSource dataSource)
            {
                var worker = new KeptWorker(await dataSource.OpenConnectionAsync());
                foreach (var command in worker.Commands) await command.PrepareAsync();
                return worker;
            }

            private NpgsqlCommand[] Commands => [_select, _updateAccount, _updateTeller, _updateBranch, _insertHistory];

            public override async Task<int> SelectAsync(int aid)
            {
                Set(_select, aid);
                return (int)(await _select.ExecuteScalarAsync())!;
            }

            public override async Task TransactionAsync(int aid, int bid, int tid, int delta)
            {
                await using var transaction = await _connection.BeginTransactionAsync();
                Set(_updateAccount, delta, aid);
                await _updateAccount.ExecuteNonQueryAsync();
                Set(_select, aid);
                await _select.ExecuteScalarAsync();
                Set(_updateTeller, delta, tid);
                await _updateTeller.ExecuteNonQueryAsync();
                Set(_updateBranch, delta, bid);
                await _updateBranch.ExecuteNonQueryAsync();
                Set(_insertHistory, tid, bid, aid, delta);
                await _insertHistory.ExecuteNonQueryAsync();
                await transaction.CommitAsync();
            }

            public override async ValueTask CloseAsync()
            {
                foreach (var command in Commands) await command.DisposeAsync();
                await _connection.DisposeAsync();
            }

            private static void Set(NpgsqlCommand command, params ReadOnlySpan<int> values)
            {
                for (var i = 0; i < values.Length; i++) ((NpgsqlParameter<int>)command.Parameters[i]).TypedValue = values[i];
            }
        }
    }
}
