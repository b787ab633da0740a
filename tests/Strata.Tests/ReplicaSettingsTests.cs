using Strata.Providers;

namespace Strata.Tests;

/// <summary>How replicas are written (<c>?replicas=</c>, <see cref="DatabaseOptions.Replicas"/>) and what each inherits from the primary.</summary>
public class ReplicaSettingsTests
{
    [Fact]
    public void Host_and_port_entries_inherit_everything_else_from_the_primary()
    {
        var options = new DatabaseOptions { Url = "postgres://app:s3cret@primary:5432/shop?sslmode=require&pool_max=40&replicas=replica1:6432,replica2" };
        var replicas = options.ToReplicaSettings();

        Assert.Collection(replicas,
            r => Assert.Equal(("replica1", 6432), (r.Host!, r.Port!.Value)),
            r => Assert.Equal(("replica2", 5432), (r.Host!, r.Port!.Value)));
        Assert.All(replicas, r =>
        {
            Assert.Equal(("postgres", "shop", "app", "s3cret"), (r.Scheme, r.Database!, r.Username!, r.Password!));
            Assert.Equal("require", r.SslMode);
            Assert.Equal(40, r.MaxPoolSize);
            Assert.Empty(r.Replicas);
        });
    }

    [Fact]
    public void MySql_replicas_inherit_server_prepare_and_connection_reset_unless_they_state_their_own()
    {
        var stated = Uri.EscapeDataString("mariadb://replica2:3307?connection_reset=true");
        var options = new DatabaseOptions { Url = $"mariadb://app:pw@primary/shop?server_prepare=off&connection_reset=false&replicas=replica1,{stated}" };
        var replicas = options.ToReplicaSettings();

        Assert.Equal((false, false), (replicas[0].ServerPrepare, replicas[0].ConnectionReset));
        Assert.Equal((false, true), (replicas[1].ServerPrepare, replicas[1].ConnectionReset));
    }

    [Fact]
    public void A_percent_encoded_replica_url_replaces_what_it_states()
    {
        var replica = Uri.EscapeDataString("postgres://reader:other%2Cpw@replica1:6432/shop_copy?application_name=reports");
        var options = new DatabaseOptions { Url = $"postgres://app:s3cret@primary/shop?replicas={replica},[::1]:5433" };
        var replicas = options.ToReplicaSettings();

        Assert.Equal(2, replicas.Count);
        var r = replicas[0];
        Assert.Equal(("replica1", 6432, "shop_copy", "reader", "other,pw", "reports"), (r.Host!, r.Port!.Value, r.Database!, r.Username!, r.Password!, r.ApplicationName!));
        Assert.Equal(("::1", 5433), (replicas[1].Host!, replicas[1].Port!.Value));
    }

    [Fact]
    public void A_replica_naming_another_user_does_not_get_the_primarys_password()
    {
        var options = new DatabaseOptions { Url = "postgres://app:s3cret@primary/shop" };
        options.Replicas.Add("postgres://reader@replica1/shop");
        options.Replicas.Add("postgres://app@replica2");
        var replicas = options.ToReplicaSettings();

        Assert.Null(replicas[0].Password);
        Assert.Equal("s3cret", replicas[1].Password);
    }

    [Fact]
    public void Options_replicas_replace_the_urls_and_connection_strings_stand_on_their_own()
    {
        var options = new DatabaseOptions { Url = "postgres://app:s3cret@primary/shop?replicas=ignored:1", MaxPoolSize = 7 };
        options.Replicas.Add("Host=replica1;Username=reader;Password=pw;Database=shop");
        var replica = Assert.Single(options.ToReplicaSettings());

        Assert.Equal("Host=replica1;Username=reader;Password=pw;Database=shop", replica.ConnectionString);
        Assert.Null(replica.Host);
        Assert.Null(replica.Password);
        Assert.Equal(7, replica.MaxPoolSize);
    }

    [Fact]
    public void A_primary_given_as_a_connection_string_lends_it_to_host_and_port_replicas()
    {
        var options = new DatabaseOptions { Provider = "postgres", ConnectionString = "Host=primary;Username=app;Password=s3cret" };
        options.Replicas.Add("replica1:5433");
        var replica = Assert.Single(options.ToReplicaSettings());

        Assert.Equal("Host=primary;Username=app;Password=s3cret", replica.ConnectionString);
        Assert.Equal(("replica1", 5433), (replica.Host!, replica.Port!.Value));
    }

    [Theory]
    [InlineData("postgres://u:pw@h/db?replicas=", "empty entry")]
    [InlineData("postgres://u:pw@h/db?replicas=a:1,,b:2", "empty entry")]
    [InlineData("postgres://u:pw@h/db?replicas=replica:99999", "not a valid host:port")]
    [InlineData("postgres://u:pw@h/db?replicas=reader%40replica", "neither a URL nor a host:port")]
    [InlineData("postgres://u:pw@h/db?replicas=postgres%3A%2F%2Fr%2Fdb%3Freplicas%3Dx", "cannot have replicas")]
    [InlineData("sqlite:app.db?replicas=a:1", "no read replicas")]
    public void Malformed_replicas_fail_with_a_message_naming_the_problem(string url, string expected)
    {
        var error = Assert.Throws<DatabaseConfigurationException>(() => new DatabaseOptions { Url = url }.ToReplicaSettings());
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Replica_passwords_never_appear_in_errors_or_ToString()
    {
        var replica = Uri.EscapeDataString("postgres://reader:hunter2@replica1:notaport/db");
        var options = new DatabaseOptions { Url = $"postgres://app:s3cret@primary/shop?replicas={replica}" };

        var error = Assert.Throws<DatabaseConfigurationException>(() => options.ToReplicaSettings());
        Assert.DoesNotContain("hunter2", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", options.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret", options.ToString(), StringComparison.Ordinal);
        Assert.Contains("reader:***@replica1", options.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", ConnectionStringRedactor.Redact($"postgres://app@primary/shop?pool_max=2&replicas={replica}"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(-1.0, 5.0, "ReadYourWritesWindow")]
    [InlineData(5.0, 0.0, "ReplicaProbeDelay")]
    public void Replica_timings_are_validated(double windowSeconds, double probeSeconds, string named)
    {
        var options = new DatabaseOptions
        {
            Url = "postgres://u@h/db", ReadYourWritesWindow = TimeSpan.FromSeconds(windowSeconds), ReplicaProbeDelay = TimeSpan.FromSeconds(probeSeconds),
        };
        Assert.Contains(named, Assert.Throws<DatabaseConfigurationException>(() => options.ToConnectionSettings()).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_replica_of_another_kind_of_database_is_refused_at_open()
    {
        var options = new DatabaseOptions { Url = "postgres://u:pw@127.0.0.1/db" };
        options.Replicas.Add("mysql://u:pw@127.0.0.1/db");
        var error = Assert.Throws<DatabaseConfigurationException>(() => Database.Open(options));
        Assert.Contains("must be a copy of the primary", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(":pw@", error.Message, StringComparison.Ordinal);
    }
}
