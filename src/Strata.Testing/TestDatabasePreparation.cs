namespace Strata.Testing;

/// <summary>Applies what a test database is configured with: migrations, then schema modules, then seeds.</summary>
internal static class TestDatabasePreparation
{
    /// <summary>Whether there is anything to apply.</summary>
    public static bool HasWork(DatabaseOptions options, string? seedEnvironment) =>
        options.Migrations.Sources.Count > 0 || options.Modules.Roots.Count > 0
        || (seedEnvironment is not null && (options.Seeds.Seeders.Count > 0 || options.Seeds.Folders.Count > 0));

    /// <summary>Migrates, applies the modules and seeds.</summary>
    public static async Task PrepareAsync(Database database, DatabaseOptions options, string? seedEnvironment, CancellationToken cancellationToken)
    {
        if (options.Migrations.Sources.Count > 0) await database.Migrator.UpAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        if (options.Modules.Roots.Count > 0) await database.Schemas.ApplyAsync(cancellationToken).ConfigureAwait(false);
        if (seedEnvironment is not null && (options.Seeds.Seeders.Count > 0 || options.Seeds.Folders.Count > 0))
            await database.Seeder.SeedAsync(seedEnvironment, cancellationToken).ConfigureAwait(false);
    }
}
