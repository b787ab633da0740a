namespace Strata.Plugins;

/// <summary>What a query is about to do, as a plugin sees it in <see cref="QueryRewriteContext.Operation"/>.</summary>
public enum QueryOperation
{
    /// <summary>Reads rows (also <c>First</c>, <c>Single</c>, streams).</summary>
    Select,

    /// <summary>Counts rows, tests for any, or computes an aggregate over them.</summary>
    Aggregate,

    /// <summary>Inserts rows (one, many, or from a select).</summary>
    Insert,

    /// <summary>Inserts rows or updates the ones that conflict.</summary>
    Upsert,

    /// <summary>Updates the rows the conditions match.</summary>
    Update,

    /// <summary>Deletes the rows the conditions match.</summary>
    Delete,
}
