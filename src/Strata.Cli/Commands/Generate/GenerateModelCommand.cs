using System.CommandLine;
using Strata.Cli.CodeGen;

namespace Strata.Cli.Commands.Generate;

/// <summary><c>strata generate model NAME</c>: a skeleton model class.</summary>
internal sealed class GenerateModelCommand : SkeletonCommand
{
    private readonly Option<string?> _table = new("--table", "-t") { Description = "The table it maps (the naming convention's name of the class by default: Customer → customer)." };

    public override string Path => "generate model";

    public override string Description => "Write a Model<T> class (Active Record) mapped to a table.";

    public override IReadOnlyList<string> Examples => ["generate model Customer --table customers", "generate model OrderLine --out Models --namespace Shop.Models"];

    public override void Configure(Command command)
    {
        base.Configure(command);
        command.Options.Add(_table);
    }

    protected override (string FileName, string Text) Skeleton(CliContext context, string name, string ns) =>
        (name + ".cs", Skeletons.Model(name, ns, context.Get(_table) ?? NamingConvention.SnakeCase.Convert(name)));
}
