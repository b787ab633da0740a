using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Reflection;
using Strata.Plugins.Audit;
using Strata.Plugins.SoftDelete;
using Strata.Plugins.Timestamps;

namespace Strata.Plugins;

/// <summary>Which plugins apply to a table or an entity type, for one database; answers are cached.</summary>
internal sealed class PluginRegistry
{
    private readonly (IDatabasePlugin Plugin, string[] Tables)[] _enabled;
    private readonly Dictionary<string, IDatabasePlugin> _named;
    private readonly ConcurrentDictionary<string, ImmutableArray<IDatabasePlugin>> _byTable = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<(Type, string), ImmutableArray<IDatabasePlugin>> _byEntity = new();

    public PluginRegistry(PluginOptions options)
    {
        _enabled = [.. options.Enabled];
        _named = new Dictionary<string, IDatabasePlugin>(options.Named, StringComparer.OrdinalIgnoreCase);
        IsEmpty = _enabled.Length == 0;
    }

    /// <summary>True when no plugin is enabled for any table (attributes may still name some).</summary>
    public bool IsEmpty { get; }

    /// <summary>The plugins enabled for <paramref name="table"/>, in the order they were added.</summary>
    public ImmutableArray<IDatabasePlugin> ForTable(string table)
    {
        if (IsEmpty) return [];
        // Looked up on every query: a hit must not allocate (no capturing lambda).
        return _byTable.TryGetValue(table, out var plugins) ? plugins : _byTable.GetOrAdd(table, static (t, enabled) =>
        [
            .. enabled.Where(e => e.Tables.Length == 0 || e.Tables.Any(x => Matches(x, t))).Select(e => e.Plugin).Distinct(),
        ], _enabled);
    }

    /// <summary>The plugins for <paramref name="type"/>'s table: those enabled for the table, then those its <see cref="PluginsAttribute"/> names.</summary>
    /// <exception cref="InvalidOperationException">The attribute names a plugin that is neither built in nor registered.</exception>
    public ImmutableArray<IDatabasePlugin> ForEntity(Type type, string table) =>
        _byEntity.TryGetValue((type, table), out var plugins) ? plugins : _byEntity.GetOrAdd((type, table), Build);

    private ImmutableArray<IDatabasePlugin> Build((Type, string) key)
    {
        var list = ForTable(key.Item2).ToList();
        foreach (var name in key.Item1.GetCustomAttribute<PluginsAttribute>()?.Names ?? [])
        {
            var plugin = Resolve(name) ?? throw new InvalidOperationException(
                $"{key.Item1.Name} names the plugin '{name}', which is neither built in (softDelete, timestamps, audit) nor registered: add it with DatabaseOptions.Plugins.Register(…).");
            if (!list.Any(p => string.Equals(p.Name, plugin.Name, StringComparison.OrdinalIgnoreCase))) list.Add(plugin);
        }
        return [.. list];
    }

    /// <summary>A plugin by name: a registered one, or a built-in one with its default settings.</summary>
    public IDatabasePlugin? Resolve(string name) => _named.TryGetValue(name, out var plugin) ? plugin : name.ToUpperInvariant() switch
    {
        "SOFTDELETE" => SoftDeletePlugin.Default,
        "TIMESTAMPS" => TimestampsPlugin.Default,
        "AUDIT" => AuditPlugin.Default,
        _ => null,
    };

    private static bool Matches(string configured, string table) =>
        string.Equals(configured, table, StringComparison.OrdinalIgnoreCase)
        || string.Equals(Schema.ConstraintNames.Unqualified(configured), Schema.ConstraintNames.Unqualified(table), StringComparison.OrdinalIgnoreCase)
           && (!configured.Contains('.', StringComparison.Ordinal) || !table.Contains('.', StringComparison.Ordinal));
}
