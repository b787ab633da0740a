using System.CommandLine;
using Spectre.Console;
using Strata.Cli.CodeGen;

namespace Strata.Cli.Commands.Generate;

/// <summary>A <c>strata generate</c> command that writes one skeleton class: the name, <c>--out</c> and <c>--namespace</c> are shared.</summary>
internal abstract class SkeletonCommand : CliCommand
{
    private readonly Argument<string> _name = new("name") { Description = "The class's name (PascalCase), e.g. Customer." };
    private readonly Option<string> _out = new("--out", "-o") { Description = "The folder to write into.", DefaultValueFactory = _ => "." };
    private readonly Option<string> _namespace = new("--namespace", "-n") { Description = "The namespace.", DefaultValueFactory = _ => "App.Data" };

    public override void Configure(Command command)
    {
        command.Arguments.Add(_name);
        command.Options.Add(_out);
        command.Options.Add(_namespace);
    }

    /// <summary>The file name and C# text of the skeleton for class <paramref name="name"/> in namespace <paramref name="ns"/>.</summary>
    protected abstract (string FileName, string Text) Skeleton(CliContext context, string name, string ns);

    public override async Task<int> ExecuteAsync(CliContext context, CancellationToken cancellationToken)
    {
        var name = CSharpNames.Pascal(CSharpNames.RequireName(context.Get(_name)!, "class"));
        var (fileName, text) = Skeleton(context, name, CSharpNames.Namespace(context.Get(_namespace)!));
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
