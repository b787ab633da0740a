namespace Strata.KeyValue;

/// <summary>
/// A versioned change to a key-value store's data, written in C#: mark the class with Strata's
/// <see cref="MigrationAttribute"/> (<c>[Migration("001", "Index users by email")]</c>), give it a public parameterless
/// constructor and list its assembly in <see cref="KeyValueOptions.MigrationAssemblies"/>. Derive from
/// <see cref="KeyValueMigration"/> to write only <see cref="UpAsync"/>.
/// </summary>
/// <remarks>
/// Each step runs in one optimistic transaction with the history record, so it is applied all-or-nothing: reads through
/// <see cref="KeyValueMigrationContext.Transaction"/> see the step's own writes, and a conflict with a concurrent writer
/// re-runs the step from the start (so it must not have effects outside the store). The whole step is held in memory
/// until it commits: split a migration that rewrites millions of keys into several.
/// </remarks>
public interface IKeyValueMigration
{
    /// <summary>Applies the change.</summary>
    /// <param name="context">The transaction to read and write through, and who is running.</param>
    /// <param name="cancellationToken">Cancels the step (nothing of it is written).</param>
    Task UpAsync(KeyValueMigrationContext context, CancellationToken cancellationToken);

    /// <summary>Undoes <see cref="UpAsync"/>.</summary>
    /// <param name="context">The transaction to read and write through.</param>
    /// <param name="cancellationToken">Cancels the step.</param>
    Task DownAsync(KeyValueMigrationContext context, CancellationToken cancellationToken);
}

/// <summary>A key-value migration with only an up step unless <see cref="DownAsync"/> is overridden; rolling it back is an error naming it.</summary>
public abstract class KeyValueMigration : IKeyValueMigration
{
    /// <inheritdoc />
    public abstract Task UpAsync(KeyValueMigrationContext context, CancellationToken cancellationToken);

    /// <inheritdoc />
    /// <exception cref="NotSupportedException">Always, unless overridden: the migration has no down step.</exception>
    public virtual Task DownAsync(KeyValueMigrationContext context, CancellationToken cancellationToken) =>
        throw new NotSupportedException($"{GetType().Name} has no down step: override DownAsync to make it reversible.");
}
