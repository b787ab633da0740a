
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
            ("DB_POOL_MIN", "1"), ("DB_POOL_MAX", "9"), ("DB_IDLE_TIMEOUT", "30")));
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
    public void Nothing_configured_says_what_to_set()
    {
        var e = Assert.Throws<DatabaseConfigurationException>(() => DatabaseOptions.FromEnvironment(Env()));
        Assert.Contains("DATABASE_URL", e.Message, StringComparison.Ordinal);
    }
}
