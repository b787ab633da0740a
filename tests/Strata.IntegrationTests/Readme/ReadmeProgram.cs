using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Strata.IntegrationTests.Readme;

/// <summary>
/// Turns a README block (and its prelude) into a console program, as a new user pasting it into
/// <c>dotnet new console</c> with the Strata packages would have it: the implicit usings of a console project,
/// the block's own usings, the prelude's statements, the block's statements, then every type declared.
/// </summary>
public static class ReadmeProgram
{
    private static readonly string[] ImplicitUsings =
        ["System", "System.Collections.Generic", "System.IO", "System.Linq", "System.Net.Http", "System.Threading", "System.Threading.Tasks"];

    public static string Source(ReadmeBlock block, string? prelude)
    {
        var parts = new[] { prelude, block.Code }.Where(p => p is not null).Select(p => Parse(p!)).ToList();
        var usings = parts.SelectMany(p => p.Usings).Select(u => u.ToString().Trim()).Distinct(StringComparer.Ordinal);
        var text = new System.Text.StringBuilder();
        foreach (var u in ImplicitUsings) text.Append("global using ").Append(u).Append(";\n");
        foreach (var u in usings) text.Append(u).Append('\n');
        foreach (var part in parts) foreach (var s in part.Members.OfType<GlobalStatementSyntax>()) text.Append(s.ToFullString()).Append('\n');
        foreach (var part in parts) foreach (var m in part.Members.Where(m => m is not GlobalStatementSyntax)) text.Append(m.ToFullString()).Append('\n');
        return text.ToString();
    }

    /// <summary>Compiles <paramref name="source"/> into an executable; the errors (with the combined source) when it does not compile.</summary>
    public static (byte[]? Assembly, string Errors) Compile(string source, string name, bool xunitV3 = false)
    {
        var tree = CSharpSyntaxTree.ParseText(source, new CSharpParseOptions(LanguageVersion.Latest));
        var compilation = CSharpCompilation.Create(name, [tree], xunitV3 ? XunitV3References.Value : References.Value,
            new CSharpCompilationOptions(OutputKind.ConsoleApplication, nullableContextOptions: NullableContextOptions.Enable));
        using var stream = new MemoryStream();
        var result = compilation.Emit(stream);
        if (result.Success) return (stream.ToArray(), "");
        var errors = result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Select(d => d.ToString());
        return (null, string.Join('\n', errors));
    }

    private static CompilationUnitSyntax Parse(string code) =>
        (CompilationUnitSyntax)CSharpSyntaxTree.ParseText(code, new CSharpParseOptions(LanguageVersion.Latest)).GetRoot();

    /// <summary>The framework (trusted platform assemblies) and every managed assembly beside the tests.</summary>
    private static readonly Lazy<IReadOnlyList<MetadataReference>> References = new(() =>
    {
        var paths = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Concat(Directory.GetFiles(AppContext.BaseDirectory, "*.dll"))
            .Where(IsManaged)
            .GroupBy(Path.GetFileName, StringComparer.OrdinalIgnoreCase)
            .Select(g => g.First());
        return [.. paths.Select(p => MetadataReference.CreateFromFile(p))];
    });

    /// <summary>The same with xUnit v2 replaced by xUnit v3 and Strata.Testing.Xunit (copied to <c>xunit-v3/</c> by the build).</summary>
    private static readonly Lazy<IReadOnlyList<MetadataReference>> XunitV3References = new(() =>
    {
        var v3 = Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "xunit-v3"), "*.dll");
        if (v3.Length == 0) throw new InvalidOperationException("No xUnit v3 assemblies in xunit-v3/ beside the tests: build the test project again.");
        return [.. References.Value.Where(r => !Path.GetFileName(r.Display ?? "").StartsWith("xunit.", StringComparison.OrdinalIgnoreCase))
            .Concat(v3.Select(p => MetadataReference.CreateFromFile(p)))];
    });

    private static bool IsManaged(string path)
    {
        try
        {
            AssemblyName.GetAssemblyName(path);
            return !Path.GetFileName(path).StartsWith("readme-", StringComparison.Ordinal);
        }
        catch (BadImageFormatException)
        {
            return false;
        }
    }
}
