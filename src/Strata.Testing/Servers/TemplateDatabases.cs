using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace Strata.Testing.Servers;

/// <summary>
/// PostgreSQL template databases: migrated and seeded once per process (per set of migrations, modules and seeds), then copied
/// for each test database. A template is named like a test database of this process with a marker and the hash in front
/// (<c>{prefix}tpl{hash}_{machine}_{pid}_{start}_{random}</c>), so that it is dropped when the process exits and, when the
/// process was killed, swept like any test database it left.
/// </summary>
internal static class TemplateDatabases
{
    /// <summary>What starts the part of a template's name after the prefix.</summary>
    public const string Marker = "tpl";

    private static readonly ConcurrentDictionary<string, Lazy<Task<string>>> Ready = new(StringComparer.Ordinal);

    private static readonly ConcurrentDictionary<string, TestServer> Built = new(StringComparer.Ordinal);

    private static int _exitHook;

    /// <summary>The template for what <paramref name="configured"/> applies, built unless this process has built it.</summary>
    public static Task<string> EnsureAsync(TestServer server, Database database, DatabaseOptions configured, TestDatabaseOptions options, CancellationToken cancellationToken)
    {
        var hash = Key(database, configured, options.SeedEnvironment);
        var key = server.UrlOf("") + "|" + options.NamePrefix + "|" + hash;
        var lazy = Ready.GetOrAdd(key, _ => new Lazy<Task<string>>(() => BuildAsync(server, options.NamePrefix + Marker + hash + "_", options, cancellationToken)));
        var task = lazy.Value;
        // A failed build is tried again by the next test rather than failing every one after it.
        if (task.IsFaulted || task.IsCanceled) Ready.TryRemove(new KeyValuePair<string, Lazy<Task<string>>>(key, lazy));
        return task;
    }

    private static async Task<string> BuildAsync(TestServer server, string namePrefix, TestDatabaseOptions options, CancellationToken cancellationToken)
    {
        var name = TestDatabaseName.New(namePrefix);
        await server.CreateAsync(name, null, cancellationToken).ConfigureAwait(false);
        Built[name] = server;
        HookExit();
        try
        {
            var (database, configured) = TestDatabase.OpenConfigured(server.UrlOf(name), options);
            await using (database.ConfigureAwait(false))
                await TestDatabasePreparation.PrepareAsync(database, configured, options.SeedEnvironment, cancellationToken).ConfigureAwait(false);
            return name;
        }
        catch
        {
            Built.TryRemove(name, out _);
            await server.DropAsync(name, CancellationToken.None).ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Drops this process's templates (those whose names start with <paramref name="namePrefix"/>); what it misses (a killed process) the next run's sweep drops.</summary>
    public static async Task DropAllAsync(string namePrefix = "")
    {
        foreach (var key in Ready.Keys.Where(k => k.Contains("|" + namePrefix, StringComparison.Ordinal))) Ready.TryRemove(key, out _);
        foreach (var (name, server) in Built.ToArray())
        {
            if (!name.StartsWith(namePrefix, StringComparison.Ordinal) || !Built.TryRemove(name, out _)) continue;
            await server.DropAsync(name, CancellationToken.None).ConfigureAwait(false);
        }
    }

    private static void HookExit()
    {
        if (Interlocked.Exchange(ref _exitHook, 1) != 0) return;
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try
            {
                DropAllAsync().Wait(TimeSpan.FromSeconds(10));
            }
            catch (AggregateException)
            {
                // The server is gone or refused; the next run's sweep drops what is left.
            }
        };
    }

    /// <summary>A hash of the migrations, modules and seeds (12 hex digits).</summary>
    private static string Key(Database database, DatabaseOptions configured, string? seedEnvironment)
    {
        var text = new StringBuilder();
        text.Append(configured.NamingConvention).Append('\n');
        if (configured.Migrations.Sources.Count > 0)
            foreach (var m in database.Migrator.LoadMigrations()) text.Append("m|").Append(m.Version).Append('|').Append(m.Name).Append('|').Append(m.Checksum).Append('\n');
        if (configured.Modules.Roots.Count > 0)
            foreach (var module in database.Schemas.Discover())
            {
                text.Append("s|").Append(module.Name).Append('|').Append(module.Version).Append('|').Append(module.Checksum).Append('\n');
                foreach (var m in module.Migrations) text.Append("sm|").Append(m.Version).Append('|').Append(m.Checksum).Append('\n');
            }
        if (seedEnvironment is not null && (configured.Seeds.Seeders.Count > 0 || configured.Seeds.Folders.Count > 0))
            foreach (var seed in database.Seeder.List(seedEnvironment)) text.Append("d|").Append(seedEnvironment).Append('|').Append(seed).Append('\n');
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())))[..12];
    }
}
