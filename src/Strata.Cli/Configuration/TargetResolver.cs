using Microsoft.Extensions.Configuration;
using Strata.Hosting;
using Strata.KeyValue;

namespace Strata.Cli.Configuration;

/// <summary>
/// Chooses the database: <c>--url</c>; else <c>--database &lt;name&gt;</c> from the configuration files (read by Strata.Hosting's
/// binder, as <c>AddStrata</c> reads them); else <c>DATABASE_URL</c> and the other variables of
/// <see cref="DatabaseOptions.FromEnvironment"/>; else the configuration's default database. Nothing connects here.
/// A key-value store is chosen the same way (<see cref="ResolveKeyValue"/>): a <c>rocksdb:</c> URL, or a store of the configuration.
/// </summary>
internal sealed class TargetResolver(CliEnvironment environment)
{
    private static readonly string[] EnvironmentVariables = ["DATABASE_URL", "DATABASE_TYPE", "DATABASE_FILE", "POSTGRES_HOST", "POSTGRES_DB", "MYSQL_HOST", "MYSQL_DB"];

    public DatabaseTarget Resolve(string? url, string? database, string? configFile)
    {
        var files = ConfigurationFiles(configFile);
        var configuration = files.Count == 0 ? null : Read(files);
        var serves = Variable("STRATA_ENVIRONMENT") ?? Variable("DOTNET_ENVIRONMENT") ?? Variable("ASPNETCORE_ENVIRONMENT");

        if (database is not null)
        {
            if (configuration is null)
                throw new UsageException($"--database {database} names a database from configuration, but there is no strata.json or appsettings.json in {environment.CurrentDirectory}: add one, or pass --config FILE or --url.");
            var configured = Get(configuration, database);
            if (url is null)
                return new DatabaseTarget(configured.Options, $"{configured.UrlKey} in {Names(files)}", configured.Name, configured.Environment ?? serves, files);
            configured.Options.Url = url;
            configured.Options.ConnectionString = null;
            return new DatabaseTarget(configured.Options, $"--url (other settings of '{configured.Name}' from {Names(files)})", configured.Name, configured.Environment ?? serves, files);
        }
        if (url is not null) return new DatabaseTarget(new DatabaseOptions { Url = url }, "--url", null, serves, files);

        if (EnvironmentVariables.FirstOrDefault(v => Variable(v) is not null) is { } variable)
        {
            var options = DatabaseOptions.FromEnvironment(environment.GetVariable);
            return new DatabaseTarget(options, variable == "DATABASE_URL" ? "DATABASE_URL" : $"{variable} and the other DATABASE_/POSTGRES_/MYSQL_ variables", null, serves, files);
        }
        if (configuration?.DefaultName is { } name)
        {
            var configured = Get(configuration, name);
            return new DatabaseTarget(configured.Options, $"{configured.UrlKey} in {Names(files)} (the default database)", configured.Name, configured.Environment ?? serves, files);
        }
        throw new UsageException(configuration is { Names.Count: > 1 }
            ? $"Several databases are configured ({string.Join(", ", configuration.Names)}) and none is the default: pick one with --database NAME."
            : "No database given: pass --url URL, or --database NAME with a strata.json or appsettings.json, or set DATABASE_URL.");
    }

    /// <summary>
    /// The key-value store the command line names, or null when it names a SQL database (or nothing): <c>--url rocksdb:…</c>;
    /// <c>--database NAME</c> when the configuration has a <c>Strata:KeyValue:NAME</c> section or a <c>rocksdb:</c> URL in
    /// <c>ConnectionStrings:NAME</c>; else a <c>rocksdb:</c> URL in <c>DATABASE_URL</c>. Relative directories resolve against the
    /// current folder (a URL) or the configuration file's folder.
    /// </summary>
    public KeyValueTarget? ResolveKeyValue(string? url, string? database, string? configFile)
    {
        if (url is not null) return IsKeyValueUrl(url) ? new KeyValueTarget(ParseKeyValue(url, "--url"), "--url") : null;
        if (database is not null)
        {
            var files = ConfigurationFiles(configFile);
            if (files.Count == 0) return null;
            KeyValueOptions? options;
            try
            {
                options = KeyValueOptions.FromConfiguration(Root(files), database, Path.GetDirectoryName(files[^1]));
            }
            catch (DatabaseConfigurationException e)
            {
                throw new CliFailure(e.Message, e);
            }
            return options is null ? null : new KeyValueTarget(options, $"key-value store '{database}' in {Names(files)}");
        }
        return Variable("DATABASE_URL") is { } fromEnvironment && IsKeyValueUrl(fromEnvironment)
            ? new KeyValueTarget(ParseKeyValue(fromEnvironment, "DATABASE_URL"), "DATABASE_URL")
            : null;
    }

    private static bool IsKeyValueUrl(string url) => url.TrimStart().StartsWith(KeyValueOptions.Scheme + ":", StringComparison.OrdinalIgnoreCase);

    private KeyValueOptions ParseKeyValue(string url, string from)
    {
        try
        {
            var options = KeyValueOptions.Parse(url.Trim());
            return options with { Path = environment.FullPath(options.Path!) };
        }
        catch (DatabaseConfigurationException e)
        {
            throw new UsageException($"{from}: {e.Message}");
        }
    }

    /// <summary>The files to read: <c>--config</c> alone, else <c>appsettings.json</c>, <c>appsettings.{environment}.json</c> and <c>strata.json</c> where present (later ones win).</summary>
    private List<string> ConfigurationFiles(string? configFile)
    {
        if (configFile is not null)
        {
            var full = environment.FullPath(configFile);
            if (!File.Exists(full)) throw new UsageException($"The configuration file '{configFile}' does not exist (looked for {full}).");
            return [full];
        }
        var names = new List<string> { "appsettings.json" };
        if ((Variable("DOTNET_ENVIRONMENT") ?? Variable("ASPNETCORE_ENVIRONMENT")) is { } hostEnvironment) names.Add($"appsettings.{hostEnvironment}.json");
        names.Add("strata.json");
        return [.. names.Select(n => Path.Combine(environment.CurrentDirectory, n)).Where(File.Exists)];
    }

    private static StrataConfiguration Read(List<string> files) =>
        // Relative folders in configuration are relative to the file that names them, as the host's content root would be.
        new(Root(files), Path.GetDirectoryName(files[^1])!);

    private static IConfigurationRoot Root(List<string> files)
    {
        var builder = new ConfigurationBuilder();
        foreach (var file in files) builder.AddJsonFile(file, optional: false, reloadOnChange: false);
        IConfigurationRoot root;
        try
        {
            root = builder.Build();
        }
        catch (Exception e) when (e is InvalidDataException or FormatException or System.Text.Json.JsonException)
        {
            throw new CliFailure($"The configuration could not be read: {e.Message} {e.InnerException?.Message}".Trim());
        }
        return root;
    }

    private static ConfiguredDatabase Get(StrataConfiguration configuration, string name)
    {
        try
        {
            return configuration.Get(name);
        }
        catch (DatabaseConfigurationException e)
        {
            throw new CliFailure(e.Message, e);
        }
    }

    private static string Names(IEnumerable<string> files) => string.Join(" + ", files.Select(Path.GetFileName));

    private string? Variable(string name) => environment.GetVariable(name) is { Length: > 0 } value && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;
}
