using Strata.Providers;

namespace Strata.Tests;

public class DatabaseUrlTests
{
    [Theory]
    [InlineData("postgres://app:pw@db.local:6543/shop", "postgres", "db.local", 6543, "shop", "app", "pw")]
    [InlineData("postgresql://app:pw@127.0.0.1/shop", "postgresql", "127.0.0.1", null, "shop", "app", "pw")]
    [InlineData("cockroachdb://root@localhost:26257/defaultdb", "cockroachdb", "localhost", 26257, "defaultdb", "root", null)]
    [InlineData("mysql://u:p@localhost:3306/app", "mysql", "localhost", 3306, "app", "u", "p")]
    [InlineData("mariadb://u@localhost/app", "mariadb", "localhost", null, "app", "u", null)]
    [InlineData("postgres://[::1]:5432/app", "postgres", "::1", 5432, "app", null, null)]
    public void Server_urls_parse_into_their_parts(string url, string scheme, string host, int? port, string database, string? user, string? password)
    {
        var s = DatabaseUrl.Parse(url);
        Assert.Equal(scheme, s.Scheme);
        Assert.Equal(host, s.Host);
        Assert.Equal(port, s.Port);
        Assert.Equal(database, s.Database);
        Assert.Equal(user, s.Username);
        Assert.Equal(password, s.Password);
    }

    [Fact]
    public void Percent_encoded_user_and_password_are_decoded()
    {
        var s = DatabaseUrl.Parse("postgres://my%40user:p%40ss%2Fw%3Ard@host/db");
        Assert.Equal("my@user", s.Username);
        Assert.Equal("p@ss/w:rd", s.Password);
    }

    [Fact]
    public void A_password_with_unencoded_at_slash_and_question_mark_still_parses()
    {
        var s = DatabaseUrl.Parse("postgres://u:a/b?c@d@host:5432/db");
        Assert.Equal("a/b?c@d", s.Password);
        Assert.Equal("host", s.Host);
        Assert.Equal("db", s.Database);
    }

    [Fact]
    public void Query_options_are_read()
    {
        var s = DatabaseUrl.Parse("postgres://u:p@h/db?sslmode=require&pool_min=2&pool_max=20&connect_timeout=5&command_timeout=2.5&application_name=shop&idle_timeout=60&connection_lifetime=600");
        Assert.Equal("require", s.SslMode);
        Assert.Equal(2, s.MinPoolSize);
        Assert.Equal(20, s.MaxPoolSize);
        Assert.Equal(TimeSpan.FromSeconds(5), s.ConnectTimeout);
        Assert.Equal(TimeSpan.FromSeconds(2.5), s.CommandTimeout);
        Assert.Equal("shop", s.ApplicationName);
        Assert.Equal(TimeSpan.FromSeconds(60), s.IdleTimeout);
        Assert.Equal(TimeSpan.FromSeconds(600), s.ConnectionLifetime);
    }

