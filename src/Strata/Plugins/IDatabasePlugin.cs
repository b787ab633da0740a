namespace Strata.Plugins;

/// <summary>
/// Extends what happens to the queries and entity writes of the tables it is enabled for: rewrite a query's AST
/// before it is compiled (add a condition, set a column), and react to entity inserts, updates and deletes made
/// through repositories and models. A plugin that also implements <see cref="Diagnostics.ICommandInterceptor"/> sees
/// every command of the database it is registered with.
/// </summary>
/// <remarks>
/// Enable it per database and table with <see cref="PluginOptions.Add"/>, or per entity with <see cref="PluginsAttribute"/>.
/// One instance serves every query and thread at once: keep it stateless, or thread-safe.
/// </remarks>
public interface IDatabasePlugin
{
    /// <summary>The name <see cref="PluginsAttribute"/> refers to it by, e.g. <c>softDelete</c>.</summary>
    string Name { get; }

    /// <summary>Rewrites a query on one of the plugin's tables before it is compiled; the default changes nothing.</summary>
    /// <param name="context">The query, what it does, and its values; change them through the context.</param>
    void Rewrite(QueryRewriteContext context)
    {
    }

    /// <summary>
    /// False when <see cref="Rewrite"/> never changes a read (<see cref="QueryOperation.Select"/>, <see cref="QueryOperation.Aggregate"/>):
    /// reads then skip the plugin, and a repository compiles its lookup by key once. True by default, which is always correct;
    /// a plugin that says false but rewrites reads is not asked to.
    /// </summary>
    bool RewritesReads => true;

    /// <summary>
    /// True when the plugin watches entity writes (<see cref="OnWritingAsync"/>, <see cref="OnWrittenAsync"/>): repositories then
    /// run each write in a transaction and read the row's old values for it. False by default, which keeps writes cheap.
    /// </summary>
    bool ObservesWrites => false;

    /// <summary>Called before a repository or model writes an entity, inside the write's transaction; the default does nothing.</summary>
    /// <param name="context">The entity, the action, and the column values about to be written.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    ValueTask OnWritingAsync(EntityWriteContext context, CancellationToken cancellationToken) => default;

    /// <summary>Called after a repository or model wrote an entity, inside the same transaction; the default does nothing.</summary>
    /// <param name="context">The entity, the action, and its values before and after.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    ValueTask OnWrittenAsync(EntityWriteContext context, CancellationToken cancellationToken) => default;
}
