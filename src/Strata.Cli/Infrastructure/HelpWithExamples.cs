using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;

namespace Strata.Cli;

/// <summary>System.CommandLine's help, followed by the command's examples.</summary>
internal sealed class HelpWithExamples(HelpAction help, IReadOnlyDictionary<Command, IReadOnlyList<string>> examples) : SynchronousCommandLineAction
{
    public override bool ClearsParseErrors => true;

    public override int Invoke(ParseResult parseResult)
    {
        var code = help.Invoke(parseResult);
        if (examples.TryGetValue(parseResult.CommandResult.Command, out var lines) && lines.Count > 0)
        {
            var output = parseResult.InvocationConfiguration.Output;
            output.WriteLine("Examples:");
            foreach (var line in lines) output.WriteLine($"  strata {line}");
            output.WriteLine();
        }
        return code;
    }
}
