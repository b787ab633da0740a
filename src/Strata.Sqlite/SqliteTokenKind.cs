namespace Strata.Sqlite;

/// <summary>What a <see cref="SqliteToken"/> is.</summary>
internal enum SqliteTokenKind
{
    /// <summary>Spaces, tabs and line breaks.</summary>
    Whitespace,

    /// <summary><c>-- …</c> up to the end of the line (the line break is not part of it).</summary>
    LineComment,

    /// <summary><c>/* … */</c>, or an unterminated one running to the end of the text (SQLite accepts that).</summary>
    BlockComment,

    /// <summary>A bare word: a keyword or an unquoted identifier.</summary>
    Word,

    /// <summary>An identifier in <c>"…"</c>, <c>`…`</c> or <c>[…]</c>.</summary>
    QuotedIdentifier,

    /// <summary>A string literal in <c>'…'</c> (SQLite also takes one as an identifier where a name must stand).</summary>
    String,

    /// <summary>A blob literal <c>X'…'</c>.</summary>
    Blob,

    /// <summary>A numeric literal.</summary>
    Number,

    /// <summary>A bound-parameter placeholder: <c>?</c>, <c>?1</c>, <c>:a</c>, <c>@a</c>, <c>$a</c>.</summary>
    Variable,

    /// <summary>Any other character, or a two-character operator.</summary>
    Punctuation,

    /// <summary>A quote or literal that never closes: the rest of the text. SQLite itself would refuse it.</summary>
    Unterminated,
}
