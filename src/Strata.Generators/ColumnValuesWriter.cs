using System.Collections.Generic;
using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Strata.Generators;

/// <summary>
/// Registers getters for the anonymous objects of column values an application hands to Strata (<c>InsertAsync(new { … })</c>,
/// <c>Where(new { … })</c>, rows of them): reflection reads their properties otherwise, which native AOT cannot. An anonymous type
/// cannot be named, so the registration writes one with the same property names and types, which the compiler makes the same type.
/// </summary>
internal static class ColumnValuesWriter
{
    private static readonly SymbolDisplayFormat Format = SymbolDisplayFormat.FullyQualifiedFormat;

    /// <summary>The registration for an argument of <paramref name="type"/> given to a Strata parameter of type <paramref name="parameter"/>.</summary>
    public static GeneratedType? For(ITypeSymbol? type, ITypeSymbol parameter, Compilation compilation)
    {
        if (type is null) return null;
        // A row collection's parameter takes rows; an object's parameter takes one.
        var anonymous = parameter.SpecialType == SpecialType.System_Object ? type : ElementType(type);
        return anonymous is INamedTypeSymbol { IsAnonymousType: true } named ? Write(named, compilation) : null;
    }

    private static ITypeSymbol? ElementType(ITypeSymbol type) => type switch
    {
        IArrayTypeSymbol array => array.ElementType,
        INamedTypeSymbol named => named.AllInterfaces.Concat(named.OriginalDefinition.SpecialType == SpecialType.System_Collections_Generic_IEnumerable_T ? [named] : [])
            .FirstOrDefault(i => i.OriginalDefinition.SpecialType == SpecialType.System_Collections_Generic_IEnumerable_T)?.TypeArguments[0],
        _ => null,
    };

    private static GeneratedType? Write(INamedTypeSymbol type, Compilation compilation)
    {
        var properties = type.GetMembers().OfType<IPropertySymbol>().ToList();
        // The registration spells each property's type: one it cannot name (another anonymous type, a type parameter, a private type)
        // leaves the object to reflection.
        if (properties.Count == 0 || properties.Any(p => !Nameable(p.Type, compilation))) return null;
        var shape = string.Join(", ", properties.Select(p => $"{Escaped(p.Name)} = default({p.Type.ToDisplayString(Format)})"));
        var line = new StringBuilder("global::Strata.Mapping.GeneratedMappers.RegisterColumnValues(new { ").Append(shape).Append(" }, new string[] { ")
            .Append(string.Join(", ", properties.Select(p => "\"" + p.Name + "\""))).Append(" }");
        foreach (var property in properties) line.Append(", static x => x.").Append(Escaped(property.Name));
        line.Append(");");
        return new GeneratedType("anonymous:" + shape, "", "", line.ToString());
    }

    /// <summary>A property name as code: a keyword (<c>new { @checked = true }</c>) with its <c>@</c>.</summary>
    private static string Escaped(string name) => SyntaxFacts.GetKeywordKind(name) == SyntaxKind.None ? name : "@" + name;

    private static bool Nameable(ITypeSymbol type, Compilation compilation) => type switch
    {
        IArrayTypeSymbol array => Nameable(array.ElementType, compilation),
        INamedTypeSymbol named => !named.IsAnonymousType && compilation.IsSymbolAccessibleWithin(named, compilation.Assembly)
            && named.TypeArguments.All(a => Nameable(a, compilation)),
        _ => false,
    };
}
