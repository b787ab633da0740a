using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace Strata.Testing.Servers;

/// <summary>
/// PostgreSQL template databases: migrated and seeded once (per set of migrations, modules and seeds), then copied for each
/// test database. Built under a test database name (so a killed build is swept) and renamed to <c>strata_tpl_{hash}</c>
/// when ready; of two processes building at once, the first rename wins and the other drops its copy.
/// </summary>
internal static class TemplateDatabases
{
    public const string Prefix = "strata_tpl_";

    private static readonly ConcurrentDictionary<string, Lazy<Task<string>>> Ready = new(StringComparer.Ordinal);

    /// <summary>The template for what <paramref name="configured"/> applies, built unless it exists.</summary>
    public static Task<string> EnsureAsync(TestServer server, Database database, DatabaseOptions configured, TestDatabaseOptions options, CancellationToken cancellationToken)
    {
        var name = Prefix + Key(database, configured, options.SeedEnvironment);
        var key = server.UrlOf(name);
        var lazy = Ready.GetOrAdd(key, _ => new Lazy<Task<string>>(() => BuildAsync(server, name, options, cancellationToken)));
        var task = lazy.Value;
        // A failed build is tried again by the next test rather than failing every one after it.
        if (task.IsFaulted || task.IsCanceled) Ready.TryRemove(new KeyValuePair<string, Lazy<Task<string>>>(key, lazy));
        return task;
    }

    private static async Task<string> BuildAsync(TestServer server, string name, TestDatabaseOptions options, CancellationToken cancellationToken)
    {
        if ((await server.ListAsync(name, cancellationToken).ConfigureAwait(false)).Contains(name, StringComparer.Ordinal)) return name;
        var building = TestDatabaseName.New(options.NamePrefix);
        await server.CreateAsync(building, null, cancellationToken).ConfigureAwait(false);
        try
        {
            var (database, configured) = TestDatabase.OpenConfigured(server.UrlOf(building), options);
            await using (database.ConfigureAwait(false))
                await TestDatabasePreparation.PrepareAsync(database, configured, options.SeedEnvironment, cancellationToken).ConfigureAwait(false);
            if (await server.RenameAsync(building, name, cancellationToken).ConfigureAwait(false)) return name;
        }
        catch
        {
            await server.DropAsync(building, CancellationToken.None).ConfigureAwait(false);
            throw;
        }
        await server.DropAsync(building, CancellationToken.None).ConfigureAwait(false);
        return name;
    }

    /// <summary>A hash of the migrations, modules and seeds (16 hex digits).</summary>
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
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())))[..16];
    }
}
