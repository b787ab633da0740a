namespace Strata.Query;

/// <summary>A selected window function with its alias: <c>ROW_NUMBER() OVER (…) AS "n"</c>.</summary>
/// <param name="Window">The window function.</param>
/// <param name="Alias">The alias.</param>
public sealed record SelectWindow(WindowExpression Window, string Alias) : SelectItem;
