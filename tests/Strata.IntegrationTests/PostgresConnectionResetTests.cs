using Strata.IntegrationTests.Infrastructure;

namespace Strata.IntegrationTests;

/// <summary>
/// <c>connection_reset</c> on PostgreSQL: by default (Npgsql's own) session state a command leaves is reset before the pooled
/// connection serves again; with <c>connection_reset=false</c> it stays, on a pool of one connection so that every command
/// gets the same one.
/// </summary>
public class PostgresConnectionResetTests
{
    [Theory]
    [InlineData(null, "0")]
    [InlineData("connection_reset=true", "0")]
    [InlineData("connection_reset=false", "4321ms")]
    public async Task Session_state_is_reset_between_pooled_uses_unless_connection_reset_is_false(string? option, string expected)
    {
        await using var database = await TestDatabase.OpenAsync(Db.Postgres, o =>
        {
            if (option is not null) o.Url += (o.Url!.Contains('?', StringComparison.Ordinal) ? "&" : "?") + option;
            o.MaxPoolSize = 1;
        });

        await database.ExecuteAsync($"SET lock_timeout = 4321");

        Assert.Equal(expected, await database.ScalarAsync<string>($"SHOW lock_timeout"));
        await database.ExecuteAsync($"RESET lock_timeout");
    }
}
