
namespace Strata.Tests;

public class EnvironmentTests
{
    private static Func<string, string?> Env(params (string Key, string Value)[] values)
    {
        var map = values.ToDictionary(v => v.Key, v => v.Value);
        return name => map.GetValueOrDefault(name);
    }

    [Fact]
    public void Database_url_wins()
    {
        var options = DatabaseOptions.FromEnvironment(Env(("DATABASE_URL", "mysql://u:p@h/db"), ("DATABASE_TYPE", "sqlite")));
        Assert.Equal("mysql://u:p@h/db", options.Url);
    }

    [Fact]
    public void Postgres_variables_build_a_url_with_an_encoded_password()
    {
        var options = DatabaseOptions.FromEnvironment(Env(
            ("DATABASE_TYPE", "postgres"), ("POSTGRES_HOST", "pg"), ("POSTGRES_PORT", "6543"), ("POSTGRES_DB", "shop"),
            ("POSTGRES_USER", "app"), ("POSTGRES_PASSWORD", "p@ss:word"), ("POSTGRES_SSL", "true"),
            ("DB_POOL_MIN", "1"), ("DB_POOL_MAX", "9"), ("DB_IDLE_TIMEOUT", "30000")));
        var s = options.ToConnectionSettings();
        Assert.Equal(("pg", 6543, "shop", "app", "p@ss:word", "require"), (s.Host, s.Port!.Value, s.Database!, s.Username!, s.Password!, s.SslMode!));
        Assert.Equal((1, 9, TimeSpan.FromSeconds(30)), (s.MinPoolSize!.Value, s.MaxPoolSize!.Value, s.IdleTimeout!.Value));
    }

    [Fact]
    public void Sqlite_type_uses_the_database_file()
    {
        var options = DatabaseOptions.FromEnvironment(Env(("DATABASE_TYPE", "sqlite"), ("DATABASE_FILE", "data/app.db")));
        Assert.Equal("sqlite:data/app.db", options.Url);
    }

    [Theory]
    [InlineData("DATABASE_TYPE", "oracle", "DATABASE_TYPE 'oracle'")]
    [InlineData("DB_POOL_MAX", "lots", "DB_POOL_MAX 'lots'")]
    public void Invalid_variables_are_named(string key, string value, string expected)
    {
        var env = key == "DATABASE_TYPE" ? Env((key, value)) : Env(("DATABASE_URL", "sqlite:a.db"), (key, value));
        var e = Assert.Throws<DatabaseConfigurationException>(() => DatabaseOptions.FromEnvironment(env));
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Nothing_configured_opens_the_sqlite_file_app_db()
    {
        var options = DatabaseOptions.FromEnvironment(Env());
        Assert.Equal("sqlite:app.db", options.Url);
        Assert.Equal("app.db", options.ToConnectionSettings().FilePath);
    }

    [Fact]
    public void Sqlite_type_without_a_file_uses_app_db()
    {
        Assert.Equal("sqlite:app.db", DatabaseOptions.FromEnvironment(Env(("DATABASE_TYPE", "sqlite"))).Url);
        Assert.Equal("sqlite:other.db", DatabaseOptions.FromEnvironment(Env(("DATABASE_FILE", "other.db"))).Url);
    }

    [Fact]
    public async Task The_sqlite_file_the_environment_chose_is_logged_with_its_full_path()
    {
        var directory = Path.Combine(Path.GetTempPath(), "strata-env-" + Guid.NewGuid().ToString("N"));
        var file = Path.Combine(directory, "app.db");
        var logs = new ListLogger();
        try
        {
            var options = DatabaseOptions.FromEnvironment(Env(("DATABASE_FILE", file)));
            options.LoggerFactory = logs;
            await Database.Open(options).DisposeAsync();
            var line = Assert.Single(logs.Lines, l => l.Contains("SQLite file", StringComparison.Ordinal));
            Assert.Contains(file, line, StringComparison.Ordinal);
            Assert.Contains("DATABASE_FILE", line, StringComparison.Ordinal);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }
    }

    [Theory]
    [InlineData("POSTGRES", "postgres", 15432)]
    [InlineData("POSTGRES", "postgres", 65535)]
    [InlineData("MYSQL", "mysql", 13306)]
    public void Ports_above_ten_thousand_are_accepted(string prefix, string type, int port)
    {
        var options = DatabaseOptions.FromEnvironment(Env(("DATABASE_TYPE", type), ($"{prefix}_PORT", port.ToString(System.Globalization.CultureInfo.InvariantCulture)), ($"{prefix}_DB", "app")));
        Assert.Equal(port, options.ToConnectionSettings().Port);
    }

    [Theory]
    [InlineData("POSTGRES", "postgres", "65536")]
    [InlineData("POSTGRES", "postgres", "0")]
    [InlineData("MYSQL", "mysql", "port")]
    public void Ports_out_of_range_are_named(string prefix, string type, string port)
    {
        var e = Assert.Throws<DatabaseConfigurationException>(() =>
            DatabaseOptions.FromEnvironment(Env(("DATABASE_TYPE", type), ($"{prefix}_PORT", port), ($"{prefix}_DB", "app"))));
        Assert.Contains($"{prefix}_PORT '{port}'", e.Message, StringComparison.Ordinal);
        Assert.Contains("1 to 65535", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("30000", 30_000)]
    [InlineData("250", 250)]
    [InlineData("30s", 30_000)]
    [InlineData("5m", 300_000)]
    [InlineData("1.5s", 1_500)]
    [InlineData("750ms", 750)]
    [InlineData("1h", 3_600_000)]
    public void Idle_timeout_is_in_milliseconds_or_has_a_unit(string value, int milliseconds)
    {
        var options = DatabaseOptions.FromEnvironment(Env(("DB_IDLE_TIMEOUT", value)));
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), options.IdleTimeout);
    }

    [Theory]
    [InlineData("soon", "DB_IDLE_TIMEOUT 'soon'")]
    [InlineData("-5", "DB_IDLE_TIMEOUT '-5'")]
    [InlineData("2d", "DB_IDLE_TIMEOUT '2d'")]
    [InlineData("25h", "at most one day")]
    public void Invalid_idle_timeouts_are_named(string value, string expected)
    {
        var e = Assert.Throws<DatabaseConfigurationException>(() => DatabaseOptions.FromEnvironment(Env(("DB_IDLE_TIMEOUT", value))));
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_server_type_without_its_database_name_says_which_variable_to_set()
    {
        var e = Assert.Throws<DatabaseConfigurationException>(() => DatabaseOptions.FromEnvironment(Env(("DATABASE_TYPE", "postgres"), ("POSTGRES_HOST", "db"))));
        Assert.Contains("POSTGRES_DB", e.Message, StringComparison.Ordinal);
    }

    private sealed class ListLogger : Microsoft.Extensions.Logging.ILoggerFactory, Microsoft.Extensions.Logging.ILogger
    {
        public List<string> Lines { get; } = [];

        public void AddProvider(Microsoft.Extensions.Logging.ILoggerProvider provider) { }

        public Microsoft.Extensions.Logging.ILogger CreateLogger(string categoryName) => this;

        public void Dispose() { }

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(Microsoft.Extensions.Logging.LogLevel logLevel) => true;

        public void Log<TState>(Microsoft.Extensions.Logging.LogLevel logLevel, Microsoft.Extensions.Logging.EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (Lines) Lines.Add(formatter(state, exception));
        }
    }
}
