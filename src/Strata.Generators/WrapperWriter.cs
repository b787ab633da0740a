using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace Strata.Generators;

/// <summary>
/// Finds the types that wrap one value among a mapped type's members (<c>record struct UserId(Guid Value)</c>, also as the element of
/// an array or list, or nullable) by the rule Strata applies by reflection, and writes their registration: the property that
/// unwraps and the constructor that wraps, so they convert without reflection.
/// </summary>
internal static class WrapperWriter
{
    private static readonly SymbolDisplayFormat Format = SymbolDisplayFormat.FullyQualifiedFormat;

    public static IEnumerable<GeneratedType> For(IEnumerable<ITypeSymbol> memberTypes, Compilation compilation)
    {
        foreach (var memberType in memberTypes)
        {
            var candidate = Element(memberType);
            if (candidate is INamedTypeSymbol { IsGenericType: true, ConstructedFrom.SpecialType: SpecialType.System_Nullable_T } nullable)
                candidate = nullable.TypeArguments[0];
            if (candidate is INamedTypeSymbol named && Wrapped(named, compilation) is var (property, wrapped))
            {
                var model = named.ToDisplayString(Format);
                var provider = wrapped.ToDisplayString(Format);
                yield return new GeneratedType("wrapper " + model, "", "",
                    $"global::Strata.Mapping.GeneratedMappers.RegisterWrapper<{model}, {provider}>(static m => m.{property}, static v => new {model}(v));");
            }
        }
    }

    /// <summary>The element type of an array, <c>List&lt;T&gt;</c> or list interface, or the type itself.</summary>
    private static ITypeSymbol Element(ITypeSymbol type) => type switch
    {
        IArrayTypeSymbol { Rank: 1 } array => array.ElementType,
        INamedTypeSymbol { IsGenericType: true, TypeArguments.Length: 1 } generic when generic.ConstructedFrom.ToDisplayString() is
            "System.Collections.Generic.List<T>" or "System.Collections.Generic.IReadOnlyList<T>" or "System.Collections.Generic.IList<T>"
            or "System.Collections.Generic.ICollection<T>" or "System.Collections.Generic.IReadOnlyCollection<T>" or "System.Collections.Generic.IEnumerable<T>"
            => generic.TypeArguments[0],
        _ => type,
    };

    /// <summary>
    /// The wrapped property's name and type when <paramref name="type"/> wraps one value: a concrete class or struct, not a collection,
    /// with exactly one public constructor taking one parameter (a parameterless one aside), exactly one public readable instance
    /// property, named as that parameter (ignoring case) and of its type, no public instance fields, and a wrapped type the database
    /// stores itself.
    /// </summary>
    private static (string Property, ITypeSymbol Wrapped)? Wrapped(INamedTypeSymbol type, Compilation compilation)
    {
        if (type.TypeKind is not (TypeKind.Class or TypeKind.Struct) || type.IsAbstract || type.IsStatic || type.IsUnboundGenericType
            || type.TypeArguments.Any(t => t is ITypeParameterSymbol) || IsScalar(type) || type.SpecialType != SpecialType.None
            || !compilation.IsSymbolAccessibleWithin(type, compilation.Assembly)
            || type.AllInterfaces.Any(i => i.ToDisplayString() == "System.Collections.IEnumerable")
            || InheritsFrom(type, "System.Delegate"))
            return null;
        var constructors = type.InstanceConstructors.Where(c => c.DeclaredAccessibility == Accessibility.Public && c.Parameters.Length > 0).ToList();
        if (constructors.Count != 1 || constructors[0].Parameters.Length != 1 || constructors[0].Parameters[0].RefKind != RefKind.None) return null;
        var parameter = constructors[0].Parameters[0];
        var properties = new List<IPropertySymbol>();
        for (var current = type; current is not null && current.SpecialType != SpecialType.System_Object && current.SpecialType != SpecialType.System_ValueType; current = current.BaseType)
        {
            foreach (var member in current.GetMembers())
            {
                if (member.IsStatic) continue;
                if (member is IFieldSymbol { DeclaredAccessibility: Accessibility.Public }) return null;
                if (member is IPropertySymbol { IsIndexer: false } p && p.GetMethod?.DeclaredAccessibility == Accessibility.Public
                    && !properties.Any(q => q.Name == p.Name))
                    properties.Add(p);
            }
        }
        if (properties.Count != 1) return null;
        var property = properties[0];
        if (!string.Equals(property.Name, parameter.Name, StringComparison.OrdinalIgnoreCase) || !SymbolEqualityComparer.Default.Equals(property.Type, parameter.Type)) return null;
        var wrapped = parameter.Type;
        if (SymbolEqualityComparer.Default.Equals(wrapped, type) || wrapped is INamedTypeSymbol { ConstructedFrom.SpecialType: SpecialType.System_Nullable_T } || !IsScalar(wrapped))
            return null;
        return (property.Name, wrapped);
    }

    /// <summary>The types Strata stores itself (<c>RowMapperBuilder.IsScalar</c>): primitives, enums, strings, decimals, GUIDs, dates and times, byte arrays.</summary>
    private static bool IsScalar(ITypeSymbol type)
    {
        if (type is INamedTypeSymbol { ConstructedFrom.SpecialType: SpecialType.System_Nullable_T } nullable) type = nullable.TypeArguments[0];
        if (type.TypeKind == TypeKind.Enum) return true;
        if (type is IArrayTypeSymbol { Rank: 1, ElementType.SpecialType: SpecialType.System_Byte }) return true;
        switch (type.SpecialType)
        {
            case SpecialType.System_Boolean or SpecialType.System_Char or SpecialType.System_SByte or SpecialType.System_Byte or SpecialType.System_Int16
                or SpecialType.System_UInt16 or SpecialType.System_Int32 or SpecialType.System_UInt32 or SpecialType.System_Int64 or SpecialType.System_UInt64
                or SpecialType.System_Single or SpecialType.System_Double or SpecialType.System_IntPtr or SpecialType.System_UIntPtr
                or SpecialType.System_String or SpecialType.System_Decimal or SpecialType.System_DateTime:
                return true;
        }
        return type.ToDisplayString() is "System.Guid" or "System.DateTimeOffset" or "System.DateOnly" or "System.TimeOnly" or "System.TimeSpan";
    }

    private static bool InheritsFrom(INamedTypeSymbol type, string name)
    {
        for (var current = type.BaseType; current is not null; current = current.BaseType)
            if (current.ToDisplayString() == name) return true;
        return false;
    }
}
