using System.Reflection;
using Strata.Providers;

namespace Strata.Tests;

public class ProviderTests
{
    [Fact]
    public void A_scheme_whose_package_is_missing_names_the_package_to_add()
    {
        var e = Assert.Throws<DatabaseConfigurationException>(() =>
            DatabaseProviders.LoadFromPackage("postgres", name => throw new FileNotFoundException("not found", name.Name)));
        Assert.Contains("Strata.Postgres", e.Message, StringComparison.Ordinal);
        Assert.Contains("dotnet add package Strata.Postgres", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_scheme_lists_the_known_ones()
    {
        var e = Assert.Throws<DatabaseConfigurationException>(() => Database.Open("oracle://u:p@h/db"));
        Assert.Contains("Unknown database scheme 'oracle'", e.Message, StringComparison.Ordinal);
        Assert.Contains("postgres", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("sqlite", "Strata.Sqlite.SqliteProvider")]
    [InlineData("postgres", "Strata.Postgres.PostgresProvider")]
    [InlineData("cockroachdb", "Strata.Postgres.PostgresProvider")]
    [InlineData("mariadb", "Strata.MySql.MySqlProvider")]
    public void Referenced_provider_packages_are_found_by_scheme(string scheme, string type)
    {
        Assert.Equal(type, DatabaseProviders.LoadFromPackage(scheme, Assembly.Load).GetType().FullName);
    }
}
