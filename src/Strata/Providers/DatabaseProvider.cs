using System.Diagnostics.CodeAnalysis;
namespace Strata.Providers;

/// <summary>
/// A provider package's entry point: the URL schemes it serves and how it builds a driver for
/// them. Found through <see cref="StrataProviderAttribute"/> on the provider's assembly.
/// </summary>
public abstract class DatabaseProvider
{
    /// <summary>The URL schemes served, lower case (e.g. <c>postgres</c>, <c>postgresql</c>, <c>cockroachdb</c>).</summary>
    public abstract IReadOnlyCollection<string> Schemes { get; }

    /// <summary>Builds the driver (data source and pool, dialect) for <paramref name="settings"/>.</summary>
    /// <param name="settings">Resolved connection settings.</param>
    /// <exception cref="DatabaseConfigurationException">A setting cannot be used with this driver.</exception>
    public abstract DatabaseDriver CreateDriver(ConnectionSettings settings);

    /// <summary>
    /// The engine's own backup tool for the database <paramref name="settings"/> describe (for same-engine backups), or null
    /// (the default) when the provider offers none.
    /// </summary>
    /// <param name="settings">The database's connection settings, from a URL.</param>
    /// <exception cref="DatabaseConfigurationException">The settings lack what the tool needs (a host, a file).</exception>
    public virtual Transfer.NativeBackup? CreateNativeBackup(ConnectionSettings settings) => null;
}

/// <summary>Marks an assembly as a Strata provider so that referencing it is all it takes for its schemes to work.</summary>
/// <param name="providerType">A <see cref="DatabaseProvider"/> subclass with a public parameterless constructor.</param>
[AttributeUsage(AttributeTargets.Assembly, AllowMultiple = true)]
public sealed class StrataProviderAttribute([DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicParameterlessConstructor)] Type providerType) : Attribute
{
    /// <summary>The provider type.</summary>
    [DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicParameterlessConstructor)]
    public Type ProviderType { get; } = providerType;
}
