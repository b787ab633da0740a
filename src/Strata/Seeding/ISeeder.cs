namespace Strata;

/// <summary>
/// Seed data written in C#: rows an environment (<c>development</c>, <c>test</c>) needs. Give the class a public
/// parameterless constructor and register it with <see cref="SeedOptions.AddTypes"/> or <see cref="SeedOptions.AddAssembly"/>.
/// </summary>
/// <remarks>Write seeders with upserts so that seeding twice leaves the same rows, not duplicates.</remarks>
public interface ISeeder
{
    /// <summary>Where it runs among the environment's seeders: lower first, then by name (0 by default).</summary>
    int Order => 0;

    /// <summary>The environments it runs in; empty (the default) for every environment.</summary>
    IReadOnlyCollection<string> Environments => [];

    /// <summary>Writes the seed data.</summary>
    /// <param name="context">The session (inside the seeding transaction) and the environment being seeded.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    Task RunAsync(SeedContext context, CancellationToken cancellationToken);
}
