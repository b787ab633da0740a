using System.CommandLine;
using Spectre.Console;
using Strata.Cli.CodeGen;

namespace Strata.Cli.Commands.Generate;

/// <summary><c>strata generate seeder NAME</c>: a skeleton seeder class.</summary>
internal sealed class GenerateSeederCommand : CliCommand
{
    private readonly Argument<string> _name = new("name") { Description = "The class's name (PascalCase), e.g. Customer." };
    private readonly Option<string> _out = new("--out", "-o") { Description = "The folder to write into.", DefaultValueFactory = _ => "." };
    private readonly Option<string> _namespace = new("--namespace", "-n") { Description = "The namespace.", DefaultValueFactory = _ => "App.Data" };
    private readonly Option<string?> _environment = new("--env", "-e") { Description = "The environment it runs in; every environment when left out." };

    public override string Path => "generate seeder";

    public override string Description => "Write an ISeeder class; seeders run with strata seed run.";

    public override IReadOnlyList<string> Examples => ["generate seeder Customers", "generate seeder DemoOrders --env development --out Seeds"];

    public override void Configure(Command command)
    {
        command.Arguments.Add(_name);
        command.Options.Add(_out);
        command.Options.Add(_namespace);
        command.Options.Add(_environment);
    }

    public override async Task<int> ExecuteAsync(CliContext context, CancellationToken cancellationToken)
    {
        var name = CSharpNames.Pascal(CSharpNames.RequireName(context.Get(_name)!, "class"));
        var ns = CSharpNames.Namespace(context.Get(_namespace)!);
        var fileName = name + "Seeder.cs";
        var text = Skeletons.Seeder(name + "Seeder", ns, context.Get(_environment));
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
