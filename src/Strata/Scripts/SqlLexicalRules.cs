namespace Strata.Scripts;

/// <summary>
/// How a dialect's SQL text is written, as far as splitting a script into statements needs to know: which
/// quotes and comments exist and where a semicolon does not end a statement. Each dialect supplies its own
/// (<see cref="Dialects.SqlDialect.LexicalRules"/>).
/// </summary>
/// <remarks>Immutable.</remarks>
public sealed record SqlLexicalRules
{
    /// <summary>Standard SQL: <c>'…'</c> strings with doubled quotes, <c>"…"</c> identifiers, <c>--</c> and <c>/* */</c> comments.</summary>
    public static SqlLexicalRules Standard { get; } = new();

    /// <summary>A backslash escapes the next character inside <c>'…'</c> and <c>"…"</c> (MySQL's default).</summary>
    public bool BackslashEscapes { get; init; }

    /// <summary><c>#</c> starts a comment to the end of the line (MySQL).</summary>
    public bool HashComments { get; init; }

    /// <summary><c>`…`</c> quotes an identifier (MySQL, SQLite).</summary>
    public bool BacktickIdentifiers { get; init; }

    /// <summary><c>[…]</c> quotes an identifier (SQLite).</summary>
    public bool BracketIdentifiers { get; init; }

    /// <summary><c>$tag$ … $tag$</c> quotes a string, as function bodies are written (PostgreSQL); also <c>E'…'</c> escape strings.</summary>
    public bool DollarQuotes { get; init; }

    /// <summary><c>/* */</c> comments nest (PostgreSQL).</summary>
    public bool NestedBlockComments { get; init; }

    /// <summary>A line <c>DELIMITER x</c> changes the statement terminator, as the <c>mysql</c> client does (MySQL).</summary>
    public bool DelimiterDirective { get; init; }
}
