using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using Strata.Dialects;

namespace Strata;

/// <summary>
/// Where migrations come from and how they run: set on <see cref="DatabaseOptions.Migrations"/> for <c>db.Migrator</c>,
/// or pass to <see cref="Migrator"/>'s constructor.
/// </summary>
/// <remarks>Read when an operation starts; change it only while no operation runs.</remarks>
public sealed class MigrationOptions
{
    /// <summary>The sources, combined into one plan ordered by version.</summary>
    public IList<IMigrationSource> Sources { get; } = [];

    /// <summary>The history table.</summary>
    public string HistoryTable { get; set; } = "strata_migrations";

    /// <summary>How long to wait for another runner's lock before failing with a clear error.</summary>
    public TimeSpan LockTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// For databases locked by a lock row (<see cref="MigrationLockKind.LockRow"/>): how long the row stays valid without
    /// being renewed. The holder renews it every third of this; a killed runner's row expires after it.
    /// </summary>
    public TimeSpan LockRowLifetime { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Overrides the dialect's way of locking (for a proxy that does not pass advisory locks through, say).</summary>
    public MigrationLockKind? LockKind { get; set; }

    /// <summary>
    /// Let <see cref="Migrator.UpAsync"/> go on when an applied migration's file changed, recording the new checksum.
    /// Off by default: a changed applied migration is reported and refused.
    /// </summary>
    public bool AcceptChangedChecksums { get; set; }

    /// <summary>Where <see cref="Migrator.CreateAsync"/> writes new migration files (the first folder source by default).</summary>
    public string? NewMigrationsFolder { get; set; }

    /// <summary>Reports each migration as it starts and ends (a CLI can draw a progress bar from it).</summary>
    public IProgress<MigrationProgress>? Progress { get; set; }

    /// <summary>Adds the C# migrations of <paramref name="assemblies"/>.</summary>
    /// <param name="assemblies">The assemblies.</param>
    [RequiresUnreferencedCode("Finds migration classes by reading every type of the assemblies, which trimming may have removed. In trimmed and native AOT applications add each migration with MigrationOptions.Add<TMigration>().")]
    public MigrationOptions AddAssembly(params Assembly[] assemblies)
    {
        Sources.Add(new AssemblyMigrationSource(assemblies));
        return this;
    }

    /// <summary>Adds the C# migrations of exactly these classes.</summary>
    /// <param name="types">Classes implementing <see cref="IMigration"/>, marked with <see cref="MigrationAttribute"/>.</param>
    [RequiresUnreferencedCode("Reads the constructors and methods of types that trimming cannot see are needed. In trimmed and native AOT applications add each migration with Add<TMigration>().")]
    public MigrationOptions AddTypes(params Type[] types)
    {
        Sources.Add(AssemblyMigrationSource.FromTypes(types));
        return this;
    }

    /// <summary>Adds the C# migration <typeparamref name="TMigration"/>: the way to add code migrations that works in trimmed and native AOT applications.</summary>
    /// <typeparam name="TMigration">A class implementing <see cref="IMigration"/>, marked with <see cref="MigrationAttribute"/>.</typeparam>
    public MigrationOptions Add<[DynamicallyAccessedMembers(MigrationDefinition.TypeMembers)] TMigration>()
        where TMigration : IMigration, new()
    {
        Sources.Add(AssemblyMigrationSource.For<TMigration>());
        return this;
    }

    /// <summary>Adds the SQL migrations in a folder on disk.</summary>
    /// <param name="folder">The folder.</param>
    public MigrationOptions AddFolder(string folder)
    {
        Sources.Add(new FileMigrationSource(folder));
        NewMigrationsFolder ??= Path.GetFullPath(folder);
        return this;
    }

    /// <summary>Adds the SQL migrations embedded in <paramref name="assembly"/> under <paramref name="folder"/> (see <see cref="FileMigrationSource.FromAssembly"/>).</summary>
    /// <param name="assembly">The assembly.</param>
    /// <param name="folder">The folder the files were embedded from.</param>
    public MigrationOptions AddEmbedded(Assembly assembly, string folder)
    {
        Sources.Add(FileMigrationSource.FromAssembly(assembly, folder));
        return this;
    }
}
