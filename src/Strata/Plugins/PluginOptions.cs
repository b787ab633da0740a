namespace Strata.Plugins;

/// <summary>
/// The plugins of a database (<see cref="DatabaseOptions.Plugins"/>): which are enabled for which tables, and which can
/// be named by <see cref="PluginsAttribute"/>.
/// </summary>
/// <remarks>Read when the database opens; later changes are not seen.</remarks>
public sealed class PluginOptions
{
    internal List<(IDatabasePlugin Plugin, string[] Tables)> Enabled { get; } = [];

    internal Dictionary<string, IDatabasePlugin> Named { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// Enables <paramref name="plugin"/> for <paramref name="tables"/> (every table when none are given) on every path:
    /// queries by table name, typed queries, repositories and models. It can also be named by <see cref="PluginsAttribute"/>.
    /// </summary>
    /// <param name="plugin">The plugin.</param>
    /// <param name="tables">The tables, as queries name them (schema-qualified or not); none for every table.</param>
    /// <exception cref="ArgumentException">An invalid table name.</exception>
    public PluginOptions Add(IDatabasePlugin plugin, params string[] tables)
    {
        ArgumentNullException.ThrowIfNull(plugin);
        ArgumentNullException.ThrowIfNull(tables);
        foreach (var table in tables) SqlIdentifier.Validate(table);
        Enabled.Add((plugin, tables));
        Named[plugin.Name] = plugin;
        return this;
    }

    /// <summary>
    /// Makes <paramref name="plugin"/> available by its name to <see cref="PluginsAttribute"/> without enabling it for any
    /// table; it replaces a built-in plugin of the same name (to configure one, e.g. the audit table or soft-delete column).
    /// </summary>
    /// <param name="plugin">The plugin.</param>
    public PluginOptions Register(IDatabasePlugin plugin)
    {
        ArgumentNullException.ThrowIfNull(plugin);
        Named[plugin.Name] = plugin;
        return this;
    }
}
