using System;

namespace Strata.Generators;

/// <summary>The generated source of one mapped type and the registration lines it needs; compared by value, so unchanged types are not written again.</summary>
internal sealed class GeneratedType(string key, string hintName, string source, string registrations) : IEquatable<GeneratedType>
{
    /// <summary>The type's fully qualified name, which several discoveries of one type share.</summary>
    public string Key { get; } = key;

    public string HintName { get; } = hintName;

    public string Source { get; } = source;

    /// <summary>The statements that register the type's generated code, one per line.</summary>
    public string Registrations { get; } = registrations;

    public bool Equals(GeneratedType? other) =>
        other is not null && Key == other.Key && Source == other.Source && Registrations == other.Registrations;

    public override bool Equals(object? obj) => Equals(obj as GeneratedType);

    public override int GetHashCode() => Key.GetHashCode();
}
