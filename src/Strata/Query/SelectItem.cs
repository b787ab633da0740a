namespace Strata.Query;

/// <summary>One entry of the select list: a <see cref="SelectColumn"/> or a <see cref="SelectExpression"/>.</summary>
public abstract record SelectItem;
