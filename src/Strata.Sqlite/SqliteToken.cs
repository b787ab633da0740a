namespace Strata.Sqlite;

/// <summary>One token of SQLite SQL text, with its exact text and where it starts.</summary>
/// <param name="Kind">What it is.</param>
/// <param name="Text">The text exactly as written (quotes included).</param>
/// <param name="Start">Its offset in the lexed text.</param>
internal readonly record struct SqliteToken(SqliteTokenKind Kind, string Text, int Start)
{
    /// <summary>Whitespace or a comment: never significant.</summary>
    public bool IsTrivia => Kind is SqliteTokenKind.Whitespace or SqliteTokenKind.LineComment or SqliteTokenKind.BlockComment;

    /// <summary>The offset just after the token.</summary>
    public int End => Start + Text.Length;

    /// <summary>True for a bare word equal to <paramref name="keyword"/> (ASCII case-insensitive).</summary>
    public bool IsKeyword(string keyword) => Kind == SqliteTokenKind.Word && string.Equals(Text, keyword, StringComparison.OrdinalIgnoreCase);

    /// <summary>True for the punctuation character <paramref name="c"/>.</summary>
    public bool Is(char c) => Kind == SqliteTokenKind.Punctuation && Text.Length == 1 && Text[0] == c;

    /// <summary>True when the token can name something: a bare word, a quoted identifier, or a string used as one.</summary>
    public bool IsName => Kind is SqliteTokenKind.Word or SqliteTokenKind.QuotedIdentifier or SqliteTokenKind.String;

    /// <summary>The name the token stands for, quotes removed and doubled quotes undone; null when it names nothing.</summary>
    public string? Name => Kind switch
    {
        SqliteTokenKind.Word => Text,
        SqliteTokenKind.QuotedIdentifier or SqliteTokenKind.String => Unquote(Text),
        _ => null,
    };

    /// <summary>True when the token names <paramref name="name"/> (SQLite compares names ASCII case-insensitively).</summary>
    public bool Names(string name) => IsName && string.Equals(Name, name, StringComparison.OrdinalIgnoreCase);

    private static string Unquote(string text)
    {
        var open = text[0];
        if (open == '[') return text[1..^1];
        var quote = open.ToString();
        return text[1..^1].Replace(quote + quote, quote, StringComparison.Ordinal);
    }
}
