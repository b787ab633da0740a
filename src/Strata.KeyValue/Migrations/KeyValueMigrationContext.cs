using Microsoft.Extensions.Logging;

namespace Strata.KeyValue;

/// <summary>What a key-value migration step works with: its transaction, the store, and which migration it is.</summary>
public sealed class KeyValueMigrationContext
{
    internal KeyValueMigrationContext(KeyValueStore store, KeyValueTransaction transaction, KeyValueMigrationDefinition migration, ILogger logger, bool isDryRun)
    {
        Store = store;
        Transaction = transaction;
        Migration = migration;
        Logger = logger;
        IsDryRun = isDryRun;
    }

    /// <summary>The step's transaction on the namespace <c>default</c>: its reads see the step's own writes, and its writes are committed with the history record.</summary>
    public KeyValueTransaction Transaction { get; }

    /// <summary>The store (for its options and namespaces). Write through <see cref="Transaction"/>, never the store directly, or the step stops being all-or-nothing.</summary>
    public KeyValueStore Store { get; }

    /// <summary>The migration being run.</summary>
    public KeyValueMigrationDefinition Migration { get; }

    /// <summary>A logger for the migration's own messages (category <c>Strata.KeyValue</c>).</summary>
    public ILogger Logger { get; }

    /// <summary>True during <see cref="KeyValueMigrator.PlanAsync"/>: the step's writes are recorded and then discarded.</summary>
    public bool IsDryRun { get; }

    /// <summary>
    /// The step's transaction on the namespace <paramref name="name"/>. A namespace that does not exist is created at once
    /// (empty), also in a dry run, as creating a column family cannot be part of a transaction.
    /// </summary>
    /// <param name="name">The namespace.</param>
    /// <exception cref="ArgumentException">The name is invalid.</exception>
    public KeyValueTransaction Namespace(string name) => Transaction.In(Store.Namespace(name));
}
