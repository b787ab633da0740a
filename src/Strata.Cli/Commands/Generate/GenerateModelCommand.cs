using System.CommandLine;
using Spectre.Console;
using Strata.Cli.CodeGen;

namespace Strata.Cli.Commands.Generate;

/// <summary><c>strata generate model NAME</c>: a skeleton model class.</summary>
internal sealed class GenerateModelCommand : CliCommand
{
    private readonly Argument<string> _name = new("name") { Description = "The class's name (PascalCase), e.g. Customer." };
    private readonly Option<string> _out = new("--out", "-o") { Description = "The folder to write into.", DefaultValueFactory = _ => "." };
    private readonly Option<string> _namespace = new("--namespace", "-n") { Description = "The namespace.", DefaultValueFactory = _ => "App.Data" };
    private readonly Option<string?> _table = new("--table", "-t") { Description = "The table it maps (the naming convention's name of the class by default: Customer → customer)." };

    public override string Path => "generate model";

    public override string Description => "Write a Model<T> class (Active Record) mapped to a table.";

    public override IReadOnlyList<string> Examples => ["generate model Customer --table customers", "generate model OrderLine --out Models --namespace Shop.Models"];

    public override void Configure(Command command)
    {
        command.Arguments.Add(_name);
        command.Options.Add(_out);
        command.Options.Add(_namespace);
        command.Options.Add(_table);
    }

    public override async Task<int> ExecuteAsync(CliContext context, CancellationToken cancellationToken)
    {
        var name = CSharpNames.Pascal(CSharpNames.RequireName(context.Get(_name)!, "class"));
        var ns = CSharpNames.Namespace(context.Get(_namespace)!);
        var fileName = name + ".cs";
        var text = Skeletons.Model(name, ns, context.Get(_table) ?? NamingConvention.SnakeCase.Convert(name));
        var folder = context.Environment.FullPath(context.Get(_out)!);
        Directory.CreateDirectory(folder);
        var path = System.IO.Path.Combine(folder, fileName);
        if (File.Exists(path)) throw new CliFailure($"{path} already exists; pick another name or folder.");
        await File.WriteAllTextAsync(path, text, cancellationToken).ConfigureAwait(false);
        if (context.Output.Json) context.Output.WriteJson(new { path });
        else context.Output.Console.WriteLine(path);
        return ExitCodes.Success;
    }
}
