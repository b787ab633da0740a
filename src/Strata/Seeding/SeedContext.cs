namespace Strata;

/// <summary>What a seeder works with.</summary>
/// <param name="Session">The seeding transaction: every seeder of a run shares it.</param>
/// <param name="Environment">The environment being seeded.</param>
public sealed record SeedContext(IDbSession Session, string Environment);
