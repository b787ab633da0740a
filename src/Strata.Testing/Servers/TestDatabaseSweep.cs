using System.Collections.Concurrent;

namespace Strata.Testing.Servers;

/// <summary>Drops, once per server and process, the test databases whose processes are gone (a killed run's).</summary>
internal static class TestDatabaseSweep
{
    private static readonly ConcurrentDictionary<string, Lazy<Task>> Swept = new(StringComparer.Ordinal);

    /// <summary>Sweeps the server of <paramref name="url"/> unless this process did already.</summary>
    public static Task OnceAsync(TestServer server, string url, TestDatabaseOptions options, CancellationToken cancellationToken)
    {
        var key = server.UrlOf("") + "|" + options.NamePrefix;
        var sweep = Swept.GetOrAdd(key, _ => new Lazy<Task>(() => SweepAsync(server, options, cancellationToken)));
        return sweep.Value;
    }

    /// <summary>Drops the abandoned test databases of one server; returns their names.</summary>
    public static async Task<IReadOnlyList<string>> SweepAsync(TestServer server, TestDatabaseOptions options, CancellationToken cancellationToken)
    {
        var now = DateTimeOffset.UtcNow;
        var names = await server.ListAsync(options.NamePrefix, cancellationToken).ConfigureAwait(false);
        var dropped = new List<string>();
        foreach (var name in names.Where(n => TestDatabaseName.IsAbandoned(n, options.NamePrefix, options.StaleAfter, now)))
        {
            await server.DropAsync(name, cancellationToken).ConfigureAwait(false);
            dropped.Add(name);
        }
        return dropped;
    }
}
