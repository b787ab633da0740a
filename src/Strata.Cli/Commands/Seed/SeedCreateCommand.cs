using System.CommandLine;
using Spectre.Console;
using Strata.Cli.CodeGen;

namespace Strata.Cli.Commands.Seed;

/// <summary><c>strata seed create NAME</c>: writes a new seed, SQL by default.</summary>
internal sealed class SeedCreateCommand : CliCommand
{
    private readonly Argument<string> _name = new("name") { Description = "The seed's name: letters, digits and underscores." };
    private readonly Option<string?> _environment = new("--env", "-e") { Description = "Only for this environment (seeds/<env>/)." };
    private readonly Option<bool> _cs = new("--cs") { Description = "An ISeeder class instead of a SQL file." };
    private readonly Option<string> _folder = new("--out") { Description = "Where to write it.", DefaultValueFactory = _ => "seeds" };

    public override string Path => "seed create";

    public override string Description => "Write a new seed: seeds/NAME.sql (or seeds/<env>/NAME.sql), or an ISeeder class with --cs.";

    public override IReadOnlyList<string> Examples => ["seed create customers", "seed create demo_orders --env development", "seed create Customers --cs"];

    public override void Configure(Command command)
    {
        command.Arguments.Add(_name);
        command.Options.Add(_environment);
        command.Options.Add(_cs);
        command.Options.Add(_folder);
    }

    public override async Task<int> ExecuteAsync(CliContext context, CancellationToken cancellationToken)
    {
        var name = CSharpNames.RequireName(context.Get(_name)!, "seed");
        var environment = context.Get(_environment);
        var folder = context.Environment.FullPath(context.Get(_folder)!);
        if (environment is not null && !context.Get(_cs)) folder = System.IO.Path.Combine(folder, environment);
        Directory.CreateDirectory(folder);
        var path = context.Get(_cs)
            ? System.IO.Path.Combine(folder, CSharpNames.Pascal(name) + "Seeder.cs")
            : System.IO.Path.Combine(folder, name + ".sql");
        if (File.Exists(path)) throw new CliFailure($"{path} already exists; pick another name.");
        var text = context.Get(_cs) ? Skeletons.Seeder(CSharpNames.Pascal(name) + "Seeder", "App", environment) : Skeletons.SqlSeed(name);
        await File.WriteAllTextAsync(path, text, cancellationToken).ConfigureAwait(false);
        if (context.Output.Json) context.Output.WriteJson(new { path });
        else
        {
            context.Output.Console.WriteLine(path);
            context.Output.Done($"Created {System.IO.Path.GetFileName(path)}; write it with upserts so seeding twice is harmless.");
        }
        return ExitCodes.Success;
    }
}