    [Theory]
    [InlineData("sqlite:app.db", "app.db")]
    [InlineData("sqlite:data/dir/app.db", "data/dir/app.db")]
    [InlineData("sqlite:/var/lib/app.db", "/var/lib/app.db")]
    [InlineData("sqlite::memory:", ":memory:")]
    public void Sqlite_urls_name_a_file_or_memory(string url, string path)
    {
        var s = DatabaseUrl.Parse(url);
        Assert.Equal("sqlite", s.Scheme);
        Assert.Equal(path, s.FilePath);
        Assert.Equal(path == ":memory:", s.IsInMemory);
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("localhost:5432", "scheme")]
    [InlineData("postgres:/host/db", "not followed by")]
    [InlineData("postgres://u:hunter2@host:99999/db", "port '99999'")]
    [InlineData("postgres://u:hunter2@host:abc/db", "port 'abc'")]
    [InlineData("postgres://u:hunter2@/db", "no host")]
    [InlineData("postgres://u:hunter2@ho st/db", "invalid character")]
    [InlineData("postgres://u:hunter2@host/db?sslmode=maybe", "sslmode 'maybe'")]
    [InlineData("postgres://u:hunter2@host/db?pool_max=0", "pool_max '0'")]
    [InlineData("postgres://u:hunter2@host/db?pool_min=5&pool_max=2", "pool_min (5) is larger than pool_max (2)")]
    [InlineData("postgres://u:hunter2@host/db?colour=blue", "Unknown option 'colour'")]
    [InlineData("postgres://u:hunter2@host/db?connect_timeout=soon", "connect_timeout 'soon'")]
    [InlineData("postgres://u:hunter2@host/a/b", "contains '/'")]
    [InlineData("sqlite:", "no file path")]
    [InlineData("mysql://u:hunter2@[::1/db", "IPv6")]
    [InlineData("postgres://u:hunter2@host/db?pool_max=3&pool_max=4", "'pool_max' is given twice")]
    [InlineData("postgres://u:hunter2@host/db?pool_max=3&max_pool_size=4", "as 'pool_max' and as 'max_pool_size'")]
    [InlineData("mysql://u:hunter2@host/db?sslmode=require&ssl-mode=disable", "'sslmode' is given twice")]
    [InlineData("postgress://u:hunter2@host/db", "Unknown database scheme 'postgress'")]
    [InlineData("http://u:hunter2@host/db", "Start the URL with 'sqlite:', 'postgres://'")]
    public void Malformed_urls_say_which_part_is_wrong_and_never_show_the_password(string url, string expected)
    {
        var e = Assert.Throws<DatabaseConfigurationException>(() => DatabaseUrl.Parse(url));
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("postgres://u:hunter2@host:5432")]
    [InlineData("postgres://u:hunter2@host/")]
    [InlineData("mariadb://u:hunter2@host")]
    public void A_server_url_without_a_database_name_says_where_to_put_it(string url)
    {
        var e = Assert.Throws<DatabaseConfigurationException>(() => new DatabaseOptions { Url = url }.ToConnectionSettings());
        Assert.Contains("names no database", e.Message, StringComparison.Ordinal);
        Assert.Contains("host:port/database", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("postgres://u@h/db?idle_timeout=30", 30_000)]
    [InlineData("postgres://u@h/db?idle_timeout=5m", 300_000)]
    [InlineData("postgres://u@h/db?idle_timeout=1500ms", 1_500)]
    public void Url_durations_are_seconds_or_have_a_unit(string url, int milliseconds) =>
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), DatabaseUrl.Parse(url).IdleTimeout);

    [Fact]
    public void A_sqlite_path_that_is_a_directory_says_to_give_a_file()
    {
        var directory = Directory.CreateTempSubdirectory("strata-dir-").FullName;
        try
        {
            var e = Assert.Throws<ConnectionFailureException>(() => Database.Open("sqlite:" + directory));
            Assert.Contains("is a directory", e.Message, StringComparison.Ordinal);
            Assert.Contains("app.db", e.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(directory);
        }
    }

    [Fact]
    public void A_sqlite_directory_that_cannot_be_created_says_what_to_change()
    {
        // A regular file where the directory should be: no process can create the directory, root included.
        var blocker = Path.GetTempFileName();
        try
        {
            var e = Assert.Throws<DatabaseConfigurationException>(() => Database.Open("sqlite:" + Path.Combine(blocker, "data", "app.db")));
            Assert.Contains("cannot be created", e.Message, StringComparison.Ordinal);
            Assert.Contains("DATABASE_FILE", e.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(blocker);
        }
    }

    [Fact]
    public void Options_override_the_url_and_are_validated()
    {
        var options = new DatabaseOptions { Url = "postgres://u:p@h/db?pool_max=5", MaxPoolSize = 50, CommandTimeout = TimeSpan.FromSeconds(3) };
        var s = options.ToConnectionSettings();
        Assert.Equal(50, s.MaxPoolSize);
        Assert.Equal(TimeSpan.FromSeconds(3), s.CommandTimeout);

        Assert.Contains("MaxPoolSize", Assert.Throws<DatabaseConfigurationException>(() => new DatabaseOptions { Url = "sqlite:a.db", MaxPoolSize = 0 }.ToConnectionSettings()).Message, StringComparison.Ordinal);
        Assert.Contains("CommandTimeout", Assert.Throws<DatabaseConfigurationException>(() => new DatabaseOptions { Url = "sqlite:a.db", CommandTimeout = TimeSpan.FromSeconds(-1) }.ToConnectionSettings()).Message, StringComparison.Ordinal);
        Assert.Contains("Provider", Assert.Throws<DatabaseConfigurationException>(() => new DatabaseOptions { ConnectionString = "Host=x" }.ToConnectionSettings()).Message, StringComparison.Ordinal);
        Assert.Contains("Both", Assert.Throws<DatabaseConfigurationException>(() => new DatabaseOptions { Url = "sqlite:a.db", ConnectionString = "Data Source=a.db", Provider = "sqlite" }.ToConnectionSettings()).Message, StringComparison.Ordinal);
        Assert.Contains("No database", Assert.Throws<DatabaseConfigurationException>(() => new DatabaseOptions().ToConnectionSettings()).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Passwords_are_redacted_everywhere_a_target_is_shown()
    {
        const string secret = "hunter2";
        var options = new DatabaseOptions { Url = $"postgres://app:{secret}@h/db" };
        Assert.DoesNotContain(secret, options.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(secret, options.ToConnectionSettings().ToString(), StringComparison.Ordinal);
        var native = new DatabaseOptions { Provider = "postgres", ConnectionString = $"Host=h;Username=app;Password={secret}" };
        Assert.DoesNotContain(secret, native.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(secret, native.ToConnectionSettings().ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(secret, ConnectionStringRedactor.Redact($"Server=h;Pwd={secret};User=u"), StringComparison.Ordinal);
        Assert.DoesNotContain(secret, ConnectionStringRedactor.Redact($"mysql://u:{secret}@h/db"), StringComparison.Ordinal);
    }

    [Fact]
    public void A_SQLite_URL_is_shown_as_written_since_it_holds_no_password() =>
        Assert.Equal("sqlite:data/app.db", new DatabaseOptions { Url = "sqlite:data/app.db" }.ToString());

    [Theory]
    [InlineData("mysql://u@h/db?allow_load_local_infile=true", true)]
    [InlineData("mariadb://u@h/db?pool_max=5&allow-load-local-infile=FALSE", false)]
    [InlineData("mariadb://u@h/db", null)]
    public void Allow_load_local_infile_is_a_mysql_option_of_true_or_false(string url, bool? expected) =>
        Assert.Equal(expected, DatabaseUrl.Parse(url).AllowLoadLocalInfile);

    [Theory]
    [InlineData("mysql://u@h/db?allow_load_local_infile=yes", "give true or false")]
    [InlineData("mysql://u@h/db?allow_load_local_infile", "give true or false")]
    [InlineData("postgres://u@h/db?allow_load_local_infile=true", "MySQL/MariaDB option")]
    [InlineData("sqlite:app.db?allow_load_local_infile=true", "MySQL/MariaDB option")]
    public void Allow_load_local_infile_with_a_bad_value_or_another_database_is_refused(string url, string expected)
    {
        var e = Assert.Throws<DatabaseConfigurationException>(() => DatabaseUrl.Parse(url));
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("mysql://u@h/db?server_prepare=auto", true, null)]
    [InlineData("mariadb://u@h/db?server-prepare=OFF&connection_reset=true", false, true)]
    [InlineData("mariadb://u@h/db?connection_reset=false", null, false)]
    [InlineData("mariadb://u@h/db", null, null)]
    [InlineData("postgres://u@h/db?connection_reset=false", null, false)]
    [InlineData("cockroachdb://u@h/db?connection-reset=TRUE", null, true)]
    public void Server_prepare_is_a_mysql_option_and_connection_reset_a_server_option(string url, bool? prepare, bool? reset)
    {
        var settings = DatabaseUrl.Parse(url);
        Assert.Equal(prepare, settings.ServerPrepare);
        Assert.Equal(reset, settings.ConnectionReset);
    }

    [Theory]
    [InlineData("mysql://u@h/db?server_prepare=true", "server_prepare 'true' is not valid: give auto")]
    [InlineData("mysql://u@h/db?connection_reset=1", "connection_reset '1' is not valid: give true or false")]
    [InlineData("postgres://u@h/db?server_prepare=off", "server_prepare is a MySQL/MariaDB option")]
    [InlineData("sqlite:app.db?connection_reset=true", "connection_reset is an option of database servers")]
    [InlineData("postgres://u@h/db?connection_reset=no", "connection_reset 'no' is not valid: give true or false")]
    public void Server_prepare_or_connection_reset_with_a_bad_value_or_another_database_is_refused(string url, string expected)
    {
        var e = Assert.Throws<DatabaseConfigurationException>(() => DatabaseUrl.Parse(url));
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }
}
