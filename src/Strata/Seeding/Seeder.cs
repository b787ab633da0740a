using Strata.Scripts;

namespace Strata;

/// <summary>
/// Runs the seeds of an environment (<c>db.Seeder.SeedAsync("development")</c>): the <see cref="ISeeder"/> classes and SQL
/// files that apply to it, ordered by <see cref="ISeeder.Order"/> and then name, all inside one transaction.
/// </summary>
/// <remarks>Thread-safe. Seeding does not remember what ran: write seeds with upserts to make running them twice harmless.</remarks>
public sealed class Seeder
{
    private readonly IDatabase _database;
    private readonly SeedOptions _options;

    /// <summary>Creates a seeder for <paramref name="database"/>.</summary>
    /// <param name="database">The database to seed.</param>
    /// <param name="options">Where the seeds are.</param>
    public Seeder(IDatabase database, SeedOptions options)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentNullException.ThrowIfNull(options);
        _database = database;
        _options = options;
    }

    /// <summary>The names of the seeds <paramref name="environment"/> runs, in order.</summary>
    /// <param name="environment">The environment, e.g. <c>development</c>.</param>
    public IReadOnlyList<string> List(string environment) => [.. Seeds(environment).Select(s => s.Name)];

    /// <summary>Runs the environment's seeds in order inside one transaction; a failure rolls all of them back.</summary>
    /// <param name="environment">The environment, e.g. <c>development</c> or <c>test</c>.</param>
    /// <param name="cancellationToken">Cancels the run.</param>
    /// <returns>The names of the seeds that ran.</returns>
    /// <exception cref="MigrationException">A seed failed; the message names it (and the file and line for SQL seeds).</exception>
    public async Task<IReadOnlyList<string>> SeedAsync(string environment, CancellationToken cancellationToken = default)
    {
        var seeds = Seeds(environment);
        await _database.TransactionAsync(async tx =>
        {
            foreach (var seed in seeds) await seed.Run(tx, environment, cancellationToken).ConfigureAwait(false);
        }, cancellationToken: cancellationToken).ConfigureAwait(false);
        return [.. seeds.Select(s => s.Name)];
    }

    private List<Seed> Seeds(string environment)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(environment);
        var seeds = new List<Seed>();
        foreach (var type in _options.Seeders)
        {
            var seeder = _options.Create(type);
            if (seeder.Environments.Count > 0 && !seeder.Environments.Contains(environment, StringComparer.OrdinalIgnoreCase)) continue;
            seeds.Add(new Seed(type.Name, seeder.Order, (session, env, ct) => Guard(type.Name, null, () => seeder.RunAsync(new SeedContext(session, env), ct))));
        }
        foreach (var folder in _options.Folders)
        {
            var files = Directory.GetFiles(folder, "*.sql").Concat(Directory.Exists(Path.Combine(folder, environment)) ? Directory.GetFiles(Path.Combine(folder, environment), "*.sql") : []);
            foreach (var file in files)
                seeds.Add(new Seed(Path.GetFileNameWithoutExtension(file), 0, (session, _, ct) => RunFileAsync(session, file, ct)));
        }
        return [.. seeds.OrderBy(s => s.Order).ThenBy(s => s.Name, StringComparer.Ordinal)];
    }

    private static async Task RunFileAsync(IDbSession session, string file, CancellationToken cancellationToken)
    {
        foreach (var statement in SqlScript.Split(await File.ReadAllTextAsync(file, cancellationToken).ConfigureAwait(false), session.Dialect.LexicalRules))
            await Guard(Path.GetFileName(file), (file, statement), () => session.ExecuteAsync(Sql.Raw(statement.Text), cancellationToken)).ConfigureAwait(false);
    }

    private static async Task Guard(string name, (string File, SqlScriptStatement Statement)? where, Func<Task> run)
    {
        try
        {
            await run().ConfigureAwait(false);
        }
        catch (DatabaseException e) when (e is not MigrationException)
        {
            var at = where is { } w ? $" at statement {w.Statement.Position} (line {w.Statement.Line} of {w.File})" : "";
            throw new MigrationException($"Seed {name} failed{at}: {e.Message} Every seed of this run was rolled back.", e)
            {
                File = where?.File, Line = where?.Statement.Line, Statement = where?.Statement.Position,
            };
        }
    }

    private sealed record Seed(string Name, int Order, Func<IDbSession, string, CancellationToken, Task> Run);
}
