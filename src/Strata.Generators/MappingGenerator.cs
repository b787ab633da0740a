using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Text;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Strata.Generators;

/// <summary>
/// Writes row readers and entity accessors, at compile time, for the types an application maps: every type argument given to one of
/// Strata's generic APIs whose type parameter is a mapped type (<c>QueryAsync&lt;T&gt;</c>, <c>From&lt;T&gt;</c>,
/// <c>Repository&lt;TEntity, TKey&gt;</c>, <c>Model&lt;TSelf&gt;</c>, …: the ones annotated with <c>MappedMembers.Types</c>).
/// They register from a module initializer, with the providers of the Strata provider packages the project references, and with
/// getters for the anonymous objects of column values the application hands to Strata. A type it
/// cannot write code for exactly as the reflection mapper maps it is left to reflection.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class MappingGenerator : IIncrementalGenerator
{
    /// <summary>Sets up the pipeline: mapped type arguments and anonymous column values, then one source file per type and one registration file.</summary>
    /// <param name="context">The generator's context.</param>
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var mapped = context.SyntaxProvider
            .CreateSyntaxProvider(static (node, _) => node is GenericNameSyntax, static (c, ct) => Discover(c, ct))
            .SelectMany(static (found, _) => found)
            .Collect();
        var columnValues = context.SyntaxProvider
            .CreateSyntaxProvider(static (node, _) => node is InvocationExpressionSyntax { ArgumentList.Arguments.Count: > 0 } invocation
                && ColumnValueMethods.Contains(MethodName(invocation.Expression)), static (c, ct) => DiscoverColumnValues(c, ct))
            .SelectMany(static (found, _) => found)
            .Collect();
        var types = mapped.Combine(columnValues).Select(static (both, _) => both.Left.AddRange(both.Right));
        var providers = context.CompilationProvider.Select(static (compilation, _) => ProviderRegistrations(compilation));
        context.RegisterSourceOutput(types.Combine(providers), static (output, input) => Emit(output, input.Left, input.Right));
    }

    private static ImmutableArray<GeneratedType> Discover(GeneratorSyntaxContext context, CancellationToken cancellationToken)
    {
        var node = (GenericNameSyntax)context.Node;
        var symbol = context.SemanticModel.GetSymbolInfo(node, cancellationToken).Symbol;
        IReadOnlyList<(ITypeParameterSymbol Parameter, ITypeSymbol Argument)> pairs;
        switch (symbol)
        {
            case IMethodSymbol method when method.IsGenericMethod:
                var full = method.ReducedFrom is null ? method : method.GetConstructedReducedFrom() ?? method;
                pairs = full.OriginalDefinition.TypeParameters.Zip(full.TypeArguments, (p, a) => (p, a)).ToList();
                break;
            case INamedTypeSymbol type when type.IsGenericType:
                pairs = type.OriginalDefinition.TypeParameters.Zip(type.TypeArguments, (p, a) => (p, a)).ToList();
                break;
            default:
                return ImmutableArray<GeneratedType>.Empty;
        }
        var result = ImmutableArray.CreateBuilder<GeneratedType>();
        foreach (var (parameter, argument) in pairs)
        {
            if (!IsMappedParameter(parameter)) continue;
            result.AddRange(MappedTypeWriter.Write(argument, context.SemanticModel.Compilation));
        }
        return result.ToImmutable();
    }

    /// <summary>
    /// The names of Strata's methods that take an object of column values or rows of them: only invocations of a method so named
    /// are looked at, so that the semantic model is not asked about every call in the application (on every edit, in an IDE).
    /// </summary>
    private static readonly HashSet<string> ColumnValueMethods =
    [
        "Where", "OrWhere", "InsertAsync", "UpdateAsync", "UpsertAsync", "InsertManyAsync", "UpsertManyAsync", "FindAsync", "FindOneAsync",
        "ToInsertSql", "ToUpdateSql", "ToUpsertSql", "ToInsertManySql", "DeleteAsUpdate",
    ];

    private static string MethodName(ExpressionSyntax expression) => expression switch
    {
        MemberAccessExpressionSyntax access => access.Name.Identifier.ValueText,
        MemberBindingExpressionSyntax binding => binding.Name.Identifier.ValueText,
        SimpleNameSyntax name => name.Identifier.ValueText,
        _ => "",
    };

    /// <summary>The anonymous objects of column values (or rows of them) an invocation of Strata's API is given.</summary>
    private static ImmutableArray<GeneratedType> DiscoverColumnValues(GeneratorSyntaxContext context, CancellationToken cancellationToken)
    {
        var invocation = (InvocationExpressionSyntax)context.Node;
        if (context.SemanticModel.GetSymbolInfo(invocation, cancellationToken).Symbol is not IMethodSymbol method
            || method.ContainingAssembly?.Name != "Strata")
            return ImmutableArray<GeneratedType>.Empty;
        // An extension method called as one lists its parameters without the receiver, as the arguments do.
        var parameters = method.Parameters;
        var result = ImmutableArray.CreateBuilder<GeneratedType>();
        var arguments = invocation.ArgumentList.Arguments;
        for (var i = 0; i < arguments.Count; i++)
        {
            var parameter = arguments[i].NameColon is { } name
                ? parameters.FirstOrDefault(p => p.Name == name.Name.Identifier.ValueText)
                : i < parameters.Length ? parameters[i] : null;
            if (parameter is null) continue;
            var type = context.SemanticModel.GetTypeInfo(arguments[i].Expression, cancellationToken).Type;
            if (ColumnValuesWriter.For(type, parameter.Type, context.SemanticModel.Compilation) is { } generated) result.Add(generated);
        }
        return result.ToImmutable();
    }

    /// <summary>True for a type parameter of Strata's own API annotated with <c>MappedMembers.Types</c>.</summary>
    private static bool IsMappedParameter(ITypeParameterSymbol parameter)
    {
        if (parameter.ContainingAssembly?.Name != "Strata") return false;
        foreach (var attribute in parameter.GetAttributes())
        {
            if (attribute.AttributeClass?.ToDisplayString() != "System.Diagnostics.CodeAnalysis.DynamicallyAccessedMembersAttribute") continue;
            // PublicConstructors (3), PublicFields (32) and PublicProperties (512): what the mappers read.
            if (attribute.ConstructorArguments.Length == 1 && attribute.ConstructorArguments[0].Value is int members && (members & 547) == 547) return true;
        }
        return false;
    }

    private static ImmutableArray<string> ProviderRegistrations(Compilation compilation)
    {
        var providers = ImmutableArray.CreateBuilder<string>();
        foreach (var (assembly, type) in new[] { ("Strata.Sqlite", "Strata.Sqlite.SqliteProvider"), ("Strata.Postgres", "Strata.Postgres.PostgresProvider"), ("Strata.MySql", "Strata.MySql.MySqlProvider") })
        {
            if (compilation.ReferencedAssemblyNames.Any(a => a.Name == assembly) && compilation.GetTypeByMetadataName(type) is { DeclaredAccessibility: Accessibility.Public })
                providers.Add(type);
        }
        return providers.ToImmutable();
    }

    private static void Emit(SourceProductionContext output, ImmutableArray<GeneratedType> types, ImmutableArray<string> providers)
    {
        var registrations = new List<string>();
        var seen = new HashSet<string>();
        foreach (var type in types.OrderBy(t => t.Key, System.StringComparer.Ordinal))
        {
            if (!seen.Add(type.Key)) continue;
            if (type.Source.Length > 0) output.AddSource(type.HintName, type.Source);
            registrations.AddRange(type.Registrations.Split('\n'));
        }
        if (registrations.Count == 0 && providers.IsEmpty) return;
        var source = new StringBuilder();
        source.Append(MappedTypeWriter.Header);
        source.Append("namespace StrataGenerated\n{\n");
        source.Append("    /// <summary>Registers this assembly's generated row readers and entity accessors, and the Strata providers it references.</summary>\n");
        source.Append("    internal static class StrataMappingRegistration\n    {\n");
        source.Append("        [global::System.Runtime.CompilerServices.ModuleInitializer]\n");
        source.Append("        internal static void Register()\n        {\n");
        foreach (var provider in providers)
            source.Append("            global::Strata.Providers.DatabaseProviders.TryRegister(new global::").Append(provider).Append("());\n");
        foreach (var line in registrations) source.Append("            ").Append(line).Append('\n');
        source.Append("        }\n    }\n}\n");
        output.AddSource("StrataMappingRegistration.g.cs", source.ToString());
    }
}
