using SE = StackExchange.Redis;

namespace Strata.Redis;

/// <summary>Turns StackExchange.Redis's exceptions into Strata's, saying what happened and where, without the password.</summary>
internal static class RedisErrors
{
    /// <summary>The dialect name Redis errors carry (<see cref="DatabaseException.Dialect"/>).</summary>
    public const string Dialect = "redis";

    /// <summary>True for the exceptions <see cref="Translate"/> handles.</summary>
    public static bool IsRedisError(Exception e) =>
        e is SE.RedisException or SE.RedisCommandException or TimeoutException or System.Net.Sockets.SocketException or IOException && e is not DatabaseException;

    /// <summary>The Strata exception for <paramref name="error"/>, raised by <paramref name="operation"/> against <paramref name="where"/>.</summary>
    public static Exception Translate(Exception error, string operation, string where)
    {
        switch (error)
        {
            case DatabaseException or OperationCanceledException:
                return error;
            case SE.RedisTimeoutException or TimeoutException:
                return new RedisCommandTimeoutException($"Redis did not answer {operation} on {where} in time. Check the server's load and the network, or raise command_timeout.", error);
            case SE.RedisConnectionException connection:
                return new RedisConnectionFailureException(
                    $"Redis could not be reached for {operation} on {where} ({connection.FailureType}). Check that the server runs and the address is right; the store reconnects by itself.", error);
            case SE.RedisCommandException command when command.Message.Contains("single slot", StringComparison.Ordinal):
                return new RedisRedirectException($"The Redis Cluster at {where} cannot serve {operation}: its keys are in different hash slots. " +
                    "Keys of one command must share a hash slot: give them the same {hash tag}.", false, error);
            case SE.RedisServerException server when IsRedirect(server.Message, out var transient):
                return new RedisRedirectException($"The Redis Cluster at {where} could not serve {operation}: {FirstLine(server.Message)}. " +
                    (transient ? "Check that every node is up and the cluster's state is ok." : "Keys of one command must share a hash slot: give them the same {hash tag}."), transient, error);
            case SE.RedisServerException server when operation.StartsWith("EVAL", StringComparison.Ordinal) || IsScript(server.Message):
                return new RedisScriptException($"A Lua script of {operation} failed on {where}: {FirstLine(server.Message)}", error);
            case SE.RedisException redis:
                return new DatabaseException($"Redis answered {operation} on {where} with an error: {FirstLine(redis.Message)}", new DatabaseErrorDetails(Dialect), error);
            case System.Net.Sockets.SocketException or IOException:
                return new RedisConnectionFailureException($"The connection to Redis at {where} broke during {operation}.", error);
            default:
                return error;
        }
    }

    private static bool IsRedirect(string message, out bool transient)
    {
        transient = !message.StartsWith("CROSSSLOT", StringComparison.Ordinal);
        return message.StartsWith("MOVED", StringComparison.Ordinal) || message.StartsWith("ASK", StringComparison.Ordinal)
            || message.StartsWith("CLUSTERDOWN", StringComparison.Ordinal) || !transient || message.StartsWith("TRYAGAIN", StringComparison.Ordinal);
    }

    private static bool IsScript(string message) =>
        message.Contains("script", StringComparison.OrdinalIgnoreCase) || message.StartsWith("NOSCRIPT", StringComparison.Ordinal);

    private static string FirstLine(string message)
    {
        var end = message.IndexOfAny(['\r', '\n']);
        var line = end < 0 ? message : message[..end];
        return line.Length > 300 ? line[..300] + "…" : line;
    }
}
