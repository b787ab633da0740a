namespace Strata.Query;

/// <summary>
/// A node of a WHERE tree. Each concrete node is a sealed record, and <see cref="QueryCompiler"/>
/// has one visit method per node type.
/// </summary>
/// <remarks>Nodes are immutable. Identifiers in them are validated again when they are compiled.</remarks>
public abstract record Condition;
