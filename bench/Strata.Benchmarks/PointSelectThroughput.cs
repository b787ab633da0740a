using System.Globalization;
using MySqlConnector;

namespace Strata.Benchmarks;

/// <summary>
/// Throughput of <c>sysbench oltp_point_select</c>'s query (<c>SELECT c FROM sbtestN WHERE id = ?</c>, a random table and a
/// random id) from concurrent workers for a fixed time, on the tables <c>sysbench … prepare</c> created. Each worker runs
/// one select after another; the rate is all workers' selects divided by the measured time, after a warm-up.
/// </summary>
/// <remarks>
/// Run it with <c>dotnet run -c Release --project bench/Strata.Benchmarks -- point-select [options]</c>; bench/mysql-point-select/run.sh
/// runs sysbench and this side by side. Contenders:
/// <list type="bullet">
/// <item><c>strata</c>: <c>db.ScalarAsync&lt;string&gt;($"SELECT c FROM … WHERE id = {id}")</c> on a database opened with the URL and <c>server_prepare=auto</c>.</item>
/// <item><c>strata-unprepared</c>: the same with <c>server_prepare=off</c> instead.</item>
/// <item><c>strata-reset</c>: the same with <c>connection_reset=true</c>: each pooled open resets the connection, as MySqlConnector
/// does by default and Strata did before, and nothing is prepared by itself.</item>
/// <item><c>strata-unguarded</c>: <c>strata</c> with <c>Resilience = ConnectionResilienceOptions.None</c> (no retry or circuit breaker
/// around each open).</item>
/// <item><c>mysqlconnector</c>: a pooled connection opened per select and an unprepared command, with Strata's pool settings.</item>
/// <item><c>mysqlconnector-prepared</c>: the same, prepared (<c>PrepareAsync</c> per select, which MySqlConnector answers from its
/// per-connection cache once the text was prepared on that connection).</item>
/// <item><c>mysqlconnector-kept</c>: one connection per worker for the whole run and one prepared command, as sysbench does.</item>
/// </list>
/// </remarks>
public static class PointSelectThroughput
{
    /// <summary>Parses the options, runs each contender in turn and prints one line per contender: <c>name rate selects/s</c>.</summary>
    public static async Task<int> RunAsync(string[] args)
    {
        var url = Environment.GetEnvironmentVariable("STRATA_MARIADB_URL") ?? "mariadb://strata:strata@127.0.0.1:3306/strata_test";
        int workers = 8, tables = 4, tableSize = 100_000;
        double seconds = 10, warmup = 2;
        string[] contenders = ["strata"];
        for (var i = 0; i < args.Length; i++)
        {
            var value = i + 1 < args.Length ? args[i + 1] : throw new ArgumentException($"{args[i]} needs a value.");
            switch (args[i])
            {
                case "--url": url = value; break;
                case "--workers": workers = int.Parse(value, CultureInfo.InvariantCulture); break;
                case "--tables": tables = int.Parse(value, CultureInfo.InvariantCulture); break;
                case "--table-size": tableSize = int.Parse(value, CultureInfo.InvariantCulture); break;
                case "--seconds": seconds = double.Parse(value, CultureInfo.InvariantCulture); break;
                case "--warmup": warmup = double.Parse(value, CultureInfo.InvariantCulture); break;
                case "--contenders": contenders = value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries); break;
                default: throw new ArgumentException($"Unknown option {args[i]}: use --url, --workers, --tables, --table-size, --seconds, --warmup, --contenders.");
            }
            i++;
        }
        var queries = Enumerable.Range(1, tables).Select(t => $"SELECT c FROM sbtest{t} WHERE id = @id").ToArray();
        foreach (var name in contenders)
        {
            await using var contender = Open(name, url, queries);
            var rate = await MeasureAsync(contender, workers, tables, tableSize, TimeSpan.FromSeconds(warmup), TimeSpan.FromSeconds(seconds));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name} {rate:F1} selects/s"));
        }
        return 0;
    }

    private static Contender Open(string name, string url, string[] queries) => name switch
    {
        "strata" => new StrataContender(WithOption(url, "server_prepare=auto"), queries.Length),
        "strata-unprepared" => new StrataContender(WithOption(url, "server_prepare=off"), queries.Length),
        "strata-reset" => new StrataContender(WithOption(url, "connection_reset=true"), queries.Length),
        "strata-unguarded" => new StrataContender(WithOption(url, "server_prepare=auto"), queries.Length, ConnectionResilienceOptions.None),
        "mysqlconnector" => new DriverContender(url, queries, prepare: false, keep: false),
        "mysqlconnector-prepared" => new DriverContender(url, queries, prepare: true, keep: false),
        "mysqlconnector-kept" => new DriverContender(url, queries, prepare: true, keep: true),
        _ => throw new ArgumentException(
            $"Unknown contender '{name}': use strata, strata-unprepared, strata-reset, strata-unguarded, mysqlconnector, mysqlconnector-prepared or mysqlconnector-kept."),
    };

    private static string WithOption(string url, string option) => url + (url.Contains('?', StringComparison.Ordinal) ? "&" : "?") + option;

    private static async Task<double> MeasureAsync(Contender contender, int workers, int tables, int tableSize, TimeSpan warmup, TimeSpan time) =>
        (await Throughput.MeasureAsync(
            workers,
            contender.StartWorkerAsync,
            async (worker, random) =>
            {
                var c = await worker.SelectAsync(random.Next(tables), random.Next(1, tableSize + 1));
                if (c is null) throw new InvalidOperationException("A point select found no row: are the sbtest tables prepared with this --table-size?");
            },
            static worker => worker.CloseAsync(),
            warmup, time)).Rate;

    private abstract class Contender : IAsyncDisposable
    {
        public abstract ValueTask<Worker> StartWorkerAsync();

        public abstract ValueTask DisposeAsync();
    }

    private abstract class Worker
    {
        public abstract Task<string?> SelectAsync(int table, int id);

        /// <summary>Gives back what the worker held for the whole run.</summary>
        public virtual ValueTask CloseAsync() => default;
    }

    private sealed class StrataContender : Contender
    {
        private readonly Database _db;
        private readonly Sql[] _tables;

        public StrataContender(string url, int tables, ConnectionResilienceOptions? resilience = null)
        {
            var options = new DatabaseOptions { Url = url };
            if (resilience is not null) options.Resilience = resilience;
            _db = Database.Open(options);
            _tables = Enumerable.Range(1, tables).Select(t => Sql.Identifier("sbtest" + t.ToString(CultureInfo.InvariantCulture))).ToArray();
        }

        public override ValueTask<Worker> StartWorkerAsync() => new(new StrataWorker(_db, _tables));

        public override ValueTask DisposeAsync() => _db.DisposeAsync();

        private sealed class StrataWorker(Database db, Sql[] tables) : Worker
        {
            public override Task<string?> SelectAsync(int table, int id) => db.ScalarAsync<string>($"SELECT c FROM {tables[table]} WHERE id = {id}");
        }
    }

    private sealed class DriverContender : Contender
    {
        private readonly MySqlDataSource _dataSource;
        private readonly string[] _queries;
        private readonly bool _prepare;
        private readonly bool _keep;

        public DriverContender(string url, string[] queries, bool prepare, bool keep)
        {
            var s = Providers.DatabaseUrl.Parse(url);
            // The settings Strata's driver builds from such a URL: the URL's parts, its reset and prepare choices, MySqlConnector's
            // defaults otherwise.
            _dataSource = new MySqlDataSourceBuilder(new MySqlConnectionStringBuilder
            {
                Server = s.Host, Port = (uint)(s.Port ?? 3306), Database = s.Database, UserID = s.Username, Password = s.Password,
                // Strata does not reset pooled connections unless the URL says connection_reset=true.
                ConnectionReset = s.ConnectionReset ?? false,
                IgnorePrepare = s.ServerPrepare == false,
            }.ConnectionString).Build();
            _queries = queries;
            _prepare = prepare;
            _keep = keep;
        }

        public override async ValueTask<Worker> StartWorkerAsync() =>
            _keep ? await KeptWorker.StartAsync(_dataSource, _queries) : new PooledWorker(_dataSource, _queries, _prepare);

        public override ValueTask DisposeAsync() => _dataSource.DisposeAsync();

        private sealed class PooledWorker(MySqlDataSource dataSource, string[] queries, bool prepare) : Worker
        {
            public override async Task<string?> SelectAsync(int table, int id)
            {
                await using var connection = await dataSource.OpenConnectionAsync();
                await using var command = new MySqlCommand(queries[table], connection);
                command.Parameters.Add(new MySqlParameter("@id", MySqlDbType.Int32) { Value = id });
                if (prepare) await command.PrepareAsync();
                return (string?)await command.ExecuteScalarAsync();
            }
        }

        private sealed class KeptWorker : Worker
        {
            private readonly MySqlConnection _connection;
            private readonly MySqlCommand[] _commands;

            private KeptWorker(MySqlConnection connection, MySqlCommand[] commands)
            {
                _connection = connection;
                _commands = commands;
            }

            public static async Task<Worker> StartAsync(MySqlDataSource dataSource, string[] queries)
            {
                var connection = await dataSource.OpenConnectionAsync();
                var commands = new MySqlCommand[queries.Length];
                for (var i = 0; i < queries.Length; i++)
                {
                    commands[i] = new MySqlCommand(queries[i], connection);
                    commands[i].Parameters.Add(new MySqlParameter("@id", MySqlDbType.Int32));
                    await commands[i].PrepareAsync();
                }
                return new KeptWorker(connection, commands);
            }

            public override async Task<string?> SelectAsync(int table, int id)
            {
                var command = _commands[table];
                command.Parameters[0].Value = id;
                return (string?)await command.ExecuteScalarAsync();
            }

            public override async ValueTask CloseAsync()
            {
                foreach (var command in _commands) await command.DisposeAsync();
                await _connection.DisposeAsync();
            }
        }
    }
}
