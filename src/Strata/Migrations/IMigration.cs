namespace Strata;

/// <summary>
/// A migration written in C#. Mark the class with <see cref="MigrationAttribute"/> and give it a public
/// parameterless constructor; <see cref="AssemblyMigrationSource"/> finds it. Derive from <see cref="Migration"/>
/// to write only <see cref="UpAsync"/>.
/// </summary>
public interface IMigration
{
    /// <summary>Applies the change.</summary>
    /// <param name="context">The session to run through (inside the migration's transaction unless it opted out), its schema builder and dialect.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    Task UpAsync(MigrationContext context, CancellationToken cancellationToken);

    /// <summary>Undoes <see cref="UpAsync"/>.</summary>
    /// <param name="context">The session to run through, its schema builder and dialect.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    Task DownAsync(MigrationContext context, CancellationToken cancellationToken);
}

/// <summary>
/// A C# migration with only an up step unless <see cref="DownAsync"/> is overridden. Rolling back one that does
/// not override it is an error naming it (never a silent skip).
/// </summary>
public abstract class Migration : IMigration
{
    /// <inheritdoc />
    public abstract Task UpAsync(MigrationContext context, CancellationToken cancellationToken);

    /// <inheritdoc />
    /// <exception cref="NotSupportedException">Always, unless overridden: the migration has no down step.</exception>
    public virtual Task DownAsync(MigrationContext context, CancellationToken cancellationToken) =>
        throw new NotSupportedException($"{GetType().Name} has no down step: override DownAsync to make it reversible.");
}
