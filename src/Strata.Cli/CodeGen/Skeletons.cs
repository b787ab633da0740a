namespace Strata.Cli.CodeGen;

/// <summary>The starting files <c>strata generate</c> and <c>strata seed create</c> write.</summary>
internal static class Skeletons
{
    public static string SqlSeed(string name) =>
        $"-- {name}: seed rows. Write upserts (INSERT … ON CONFLICT / ON DUPLICATE KEY UPDATE) so seeding twice is harmless.\n\n";

    public static string Seeder(string className, string @namespace, string? environment) =>
        $$"""
        using Strata;

        namespace {{@namespace}};

        /// <summary>Seed rows{{(environment is null ? "" : $" for the {environment} environment")}}; written with upserts, so seeding twice is harmless.</summary>
        public sealed class {{className}} : ISeeder
        {
            public IReadOnlyCollection<string> Environments => [{{(environment is null ? "" : $"\"{environment}\"")}}];

            public async Task RunAsync(SeedContext context, CancellationToken cancellationToken)
            {
                // await context.Session.From("customers").UpsertAsync(new { name = "Ada" }, ["name"], cancellationToken: cancellationToken);
                await Task.CompletedTask;
            }
        }

        """;

    public static string Model(string className, string @namespace, string table) =>
        $$"""
        using System.ComponentModel.DataAnnotations.Schema;
        using Strata;

        namespace {{@namespace}};

        /// <summary>A row of the {{table}} table.</summary>
        [Table("{{table}}")]
        public sealed class {{className}} : Model<{{className}}>
        {
            public long Id { get; set; }
        }

        """;

    public static string Repository(string entity, string @namespace) =>
        $$"""
        using Strata;

        namespace {{@namespace}};

        /// <summary>Reads and writes {{entity}} rows; add its own queries here.</summary>
        public class {{entity}}Repository(IDbSession session) : Repository<{{entity}}, long>(session)
        {
        }

        """;
}
