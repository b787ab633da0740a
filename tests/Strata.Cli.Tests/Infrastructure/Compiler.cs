using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Strata.Cli.Tests.Infrastructure;

/// <summary>Compiles generated C# as a library against the framework and Strata, as a project with implicit usings would.</summary>
public static class Compiler
{
    private const string ImplicitUsings = "global using System; global using System.Collections.Generic; global using System.Linq; global using System.Threading; global using System.Threading.Tasks;";

    public static Assembly Compile(IEnumerable<string> sources) => Assembly.Load(Emit(sources, "generated_" + Guid.NewGuid().ToString("N")));

    /// <summary>Compiles <paramref name="sources"/> into the library <paramref name="path"/> (its file name without .dll is the assembly's name).</summary>
    public static void CompileToFile(IEnumerable<string> sources, string path) =>
        File.WriteAllBytes(path, Emit(sources, Path.GetFileNameWithoutExtension(path)));

    private static byte[] Emit(IEnumerable<string> sources, string assemblyName)
    {
        var trees = sources.Append(ImplicitUsings).Select(s => CSharpSyntaxTree.ParseText(s, new CSharpParseOptions(LanguageVersion.Latest)));
        var references = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Append(typeof(Database).Assembly.Location)
            .Distinct()
            .Select(p => MetadataReference.CreateFromFile(p));
        var compilation = CSharpCompilation.Create(assemblyName, trees, references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        using var stream = new MemoryStream();
        var result = compilation.Emit(stream);
        Assert.True(result.Success, string.Join('\n', result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error)));
        return stream.ToArray();
    }
}
