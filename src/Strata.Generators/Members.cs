using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace Strata.Generators;

/// <summary>
/// A type's public instance properties and fields as reflection lists them (<c>GetProperties</c> then <c>GetFields</c>): the type's own
/// first, then each base type's, an overridden property once (the most derived). Null when a member hides another of its name, whose
/// reflection listing is not one the generated code should guess.
/// </summary>
internal sealed class Members
{
    private Members(List<IPropertySymbol> properties, List<IFieldSymbol> fields)
    {
        Properties = properties;
        Fields = fields;
    }

    public IReadOnlyList<IPropertySymbol> Properties { get; }

    public IReadOnlyList<IFieldSymbol> Fields { get; }

    /// <summary>The properties, then the fields.</summary>
    public IEnumerable<ISymbol> All => Properties.Cast<ISymbol>().Concat(Fields);

    public static Members? Of(INamedTypeSymbol type)
    {
        var properties = new List<IPropertySymbol>();
        var fields = new List<IFieldSymbol>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var current = type; current is not null && current.SpecialType != SpecialType.System_Object; current = current.BaseType)
        {
            foreach (var member in current.GetMembers())
            {
                if (member.IsStatic || member.IsImplicitlyDeclared && member is not IPropertySymbol) continue;
                switch (member)
                {
                    case IPropertySymbol property when IsPublic(property):
                        if (!names.Add(property.Name))
                        {
                            if (properties.Any(p => Overrides(p, property))) continue;
                            return null;
                        }
                        properties.Add(property);
                        break;
                    case IFieldSymbol { DeclaredAccessibility: Accessibility.Public } field:
                        if (!names.Add(field.Name)) return null;
                        fields.Add(field);
                        break;
                }
            }
        }
        return new Members(properties, fields);
    }

    private static bool IsPublic(IPropertySymbol property) =>
        property.GetMethod?.DeclaredAccessibility == Accessibility.Public || property.SetMethod?.DeclaredAccessibility == Accessibility.Public;

    private static bool Overrides(IPropertySymbol derived, IPropertySymbol baseProperty)
    {
        for (var current = derived.OverriddenProperty; current is not null; current = current.OverriddenProperty)
            if (SymbolEqualityComparer.Default.Equals(current, baseProperty)) return true;
        return false;
    }
}
