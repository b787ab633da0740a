namespace Strata.Scripts;

/// <summary>One statement of a SQL script.</summary>
/// <param name="Text">The statement without its terminator, trimmed.</param>
/// <param name="Line">The 1-based line of the script it starts on.</param>
/// <param name="Position">Its 1-based position among the script's statements.</param>
public sealed record SqlScriptStatement(string Text, int Line, int Position);
