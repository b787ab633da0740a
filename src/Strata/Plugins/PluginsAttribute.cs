using Strata.Plugins;
namespace Strata;

/// <summary>
/// Enables plugins by name for an entity's table wherever the entity type is used: repositories, models and typed
/// queries (<c>db.From&lt;Post&gt;()</c>). <c>[Plugins("softDelete", "timestamps")]</c>. The built-in names are
/// <c>softDelete</c>, <c>timestamps</c> and <c>audit</c>; others must be registered with <see cref="PluginOptions.Register"/>.
/// </summary>
/// <param name="names">The plugins' names.</param>
/// <remarks>Queries by table name (<c>db.From("posts")</c>) see only plugins enabled for the table in <see cref="PluginOptions"/>.</remarks>
[AttributeUsage(AttributeTargets.Class, Inherited = true)]
public sealed class PluginsAttribute(params string[] names) : Attribute
{
    /// <summary>The plugins' names.</summary>
    public IReadOnlyList<string> Names { get; } = names;
}
