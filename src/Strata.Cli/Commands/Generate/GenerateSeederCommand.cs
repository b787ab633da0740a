using System.CommandLine;
using Strata.Cli.CodeGen;

namespace Strata.Cli.Commands.Generate;

/// <summary><c>strata generate seeder NAME</c>: a skeleton seeder class.</summary>
internal sealed class GenerateSeederCommand : SkeletonCommand
{
    private readonly Option<string?> _environment = new("--env", "-e") { Description = "The environment it runs in; every environment when left out." };

    public override string Path => "generate seeder";

    public override string Description => "Write an ISeeder class; seeders run with strata seed run.";

    public override IReadOnlyList<string> Examples => ["generate seeder Customers", "generate seeder DemoOrders --env development --out Seeds"];

    public override void Configure(Command command)
    {
        base.Configure(command);
        command.Options.Add(_environment);
    }

    protected override (string FileName, string Text) Skeleton(CliContext context, string name, string ns) =>
        (name + "Seeder.cs", Skeletons.Seeder(name + "Seeder", ns, context.Get(_environment)));
}
