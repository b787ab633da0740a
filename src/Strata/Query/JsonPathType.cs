namespace Strata.Query;

/// <summary>What a dialect's <see cref="Dialects.SqlDialect.JsonPathValue"/> reads at a JSON path, which decides the casts it needs.</summary>
public enum JsonPathType
{
    /// <summary>The value as the database gives it, for a select: a scalar as text or a number, an object or array as JSON text, JSON null as NULL.</summary>
    Any,

    /// <summary>A scalar compared as text (a JSON string's content, a number's digits).</summary>
    Text,

    /// <summary>A scalar compared as a number.</summary>
    Number,

    /// <summary>A scalar compared as a boolean (with a bool parameter).</summary>
    Boolean,
}
